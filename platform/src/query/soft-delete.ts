import type { Aliases, SourceScoper } from './scope.ts';
import { col, type Expr, type Source } from './tree.ts';

/** `"deletedAt" is null` on a source's alias: the record is not in the recycle bin. */
export function live(alias: string): Expr {
  return { kind: 'isNull', expr: col(alias, 'deletedAt'), negated: false };
}

/**
 * Soft delete as a transform: every record source reads live records only, except a source that
 * asks for deleted ones too (`Source.includeDeleted`: a delete's read-back). Row-level access is a
 * separate scoper (security/access.ts); both run in the one scoping walk (query/scope.ts).
 */
export const liveRecords: SourceScoper = {
  conditions: (source: Source, _aliases: Aliases) => (source.includeDeleted ? [] : [live(source.alias)]),
};
