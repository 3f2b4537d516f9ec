import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { PlatformError } from '../errors/index.ts';
import type { CommandModel, ObjectModel } from '../model/index.ts';
import type { Filter } from '../query/index.ts';
import type { CommandRunner, OperationContext, WriteOptions } from './context.ts';
import { createRecords } from './create.ts';
import { deleteRecords, restoreRecord } from './delete.ts';
import { aggregate, find, get, getMany, reachableIds } from './read.ts';
import { search } from './search.ts';
import { matchingIds, updateMatching, updateRecord } from './update.ts';
import { upsertRecord } from './upsert.ts';

/**
 * The verbs every transport calls (GraphQL resolvers and its compiled path, scripts' LocalApi, later
 * HTTP routes, workflows and imports), each checking the caller's rights itself: reads through the
 * planner and the access transform (operations/read.ts), writes through the save pipeline, whose
 * permission step (operations/permissions.ts) checks object, field and record rights before any
 * SQL writes. Transports add only what is theirs (argument shapes, request budgets, answers).
 */

/** Whether the caller may see the live record `id` (their row-level access included). */
async function visible(ctx: OperationContext, object: ObjectModel, id: string): Promise<boolean> {
  if (ctx.security && !ctx.security.object(object.name).read) return false;
  return (await reachableIds(ctx, object.name, { ids: [id], mode: 'read' })).length > 0;
}

const notFound = (object: ObjectModel, id: string) => new PlatformError('NOT_FOUND', `No ${object.name} with id ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `create`: records, atomically; their ids in input order. */
export function create(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[], pointer?: (i: number) => string, options?: WriteOptions): Promise<string[]> {
  return createRecords(ctx, object, records, pointer, options);
}

/** `update`: one record (refused CONFLICT when it changed since `expectedUpdatedAt`), or every one matching a filter that the caller may change. */
export async function update(ctx: OperationContext, object: ObjectModel, target: { id: string; expectedUpdatedAt?: string | null } | { filter: Filter }, data: Record<string, unknown>, options?: WriteOptions): Promise<string[]> {
  if ('filter' in target) return updateMatching(ctx, object, target.filter, data, options);
  return [await updateRecord(ctx, object, target.id, data, target.expectedUpdatedAt, options)];
}

/** `delete`: one record (soft), or every one matching a filter that the caller may change; cascades as the lookups say. */
export async function remove(ctx: OperationContext, object: ObjectModel, target: { id: string } | { filter: Filter }): Promise<string[]> {
  if ('filter' in target) {
    const ids = await matchingIds(ctx, object, target.filter);
    await deleteRecords(ctx, object, ids);
    return ids;
  }
  // The object right first: without it every id is FORBIDDEN alike, so the answer does not tell which ids exist.
  if (ctx.security && !ctx.security.bypass && !ctx.security.object(object.name).delete) throw new PlatformError('FORBIDDEN', `You may not delete ${object.name} records`, { extensions: { object: object.name, permission: 'delete' } });
  // The record must be one the caller may read (their row-level access): a delete never reaches a record they cannot see.
  if (!(await visible(ctx, object, target.id))) throw notFound(object, target.id);
  await deleteRecords(ctx, object, [target.id]);
  return [target.id];
}

/** `restore`: a soft-deleted record and what its deletion cascaded to. */
export function restore(ctx: OperationContext, object: ObjectModel, id: string): Promise<string> {
  return restoreRecord(ctx, object, id);
}

/** `upsert`: updates the live record a unique field (or the id) matches, else creates it. */
export function upsert(ctx: OperationContext, object: ObjectModel, match: Record<string, unknown>, data: Record<string, unknown>, options?: WriteOptions): Promise<string> {
  return upsertRecord(ctx, object, match, data, options);
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
const inputValidators = new WeakMap<object, ValidateFunction>();

function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  let validate = inputValidators.get(schema);
  if (!validate) {
    try { validate = ajv.compile(schema); } catch (error) {
      throw new PlatformError('INTERNAL', `The command's input schema does not compile: ${(error as Error).message}`);
    }
    inputValidators.set(schema, validate);
  }
  return validate;
}

/** Whether a command needs an `input`: it declares a schema that an empty object does not satisfy. */
export function commandInputRequired(schema: Record<string, unknown> | undefined): boolean {
  if (!schema) return false;
  try { return !validatorOf(schema)({}); } catch { return true; }
}

/** Checks a command's or query's input against the JSON Schema it declares: VALIDATION_FAILED with a pointer per problem. */
export function checkInput(schema: Record<string, unknown> | undefined, input: unknown): void {
  if (!schema) return;
  const validate = validatorOf(schema);
  if (validate(input)) return;
  const details = (validate.errors ?? []).map((e) => ({ pointer: `/input${e.instancePath}`, message: e.message ?? 'invalid' }));
  throw new PlatformError('VALIDATION_FAILED', `${details[0]?.pointer ?? '/input'}: ${details[0]?.message ?? 'invalid'}`, { details });
}

/**
 * `runCommand`: a command on one record. The caller needs the command's capability, the object
 * right its access asks for (read, or update for `write`), and the record among those they may read
 * (or change): a record they cannot reach is NOT_FOUND, never told apart from one that does not
 * exist. The input is checked against the command's schema (left out, it is `{}` when the schema
 * requires nothing). What the command writes goes through the verbs with the caller's rights, in the
 * caller's transaction; `run` (default: the context's runner) dispatches to its provider.
 */
export async function runCommand(ctx: OperationContext, object: ObjectModel, command: CommandModel, args: { id: string; input?: unknown }, run: CommandRunner | undefined = ctx.commands): Promise<unknown> {
  if (!run) throw new PlatformError('NOT_FOUND', `The command ${command.name} on ${object.name} is not available on this server`);
  const rights = ctx.security && !ctx.security.bypass ? ctx.security : undefined;
  if (rights && command.capability && !rights.capabilities.has(command.capability)) {
    throw new PlatformError('FORBIDDEN', `The command ${command.name} needs the ${command.capability} capability`, { extensions: { capability: command.capability } });
  }
  const permission = command.permission ?? (command.access === 'write' ? 'update' : 'read');
  if (rights && !rights.object(object.name)[permission]) {
    throw new PlatformError('FORBIDDEN', `You may not ${permission} ${object.name} records`, { extensions: { object: object.name, permission } });
  }
  const input = args.input ?? (command.input && !commandInputRequired(command.input) ? {} : null);
  checkInput(command.input, input);
  if (typeof args.id !== 'string' || !UUID.test(args.id) || !(await reachableIds(ctx, object.name, { ids: [args.id], mode: command.access })).length) throw notFound(object, String(args.id));
  return run(ctx, object, command, { id: args.id, input: command.input ? input : (args.input ?? null) });
}

/** The verbs by name (`delete` is a reserved word as a function name). */
export const verbs = { find, get, getMany, aggregate, search, create, update, delete: remove, restore, upsert, runCommand };
