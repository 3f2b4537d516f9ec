import { GraphQLError, GraphQLID, GraphQLNonNull, GraphQLObjectType, GraphQLScalarType, GraphQLSchema, GraphQLString, parse, subscribe, validate, type DocumentNode, type ExecutionResult, type OperationDefinitionNode } from 'graphql';
import type { Logger } from 'pino';
import type { Principal } from '../../auth/index.ts';
import { maskError } from '../errors.ts';
import type { Platform } from '../../platform.ts';
import type { SecurityContext } from '../../security/model.ts';
import type { LiveHub } from './hub.ts';
import { openRecordChanges, type LiveLimits } from './subscription.ts';

export interface LiveContext {
  platform: Platform;
  hub: LiveHub;
  principal: Principal;
  security: SecurityContext;
  limits?: LiveLimits;
  logger?: Logger;
}

const JSONValue = new GraphQLScalarType({ name: 'JSON', description: 'Any JSON value.', serialize: (v) => v, parseValue: (v) => v });

const RecordChangedType = new GraphQLObjectType({
  name: 'RecordChanged',
  description: 'A committed change of a record the subscriber may read: the changed fields it may read, and the record now.',
  fields: {
    object: { type: new GraphQLNonNull(GraphQLString) },
    id: { type: new GraphQLNonNull(GraphQLID) },
    kind: { type: new GraphQLNonNull(GraphQLString), description: 'create, update, delete or restore.' },
    changes: { type: new GraphQLNonNull(JSONValue), description: '[{field, before, after}] of the fields the subscriber may read.' },
    record: { type: JSONValue, description: 'The record as the subscriber may read it (null for a delete).' },
    at: { type: new GraphQLNonNull(GraphQLString) },
  },
});

/**
 * The subscription root of `/graphql` (graphql-ws on the WebSocket, and SSE): `recordChanged(object,
 * filter)`. A schema of its own, beside the tenant's generated one: it does not depend on the
 * tenant's objects (the object is an argument, checked when subscribing), so one schema serves all.
 */
export const liveSchema = new GraphQLSchema({
  query: new GraphQLObjectType({ name: 'Query', fields: { liveSubscriptions: { type: GraphQLString, resolve: () => 'recordChanged' } } }),
  subscription: new GraphQLObjectType({
    name: 'Subscription',
    fields: {
      recordChanged: {
        type: new GraphQLNonNull(RecordChangedType),
        args: { object: { type: new GraphQLNonNull(GraphQLString) }, filter: { type: JSONValue } },
        subscribe: (_root, args: { object: string; filter?: unknown }, ctx: LiveContext) =>
          openRecordChanges(ctx.platform, ctx.hub, ctx, args, { limits: ctx.limits, logger: ctx.logger }),
        resolve: (payload: unknown) => payload,
      },
    },
  }),
});

/** The operation a document runs (by name when given): is it a subscription? */
export function operationOf(document: DocumentNode, operationName?: string | null): OperationDefinitionNode | undefined {
  const ops = document.definitions.filter((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition');
  return operationName ? ops.find((o) => o.name?.value === operationName) : ops.length === 1 ? ops[0] : undefined;
}

/** Whether a request's text is a subscription (cheap test first: most documents never say the word). */
export function isSubscription(query: unknown, operationName?: unknown): boolean {
  if (typeof query !== 'string' || !/\bsubscription\b/.test(query)) return false;
  try {
    return operationOf(parse(query), typeof operationName === 'string' ? operationName : null)?.operation === 'subscription';
  } catch {
    return false;
  }
}

/** Errors as the API answers them: typed codes and pointers, internals masked. */
export const liveErrors = (errors: readonly GraphQLError[], logger?: Logger) => errors.map((e) => maskError(e, 'Unexpected error', (err) => logger?.error({ err }, 'live subscription error')) as GraphQLError);

/**
 * Parses, validates and subscribes: an async iterator of results, or one result with errors (a bad
 * document, an unknown object, a bad filter, a limit), errors typed as the API's.
 */
export async function subscribeLive(ctx: LiveContext, request: { query: string; variables?: Record<string, unknown> | null; operationName?: string | null }): Promise<AsyncIterableIterator<ExecutionResult> | ExecutionResult> {
  let document: DocumentNode;
  try { document = parse(request.query); } catch (e) { return { errors: liveErrors([e as GraphQLError]) }; }
  const invalid = validate(liveSchema, document);
  if (invalid.length) return { errors: liveErrors(invalid) };
  const result = await subscribe({ schema: liveSchema, document, contextValue: ctx, variableValues: request.variables ?? undefined, operationName: request.operationName ?? undefined });
  if (Symbol.asyncIterator in result) return result;
  return { ...result, errors: result.errors && liveErrors(result.errors, ctx.logger) };
}
