import type { GraphQLResolveInfo } from 'graphql';
import type pg from 'pg';
import { traceStep } from '../../operations/trace.ts';
import { logScriptFailure } from '../../scripts/service.ts';
import type { ObjectModel } from '../../model/model.ts';
import { apiNames, type RootMeaning } from '../api-names.ts';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { qualified, quoteIdent } from '../../storage/sql/quote.ts';
import { fromPostgresError, isPlatformError, PlatformError } from '../../errors/index.ts';
import { RECORDS_PER_TOKEN } from '../../auth/rate-limit.ts';
import {
  createRecords, deleteRecords, matchingIds, restoreRecord, updateMatching, updateRecord, upsertRecord, type OperationContext,
} from '../../operations/index.ts';
import { col, compileExpr, compileRead, param, SqlWriter, type Expr, type ShapeEntry } from '../../query/index.ts';
import type { DataContext } from './context.ts';
import { filterConditions } from './plan/filters.ts';
import { limitExceeded, type ApiLimits } from '../../model/limits.ts';
import { RequestTransaction } from './request-transaction.ts';
import { planRootField } from './plan/read.ts';
import { PlanScope } from './plan/scope.ts';
import { recordEntries, type Walk } from './plan/selection.ts';
import { runRead, runReadWithin, type Queryable } from './run-read.ts';

function walkOf(ctx: DataContext, info: GraphQLResolveInfo): Walk {
  ctx.planScope ??= new PlanScope(ctx.model, ctx.limits, ctx.security);
  return { schema: info.schema, scope: ctx.planScope, fragments: info.fragments, variables: info.variableValues };
}

async function readEntry(db: Queryable, entry: ShapeEntry): Promise<unknown> {
  const text = await runRead(db, compileRead({ entries: [entry] }));
  return (JSON.parse(text) as Record<string, unknown>)[entry.key];
}

/**
 * A root query field when graphql-js executes the operation (the fallback path: introspection in
 * the same document, errors): the field alone is compiled to one SQL statement.
 */
export async function resolveRootRead(_root: unknown, _args: unknown, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  const entry = planRootField(walkOf(ctx, info), info.path.key as string, info.fieldNodes);
  const text = await traceStep(ctx.tracer, { step: 'read', object: String(info.fieldName), records: 0 }, () => {
    ctx.tracer?.countQuery();
    return runReadWithin(ctx.platform.pool, compileRead({ entries: [entry] }), ctx.limits.statementTimeoutMs);
  });
  return (JSON.parse(text) as Record<string, unknown>)[entry.key];
}

/** Reads back, in the mutation's transaction, the records it wrote, shaped by its selection. */
async function readBack(ctx: DataContext, info: GraphQLResolveInfo, db: Queryable, objectName: string, ids: string[], options: { list: boolean; includeDeleted?: boolean }): Promise<unknown> {
  const walk = walkOf(ctx, info);
  const object = ctx.model.objects.get(objectName)!;
  const source = walk.scope.source(objectName);
  const where: Expr[] = [{ kind: 'in', expr: col(source.alias, 'id'), list: param(ids, 'uuid[]'), negated: false }];
  where.push(...walk.scope.visible(source, 'read', { includeDeleted: options.includeDeleted }));
  const entries = recordEntries(walk, object, source, info.fieldNodes, 1);
  const key = info.path.key as string;
  if (!options.list) return readEntry(db, { key, shape: { kind: 'record', from: source, where, entries } });
  const rows = (await readEntry(db, { key, shape: { kind: 'list', from: source, where, orderBy: [], entries: [...entries, { key: '__id', shape: { kind: 'value', sql: { alias: source.alias, columns: ['id'], render: (c) => c[0] } } }] } })) as Record<string, unknown>[];
  const byId = new Map(rows.map(({ __id, ...record }) => [__id as string, record]));
  return ids.map((id) => byId.get(id)).filter(Boolean);
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const actionValidators = new WeakMap<object, ValidateFunction>();

/** Checks an action's input against the JSON Schema its script declares: VALIDATION_FAILED with a pointer per problem. */
function checkActionInput(schema: Record<string, unknown> | undefined, input: unknown): void {
  if (!schema) return;
  let validate = actionValidators.get(schema);
  if (!validate) {
    try { validate = ajv.compile(schema); } catch (error) {
      throw new PlatformError('INTERNAL', `The action's input schema does not compile: ${(error as Error).message}`);
    }
    actionValidators.set(schema, validate);
  }
  if (validate(input === undefined ? null : input)) return;
  const details = (validate.errors ?? []).map((e) => ({ pointer: `/input${e.instancePath}`, message: e.message ?? 'invalid' }));
  throw new PlatformError('VALIDATION_FAILED', `${details[0]?.pointer ?? '/input'}: ${details[0]?.message ?? 'invalid'}`, { details });
}

/**
 * Every generated mutation: one operation of the save pipeline, then a read-back, in the request's
 * transaction (all its root mutations share it: `request-transaction.ts`). Once a mutation of the
 * request has failed, the ones after it do not run (the transaction will be rolled back anyway).
 * Its steps are traced; a failure keeps its trace in the failures log that admins query.
 */
export async function resolveMutation(root: unknown, args: Record<string, any>, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  if (ctx.transaction?.failed) return null;
  try {
    return await runMutation(root, args, ctx, info);
  } catch (error) {
    if (ctx.transaction) ctx.transaction.failed = true;
    const e = error as { code?: string; message?: string; details?: unknown };
    if (ctx.tracer?.steps.length) {
      void logScriptFailure(ctx.platform.pool, { tenantId: ctx.principal.tenantId, code: e.code ?? 'INTERNAL', message: `${info.fieldName}: ${e.message ?? 'failed'}`, details: e.details, trace: ctx.tracer.steps, userId: ctx.principal.userId });
    }
    throw error;
  }
}

async function runMutation(_root: unknown, args: Record<string, any>, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  const root = apiNames(ctx.model).mutations.get(info.fieldName);
  if (!root) throw new PlatformError('NOT_FOUND', `Unknown mutation ${info.fieldName}`);
  const object = ctx.model.objects.get(root.object)!;
  if (args.id !== undefined) checkId(args.id, '/id');
  // Outside a request (no yoga execution around it): a transaction of its own.
  const tx = ctx.transaction ?? new RequestTransaction(ctx.platform.pool, ctx.limits.statementTimeoutMs, ctx.tracer);
  try {
    return await tx.run((db) => mutationIn(db, args, ctx, info, object, root, tx));
  } finally {
    if (!ctx.transaction) {
      const failedCommit = await tx.finish(!tx.failed);
      if (failedCommit) throw fromPostgresError(failedCommit) ?? failedCommit;
    }
  }
}

/**
 * A filter-based bulk change was costed as one record before it ran (nobody knew how many its
 * filter would reach): the records it did change are charged now, to the buckets' debit.
 */
function chargeRows(ctx: DataContext, rows: number): void {
  ctx.platform.rateLimiter.debit(ctx.principal, Math.floor(rows / RECORDS_PER_TOKEN));
}

/** Whether the live record `id` is one the caller may read, under their security (row-level access included). */
async function visibleToCaller(db: pg.PoolClient, ctx: DataContext, object: ObjectModel, id: string): Promise<boolean> {
  const scope = new PlanScope(ctx.model, ctx.limits, ctx.security);
  if (!scope.canRead(object.name)) return false;
  const source = scope.source(object.name);
  const w = new SqlWriter();
  const where: Expr[] = [{ kind: 'compare', op: '=', left: col(source.alias, 'id'), right: param(id, 'uuid') }, ...scope.visible(source)];
  const { rowCount } = await db.query(`select 1 from ${qualified(ctx.model.schema, object.catalog.tableName)} ${quoteIdent(source.alias)} where ${where.map((e) => compileExpr(w, e)).join(' and ')}`, w.params);
  return (rowCount ?? 0) > 0;
}

/**
 * The request's remaining budget of rows (maxRowsPerRequest less what its earlier mutations wrote)
 * becomes this operation's batch limit, so that a bulk change past it is refused before it writes.
 */
function opLimits(ctx: DataContext, tx: RequestTransaction): ApiLimits {
  const remaining = ctx.limits.maxRowsPerRequest - tx.rowsWritten;
  if (remaining <= 0) throw limitExceeded('maxRowsPerRequest', tx.rowsWritten + 1, ctx.limits.maxRowsPerRequest, 'The request writes too many records');
  return remaining < ctx.limits.maxBatchSize ? { ...ctx.limits, maxBatchSize: remaining } : ctx.limits;
}

/** Counts what a mutation wrote against the request's rows; a refusal of the narrowed batch limit is told as the request's. */
async function counted<T extends { length: number } | { count: number }>(ctx: DataContext, tx: RequestTransaction, limits: ApiLimits, work: () => Promise<T>): Promise<T> {
  let result: T;
  try {
    result = await work();
  } catch (error) {
    if (limits !== ctx.limits && isPlatformError(error) && error.code === 'LIMIT_EXCEEDED' && error.extra.limit === 'maxBatchSize') {
      throw limitExceeded('maxRowsPerRequest', tx.rowsWritten + Number(error.extra.value ?? 0), ctx.limits.maxRowsPerRequest, 'The request writes too many records');
    }
    throw error;
  }
  tx.rowsWritten += 'length' in result ? result.length : result.count;
  return result;
}

async function mutationIn(db: pg.PoolClient, args: Record<string, any>, ctx: DataContext, info: GraphQLResolveInfo, object: ObjectModel, root: RootMeaning, tx: RequestTransaction): Promise<unknown> {
  {
    const limits = opLimits(ctx, tx);
    const op: OperationContext = { principal: ctx.principal, model: ctx.model, limits, db, via: ctx.via, pipeline: ctx.pipeline, depth: 0, security: ctx.security, usage: tx.usage, tracer: ctx.tracer };
    const write = <T extends { length: number } | { count: number }>(work: () => Promise<T>) => counted(ctx, tx, limits, work);
    // Bulk changes reach only the records the caller may change; the others are left alone, unseen.
    const whereOf = (filter: Record<string, unknown>) => {
      const scope = new PlanScope(ctx.model, ctx.limits, ctx.security);
      const source = scope.source(object.name);
      return { alias: source.alias, where: [...scope.visible(source, 'write'), ...filterConditions(scope, object, source, filter)] };
    };
    switch (root.kind) {
      case 'action': {
        const script = ctx.model.scripts.find((s) => s.name === root.script);
        if (!script || !ctx.platform.scripting) throw new PlatformError('NOT_FOUND', `The action ${info.fieldName} is not available`);
        checkActionInput(root.input, args.input ?? null);
        // The record must be one the caller may read (their row-level access): an action never runs on a record they cannot see.
        if (!(await visibleToCaller(db, ctx, object, args.id))) throw new PlatformError('NOT_FOUND', `No ${object.name} with id ${args.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
        return ctx.platform.scripting.runAction(op, script, object.name, root.action, { id: args.id, input: args.input ?? null });
      }
      case 'createOne': {
        const [id] = await write(() => createRecords(op, object, [args.data], () => '/data'));
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      case 'createMany': {
        const ids = await write(() => createRecords(op, object, args.data));
        return readBack(ctx, info, db, object.name, ids, { list: true });
      }
      case 'updateOne': {
        const [id] = await write(async () => [await updateRecord(op, object, args.id, args.data, args.expectedUpdatedAt)]);
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      case 'updateMany': {
        const { alias, where } = whereOf(args.filter);
        const ids = await write(() => updateMatching(op, object, alias, where, args.data));
        chargeRows(ctx, ids.length);
        return { count: ids.length, ids };
      }
      case 'deleteOne': {
        // The object right first: without it every id is FORBIDDEN alike, so the answer does not tell which ids exist.
        if (ctx.security && !ctx.security.bypass && !ctx.security.object(object.name).delete) throw new PlatformError('FORBIDDEN', `You may not delete ${object.name} records`, { extensions: { object: object.name, permission: 'delete' } });
        // The record must be one the caller may read (their row-level access): an action never runs on a record they cannot see.
        if (!(await visibleToCaller(db, ctx, object, args.id))) throw new PlatformError('NOT_FOUND', `No ${object.name} with id ${args.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
        await write(async () => { await deleteRecords(op, object, [args.id]); return [args.id]; });
        return readBack(ctx, info, db, object.name, [args.id], { list: false, includeDeleted: true });
      }
      case 'deleteMany': {
        const { alias, where } = whereOf(args.filter);
        const ids = await write(async () => {
          const matched = await matchingIds(op, object, alias, where);
          await deleteRecords(op, object, matched);
          return matched;
        });
        chargeRows(ctx, ids.length);
        return { count: ids.length, ids };
      }
      case 'restoreOne': {
        await write(async () => { await restoreRecord(op, object, args.id); return [args.id]; });
        return readBack(ctx, info, db, object.name, [args.id], { list: false });
      }
      case 'upsertOne': {
        const [id] = await write(async () => [await upsertRecord(op, object, args.match, args.data)]);
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      default:
        throw new PlatformError('NOT_FOUND', `Unknown mutation ${info.fieldName}`);
    }
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function checkId(id: unknown, pointer: string): void {
  if (typeof id !== 'string' || !UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not a record id (a UUID)`, { details: [{ pointer, message: 'is not a UUID' }] });
}
