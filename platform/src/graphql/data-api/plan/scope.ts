import { PlatformError } from '../../../errors/index.ts';
import type { Expr, Source } from '../../../query/index.ts';
import type { SecurityContext } from '../../../security/model.ts';
import { visibilityConditions, type VisibilityScope } from '../../../security/visibility.ts';
import type { SchemaModel } from '../../../model/model.ts';
import { filterConditions, live } from './filters.ts';
import type { ApiLimits } from '../../../model/limits.ts';

/**
 * What planning one operation carries along: the model, fresh aliases, limits, the cost so far,
 * and the caller's security context — whose row-level access becomes conditions on every source
 * the plan reads (`visible`), and whose object and field rights the planner checks.
 */
export class PlanScope implements VisibilityScope {
  readonly model: SchemaModel;
  readonly limits: ApiLimits;
  readonly security: SecurityContext | undefined;
  private readonly aliases: { n: number };
  cost = 0;
  /** How many parent records the lists being planned repeat under (product of the enclosing page sizes). */
  fanout = 1;

  constructor(model: SchemaModel, limits: ApiLimits, security?: SecurityContext, aliases = { n: 0 }) {
    this.model = model;
    this.limits = limits;
    this.security = security;
    this.aliases = aliases;
  }

  source(object: string): Source {
    const o = this.model.objects.get(object)!;
    return { object, schema: this.model.schema, table: o.catalog.tableName, alias: `t${this.aliases.n++}` };
  }

  usersSource(): Source {
    return { object: '__users', schema: 'tessera', table: 'users', alias: `u${this.aliases.n++}` };
  }

  /** Live records of `source` the caller may read (or write): the tree transform of row-level security. */
  visible(source: Source, mode: 'read' | 'write' = 'read', options: { includeDeleted?: boolean } = {}): Expr[] {
    const access = visibilityConditions(this, this.security, source.object, source, mode);
    return options.includeDeleted ? access : [live(source.alias), ...access];
  }

  /** A sharing rule's filter, compiled with nobody's visibility (rules are about the records' data). */
  ruleConditions(object: string, source: Source, filter: Record<string, unknown>): Expr[] {
    const system = new PlanScope(this.model, this.limits, undefined, this.aliases);
    return filterConditions(system, this.model.objects.get(object)!, source, filter, '');
  }

  canRead(object: string): boolean {
    return !this.security || this.security.object(object).read;
  }

  /** Refuses with FORBIDDEN when the caller may not read `object` at all. */
  checkRead(object: string, pointer = ''): void {
    if (!this.canRead(object)) throw new PlatformError('FORBIDDEN', `You may not read ${object} records`, { details: [{ pointer, message: 'no read access' }] });
  }

  canReadField(object: string, field: string): boolean {
    return !this.security || this.security.field(object, field).read;
  }

  /** Filtering, sorting or grouping by a field one may not read would leak it: FORBIDDEN. */
  checkFieldUse(object: string, field: string, pointer: string): void {
    if (!this.canReadField(object, field)) throw new PlatformError('FORBIDDEN', `You may not read ${object}.${field}, so you cannot filter, sort or group by it`, { details: [{ pointer, message: 'no read access to the field' }] });
  }
}
