import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField } from '../metadata/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { findBadText } from '../util/text.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

/** Per object model (one metadata version): the compiled validators of its create and update inputs. */
const validators = new WeakMap<ObjectModel, { create: ValidateFunction; update: ValidateFunction }>();

const UUID = { type: 'string', format: 'uuid' };
const NULLABLE_UUID = { type: ['string', 'null'], format: 'uuid' };

function compile(object: ObjectModel) {
  let v = validators.get(object);
  if (!v) {
    const fields = object.catalog.definition.fields;
    const properties = Object.fromEntries(fields.map((f) => [f.name, fieldType(f.type).valueSchema(f)]));
    const required = fields.filter((f) => !mayBeLeftOut(f)).map((f) => f.name);
    // A record may belong to no one (created into, or returned to, a public pool): owner null.
    const base = { type: 'object', additionalProperties: false, properties: { ...properties, id: UUID, owner: NULLABLE_UUID } };
    v = {
      create: ajv.compile({ ...base, required }),
      update: ajv.compile({ ...base, properties: { ...properties, owner: NULLABLE_UUID } }),
    };
    validators.set(object, v);
  }
  return v;
}

/**
 * Checks record input against each field's value JSON Schema (compiled once per metadata version).
 * All offending fields of all records are reported, each with its JSON pointer.
 */
export function validateRecords(object: ObjectModel, mode: 'create' | 'update', records: Record<string, unknown>[], pointer: (index: number) => string, options: { readOnly?: 'refuse' | 'allow' } = {}): void {
  const validate = compile(object)[mode];
  refuseBadText(object, records, pointer);
  if (options.readOnly !== 'allow') refuseReadOnly(object, records.map((r) => Object.keys(r ?? {})), pointer);
  const details: ErrorDetail[] = [];
  records.forEach((record, i) => {
    if (validate(record)) return;
    for (const e of validate.errors ?? []) {
      let path = e.instancePath;
      let message = e.message ?? 'is not valid';
      if (e.keyword === 'required') path += `/${(e.params as { missingProperty: string }).missingProperty}`, message = 'is required';
      if (e.keyword === 'additionalProperties') path += `/${(e.params as { additionalProperty: string }).additionalProperty}`, message = 'is not a field of this object';
      const field = path.split('/')[1];
      const at = `${pointer(i)}${path}`;
      if (!details.some((d) => d.pointer === at)) details.push({ pointer: at, message, field });
    }
  });
  if (!details.length) records.forEach((record, i) => details.push(...valueProblems(object, record ?? {}, pointer(i))));
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details });
  refuseUnindexable(object, records, pointer);
}

/** What the fields' `checkValue` finds in one record's values (after their schemas accepted them). */
function valueProblems(object: ObjectModel, record: Record<string, unknown>, at: string, only?: string): ErrorDetail[] {
  const out: ErrorDetail[] = [];
  for (const field of object.catalog.definition.fields) {
    const check = fieldType(field.type).checkValue;
    if (!check || (only !== undefined && field.name !== only) || record[field.name] === undefined || record[field.name] === null) continue;
    for (const p of check(record[field.name], field)) out.push({ ...p, pointer: `${at}/${field.name}${p.pointer}`, field: field.name });
  }
  return out;
}

/**
 * PostgreSQL's btree indexes hold at most 2,704 bytes per entry: a longer value of an indexed text
 * field would fail at the INSERT with an error that names no field. Bounded here, per index (the
 * text values of one index's fields together), with room left for the entry's other columns.
 */
export const MAX_INDEXED_BYTES = 2_000;

/** Per object model: the text fields of each of its btree indexes (unique fields and declared indexes). */
const indexedText = new WeakMap<ObjectModel, string[][]>();

function indexedTextFields(object: ObjectModel): string[][] {
  let groups = indexedText.get(object);
  if (!groups) {
    const definition = object.catalog.definition;
    const isText = (name: string) => {
      const field = object.catalog.fields.get(name)?.definition;
      return !!field && fieldType(field.type).columns(field).some((c) => c.sqlType === 'text');
    };
    groups = [
      ...definition.fields.filter((f) => f.unique && isText(f.name)).map((f) => [f.name]),
      ...(definition.indexes ?? []).map((i) => i.fields.filter(isText)).filter((fields) => fields.length > 0),
    ];
    indexedText.set(object, groups);
  }
  return groups;
}

/** Values of indexed text fields too large for an index entry, refused with the pointer of the largest. */
function refuseUnindexable(object: ObjectModel, records: Record<string, unknown>[], pointer: (index: number) => string): void {
  const groups = indexedTextFields(object);
  if (groups.length === 0) return;
  const details: ErrorDetail[] = [];
  records.forEach((record, i) => {
    for (const fields of groups) {
      let total = 0;
      let largest = { field: '', bytes: 0 };
      for (const name of fields) {
        const v = record[name];
        if (typeof v !== 'string') continue;
        // A UTF-16 unit is at most 3 UTF-8 bytes: short strings need no counting.
        const bytes = v.length * 3 <= MAX_INDEXED_BYTES / fields.length ? v.length : Buffer.byteLength(v);
        total += bytes;
        if (bytes > largest.bytes) largest = { field: name, bytes };
      }
      if (total > MAX_INDEXED_BYTES) {
        const others = fields.filter((f) => f !== largest.field);
        details.push({ pointer: `${pointer(i)}/${largest.field}`, message: `is ${largest.bytes} bytes; an indexed field holds at most ${MAX_INDEXED_BYTES} bytes (UTF-8)${others.length ? ` together with ${others.join(', ')}` : ''}`, field: largest.field });
        break;
      }
    }
  });
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details, extensions: { limit: 'indexedBytes', max: MAX_INDEXED_BYTES } });
}

const readOnlyFields = new WeakMap<ObjectModel, Set<string>>();

/** The fields of an object only the platform writes (auto-numbers): `capabilities.readOnly`. */
function readOnlyOf(object: ObjectModel): Set<string> {
  let names = readOnlyFields.get(object);
  if (!names) {
    names = new Set(object.catalog.definition.fields.filter((f) => fieldType(f.type).capabilities.readOnly).map((f) => f.name));
    readOnlyFields.set(object, names);
  }
  return names;
}

/** Values given for read-only fields (per record, the fields it names), refused with their pointers. */
function refuseReadOnly(object: ObjectModel, named: string[][], pointer: (index: number) => string): void {
  const readOnly = readOnlyOf(object);
  if (readOnly.size === 0) return;
  const details: ErrorDetail[] = [];
  named.forEach((fields, i) => {
    for (const field of fields) if (readOnly.has(field)) details.push({ pointer: `${pointer(i)}/${field}`, message: 'is read-only: the platform assigns it', field });
  });
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details });
}

/** Strings no column can hold (NUL, lone surrogates), in any record, refused with their pointers. */
function refuseBadText(object: ObjectModel, records: unknown[], pointer: (index: number) => string): void {
  const details: ErrorDetail[] = [];
  records.forEach((record, i) => {
    const found = findBadText(record, pointer(i));
    if (found) details.push({ ...found, field: found.pointer.slice(pointer(i).length).split('/')[1] });
  });
  if (details.length) throw new PlatformError('BAD_USER_INPUT', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details });
}

const cellValidators = new WeakMap<ObjectModel, Map<string, ValidateFunction>>();

/** Cells of one field changed in a batch: the records' indices (absent: every record, in order) and their new values (absent: removed). */
export interface CellChanges {
  field: string;
  indices?: number[];
  values?: unknown[];
}

/**
 * Checks only the cells that changed (e.g. those a before-trigger changed), each against its
 * field's value schema: unknown fields, invalid values and required fields left without a value
 * are reported with their pointers (in record order), as validateRecords would.
 */
export function validateCells(object: ObjectModel, mode: 'create' | 'update', cells: CellChanges[], pointer: (index: number) => string): void {
  let validators = cellValidators.get(object);
  if (!validators) {
    validators = new Map(object.catalog.definition.fields.map((f) => [f.name, ajv.compile(fieldType(f.type).valueSchema(f))]));
    validators.set('owner', ajv.compile(NULLABLE_UUID));
    cellValidators.set(object, validators);
  }
  const found: { index: number; detail: ErrorDetail }[] = [];
  const readOnly = readOnlyOf(object);
  for (const { field, indices, values } of cells) {
    if (readOnly.has(field)) {
      // Set or removed by a hook: either way not the platform's value.
      const count = indices ? indices.length : values?.length ?? 0;
      for (let k = 0; k < count; k++) {
        const i = indices ? indices[k] : k;
        found.push({ index: i, detail: { pointer: `${pointer(i)}/${field}`, message: 'is read-only: the platform assigns it', field } });
      }
      continue;
    }
    if (values) refuseBadText(object, values, (k) => `${pointer(indices ? indices[k] : k)}/${field}`);
    const validate = validators.get(field);
    const at = (i: number) => `${pointer(i)}/${field}`;
    const count = indices ? indices.length : values?.length ?? 0;
    const index = indices ? (k: number) => indices[k] : (k: number) => k;
    if (!validate) {
      for (let k = 0; k < count; k++) found.push({ index: index(k), detail: { pointer: at(index(k)), message: 'is not a field of this object', field } });
    } else if (!values) {
      const definition = object.catalog.fields.get(field)?.definition;
      if (mode === 'create' && definition && !mayBeLeftOut(definition)) for (let k = 0; k < count; k++) found.push({ index: index(k), detail: { pointer: at(index(k)), message: 'is required', field } });
    } else {
      for (let k = 0; k < count; k++) {
        if (!validate(values[k])) found.push({ index: index(k), detail: { pointer: at(index(k)), message: validate.errors?.[0]?.message ?? 'is not valid', field } });
        else for (const detail of valueProblems(object, { [field]: values[k] }, pointer(index(k)), field)) found.push({ index: index(k), detail });
      }
    }
  }
  if (found.length === 0) return;
  const details = found.sort((a, b) => a.index - b.index).map((f) => f.detail);
  throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details });
}

/** The columns and values a record input writes (fields it does not name are not touched). */
export function columnValues(object: ObjectModel, record: Record<string, unknown>): Map<string, unknown> {
  const values = new Map<string, unknown>();
  for (const field of object.catalog.definition.fields) {
    if (!(field.name in record)) continue;
    const type = fieldType(field.type);
    const columns = type.columns(field);
    const converted = type.toColumns(record[field.name], field);
    columns.forEach((c, i) => values.set(c.column, converted[i]));
  }
  return values;
}

/** A create input with each absent field's constant default filled in (default expressions: defaults.ts). */
export function withConstantDefaults(object: ObjectModel, record: Record<string, unknown>): Record<string, unknown> {
  const out = { ...record };
  for (const field of object.catalog.definition.fields) if (!(field.name in out) && field.defaultValue !== undefined) out[field.name] = field.defaultValue;
  return out;
}

/** Whether a create may leave the field out: not required, or something fills it (a default value or expression). */
export function mayBeLeftOut(field: ResolvedField): boolean {
  return !field.required || field.defaultValue !== undefined || field.defaultExpression !== undefined;
}

export function fieldsOf(object: ObjectModel): ResolvedField[] {
  return object.catalog.definition.fields;
}
