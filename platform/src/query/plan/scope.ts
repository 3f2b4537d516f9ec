import { PlatformError } from '../../errors/index.ts';
import type { ApiLimits, ObjectModel, SchemaModel } from '../../model/index.ts';
import type { Source } from '../tree.ts';

/**
 * The caller's object and field rights, as the planner asks them (a `SecurityContext` is one;
 * absent: every right). Rights decide what a read may name (FORBIDDEN) and what it answers null;
 * which records it reaches is row-level access, applied to the planned tree (security/access.ts).
 */
export interface ReadRights {
  object(name: string): { read: boolean };
  field(object: string, field: string): { read: boolean };
}

/** Alias counters of one statement: sources (`t<n>`, `u<n>`) and the alternative forms of id-only lookup filters (`v<n>`). */
export interface PlanAliases {
  n: number;
  links?: number;
}

/**
 * What planning one read carries along: the model, fresh aliases, limits, the cost so far, and the
 * caller's rights.
 */
export class PlanScope {
  readonly model: SchemaModel;
  readonly limits: ApiLimits;
  readonly rights: ReadRights | undefined;
  readonly aliases: PlanAliases;
  /** Records the read may return so far, shared by the roots of one request (its budget). */
  budget: { cost: number };
  /** How many parent records the lists being planned repeat under (product of the enclosing page sizes). */
  fanout = 1;
  /** What formulas computed by the clock read: its now (one per read, the platform's clock) and the tenant's time zone. */
  expressions: { now: () => Date; timeZone: string } = { now: () => new Date(), timeZone: 'UTC' };
  /** A formula used reads the clock: the statement holds now and is not to be reused. */
  volatile = false;
  /**
   * Formula fields may be filtered on. Sharing rules may not: a rule's conditions are added to reads
   * by row-level access itself (not scoped again) and kept per security version (not per clock).
   */
  allowFormulas = true;
  private at: Date | undefined;

  constructor(model: SchemaModel, limits: ApiLimits, rights?: ReadRights, aliases: PlanAliases = { n: 0 }, budget: { cost: number } = { cost: 0 }) {
    this.model = model;
    this.limits = limits;
    this.rights = rights;
    this.aliases = aliases;
    this.budget = budget;
  }

  get cost(): number {
    return this.budget.cost;
  }

  set cost(value: number) {
    this.budget.cost = value;
  }

  /** Now and the time zone for the formulas of this read (now read once: every formula sees the same instant). */
  clock(): { now: Date; timeZone: string } {
    this.at ??= this.expressions.now();
    return { now: this.at, timeZone: this.expressions.timeZone };
  }

  object(name: string): ObjectModel {
    const object = this.model.objects.get(name);
    if (!object) throw new PlatformError('BAD_USER_INPUT', `No object ${JSON.stringify(name)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
    return object;
  }

  source(object: string, options: { includeDeleted?: boolean } = {}): Source {
    const o = this.model.objects.get(object)!;
    return { object, schema: this.model.schema, table: o.catalog.tableName, alias: `t${this.aliases.n++}`, ...(options.includeDeleted ? { includeDeleted: true } : {}) };
  }

  /** A many-to-many's junction table (links, not records: no soft delete, no row-level access of its own). */
  junctionSource(table: string): Source {
    return { object: '__links', schema: this.model.schema, table, alias: `j${this.aliases.n++}` };
  }

  usersSource(): Source {
    return { object: '__users', schema: 'tessera', table: 'users', alias: `u${this.aliases.n++}` };
  }

  /**
   * A source for the alternative (visible-records) form of an id-only lookup filter: counted apart,
   * so that the aliases of the form a caller who sees everything gets do not depend on it.
   */
  linkSource(object: string): Source {
    const o = this.model.objects.get(object)!;
    this.aliases.links = (this.aliases.links ?? 0) + 1;
    return { object, schema: this.model.schema, table: o.catalog.tableName, alias: `v${this.aliases.links - 1}` };
  }

  canRead(object: string): boolean {
    return !this.rights || this.rights.object(object).read;
  }

  /** Refuses with FORBIDDEN when the caller may not read `object` at all. */
  checkRead(object: string, pointer = ''): void {
    if (!this.canRead(object)) throw new PlatformError('FORBIDDEN', `You may not read ${object} records`, { details: [{ pointer, message: 'no read access' }] });
  }

  canReadField(object: string, field: string): boolean {
    return !this.rights || this.rights.field(object, field).read;
  }

  /** Filtering, sorting or grouping by a field one may not read would leak it: FORBIDDEN. */
  checkFieldUse(object: string, field: string, pointer: string): void {
    if (!this.canReadField(object, field)) throw new PlatformError('FORBIDDEN', `You may not read ${object}.${field}, so you cannot filter, sort or group by it`, { details: [{ pointer, message: 'no read access to the field' }] });
  }
}
