import { fieldType } from '../field-types/registry.ts';
import type { SchemaModel } from '../model/index.ts';
import { col, param, type Expr, type Source } from '../query/index.ts';
import { DEFAULT_SHARING, type SecurityContext, type SharingModel } from './model.ts';

/** What the row-level conditions need: fresh sources and the filter compiler (security/access.ts gives them). */
export interface VisibilityScope {
  model: SchemaModel;
  source(object: string): Source;
  /** Compiles a sharing rule's filter over `source`, without applying anyone's visibility. */
  ruleConditions(object: string, source: Source, filter: Record<string, unknown>): Expr[];
}

export function sharingOf(model: SchemaModel, object: string): SharingModel {
  return (model.objects.get(object)?.catalog.definition as { sharing?: SharingModel } | undefined)?.sharing ?? DEFAULT_SHARING;
}

/**
 * The row-level conditions: under which `security`'s user may read (or write) a record of `object`
 * read under `source`. security/access.ts adds them to every table the query tree reads, so lists,
 * gets, nested relations, lookup and child filters, aggregates and bulk changes all see only what
 * the user may see. Nothing here runs per row in JS: it is all compiled into the one SQL statement.
 *
 * - administrators, View All / Modify All on the object, and public sharing models: no condition;
 * - master-detail children: the parent record's access (Salesforce's "controlled by parent");
 * - otherwise (private): owned by the user or anyone below them in the role hierarchy, or shared
 *   manually with a principal that reaches them (the record's `_sharedWith`), or matching a sharing
 *   rule that reaches them.
 */
export function visibilityConditions(scope: VisibilityScope, security: SecurityContext | undefined, object: string, source: Source, mode: 'read' | 'write'): Expr[] {
  if (!security || security.bypass) return [];
  const access = security.object(object);
  if (access.modifyAll || (mode === 'read' && access.viewAll)) return [];
  const om = scope.model.objects.get(object);
  if (!om) return [];
  const masters = om.catalog.definition.fields.filter((f) => f.type === 'masterDetail' && f.target && scope.model.objects.has(f.target));
  if (masters.length) {
    return masters.map((f) => {
      const parent = scope.source(f.target!);
      const link: Expr = { kind: 'compare', op: '=', left: col(parent.alias, 'id'), right: col(source.alias, fieldType(f.type).columns(f)[0].column) };
      return { kind: 'exists', from: parent, link: [link], where: [{ kind: 'isNull', expr: col(parent.alias, 'deletedAt'), negated: false }, ...visibilityConditions(scope, security, f.target!, parent, mode)], negated: false };
    });
  }
  const sharing = sharingOf(scope.model, object);
  if (sharing === 'PUBLIC_READ_WRITE' || (mode === 'read' && sharing === 'PUBLIC_READ')) return [];
  // Manual shares: the record's `_sharedWith` (its `_share` principals, kept by a trigger) meets
  // the principals that reach the user — a test on the row being read, no per-request hash of `_share`.
  const shared: Expr = { kind: 'compare', op: '&&', left: col(source.alias, '_sharedWith'), right: param(security.principals, 'text[]') };
  const ors: Expr[] = [{ kind: 'in', expr: col(source.alias, 'ownerId'), list: param(security.owners, 'uuid[]'), negated: false }];
  if (mode === 'read') ors.push(shared);
  else {
    // Writing needs a READ_WRITE share: `_share` is probed only for records shared with the user at all.
    const share: Source = { object: '__share', schema: scope.model.schema, table: '_share', alias: `${source.alias}s` };
    ors.push({ kind: 'and', items: [shared, { kind: 'exists', from: share, negated: false, link: [], where: [
      { kind: 'compare', op: '=', left: col(share.alias, 'object'), right: param(object, 'text') },
      { kind: 'compare', op: '=', left: col(share.alias, 'recordId'), right: col(source.alias, 'id') },
      { kind: 'in', expr: col(share.alias, 'principal'), list: param(security.principals, 'text[]'), negated: false },
      { kind: 'compare', op: '=', left: col(share.alias, 'access'), right: param('READ_WRITE', 'text') },
    ] }] });
  }
  for (const rule of security.rules(object)) {
    if (mode === 'write' && rule.access !== 'READ_WRITE') continue;
    const conditions = scope.ruleConditions(object, source, rule.filter);
    ors.push(conditions.length === 1 ? conditions[0] : { kind: 'and', items: conditions });
  }
  return [{ kind: 'or', items: ors }];
}
