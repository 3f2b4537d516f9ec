import { getOperationAST, GraphQLError, type DocumentNode, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { isPlatformError, type PlatformError } from '../../errors/index.ts';
import { documentError } from '../limits/errors.ts';
import { parseWithin } from '../limits/parse.ts';
import { checkDocumentShape } from '../limits/shape.ts';
import { admitOperation } from './admission.ts';
import type { DataContext } from './context.ts';
import { cachedDocument, type CachedDocument } from './documents.ts';
import type { TenantApi } from './schema-cache.ts';

/** A refusal before execution: a rate refusal is 429 with Retry-After; a document past a limit is a request error (like validation). */
export function refusalError(error: PlatformError): GraphQLError {
  const retryAfter = error.extra.retryAfter;
  if (retryAfter === undefined) return documentError(error);
  return new GraphQLError(error.message, { extensions: { ...error.toExtensions(), http: { status: 429, headers: { 'retry-after': String(retryAfter) } } } });
}

interface ParseEvent {
  context: { req?: { tenantApi?: TenantApi } };
  params: { source: unknown };
  extendContext(extension: Record<string, unknown>): void;
  setParsedDocument(document: DocumentNode): void;
  setParseFn(fn: () => DocumentNode): void;
}

/**
 * A yoga plugin: the same checks as the fast path for every operation yoga executes (mutations,
 * introspection, GET requests, traced requests, anything the fast path hands over).
 * - parse: the document comes from the tenant API's document cache, so it was parsed within bounds
 *   and its shape checked once; a refused document is refused here, before validation.
 * - execute: the operation is admitted (variables' nesting, cost, rate limit by cost) before any
 *   resolver runs — unless the fast path admitted it already for this request.
 */
export function useAdmission() {
  return {
    onParse({ context, params, extendContext, setParsedDocument, setParseFn }: ParseEvent) {
      const api = context.req?.tenantApi;
      if (!api) {
        setParseFn((() => { const document = parseWithin(String(params.source)); checkDocumentShape(document); return document; }) as never);
        return;
      }
      const doc = cachedDocument(api, String(params.source));
      if (doc.refused) {
        const refused = doc.refused;
        setParseFn(() => { throw refused; });
        return;
      }
      extendContext({ cachedDocument: doc });
      setParsedDocument(doc.document);
    },
    onExecute({ args, setResultAndStopExecution }: { args: ExecutionArgs; setResultAndStopExecution(result: ExecutionResult): void }) {
      const ctx = args.contextValue as DataContext;
      if (ctx.admitted) return;
      const operation = getOperationAST(args.document, args.operationName);
      if (!operation) return;
      const doc: Pick<CachedDocument, 'document' | 'costs'> = ctx.cachedDocument?.document === args.document ? ctx.cachedDocument : { document: args.document, costs: new Map() };
      try {
        admitOperation({
          model: ctx.model, doc, operation, operationName: args.operationName ?? undefined, variables: args.variableValues as Record<string, unknown> | undefined,
          limits: ctx.limits, principal: ctx.principal, rateLimiter: ctx.platform.rateLimiter,
        });
      } catch (error) {
        if (!isPlatformError(error)) throw error;
        setResultAndStopExecution({ errors: [refusalError(error)] });
      }
    },
  };
}
