import type { GraphQLResolveInfo } from 'graphql';
import type pg from 'pg';
import { traceStep } from '../../operations/trace.ts';
import { logScriptFailure } from '../../scripts/service.ts';
import type { ApiLimits, ObjectModel } from '../../model/index.ts';
import { limitExceeded } from '../../model/index.ts';
import { apiNames, type RootMeaning } from '../api-names.ts';
import { fromPostgresError, isPlatformError, PlatformError } from '../../errors/index.ts';
import { RECORDS_PER_TOKEN } from '../../auth/rate-limit.ts';
import { create, expressionContext, getMany, inTransaction, read, remove, restore, runCommand, update, upsert, type OperationContext, type ReadContext } from '../../operations/index.ts';
import type { DataContext } from './context.ts';
import { RequestTransaction } from './request-transaction.ts';
import { nodeRead, recordSelect, rootRead, type Walk } from './requests.ts';
import { NODE_TYPE } from './node.ts';
import { mergeRecords } from '../../duplicates/merge.ts';

function walkOf(ctx: DataContext, info: GraphQLResolveInfo): Walk {
  return { schema: info.schema, model: ctx.model, fragments: info.fragments, variables: info.variableValues };
}

/** The request's reads share one cost budget (maxCost covers the whole operation, as on the compiled path). */
function readContext(ctx: DataContext, db: ReadContext['db']): ReadContext {
  ctx.readBudget ??= { cost: 0 };
  return { model: ctx.model, limits: ctx.limits, security: ctx.security, db, budget: ctx.readBudget, expressions: expressionContext(ctx.platform.clock, ctx.principal.settings) };
}

/**
 * A root query field when graphql-js executes the operation (the fallback path: introspection in
 * the same document, errors): the field alone is read by the read verb, as one SQL statement.
 */
export async function resolveRootRead(_root: unknown, _args: unknown, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  const key = info.path.key as string;
  const node = info.fieldName === 'node' ? nodeRead(walkOf(ctx, info), key, info.fieldNodes, true) : undefined;
  const root = node?.root ?? rootRead(walkOf(ctx, info), key, info.fieldNodes);
  const text = await traceStep(ctx.tracer, { step: 'read', object: String(info.fieldName), records: 0 }, () => {
    ctx.tracer?.countQuery();
    return read(readContext(ctx, ctx.platform.pool), [root]);
  });
  const value = (JSON.parse(text) as Record<string, unknown>)[root.key];
  if (!node?.typeKey || !value || typeof value !== 'object') return value;
  // The record's type name moves from its key to a symbol, where `Node` resolves it (node.ts).
  const { [node.typeKey]: typeName, ...record } = value as Record<string, unknown>;
  return Object.assign(record, { [NODE_TYPE]: typeName });
}

/** A plugin's query: its code runs as the caller (their rights, through the verbs) in a read-only transaction of its own. */
export async function resolvePluginQuery(_root: unknown, args: Record<string, unknown>, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  return traceStep(ctx.tracer, { step: 'query', object: info.fieldName, records: 0 }, () => inTransaction(ctx.platform.pool, ctx.limits.statementTimeoutMs, async (db) => {
    await db.query('set transaction read only');
    const op: OperationContext = { principal: ctx.principal, model: ctx.model, limits: ctx.limits, db, via: ctx.via, pipeline: ctx.pipeline, depth: 0, security: ctx.security, tracer: ctx.tracer, commands: ctx.platform.plugins.run };
    return ctx.platform.plugins.runQuery(info.fieldName, op, pluginInput(ctx, info.fieldName, 'query', args));
  }));
}

/** A plugin root field's input: its typed arguments as an object (those given), or its `input`. */
function pluginInput(ctx: DataContext, name: string, operation: 'query' | 'mutation', args: Record<string, unknown>): unknown {
  const model = ctx.model.queries.find((q) => q.name === name && (q.operation ?? 'query') === operation);
  if (!model?.args) return args.input ?? undefined;
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined && v !== null));
}

/** A plugin's root mutation: as the caller, in the request's write transaction (all its root mutations share it). */
export async function resolvePluginMutation(_root: unknown, args: Record<string, unknown>, ctx: DataContext, info: GraphQLResolveInfo): Promise<unknown> {
  if (ctx.transaction?.failed) return null;
  const tx = ctx.transaction ?? new RequestTransaction(ctx.platform.pool, ctx.limits.statementTimeoutMs, ctx.tracer);
  try {
    return await traceStep(ctx.tracer, { step: 'mutation', object: info.fieldName, records: 0 }, () => tx.run((db) => {
      const op: OperationContext = { principal: ctx.principal, model: ctx.model, limits: ctx.limits, db, via: ctx.via, pipeline: ctx.pipeline, depth: 0, security: ctx.security, usage: tx.usage, tracer: ctx.tracer, commands: ctx.platform.plugins.run };
      return ctx.platform.plugins.runQuery(info.fieldName, op, pluginInput(ctx, info.fieldName, 'mutation', args), 'mutation');
    }));
  } catch (error) {
    tx.failed = true;
    throw error;
  } finally {
    if (!ctx.transaction) {
      const failedCommit = await tx.finish(!tx.failed);
      if (failedCommit) throw fromPostgresError(failedCommit) ?? failedCommit;
    }
  }
}

/** Reads back, in the mutation's transaction, the records it wrote, shaped by its selection. */
async function readBack(ctx: DataContext, info: GraphQLResolveInfo, db: pg.PoolClient, objectName: string, ids: string[], options: { list: boolean; includeDeleted?: boolean }): Promise<unknown> {
  const object = ctx.model.objects.get(objectName)!;
  const select = recordSelect(walkOf(ctx, info), object, info.fieldNodes);
  const byId = await getMany(readContext(ctx, db), { object: objectName, ids, select, includeDeleted: options.includeDeleted });
  if (!options.list) return byId.get(ids[0]) ?? null;
  return ids.map((id) => byId.get(id)).filter(Boolean);
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
    const op: OperationContext = { principal: ctx.principal, model: ctx.model, limits, db, via: ctx.via, pipeline: ctx.pipeline, depth: 0, security: ctx.security, usage: tx.usage, tracer: ctx.tracer, commands: ctx.platform.plugins.run };
    const write = <T extends { length: number } | { count: number }>(work: () => Promise<T>) => counted(ctx, tx, limits, work);
    const options = { allowDuplicates: args.allowDuplicates === true };
    // Each root mutation is one verb (operations/verbs.ts), which checks the caller's rights itself.
    switch (root.kind) {
      case 'command':
        return runCommand(op, object, root.command, { id: args.id, input: args.input ?? undefined });
      case 'createOne': {
        const [id] = await write(() => create(op, object, [args.data], () => '/data', options));
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      case 'createMany': {
        const ids = await write(() => create(op, object, args.data, undefined, options));
        return readBack(ctx, info, db, object.name, ids, { list: true });
      }
      case 'updateOne': {
        const [id] = await write(() => update(op, object, { id: args.id, expectedUpdatedAt: args.expectedUpdatedAt }, args.data, options));
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      case 'updateMany': {
        const ids = await write(() => update(op, object, { filter: args.filter }, args.data, options));
        chargeRows(ctx, ids.length);
        return { count: ids.length, ids };
      }
      case 'deleteOne': {
        await write(() => remove(op, object, { id: args.id }));
        return readBack(ctx, info, db, object.name, [args.id], { list: false, includeDeleted: true });
      }
      case 'deleteMany': {
        const ids = await write(() => remove(op, object, { filter: args.filter }));
        chargeRows(ctx, ids.length);
        return { count: ids.length, ids };
      }
      case 'restoreOne': {
        await write(async () => [await restore(op, object, args.id)]);
        return readBack(ctx, info, db, object.name, [args.id], { list: false });
      }
      case 'upsertOne': {
        const [id] = await write(async () => [await upsert(op, object, args.match, args.data, options)]);
        return readBack(ctx, info, db, object.name, [id], { list: false });
      }
      case 'mergeOne': {
        const merged = await write(async () => [await mergeRecords(op, object, { masterId: args.masterId, duplicateIds: args.duplicateIds, fieldChoices: args.fieldChoices ?? undefined })]);
        return readBack(ctx, info, db, object.name, [merged[0].id], { list: false });
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
