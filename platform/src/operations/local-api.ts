import { PlatformError, isPlatformError } from '../errors/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/model.ts';
import { filterConditions } from '../graphql/data-api/plan/filters.ts';
import { orderTerms, pageOf } from '../graphql/data-api/plan/order.ts';
import { PlanScope } from '../graphql/data-api/plan/scope.ts';
import { runRead } from '../graphql/data-api/run-read.ts';
import { col, compileRead, param, type AggregateQuery, type Expr, type ShapeEntry, type Source } from '../query/index.ts';
import { qualified } from '../storage/sql/quote.ts';
import type { LocalApiUsage, OperationContext, Via } from './context.ts';

export type { LocalApiUsage };
import { createRecords } from './create.ts';
import { deleteRecords } from './delete.ts';
import { updateRecord } from './update.ts';


export interface LocalApiLimits {
  /** Platform queries (reads and writes) per transaction. */
  maxQueries: number;
  /** Records created, updated or deleted per transaction. */
  maxRowsWritten: number;
}

export const DEFAULT_LOCAL_API_LIMITS: LocalApiLimits = { maxQueries: 100, maxRowsWritten: 10_000 };

export interface FindArgs {
  filter?: Record<string, unknown> | null;
  orderBy?: Record<string, string>[] | Record<string, string> | null;
  first?: number | null;
}

export interface AggregateArgs {
  filter?: Record<string, unknown> | null;
  /** Field names, or `[{status: true}, {createdAt: 'MONTH'}]` as in the GraphQL API. */
  groupBy?: (string | Record<string, unknown>)[] | null;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DIRECTIONS = new Set(['ASC', 'DESC', 'ASC_NULLS_FIRST', 'DESC_NULLS_LAST']);
const BUCKETS = new Set(['day', 'week', 'month', 'quarter', 'year']);

/**
 * The platform's data operations for code running inside a request's transaction (scripts' `ctx.db`,
 * later workflows and imports): the same planner, compiler, operations and save pipeline as the
 * GraphQL API, with the caller's security context, in the caller's transaction (`ctx.db`). Every
 * call counts against per-transaction limits of queries and rows written. Records are plain JSON:
 * lookups and user fields as ids.
 */
export class LocalApi {
  readonly ctx: OperationContext;
  readonly limits: LocalApiLimits;
  readonly usage: LocalApiUsage;
  private readonly via: Via;

  constructor(ctx: OperationContext, options: { limits?: Partial<LocalApiLimits>; via?: Via } = {}) {
    this.ctx = ctx;
    this.limits = { ...DEFAULT_LOCAL_API_LIMITS, ...options.limits };
    this.via = options.via ?? 'script';
    // One budget per transaction: the operation context of the transaction carries it, nested contexts share it.
    ctx.usage ??= { queries: 0, rowsWritten: 0 };
    this.usage = ctx.usage;
  }

  private object(name: unknown): ObjectModel {
    const object = typeof name === 'string' ? this.ctx.model.objects.get(name) : undefined;
    if (!object) throw new PlatformError('BAD_USER_INPUT', `No object ${JSON.stringify(name)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
    return object;
  }

  private count(rows = 0): void {
    this.usage.queries += 1;
    if (this.usage.queries > this.limits.maxQueries) {
      throw new PlatformError('LIMIT_EXCEEDED', `Platform queries in one transaction: ${this.usage.queries} exceeds the limit maxQueries = ${this.limits.maxQueries}`, { extensions: { limit: 'maxQueries', value: this.usage.queries, max: this.limits.maxQueries } });
    }
    this.usage.rowsWritten += rows;
    if (this.usage.rowsWritten > this.limits.maxRowsWritten) {
      throw new PlatformError('LIMIT_EXCEEDED', `Rows written in one transaction: ${this.usage.rowsWritten} exceeds the limit maxRowsWritten = ${this.limits.maxRowsWritten}`, { extensions: { limit: 'maxRowsWritten', value: this.usage.rowsWritten, max: this.limits.maxRowsWritten } });
    }
  }

  /** The context nested writes run with: one level deeper (the pipeline bounds the depth). */
  private nested(): OperationContext {
    return { ...this.ctx, via: this.via, depth: this.ctx.depth + 1 };
  }

  private scope(): PlanScope {
    return new PlanScope(this.ctx.model, this.ctx.limits, this.ctx.security);
  }

  /** Every field the caller may read, as JSON: values, lookups and users as ids. */
  private entries(scope: PlanScope, object: ObjectModel, source: Source): ShapeEntry[] {
    const entries: ShapeEntry[] = [];
    for (const [name, meaning] of object.fields) {
      if (meaning.kind === 'reverse') continue;
      if (meaning.kind === 'user') {
        if (!scope.canReadField(object.name, name)) continue;
        entries.push({ key: name, shape: { kind: 'value', sql: { alias: source.alias, columns: [meaning.column], render: (c) => c[0] } } });
        continue;
      }
      const system = meaning.kind === 'value' && meaning.system;
      if (!system && !scope.canReadField(object.name, name)) continue;
      const ft = fieldType(meaning.field.type);
      const columns = ft.columns(meaning.field).map((c) => c.column);
      const render = meaning.kind === 'lookup' ? (c: readonly string[]) => c[0] : (ft.outputSql ?? ((c: readonly string[]) => c[0]));
      entries.push({ key: name, shape: { kind: 'value', sql: { alias: source.alias, columns, render } } });
    }
    return entries;
  }

  private async read(entry: ShapeEntry): Promise<unknown> {
    const text = await runRead(this.ctx.db, compileRead({ entries: [entry] }));
    return (JSON.parse(text) as Record<string, unknown>).r;
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => {
      if (isPlatformError(error)) throw error;
      if ((error as { code?: string })?.code && typeof (error as { code?: string }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code)) throw error;
      throw new PlatformError('BAD_USER_INPUT', `Malformed arguments: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  /** One record by id, or null when it does not exist or the caller may not see it. */
  get(objectName: string, id: string): Promise<Record<string, unknown> | null> {
    return this.guard(async () => {
      const object = this.object(objectName);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      const scope = this.scope();
      scope.checkRead(object.name);
      this.count();
      const source = scope.source(object.name);
      const where: Expr[] = [{ kind: 'compare', op: '=', left: col(source.alias, 'id'), right: param(id, 'uuid') }, ...scope.visible(source)];
      return (await this.read({ key: 'r', shape: { kind: 'record', from: source, where, entries: this.entries(scope, object, source) } })) as Record<string, unknown> | null;
    });
  }

  /** Records by ids (those visible), in no particular order. */
  many(objectName: string, ids: string[], options: { count?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const scope = this.scope();
      scope.checkRead(object.name);
      if (options.count !== false) this.count();
      const source = scope.source(object.name);
      const where: Expr[] = [{ kind: 'in', expr: col(source.alias, 'id'), list: param(ids, 'uuid[]'), negated: false }, ...scope.visible(source)];
      return (await this.read({ key: 'r', shape: { kind: 'list', from: source, where, orderBy: [], entries: this.entries(scope, object, source) } })) as Record<string, unknown>[];
    });
  }

  /** Records matching a filter shaped as in the GraphQL API, ordered, at most `first` (default page size). */
  find(objectName: string, args: FindArgs = {}): Promise<Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const scope = this.scope();
      scope.checkRead(object.name);
      const orderBy = args.orderBy == null ? undefined : Array.isArray(args.orderBy) ? args.orderBy : [args.orderBy];
      orderBy?.forEach((item, i) => {
        for (const [k, v] of Object.entries(item ?? {})) {
          if (!object.filterable.has(k)) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${k} to order by`, { details: [{ pointer: `/orderBy/${i}/${k}`, message: 'unknown field' }] });
          if (!DIRECTIONS.has(String(v))) throw new PlatformError('BAD_USER_INPUT', `Order ${JSON.stringify(v)} is not one of ${[...DIRECTIONS].join(', ')}`, { details: [{ pointer: `/orderBy/${i}/${k}`, message: 'unknown direction' }] });
        }
      });
      if (args.first != null && (typeof args.first !== 'number' || !Number.isInteger(args.first))) throw new PlatformError('BAD_USER_INPUT', 'first must be an integer', { details: [{ pointer: '/first', message: 'not an integer' }] });
      const source = scope.source(object.name);
      const terms = orderTerms(object, source, orderBy, (field, pointer) => scope.checkFieldUse(object.name, field, pointer));
      const page = pageOf({ first: args.first ?? this.ctx.limits.defaultPageSize }, terms, this.ctx.limits);
      const where = [...scope.visible(source), ...filterConditions(scope, object, source, args.filter ?? undefined)];
      this.count();
      const result = (await this.read({ key: 'r', shape: { kind: 'connection', query: { from: source, where, orderBy: terms, page, select: [{ key: 'nodes', kind: 'nodes', entries: this.entries(scope, object, source) }] } } })) as { nodes: Record<string, unknown>[] };
      return result.nodes;
    });
  }

  /** Counts per group: `[{key: {status: 'New'}, count: 3}, …]` (one row without groupBy). */
  aggregate(objectName: string, args: AggregateArgs = {}): Promise<{ key: Record<string, unknown>; count: number }[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const scope = this.scope();
      scope.checkRead(object.name);
      const source = scope.source(object.name);
      const groupBy: AggregateQuery['groupBy'][number][] = [];
      const keys: { key: string; group: number }[] = [];
      (args.groupBy ?? []).forEach((item, i) => {
        const entry: [string, unknown] | undefined = typeof item === 'string' ? [item, true] : Object.entries(item ?? {}).find(([, v]) => v !== undefined && v !== null && v !== false);
        const name = entry?.[0];
        const field = name ? object.filterable.get(name) : undefined;
        if (!name || !field) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${JSON.stringify(name)} to group by`, { details: [{ pointer: `/groupBy/${i}`, message: 'unknown field' }] });
        scope.checkFieldUse(object.name, name, `/groupBy/${i}/${name}`);
        const bucket = typeof entry![1] === 'string' ? (entry![1] as string).toLowerCase() : undefined;
        if (bucket !== undefined && !BUCKETS.has(bucket)) throw new PlatformError('BAD_USER_INPUT', `Unknown date bucket ${entry![1]}`, { details: [{ pointer: `/groupBy/${i}/${name}`, message: 'unknown bucket' }] });
        keys.push({ key: name, group: groupBy.length });
        groupBy.push({ expr: col(source.alias, fieldType(field.type).columns(field)[0].column), bucket: bucket as 'month' | undefined, dateOnly: field.type === 'date' });
      });
      const query: AggregateQuery = {
        from: source,
        where: [...scope.visible(source), ...filterConditions(scope, object, source, args.filter ?? undefined)],
        groupBy,
        select: [{ key: 'key', kind: 'groupKey', select: keys }, { key: 'count', kind: 'count' }],
      };
      this.count();
      return (await this.read({ key: 'r', shape: { kind: 'aggregate', query } })) as { key: Record<string, unknown>; count: number }[];
    });
  }

  /** Creates one record (or several, given an array) through the save pipeline; returns what was written. */
  create(objectName: string, data: Record<string, unknown> | Record<string, unknown>[]): Promise<Record<string, unknown> | Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const inputs = Array.isArray(data) ? data : [data];
      if (inputs.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) throw new PlatformError('BAD_USER_INPUT', 'A record is an object of field values', { details: [{ pointer: '/data', message: 'not an object' }] });
      this.count(inputs.length);
      const ids = await createRecords(this.nested(), object, inputs);
      const rows = await this.readWritten(object, ids);
      return Array.isArray(data) ? rows : rows[0];
    });
  }

  update(objectName: string, id: string, data: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.guard(async () => {
      const object = this.object(objectName);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new PlatformError('BAD_USER_INPUT', 'A record is an object of field values', { details: [{ pointer: '/data', message: 'not an object' }] });
      this.count(1);
      await updateRecord(this.nested(), object, id, data);
      return (await this.readWritten(object, [id]))[0];
    });
  }

  delete(objectName: string, id: string): Promise<{ id: string }> {
    return this.guard(async () => {
      const object = this.object(objectName);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      this.count(1);
      const { rowCount } = await this.ctx.db.query(`select 1 from ${qualified(this.ctx.model.schema, object.catalog.tableName)} where id = $1 and "deletedAt" is null`, [id]);
      if (rowCount === 0) throw new PlatformError('NOT_FOUND', `No ${object.name} with id ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
      await deleteRecords(this.nested(), object, [id]);
      return { id };
    });
  }

  /** Reads back what a write wrote (not counted: part of the write). */
  private async readWritten(object: ObjectModel, ids: string[]): Promise<Record<string, unknown>[]> {
    const scope = new PlanScope(this.ctx.model, this.ctx.limits, this.ctx.security);
    const source = scope.source(object.name);
    const where: Expr[] = [{ kind: 'in', expr: col(source.alias, 'id'), list: param(ids, 'uuid[]'), negated: false }, ...scope.visible(source)];
    const rows = (await this.read({ key: 'r', shape: { kind: 'list', from: source, where, orderBy: [], entries: this.entries(scope, object, source) } })) as Record<string, unknown>[];
    const byId = new Map(rows.map((r) => [r.id as string, r]));
    return ids.map((id) => byId.get(id) ?? { id });
  }
}
