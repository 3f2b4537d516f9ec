import { checkExpression, compileSql, exprTypeOfField, type ExpressionProblem } from '../expressions/index.ts';
import { fieldType } from '../field-types/registry.ts';
import { rollupColumns, rollupDefinition, type RollupAggregate } from '../field-types/rollup/index.ts';
import type { ResolvedField } from '../metadata/definitions.ts';
import type { SchemaModel } from '../model/model.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

/** A problem with one roll-up, relative to its field definition (`/relation`, `/field`, `/filter`). */
export interface RollupProblem {
  pointer: string;
  message: string;
  expression?: ExpressionProblem;
}

/** One roll-up as the platform keeps it: where it is stored, and how a child's contribution is read (SQL over alias `c`). */
export interface RollupSpec {
  /** The parent object and the roll-up field. */
  object: string;
  field: ResolvedField;
  aggregate: RollupAggregate;
  parentTable: string;
  columns: { value: string; count: string; sum: string };
  child: string;
  childTable: string;
  /** The child's lookup column pointing to the parent. */
  lookupColumn: string;
  /** The child's aggregated column (a currency's amount), absent for COUNT. */
  valueColumn?: string;
  /** The filter as SQL over alias `c`, its parameters numbered from 1 (`offset` shifts them), or absent. */
  filter?: (offset: number) => { sql: string; params: unknown[] };
}

/** The child field types a roll-up may aggregate: stored numbers (no formula or roll-up: no chains to keep). */
function numberColumn(field: ResolvedField): string | undefined {
  const type = fieldType(field.type);
  if (type.computed || type.name === 'rollup' || exprTypeOfField(field) !== 'number') return undefined;
  const specs = type.columns(field);
  return (specs.find((s) => s.part === 'amount') ?? specs[0])?.column;
}

/** The roll-up over the model, or the problems that keep it from being one. */
export function resolveRollup(model: SchemaModel, object: string, field: ResolvedField): { spec?: RollupSpec; problems: RollupProblem[] } {
  const def = rollupDefinition(field);
  const child = model.objects.get(def.child);
  if (!child) return { problems: [{ pointer: '/relation', message: `no object "${def.child}": relation names <child object>.<its lookup to ${object}>` }] };
  const lookup = child.catalog.definition.fields.find((f) => f.name === def.lookup);
  const ref = lookup && fieldType(lookup.type).reference?.(lookup);
  if (!lookup || !ref) return { problems: [{ pointer: '/relation', message: `${def.child} has no lookup or master-detail field "${def.lookup}"` }] };
  if (ref.target !== object) return { problems: [{ pointer: '/relation', message: `${def.child}.${def.lookup} points to ${ref.target}, not to ${object}` }] };
  const problems: RollupProblem[] = [];
  let valueColumn: string | undefined;
  if (def.aggregate !== 'COUNT' && def.field !== undefined) {
    const aggregated = child.catalog.definition.fields.find((f) => f.name === def.field);
    if (!aggregated) problems.push({ pointer: '/field', message: `${def.child} has no field "${def.field}"` });
    else if (!(valueColumn = numberColumn(aggregated))) problems.push({ pointer: '/field', message: `${def.child}.${def.field} is a ${aggregated.type} field: ${def.aggregate} needs a stored number field (integer, number, currency, percent, duration, rating)` });
  }
  let filter: RollupSpec['filter'];
  if (def.filter !== undefined) {
    const result = checkExpression(def.filter, { model, object: def.child, expect: 'boolean', user: null });
    if (!result.ok) {
      const p = result.problems[0];
      problems.push({ pointer: '/filter', message: `${p.message} (line ${p.line}, column ${p.column})`, expression: p });
    } else if (result.expression.usesNow) {
      problems.push({ pointer: '/filter', message: 'a roll-up filter cannot use TODAY() or NOW(): the stored value would go stale as time passes' });
    } else if (result.expression.reads.some((r) => r.object !== def.child)) {
      problems.push({ pointer: '/filter', message: `a roll-up filter reads only ${def.child}'s own fields: a value read through a lookup changes without a write of the child` });
    } else {
      const checked = result.expression;
      filter = (offset) => {
        const params: unknown[] = [];
        const writer = { param: (value: unknown, cast?: string) => (params.push(value), `$${offset + params.length}${cast ? `::${cast}` : ''}`) };
        return { sql: compileSql(checked, model, { writer, alias: 'c', now: new Date(0) }).sql, params };
      };
    }
  }
  if (problems.length) return { problems };
  return {
    problems,
    spec: {
      object, field, aggregate: def.aggregate, parentTable: model.objects.get(object)!.catalog.tableName, columns: rollupColumns(field),
      child: def.child, childTable: child.catalog.tableName, lookupColumn: fieldType(lookup.type).columns(lookup)[0].column,
      ...(valueColumn ? { valueColumn } : {}), ...(filter ? { filter } : {}),
    },
  };
}

const byModel = new WeakMap<SchemaModel, Map<string, RollupSpec[]>>();

/** The roll-ups a child object's records feed, by child object (once per model). */
export function rollupsFedBy(model: SchemaModel, child: string): readonly RollupSpec[] {
  let map = byModel.get(model);
  if (!map) {
    map = new Map();
    for (const spec of allRollups(model)) map.set(spec.child, [...(map.get(spec.child) ?? []), spec]);
    byModel.set(model, map);
  }
  return map.get(child) ?? [];
}

const readByModel = new WeakMap<SchemaModel, Map<string, Set<string>>>();

/**
 * The fields of a child object that its roll-ups read: their lookups, aggregated fields and the
 * fields their filters read (once per model). An update writing none of them moves no roll-up.
 */
export function rollupFieldsOf(model: SchemaModel, child: string): ReadonlySet<string> {
  let map = readByModel.get(model);
  if (!map) readByModel.set(model, (map = new Map()));
  let fields = map.get(child);
  if (!fields) {
    fields = new Set();
    for (const spec of rollupsFedBy(model, child)) {
      const def = rollupDefinition(spec.field);
      fields.add(def.lookup);
      if (def.field !== undefined) fields.add(def.field);
      if (def.filter !== undefined) {
        const result = checkExpression(def.filter, { model, object: child, expect: 'boolean', user: null });
        if (result.ok) for (const r of result.expression.reads) fields.add(r.field);
      }
    }
    map.set(child, fields);
  }
  return fields;
}

/** Every usable roll-up of the model (the catalog checks keep them all usable). */
export function allRollups(model: SchemaModel): RollupSpec[] {
  const out: RollupSpec[] = [];
  for (const object of model.objects.values()) {
    for (const field of object.catalog.definition.fields) {
      if (field.type !== 'rollup') continue;
      const { spec } = resolveRollup(model, object.name, field);
      if (spec) out.push(spec);
    }
  }
  return out;
}

export const parentTableSql = (model: SchemaModel, spec: RollupSpec) => qualified(model.schema, spec.parentTable);
export const childTableSql = (model: SchemaModel, spec: RollupSpec) => qualified(model.schema, spec.childTable);
export const q = quoteIdent;
