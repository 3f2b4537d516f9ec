import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField } from '../metadata/index.ts';
import type { ObjectModel } from '../graphql/data-api/model.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const ajv = addFormats(new Ajv2020({ allErrors: true, strict: false }));

/** Per object model (one metadata version): the compiled validators of its create and update inputs. */
const validators = new WeakMap<ObjectModel, { create: ValidateFunction; update: ValidateFunction }>();

const UUID = { type: 'string', format: 'uuid' };

function compile(object: ObjectModel) {
  let v = validators.get(object);
  if (!v) {
    const fields = object.catalog.definition.fields;
    const properties = Object.fromEntries(fields.map((f) => [f.name, fieldType(f.type).valueSchema(f)]));
    const required = fields.filter((f) => f.required && f.defaultValue === undefined).map((f) => f.name);
    const base = { type: 'object', additionalProperties: false, properties: { ...properties, id: UUID, owner: UUID } };
    v = {
      create: ajv.compile({ ...base, required }),
      update: ajv.compile({ ...base, properties: { ...properties, owner: UUID } }),
    };
    validators.set(object, v);
  }
  return v;
}

/**
 * Checks record input against each field's value JSON Schema (compiled once per metadata version).
 * All offending fields of all records are reported, each with its JSON pointer.
 */
export function validateRecords(object: ObjectModel, mode: 'create' | 'update', records: Record<string, unknown>[], pointer: (index: number) => string): void {
  const validate = compile(object)[mode];
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
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${details[0].pointer} ${details[0].message}`, { details });
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
    validators.set('owner', ajv.compile(UUID));
    cellValidators.set(object, validators);
  }
  const found: { index: number; detail: ErrorDetail }[] = [];
  for (const { field, indices, values } of cells) {
    const validate = validators.get(field);
    const at = (i: number) => `${pointer(i)}/${field}`;
    const count = indices ? indices.length : values?.length ?? 0;
    const index = indices ? (k: number) => indices[k] : (k: number) => k;
    if (!validate) {
      for (let k = 0; k < count; k++) found.push({ index: index(k), detail: { pointer: at(index(k)), message: 'is not a field of this object', field } });
    } else if (!values) {
      const definition = object.catalog.fields.get(field)?.definition;
      if (mode === 'create' && definition?.required && definition.defaultValue === undefined) for (let k = 0; k < count; k++) found.push({ index: index(k), detail: { pointer: at(index(k)), message: 'is required', field } });
    } else {
      for (let k = 0; k < count; k++) if (!validate(values[k])) found.push({ index: index(k), detail: { pointer: at(index(k)), message: validate.errors?.[0]?.message ?? 'is not valid', field } });
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

/** A create input with each absent field's default filled in. */
export function withDefaults(object: ObjectModel, record: Record<string, unknown>): Record<string, unknown> {
  const out = { ...record };
  for (const field of object.catalog.definition.fields) if (!(field.name in out) && field.defaultValue !== undefined) out[field.name] = field.defaultValue;
  return out;
}

export function fieldsOf(object: ObjectModel): ResolvedField[] {
  return object.catalog.definition.fields;
}
