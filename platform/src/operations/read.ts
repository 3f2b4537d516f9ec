import pg from 'pg';
import { PlatformError } from '../errors/index.ts';
import type { ApiLimits, SchemaModel } from '../model/index.ts';
import {
  compileIds, compileRead, PlanScope, planIds, planRequest, runRead, runReadWithin,
  type AggregateRequest, type ReadOperation, type ShapeEntry, type CompiledSql, type GetRequest, type ListRequest, type ManyRequest, type Queryable, type RootRead,
} from '../query/index.ts';
import { applyAccess, applyAccessToIds, type AccessMode } from '../security/access.ts';
import type { SecurityContext } from '../security/model.ts';
import type { Clock } from '../clock/index.ts';
import { isTimeZone } from '../expressions/index.ts';
import { indexOperands, unsealText } from '../encryption/read.ts';
import { BlindIndexOperand } from '../field-types/encrypted/sealed.ts';

/** What a read runs with: the tenant's model and limits, the caller's rights, and where it runs. */
export interface ReadContext {
  model: SchemaModel;
  limits: ApiLimits;
  /** The caller's rights; absent for system reads (all records, soft delete still applies). */
  security?: SecurityContext;
  /** The request's transaction, or the pool (then under the tenant's statement timeout). */
  db: pg.Pool | Queryable;
  /** Shared by the reads of one request, so that their cost adds up against maxCost. */
  budget?: { cost: number };
  /** What formulas by the clock read (`expressionContext`); absent: the machine's time, UTC. */
  expressions?: { now: () => Date; timeZone: string };
}

/** The platform's clock and the tenant's time zone (setting `timeZone`, an IANA name; default UTC), as formulas read them. */
export function expressionContext(clock: Clock, settings: Record<string, unknown> | null | undefined): { now: () => Date; timeZone: string } {
  const zone = settings?.timeZone;
  return { now: () => clock.now(), timeZone: typeof zone === 'string' && isTimeZone(zone) ? zone : 'UTC' };
}

/** A read planned, scoped to the caller and compiled: run as often as wanted (`runPrepared`). */
export interface PreparedRead {
  readonly sql: CompiledSql;
}

/** Refuses FORBIDDEN when the caller may not read `object` (every read verb asks first). */
export function checkObjectRead(security: SecurityContext | undefined, object: string, pointer = ''): void {
  if (security && !security.object(object).read) throw new PlatformError('FORBIDDEN', `You may not read ${object} records`, { details: [{ pointer, message: 'no read access' }] });
}

/**
 * The read verbs' one path: each root's object right checked, the roots planned into one tree
 * (the caller's field rights deciding what answers null), the tree scoped once to what the caller
 * may see (security/access.ts), then compiled to ONE statement.
 */
export function prepareRead(ctx: Omit<ReadContext, 'db'>, roots: readonly RootRead[]): PreparedRead {
  const scope = new PlanScope(ctx.model, ctx.limits, ctx.security, { n: 0 }, ctx.budget);
  if (ctx.expressions) scope.expressions = ctx.expressions;
  // Each root's right is checked just before it is planned, so errors come in the order of the roots.
  const entries = roots.map((root): ShapeEntry => {
    if (!('request' in root)) return { key: root.key, shape: { kind: 'const', value: root.value } };
    // node(id) has no one object: the planner leaves out the objects the caller may not read.
    if (root.request.kind !== 'node') checkObjectRead(ctx.security, root.request.object);
    return planRequest(scope, root.key, root.request);
  });
  const tree: ReadOperation = { kind: 'read', entries, nextAlias: scope.aliases.n, ...(scope.volatile ? { volatile: true } : {}) };
  return { sql: compileRead(applyAccess(tree, ctx.model, ctx.security, 'read')) };
}

function isPool(db: ReadContext['db']): db is pg.Pool {
  return db instanceof pg.Pool;
}

/**
 * Runs a prepared read; the `data` JSON as text (keyed by the roots' keys). Encrypted fields: their
 * filter operands become blind indexes and their values are decrypted here, under the tenant's keys
 * (encryption/read.ts) — the only reads that parse the statement's JSON.
 */
export async function runPrepared(ctx: Pick<ReadContext, 'db' | 'limits'> & { model?: Pick<SchemaModel, 'tenantId'> }, prepared: PreparedRead): Promise<string> {
  const tenantId = ctx.model?.tenantId;
  let sql = prepared.sql;
  const params = tenantId ? await indexOperands(ctx.db, tenantId, sql.params) : null;
  if (params) sql = { ...sql, params };
  else if (!tenantId && sql.params.some((p) => p instanceof BlindIndexOperand)) throw new Error('A read filtering an encrypted field needs its tenant');
  const text = isPool(ctx.db) ? await runReadWithin(ctx.db, sql, ctx.limits.statementTimeoutMs) : await runRead(ctx.db, sql);
  return tenantId ? unsealText(ctx.db, tenantId, text) : text;
}

/** Several reads in one statement; the `data` JSON as text. */
export function read(ctx: ReadContext, roots: readonly RootRead[]): Promise<string> {
  return runPrepared(ctx, prepareRead(ctx, roots));
}

async function one(ctx: ReadContext, request: GetRequest | ManyRequest | ListRequest | AggregateRequest): Promise<unknown> {
  const text = await read(ctx, [{ key: 'r', request }]);
  return (JSON.parse(text) as { r: unknown }).r;
}

/** `find`: a page of records (a connection: edges or nodes, pageInfo, totalCount, as selected). */
export function find(ctx: ReadContext, request: Omit<ListRequest, 'kind'>): Promise<Record<string, unknown>> {
  return one(ctx, { kind: 'list', ...request }) as Promise<Record<string, unknown>>;
}

/** `get`: one record by id, or null when it does not exist or the caller cannot see it. */
export function get(ctx: ReadContext, request: Omit<GetRequest, 'kind'>): Promise<Record<string, unknown> | null> {
  return one(ctx, { kind: 'get', ...request }) as Promise<Record<string, unknown> | null>;
}

/** `get` of several records by id: those the caller can see, by id. */
export async function getMany(ctx: ReadContext, request: Omit<ManyRequest, 'kind'>): Promise<Map<string, Record<string, unknown>>> {
  const rows = (await one(ctx, { kind: 'many', ...request })) as Record<string, unknown>[];
  return new Map(rows.map(({ __id, ...record }) => [__id as string, record]));
}

/** `aggregate`: groups (one without groupBy) and their aggregates. */
export function aggregate(ctx: ReadContext, request: Omit<AggregateRequest, 'kind'>): Promise<Record<string, unknown>[]> {
  return one(ctx, { kind: 'aggregate', ...request }) as Promise<Record<string, unknown>[]>;
}

/**
 * The ids of the live records of `object` the caller may read (or, `mode: 'write'`, change) among
 * `ids` and/or matching `filter`: the targets of a bulk change (locked, at most `limit`), the
 * records a lookup may name, the record a command runs on. Records the caller cannot see are left
 * out, unseen.
 */
export async function reachableIds(ctx: ReadContext, object: string, options: { ids?: readonly string[]; filter?: Record<string, unknown> | null; mode: AccessMode; limit?: number; lock?: boolean }): Promise<string[]> {
  const scope = new PlanScope(ctx.model, ctx.limits, ctx.security);
  const query = planIds(scope, object, options);
  const sql = compileIds(applyAccessToIds(query, ctx.model, ctx.security, options.mode));
  const { rows } = await ctx.db.query({ text: sql.text, values: sql.params as unknown[] });
  return rows.map((r) => (r as { id: string }).id);
}
