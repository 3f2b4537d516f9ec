import { PlatformError, isPlatformError } from '../errors/index.ts';
import type { ObjectModel } from '../model/index.ts';
import type { SecurityContext } from '../security/model.ts';
import type { Filter, RecordSelect } from '../query/index.ts';
import { qualified } from '../storage/sql/quote.ts';
import type { LocalApiUsage, OperationContext, Via, WriteOptions } from './context.ts';
import { createRecords } from './create.ts';
import { deleteRecords } from './delete.ts';
import { aggregate, checkObjectRead, find, get, getMany } from './read.ts';
import { updateRecord } from './update.ts';
import { runCommand } from './verbs.ts';

export type { LocalApiUsage };

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

/** A write's options as code passes them (`{allowDuplicates: true}`), checked: they come from scripts. */
function writeOptions(options: unknown): WriteOptions {
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object' || Array.isArray(options)) throw new PlatformError('BAD_USER_INPUT', 'Write options are an object: {allowDuplicates: true}', { details: [{ pointer: '/options', message: 'not an object' }] });
  const { allowDuplicates, ...rest } = options as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) throw new PlatformError('BAD_USER_INPUT', `Unknown write option ${JSON.stringify(unknown)} (allowDuplicates)`, { details: [{ pointer: `/options/${unknown}`, message: 'unknown option' }] });
  if (allowDuplicates !== undefined && typeof allowDuplicates !== 'boolean') throw new PlatformError('BAD_USER_INPUT', 'allowDuplicates is a boolean', { details: [{ pointer: '/options/allowDuplicates', message: 'not a boolean' }] });
  return { allowDuplicates: allowDuplicates === true };
}
const DIRECTIONS = new Set(['ASC', 'DESC', 'ASC_NULLS_FIRST', 'DESC_NULLS_LAST']);
const BUCKETS = new Set(['day', 'week', 'month', 'quarter', 'year']);

/**
 * The platform's data operations for code running inside a request's transaction (scripts' `ctx.db`,
 * later workflows and imports): a transport like GraphQL, it builds read requests from its
 * arguments and calls the same verbs (operations/read.ts, the writes and the save pipeline), with
 * the caller's security context, in the caller's transaction (`ctx.db`). Every call counts against
 * per-transaction limits of queries and rows written. Records are plain JSON: lookups and user
 * fields as ids.
 */
export class LocalApi {
  readonly ctx: OperationContext;
  readonly limits: LocalApiLimits;
  readonly usage: LocalApiUsage;
  private readonly via: Via;
  private readonly savepoints: boolean;

  /**
   * `savepoints: false`: writes are not units of their own. For a caller that makes the whole
   * transaction (or its own savepoint) the unit and throws it all away on any failure — a workflow
   * job's optimistic pass — and saves the two statements a savepoint costs per write.
   */
  constructor(ctx: OperationContext, options: { limits?: Partial<LocalApiLimits>; via?: Via; savepoints?: boolean } = {}) {
    this.ctx = ctx;
    this.limits = { ...DEFAULT_LOCAL_API_LIMITS, ...options.limits };
    this.via = options.via ?? 'script';
    this.savepoints = options.savepoints ?? true;
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

  /** Every field the caller may read, as JSON: values, and lookups and users as their ids. */
  private readable(object: ObjectModel): RecordSelect {
    return readableSelect(object, this.ctx.security);
  }

  /**
   * A write as one unit inside the caller's transaction: a savepoint before it, rolled back to when
   * the write fails. A write can fail after some of its SQL ran (a duplicate found after the INSERT,
   * an after-trigger's error, a nested write's refusal); code that catches the error and goes on
   * must not keep the half it did — a refused duplicate, say, that the transaction would commit.
   * Savepoints nest with nested writes (a trigger writing through its own ctx.db).
   */
  private async atomic<T>(work: () => Promise<T>): Promise<T> {
    if (!this.savepoints) return work();
    await this.ctx.db.query('savepoint tessera_local_write');
    let result: T;
    try {
      result = await work();
    } catch (error) {
      await this.ctx.db.query('rollback to savepoint tessera_local_write');
      await this.ctx.db.query('release savepoint tessera_local_write');
      throw error;
    }
    await this.ctx.db.query('release savepoint tessera_local_write');
    return result;
  }

  private guard<T>(work: () => Promise<T>): Promise<T> {
    return work().catch((error: unknown) => {
      if (isPlatformError(error)) throw error;
      if ((error as { code?: string })?.code && typeof (error as { code?: string }).code === 'string' && /^[0-9A-Z]{5}$/.test((error as { code: string }).code)) throw error;
      throw new PlatformError('BAD_USER_INPUT', `Malformed arguments: ${(error as Error)?.message ?? String(error)}`);
    });
  }

  /**
   * Runs a command (a plugin's, or another script's action) on one record, as the caller, in the
   * caller's transaction: `runCommand` checks its rights, input and record access as for any transport.
   */
  runCommand(objectName: string, name: string, id: string, input?: unknown): Promise<unknown> {
    return this.guard(async () => {
      const object = this.object(objectName);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      const command = this.ctx.model.commands.find((c) => c.object === object.name && c.name === name);
      if (!command) throw new PlatformError('NOT_FOUND', `No command ${JSON.stringify(name)} on ${object.name}`, { details: [{ pointer: '/command', message: 'unknown command' }] });
      this.count();
      return this.atomic(() => runCommand(this.nested(), object, command, { id, input }));
    });
  }

  /** One record by id, or null when it does not exist or the caller may not see it. */
  get(objectName: string, id: string): Promise<Record<string, unknown> | null> {
    return this.guard(async () => {
      const object = this.object(objectName);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      checkObjectRead(this.ctx.security, object.name);
      this.count();
      return get(this.ctx, { object: object.name, id, select: this.readable(object) });
    });
  }

  /** Records by ids (those visible), in no particular order. */
  many(objectName: string, ids: string[], options: { count?: boolean } = {}): Promise<Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      checkObjectRead(this.ctx.security, object.name);
      if (options.count !== false) this.count();
      return [...(await getMany(this.ctx, { object: object.name, ids, select: this.readable(object) })).values()];
    });
  }

  /** Records matching a filter shaped as in the GraphQL API, ordered, at most `first` (default page size). */
  find(objectName: string, args: FindArgs = {}): Promise<Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      checkObjectRead(this.ctx.security, object.name);
      const orderBy = args.orderBy == null ? undefined : Array.isArray(args.orderBy) ? args.orderBy : [args.orderBy];
      orderBy?.forEach((item, i) => {
        for (const [k, v] of Object.entries(item ?? {})) {
          if (!object.filterable.has(k)) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${k} to order by`, { details: [{ pointer: `/orderBy/${i}/${k}`, message: 'unknown field' }] });
          if (!DIRECTIONS.has(String(v))) throw new PlatformError('BAD_USER_INPUT', `Order ${JSON.stringify(v)} is not one of ${[...DIRECTIONS].join(', ')}`, { details: [{ pointer: `/orderBy/${i}/${k}`, message: 'unknown direction' }] });
        }
      });
      if (args.first != null && (typeof args.first !== 'number' || !Number.isInteger(args.first))) throw new PlatformError('BAD_USER_INPUT', 'first must be an integer', { details: [{ pointer: '/first', message: 'not an integer' }] });
      this.count();
      const args2 = { filter: (args.filter ?? null) as Filter | null, orderBy, first: args.first ?? this.ctx.limits.defaultPageSize };
      const result = (await find(this.ctx, { object: object.name, args: args2, select: [{ key: 'nodes', kind: 'nodes', select: this.readable(object) }] })) as { nodes: Record<string, unknown>[] };
      return result.nodes;
    });
  }

  /** Counts per group: `[{key: {status: 'New'}, count: 3}, …]` (one row without groupBy). */
  aggregate(objectName: string, args: AggregateArgs = {}): Promise<{ key: Record<string, unknown>; count: number }[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      checkObjectRead(this.ctx.security, object.name);
      const groupBy: Record<string, unknown>[] = [];
      const keys: { key: string; kind: 'field'; field: string }[] = [];
      (args.groupBy ?? []).forEach((item, i) => {
        const entry: [string, unknown] | undefined = typeof item === 'string' ? [item, true] : Object.entries(item ?? {}).find(([, v]) => v !== undefined && v !== null && v !== false);
        const name = entry?.[0];
        const field = name ? object.filterable.get(name) : undefined;
        if (!name || !field) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${JSON.stringify(name)} to group by`, { details: [{ pointer: `/groupBy/${i}`, message: 'unknown field' }] });
        if (this.ctx.security && !this.ctx.security.field(object.name, name).read) throw new PlatformError('FORBIDDEN', `You may not read ${object.name}.${name}, so you cannot filter, sort or group by it`, { details: [{ pointer: `/groupBy/${i}/${name}`, message: 'no read access to the field' }] });
        const bucket = typeof entry![1] === 'string' ? (entry![1] as string).toLowerCase() : undefined;
        if (bucket !== undefined && !BUCKETS.has(bucket)) throw new PlatformError('BAD_USER_INPUT', `Unknown date bucket ${entry![1]}`, { details: [{ pointer: `/groupBy/${i}/${name}`, message: 'unknown bucket' }] });
        keys.push({ key: name, kind: 'field', field: name });
        groupBy.push({ [name]: bucket ?? true });
      });
      this.count();
      const select = [{ key: 'key', kind: 'key' as const, select: keys }, { key: 'count', kind: 'count' as const }];
      return (await aggregate(this.ctx, { object: object.name, args: { filter: (args.filter ?? null) as Filter | null, groupBy }, select })) as { key: Record<string, unknown>; count: number }[];
    });
  }

  /** Creates one record (or several, given an array) through the save pipeline; returns what was written. */
  create(objectName: string, data: Record<string, unknown> | Record<string, unknown>[], options?: WriteOptions): Promise<Record<string, unknown> | Record<string, unknown>[]> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const write = writeOptions(options);
      const inputs = Array.isArray(data) ? data : [data];
      if (inputs.some((r) => r === null || typeof r !== 'object' || Array.isArray(r))) throw new PlatformError('BAD_USER_INPUT', 'A record is an object of field values', { details: [{ pointer: '/data', message: 'not an object' }] });
      this.count(inputs.length);
      const ids = await this.atomic(() => createRecords(this.nested(), object, inputs, undefined, write));
      const rows = await this.readWritten(object, ids);
      return Array.isArray(data) ? rows : rows[0];
    });
  }

  update(objectName: string, id: string, data: Record<string, unknown>, options?: WriteOptions): Promise<Record<string, unknown>> {
    return this.guard(async () => {
      const object = this.object(objectName);
      const write = writeOptions(options);
      if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
      if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new PlatformError('BAD_USER_INPUT', 'A record is an object of field values', { details: [{ pointer: '/data', message: 'not an object' }] });
      this.count(1);
      await this.atomic(() => updateRecord(this.nested(), object, id, data, undefined, write));
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
      await this.atomic(() => deleteRecords(this.nested(), object, [id]));
      return { id };
    });
  }

  /** Reads back what a write wrote (not counted: part of the write). */
  private async readWritten(object: ObjectModel, ids: string[]): Promise<Record<string, unknown>[]> {
    const byId = await getMany(this.ctx, { object: object.name, ids, select: this.readable(object) });
    return ids.map((id) => byId.get(id) ?? { id });
  }
}

/** Every field of `object` the caller (`security`; none: the system) may read, as the read path answers it: values, and lookups and users as their ids. */
export function readableSelect(object: ObjectModel, security: SecurityContext | undefined): RecordSelect {
  const select: RecordSelect[number][] = [];
  for (const [name, meaning] of object.fields) {
    if (meaning.kind === 'reverse') continue;
    const system = meaning.kind === 'value' && meaning.system;
    if (!system && security && !security.field(object.name, name).read) continue;
    select.push({ key: name, kind: 'field', field: name });
  }
  return select;
}
