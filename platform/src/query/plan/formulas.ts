import { PlatformError } from '../../errors/index.ts';
import { checkExpression, FORMULA_TYPES, storedFormula, type CheckedExpression } from '../../expressions/index.ts';
import { ddlNames, type FormulaColumn } from '../../storage/ddl/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import type { ObjectModel, SchemaModel } from '../../model/index.ts';
import { castOf } from './cast.ts';
import { col, type Expr, type Source } from '../tree.ts';
import type { PlanScope } from './scope.ts';

/**
 * Formula fields in reads: wherever a stored field's column would be (a selection, a filter, an
 * order, a group key, an aggregate), a formula is its expression compiled into the statement. The
 * expression is checked once per model (it was checked when the catalog changed; a failure here is
 * a catalog that no longer holds it). Its rights are those of what it reads: a caller who may not
 * read one of those fields, or the objects its lookups reach, reads the formula as null and may not
 * filter, sort or group by it.
 */
const checked = new WeakMap<SchemaModel, Map<string, CheckedExpression>>();

export function formulaExpression(model: SchemaModel, object: string, field: ResolvedField): CheckedExpression {
  let byField = checked.get(model);
  if (!byField) checked.set(model, (byField = new Map()));
  const key = `${object}.${field.name}`;
  let expression = byField.get(key);
  if (!expression) {
    const result = checkExpression(String(field.expression), { model, object, expect: FORMULA_TYPES[field.type], user: null });
    if (!result.ok) throw new PlatformError('VALIDATION_FAILED', `The formula ${key} does not compile: ${result.problems[0].message}`, { details: [{ pointer: `/${field.name}`, message: result.problems[0].message }] });
    expression = result.expression;
    byField.set(key, expression);
  }
  return expression;
}

/** Whether the caller may read everything the formula reads. */
function readable(scope: PlanScope, expression: CheckedExpression): boolean {
  return expression.reads.every((r) => scope.canReadField(r.object, r.field)) && expression.objects.every((o) => scope.canRead(o));
}

const stored = new WeakMap<SchemaModel, FormulaColumn[]>();

/**
 * The model's formulas PostgreSQL keeps as STORED generated columns (expressions/formulas.ts
 * `storedFormula`: over the record's own columns, immutable), one column per field and expression.
 * The metadata engine makes the tables hold exactly these at the end of every change
 * (metadata/apply/formula-columns.ts), so a model of a committed catalog can read them.
 */
export function storedFormulaColumns(model: SchemaModel): FormulaColumn[] {
  let columns = stored.get(model);
  if (!columns) {
    columns = [];
    for (const object of model.objects.values()) {
      for (const authored of object.catalog.definition.fields) {
        if (authored.type !== 'formula') continue;
        const spec = storedFormula(model, object.name, authored as { expression?: unknown; returnType?: unknown });
        const id = object.catalog.fields.get(authored.name)?.id;
        if (spec && id) columns.push({ table: object.catalog.tableName, object: object.name, field: authored.name, column: ddlNames.formulaColumn(id, spec.sql), ...spec });
      }
    }
    stored.set(model, columns);
  }
  return columns;
}

/** The formula's value over `source`, or null when the caller may not read what it reads. */
export function formulaValue(scope: PlanScope, object: ObjectModel, field: ResolvedField, source: Source): Expr | null {
  const expression = formulaExpression(scope.model, object.name, field);
  if (!readable(scope, expression)) return null;
  // Kept by PostgreSQL on write: read as the stored column it is.
  const column = storedFormulaColumns(scope.model).find((c) => c.object === object.name && c.field === field.name);
  if (column) return col(source.alias, column.column);
  if (expression.usesNow) scope.volatile = true;
  return { kind: 'formula', alias: source.alias, formula: { expression, model: scope.model, ...scope.clock() } };
}

/**
 * The SQL value of a field for a filter, an order, a group key or an aggregate: its (first) column,
 * or a formula's expression (refused FORBIDDEN when the caller may not read what it reads, as a field
 * they may not read is), with the SQL type to cast operands and cursor values to.
 */
export function valueOf(scope: PlanScope, object: ObjectModel, field: ResolvedField, source: Source, pointer: string): { expr: Expr; cast: string } {
  if (field.computed) {
    if (!scope.allowFormulas) throw new PlatformError('VALIDATION_FAILED', `${object.name}.${field.name} is a formula: only stored fields can be used here`, { details: [{ pointer, message: 'a formula field' }] });
    const expr = formulaValue(scope, object, field, source);
    if (!expr) throw new PlatformError('FORBIDDEN', `You may not read everything ${object.name}.${field.name} is computed from, so you cannot filter, sort or group by it`, { details: [{ pointer, message: 'no read access to what the formula reads' }] });
    return { expr, cast: castOf(fieldType(field.type).columns(field)[0].sqlType) };
  }
  const spec = fieldType(field.type).columns(field)[0];
  return { expr: col(source.alias, spec.column), cast: castOf(spec.sqlType) };
}
