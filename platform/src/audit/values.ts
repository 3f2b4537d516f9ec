import { fieldType } from '../field-types/registry.ts';
import type { FieldType } from '../field-types/field-type.ts';
import type { ResolvedField } from '../metadata/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

/** One change of one field: `[field, before, after]`, before and after as API values. */
export type Change = [field: string, before: unknown, after: unknown];

/** API values of a record by field name (fields and `owner`). */
export type Values = Record<string, unknown>;

interface Audited {
  name: string;
  columns: string[];
  /** SQL for a value that is no column of the record (a many-to-many's links), selected as `columns[0]`. */
  selectSql?: string;
  fromColumns(values: unknown[]): unknown;
  /** Input value → API value as stored (e.g. a currency's default code filled in). */
  normalize(value: unknown): unknown;
  /** False when the column will not hold the value as given (more decimals than the scale). */
  exact(value: unknown): boolean;
  /** A column is jsonb, which orders an object's keys its own way. */
  jsonb?: boolean;
}

interface Plan {
  fields: Audited[];
  /** `"id", "col1", …` for reading every audited column. */
  select: string;
}

const plans = new WeakMap<ObjectModel, Plan>();

const fits = (n: unknown, scale: number) => typeof n !== 'number' || Number(n.toFixed(scale)) === n;

function audited(field: ResolvedField, type: FieldType): Audited {
  const specs = type.columns(field);
  // pg parses jsonb on the way out; toColumns stringifies it on the way in.
  const jsonb = specs.map((c) => c.sqlType === 'jsonb');
  const scale = /^numeric\(\d+,(\d+)\)$/.exec(specs[0].sqlType)?.[1];
  return {
    name: field.name,
    columns: specs.map((c) => c.column),
    fromColumns: (values) => type.fromColumns(values, field),
    normalize: (value) => type.fromColumns(type.toColumns(value, field).map((v, i) => (jsonb[i] && typeof v === 'string' ? JSON.parse(v) : v)), field),
    exact: scale === undefined ? () => true : (value) => fits(type.toColumns(value, field)[0], Number(scale)),
    jsonb: jsonb.some(Boolean),
  };
}

/**
 * A many-to-many's value in history: the ids it links to, sorted (as uuids sort: their hex text),
 * null for none; read from its junction beside the record's columns.
 */
function auditedLinks(field: ResolvedField, object: ObjectModel, schema: string): Audited {
  const alias = `__links_${field.name}`;
  const relation = object.reverse.find((r) => r.junction?.near === 'sourceId' && r.field === field.name);
  const table = qualified(schema, relation?.junction?.table ?? '');
  const sorted = (ids: unknown) => (Array.isArray(ids) && ids.length ? [...new Set(ids.map((id) => String(id).toLowerCase()))].sort() : null);
  return {
    name: field.name,
    columns: [alias],
    selectSql: `array(select j."targetId"::text from ${table} j where j."sourceId" = ${quoteIdent(object.catalog.tableName)}."id" order by j."targetId") as ${quoteIdent(alias)}`,
    fromColumns: ([ids]) => sorted(ids),
    normalize: (value) => sorted(value),
    // Only a whole set (an array) is known without reading the junction back.
    exact: (value) => Array.isArray(value),
  };
}

const owner: Audited = { name: 'owner', columns: ['ownerId'], fromColumns: ([v]) => v ?? null, normalize: (v) => v ?? null, exact: () => true };

/** What audit reads and compares of an object (per metadata version): every field, then the owner. */
export function auditPlan(object: ObjectModel, schema: string): Plan {
  let plan = plans.get(object);
  if (!plan) {
    // Computed fields (formulas) hold nothing: their values are recomputed, not history.
    const fields = [...object.catalog.definition.fields.filter((f) => !fieldType(f.type).computed).map((f) => (fieldType(f.type).links ? auditedLinks(f, object, schema) : audited(f, fieldType(f.type)))), owner];
    plan = { fields, select: [quoteIdent('id'), ...fields.flatMap((f) => f.selectSql ? [f.selectSql] : f.columns.map(quoteIdent))].join(', ') };
    plans.set(object, plan);
  }
  return plan;
}

/** A row of the object's table as API values. */
export function rowValues(plan: Plan, row: Record<string, unknown>): Values {
  const values: Values = {};
  for (const f of plan.fields) values[f.name] = f.fromColumns(f.columns.map((c) => row[c]));
  return values;
}

/** Equal API values (both come from fromColumns, so their keys are in the same order). */
function same(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields whose API value differs between two versions of a record. */
export function diff(plan: Plan, before: Values, after: Values): Change[] {
  const changes: Change[] = [];
  for (const f of plan.fields) if (!same(before[f.name], after[f.name])) changes.push([f.name, before[f.name], after[f.name]]);
  return changes;
}

/** A created record's changes: every non-null field, before null. */
export function createdChanges(plan: Plan, after: Values): Change[] {
  const changes: Change[] = [];
  for (const f of plan.fields) if (after[f.name] !== null && after[f.name] !== undefined) changes.push([f.name, null, after[f.name]]);
  return changes;
}

const holdsObject = (v: unknown): boolean => v !== null && typeof v === 'object' && (!Array.isArray(v) || v.some((x) => x !== null && typeof x === 'object'));

/**
 * An updated record's values from its values before and those written (no re-read), as for
 * creates (insertedChanges). Undefined when a written value may not be stored as given: a number
 * past its scale, a many-to-many's links (written apart, after the row), an owner that is no user id
 * (not written): the record must then be read back.
 */
export function writtenValues(plan: Plan, before: Values, record: Record<string, unknown>): Values | undefined {
  const after: Values = { ...before };
  for (const f of plan.fields) {
    const given = record[f.name];
    if (given === undefined) continue;
    if (f.selectSql || (f === owner && typeof given !== 'string')) return undefined;
    if (given !== null && !f.exact(given)) return undefined;
    // jsonb stores an object's keys in its own order: what is stored is read back.
    if (f.jsonb && holdsObject(given)) return undefined;
    after[f.name] = given === null ? null : f.normalize(given);
  }
  return after;
}

/**
 * A created record's changes from the values it was inserted with (no re-read): every non-null
 * field, before null. Undefined when a value is not stored as given (a number rounded to its
 * scale): the record must then be read back.
 */
export function insertedChanges(plan: Plan, record: Record<string, unknown>, defaultOwner: string): Change[] | undefined {
  const changes: Change[] = [];
  for (const f of plan.fields) {
    // An owner given as null is none (a public pool's record), as create.ts writes it; absent, the caller.
    const given = f === owner ? (record.owner === null ? null : (record.owner ?? defaultOwner)) : record[f.name];
    if (given === undefined || given === null) continue;
    if (!f.exact(given)) return undefined;
    const value = f.normalize(given);
    if (value !== null && value !== undefined) changes.push([f.name, null, value]);
  }
  return changes;
}
