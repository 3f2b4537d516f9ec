import { relationField, type ReverseRelation } from '../../model/index.ts';
import { col, FALSE, type Expr, type Source } from '../tree.ts';
import type { PlanScope } from './scope.ts';

/**
 * What ties a listed record (under `child`) to the record the relation is on (under `parent`): the
 * child's lookup column is the parent's id, or, for a many-to-many, a row of its junction links the
 * two (an EXISTS over the junction's primary key or its reverse index). The junction is not a record
 * source: the listed records themselves are scoped (soft delete, row-level access) as every source,
 * so links to records one cannot see, or that are deleted, are never listed, counted or matched.
 */
export function relationLink(scope: PlanScope, rel: ReverseRelation, child: Source, parent: Source): Expr {
  if (!rel.junction) return { kind: 'compare', op: '=', left: col(child.alias, rel.field), right: col(parent.alias, 'id') };
  const j = scope.junctionSource(rel.junction.table);
  return {
    kind: 'exists', from: j, negated: false, where: [],
    link: [
      { kind: 'compare', op: '=', left: col(j.alias, rel.junction.near), right: col(parent.alias, 'id') },
      { kind: 'compare', op: '=', left: col(j.alias, rel.junction.far), right: col(child.alias, 'id') },
    ],
  };
}

/** Whether the caller may list the relation: read the listed object, and the field that makes the relation. */
export function canListRelation(scope: PlanScope, rel: ReverseRelation): boolean {
  const { object, field } = relationField(rel);
  return scope.canRead(rel.source) && scope.canRead(object) && scope.canReadField(object, field);
}

export { FALSE };
