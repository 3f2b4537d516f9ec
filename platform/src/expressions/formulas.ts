import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { SchemaModel } from '../model/model.ts';
import { checkExpression } from './check.ts';
import type { ExprType } from './typed.ts';
import { compileSql, SQL_TYPES, type SqlParams } from './sql.ts';
import { quoteLiteral } from '../storage/sql/quote.ts';

/** A formula's returnType (a field type's name) as the language's type. */
export const FORMULA_TYPES: Readonly<Record<string, Exclude<ExprType, 'null'>>> = { number: 'number', text: 'text', boolean: 'boolean', date: 'date', dateTime: 'datetime' };

/**
 * Every formula of the catalog as a change leaves it must compile over its object and give its
 * returnType: refused VALIDATION_FAILED otherwise, one detail per formula, pointing at its
 * expression (by the field's position in its object) with the problem's position inside it.
 * (Formulas read as fields of their return type in the model: `computed` marks them.)
 */
export function checkFormulas(model: SchemaModel): void {
  const details: ErrorDetail[] = [];
  for (const object of model.objects.values()) {
    object.catalog.definition.fields.forEach((authored, i) => {
      const field = object.fields.get(authored.name);
      if (field?.kind !== 'value' || !field.field.computed) return;
      const result = checkExpression(String(authored.expression ?? ''), { model, object: object.name, expect: FORMULA_TYPES[String(authored.returnType)], user: null });
      if (result.ok) return;
      const p = result.problems[0];
      details.push({
        pointer: `/objects/${object.name}/fields/${i}/expression`, object: object.name, field: authored.name,
        message: `${object.name}.${authored.name}: ${p.message} (line ${p.line}, column ${p.column})`,
        expression: { code: p.code, offset: p.offset, length: p.length, line: p.line, column: p.column },
      });
    });
  }
  if (details.length) throw new PlatformError('VALIDATION_FAILED', details[0].message, { details });
}

/** Writes values as literals: a generated column's expression takes no parameters. */
const LITERALS: SqlParams = { param: (value, cast) => `${quoteLiteral(typeof value === 'string' ? value : String(value))}${cast ? `::${cast}` : ''}` };

/**
 * A formula PostgreSQL can keep as a STORED generated column (computed on write, read as a stored
 * field; `CompiledExpressionSql.storable` says which): its expression over bare column names with
 * literals, and the column's SQL type; null for one computed on read (lookups, TODAY/NOW, text
 * joined with `&`, date/times). The same compiler as reads, so both give the same values.
 */
export function storedFormula(model: SchemaModel, object: string, authored: { expression?: unknown; returnType?: unknown }): { sql: string; sqlType: string } | null {
  const result = checkExpression(String(authored.expression ?? ''), { model, object, expect: FORMULA_TYPES[String(authored.returnType)], user: null });
  if (!result.ok) return null;
  const compiled = compileSql(result.expression, model, { writer: LITERALS, alias: '', now: new Date(0) });
  return compiled.storable ? { sql: compiled.sql, sqlType: SQL_TYPES[result.expression.type] } : null;
}
