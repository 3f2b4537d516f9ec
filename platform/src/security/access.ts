import type { ApiLimits, SchemaModel } from '../model/index.ts';
import { DEFAULT_LIMITS } from '../model/index.ts';
import { filterConditions, liveRecords, PlanScope, scopeExprs, scopeIds, scopeRead, type Aliases, type Expr, type IdQuery, type ReadOperation, type Scoped, type Source, type SourceScoper } from '../query/index.ts';
import type { SecurityContext } from './model.ts';
import { visibilityConditions, type VisibilityScope } from './visibility.ts';

export type AccessMode = 'read' | 'write';

/** Fresh sources (continuing `aliases`) and sharing rules' filters compiled over them, for the row-level conditions. */
export function accessScope(model: SchemaModel, aliases: Aliases, limits: ApiLimits = DEFAULT_LIMITS): VisibilityScope {
  return {
    model,
    source: (object: string): Source => ({ object, schema: model.schema, table: model.objects.get(object)!.catalog.tableName, alias: `t${aliases.n++}` }),
    // A sharing rule's filter is about the records' data, compiled with nobody's rights or
    // visibility; its own relation filters still read live records only.
    ruleConditions: (object: string, source: Source, filter: Record<string, unknown>): Expr[] => {
      const scope = new PlanScope(model, limits, undefined, aliases);
      return scopeExprs(filterConditions(scope, model.objects.get(object)!, source, filter, ''), [liveRecords], aliases);
    },
  };
}

/**
 * Row-level access as a scoper of the query tree: on every record source, the conditions under
 * which the caller may read (or write) its rows (security/visibility.ts). None for system work (no
 * security) and administrators; for anyone else, id-only lookup filters test their link through
 * the records the caller can see, and root lists it restricts are read in two steps (deferred).
 */
export function rowAccess(model: SchemaModel, security: SecurityContext | undefined, mode: AccessMode | ((source: Source) => AccessMode)): SourceScoper {
  const applies = !!security && !security.bypass;
  const modeOf = typeof mode === 'function' ? mode : () => mode;
  return {
    defers: true,
    checksLinks: applies,
    conditions: (source: Source, aliases: Aliases) => (applies ? visibilityConditions(accessScope(model, aliases), security, source.object, source, modeOf(source)) : []),
  };
}

/**
 * The one transform that scopes a planned read to what the caller may see: live records
 * (query/soft-delete.ts) and row-level access, added to every source the tree reads — root gets and
 * lists, nested lookups and reverse relations, relation filters, aggregates, counts — in one walk,
 * which never walks the conditions it adds. Without `security` (system work) only soft delete applies.
 */
export function applyAccess(tree: ReadOperation, model: SchemaModel, security: SecurityContext | undefined, mode: AccessMode = 'read'): Scoped<ReadOperation> {
  return scopeRead(tree, [liveRecords, rowAccess(model, security, mode)]);
}

/**
 * The same for the records a bulk change or a check reaches: `mode: 'write'` for the records one
 * may change. Only those are written: the records its filter reads through relations (`account:
 * {…}`, `opportunitiesSome: {…}`) are read, so read access applies to them.
 */
export function applyAccessToIds(query: IdQuery, model: SchemaModel, security: SecurityContext | undefined, mode: AccessMode): Scoped<IdQuery> {
  const target = query.from.alias;
  return scopeIds(query, [liveRecords, rowAccess(model, security, (source) => (source.alias === target ? mode : 'read'))]);
}
