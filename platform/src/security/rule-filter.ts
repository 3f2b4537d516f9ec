import { PlatformError, prefixPointers, isPlatformError } from '../errors/index.ts';
import { DEFAULT_LIMITS, type SchemaModel } from '../model/index.ts';
import { filterConditions, fromSql, liveRecords, PlanScope, scopeExprs, SqlWriter, whereSql, type CompiledSql } from '../query/index.ts';
import type { SecurityContext } from './model.ts';

/**
 * Checks a sharing rule's filter by compiling it as the data API would; a rule that names an
 * unknown object, field or operator is refused with the pointer of the problem under /filter.
 * Compiled with its author's rights (`security`): a rule over an object they cannot read, or
 * filtering by a field they cannot read, is FORBIDDEN — else the records it shares would tell them
 * the field's values.
 */
export function checkRuleFilter(model: SchemaModel, object: string, filter: Record<string, unknown>, security?: SecurityContext): CompiledSql {
  const om = model.objects.get(object);
  if (!om) throw new PlatformError('REFERENCE_NOT_FOUND', `No object "${object}"`, { details: [{ pointer: '/object', message: 'not found' }] });
  if (!filter || typeof filter !== 'object' || Array.isArray(filter)) throw new PlatformError('VALIDATION_FAILED', 'The filter must be an object', { details: [{ pointer: '/filter', message: 'must be an object' }] });
  const scope = new PlanScope(model, DEFAULT_LIMITS, security);
  scope.allowFormulas = false;
  scope.checkRead(object, '/object');
  try {
    const source = scope.source(object);
    // Scoped as the rule will be when it applies (live records in its relation filters).
    const conditions = scopeExprs(filterConditions(scope, om, source, filter, ''), [liveRecords], scope.aliases);
    // A probe that reads nothing but makes PostgreSQL check every value against its column's type.
    const w = new SqlWriter();
    return { text: `select 1 from ${fromSql(source)}${whereSql(w, conditions)} limit 0`, params: w.params };
  } catch (error) {
    if (!isPlatformError(error)) throw new PlatformError('VALIDATION_FAILED', 'The filter is not valid', { details: [{ pointer: '/filter', message: 'is not a valid filter' }] });
    if (error.code === 'FORBIDDEN') throw prefixPointers(error, '/filter');
    throw prefixPointers(new PlatformError('VALIDATION_FAILED', `Invalid filter: ${error.message}`, { details: error.details.length ? error.details : [{ pointer: '', message: error.message }] }), '/filter');
  }
}
