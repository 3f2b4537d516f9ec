import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import type { ErrorDetail } from '../errors/index.ts';
import { FIELD_TYPES, fieldType, hasFieldType } from '../field-types/registry.ts';
import { pluralize } from '../util/pluralize.ts';
import type { FieldInput, IndexInput, ObjectInput, ResolvedField, ResolvedIndex, ResolvedObject } from './definitions.ts';
import { humanize, resolveLabel } from './label.ts';
import { MAX_IDENTIFIER_BYTES, reservedFieldName, reservedObjectName, SYSTEM_FIELDS } from './names.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;
const valueAjv = addFormats(new Ajv2020({ allErrors: false, strict: false }));

const COMMON_KEYS = new Set(['name', 'type', 'label', 'description', 'helpText', 'required', 'unique', 'defaultValue', 'defaultExpression']);

/** Authored field → resolved field: labels become maps, flags booleans, type defaults filled in. */
export function resolveField(input: FieldInput): ResolvedField {
  const field: ResolvedField = {
    name: input.name,
    type: input.type,
    label: resolveLabel(input.label, humanize(input.name)),
    required: input.required === true,
    unique: input.unique === true,
  };
  if (input.description) field.description = input.description;
  if (input.helpText) field.helpText = input.helpText;
  if (input.defaultValue !== undefined && input.defaultValue !== null) field.defaultValue = input.defaultValue;
  if (typeof input.defaultExpression === 'string' && input.defaultExpression.trim() !== '') field.defaultExpression = input.defaultExpression;
  for (const [key, value] of Object.entries(input)) if (!COMMON_KEYS.has(key) && value !== undefined && value !== null) field[key] = value;
  const type = fieldType(input.type);
  return type.resolve ? type.resolve(field) : field;
}

function indexName(fields: string[], unique: boolean): string {
  const base = fields.map((f, i) => (i === 0 ? f : f[0].toUpperCase() + f.slice(1))).join('') + (unique ? 'Unique' : '');
  return base.length <= 63 ? base : base.slice(0, 63);
}

export function resolveIndex(input: IndexInput): ResolvedIndex {
  const unique = input.unique === true;
  return { name: input.name ?? indexName(input.fields, unique), fields: [...input.fields], unique };
}

export function resolveObject(input: ObjectInput): ResolvedObject {
  const label = resolveLabel(input.label, humanize(input.name));
  const object: ResolvedObject = {
    name: input.name,
    label,
    pluralLabel: input.pluralLabel ? resolveLabel(input.pluralLabel, pluralize(label.en)) : Object.fromEntries(Object.entries(label).map(([k, v]) => [k, k === 'en' ? pluralize(v) : v])),
    // A tree field looks up its own object, whatever target it was authored (or copied) with.
    fields: (input.fields ?? []).map(resolveField).map((f) => (fieldType(f.type).selfReference ? { ...f, target: input.name } : f)),
    indexes: (input.indexes ?? []).map(resolveIndex),
  };
  if (input.description) object.description = input.description;
  if (input.sharing && input.sharing !== 'PUBLIC_READ_WRITE') object.sharing = input.sharing;
  if (input.layout) object.layout = input.layout;
  if (input.listColumns) object.listColumns = input.listColumns;
  return object;
}

/** `text, longText, …`: the types global search can match, as a refusal names them. */
const SEARCHABLE_TYPES = FIELD_TYPES.filter((t) => t.capabilities.searchable).map((t) => t.name).join(', ');

/** Checks of one resolved field that JSON Schema cannot express. Pointers are relative to the field. */
export function checkField(field: ResolvedField): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (reservedFieldName(field.name)) problems.push({ pointer: '/name', message: `"${field.name}" is reserved (system field or generated API name)` });
  if (!hasFieldType(field.type)) return problems;
  const type = fieldType(field.type);
  if (field.unique && !type.capabilities.uniqueable) problems.push({ pointer: '/unique', message: `a ${field.type} field cannot be unique` });
  if (field.searchable === true && !type.capabilities.searchable) problems.push({ pointer: '/searchable', message: `a ${field.type} field cannot be searched (${SEARCHABLE_TYPES} fields can)` });
  for (const column of type.columns(field)) {
    if (Buffer.byteLength(column.column) > MAX_IDENTIFIER_BYTES) problems.push({ pointer: '/name', message: `is too long for a ${field.type} field: its column ${column.column} would pass ${MAX_IDENTIFIER_BYTES} bytes (keep the name within ${MAX_IDENTIFIER_BYTES - (Buffer.byteLength(column.column) - Buffer.byteLength(field.name))} characters)` });
  }
  problems.push(...(type.check?.(field) ?? []));
  if (field.defaultValue !== undefined && field.defaultExpression !== undefined) problems.push({ pointer: '/defaultExpression', message: 'a field has a defaultValue or a defaultExpression, not both' });
  if (field.defaultValue !== undefined && !isValidValue(field, field.defaultValue)) problems.push({ pointer: '/defaultValue', message: `is not a valid ${field.type} value` });
  return problems;
}

/** Whether `value` is a value the field accepts (its type's value schema, as a create's input is checked): a default's check. */
export function isValidValue(field: ResolvedField, value: unknown): boolean {
  return valueAjv.compile(fieldType(field.type).valueSchema({ ...field, required: true }))(value) as boolean;
}

/** Checks of one resolved object: its fields, duplicate names, and indexes over known sortable fields. */
export function checkObject(object: ResolvedObject): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  if (reservedObjectName(object.name)) problems.push({ pointer: '/name', message: `"${object.name}" is reserved` });
  const seen = new Map<string, number>();
  // Columns, not only names: a part column is `<field>__<part>` (`fee__currency`), which a
  // namespaced field of another package (`fee__currency`, namespace `fee`) would also be.
  const columns = new Map<string, number>();
  object.fields.forEach((field, i) => {
    for (const p of checkField(field)) problems.push({ ...p, pointer: `/fields/${i}${p.pointer}` });
    const first = seen.get(field.name);
    if (first !== undefined) problems.push({ pointer: `/fields/${i}/name`, message: `duplicates the name of /fields/${first}` });
    else seen.set(field.name, i);
    if (first !== undefined || !hasFieldType(field.type)) return;
    for (const { column } of fieldType(field.type).columns(field)) {
      const owner = columns.get(column);
      if (owner !== undefined && owner !== i) problems.push({ pointer: `/fields/${i}/name`, message: `its column ${column} is also a column of /fields/${owner} (${object.fields[owner].name}); rename one of them` });
      else columns.set(column, i);
    }
  });
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const indexNames = new Map<string, number>();
  object.indexes.forEach((index, i) => {
    index.fields.forEach((name, j) => {
      const field = byName.get(name);
      if (!field && !(SYSTEM_FIELDS as readonly string[]).includes(name)) problems.push({ pointer: `/indexes/${i}/fields/${j}`, message: `"${name}" is not a field of ${object.name}` });
      else if (field && !fieldType(field.type).capabilities.sortable && fieldType(field.type).columns(field).length !== 1) problems.push({ pointer: `/indexes/${i}/fields/${j}`, message: `a ${field.type} field cannot be indexed` });
    });
    const first = indexNames.get(index.name);
    if (first !== undefined) problems.push({ pointer: `/indexes/${i}/name`, message: `duplicates the name of /indexes/${first}` });
    else indexNames.set(index.name, i);
  });
  problems.push(...checkLayout(object, byName));
  return problems;
}

const isFieldOf = (byName: Map<string, ResolvedField>, name: string) => byName.has(name) || (SYSTEM_FIELDS as readonly string[]).includes(name);

/** Layout and list columns name fields of the object (or system fields), each at most once. */
function checkLayout(object: ResolvedObject, byName: Map<string, ResolvedField>): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const placed = new Map<string, string>();
  object.layout?.sections.forEach((section, s) => {
    section.fields.forEach((entry, f) => {
      const pointer = `/layout/sections/${s}/fields/${f}/field`;
      if (!isFieldOf(byName, entry.field)) problems.push({ pointer, message: `"${entry.field}" is not a field of ${object.name}` });
      else if (placed.has(entry.field)) problems.push({ pointer, message: `"${entry.field}" is already placed at ${placed.get(entry.field)}` });
      else placed.set(entry.field, pointer);
    });
  });
  const listed = new Set<string>();
  object.listColumns?.forEach((column, i) => {
    const pointer = `/listColumns/${i}/field`;
    if (!isFieldOf(byName, column.field)) problems.push({ pointer, message: `"${column.field}" is not a field of ${object.name}` });
    else if (listed.has(column.field)) problems.push({ pointer, message: `"${column.field}" is listed twice` });
    listed.add(column.field);
  });
  return problems;
}

/** The layout and list columns without fields the object no longer has (after a field was deleted or renamed). */
export function pruneLayout(object: ResolvedObject, rename?: { from: string; to: string }): Pick<ResolvedObject, 'layout' | 'listColumns'> {
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const keep = (name: string) => isFieldOf(byName, name);
  const renamed = (name: string) => (rename && name === rename.from ? rename.to : name);
  const layout = object.layout && {
    sections: object.layout.sections.map((section) => ({ ...section, fields: section.fields.map((e) => ({ ...e, field: renamed(e.field) })).filter((e) => keep(e.field)) })),
  };
  const listColumns = object.listColumns?.map((c) => ({ ...c, field: renamed(c.field) })).filter((c) => keep(c.field));
  const kept: Pick<ResolvedObject, 'layout' | 'listColumns'> = {};
  if (layout) kept.layout = layout;
  if (listColumns) kept.listColumns = listColumns;
  return kept;
}
