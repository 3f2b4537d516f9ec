import { getVariableValues, GraphQLError, type ExecutionResult, type FragmentDefinitionNode } from 'graphql';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { fromPostgresError, isPlatformError, type PlatformError } from '../../errors/index.ts';
import { limitsFrom } from '../../model/index.ts';
import { prepareRead, runPrepared } from '../../operations/index.ts';
import type { CompiledSql } from '../../query/index.ts';
import type { Platform } from '../../platform.ts';
import { admitOperation } from './admission.ts';
import { cachedDocument, operationOf } from './documents.ts';
import { compileTemplate, fillTemplate } from './plan-template.ts';
import { NotCompilable, operationReads } from './requests.ts';
import { tenantApi } from './schema-cache.ts';

interface ServerContext { req: ExpressRequest; res: ExpressResponse }

interface ParamsEvent {
  params: { query?: unknown; variables?: unknown; operationName?: unknown };
  request: Request;
  context: ServerContext;
  setResult(result: ExecutionResult): void;
}

const optional = (value: unknown, type: 'string' | 'object') => value === undefined || value === null || typeof value === type;

/** A result whose JSON is PostgreSQL's `data` text, sent as is: never parsed, never re-serialized. */
function compiledResult(text: string): ExecutionResult {
  const body = `{"data":${text}}`;
  return { data: null, stringify: () => body } as ExecutionResult;
}

/** A failed statement (a timeout, an outage) as the answer: typed, with 503 and Retry-After for an outage. */
function failedResult(error: PlatformError): ExecutionResult {
  const extensions: Record<string, unknown> = error.toExtensions();
  if (error.code === 'SERVICE_UNAVAILABLE') extensions.http = { status: 503, headers: { 'retry-after': String(error.extra.retryAfter ?? 2) } };
  return { data: null, errors: [new GraphQLError(error.message, { extensions })] };
}

/**
 * The compiled path for queries (Hasura's approach), as a graphql-yoga plugin: validated document
 * from cache → the read verb plans, scopes and compiles the operation ONCE per (document, caller's
 * security version) when it has no variables, else per request (or through a template) →
 * PostgreSQL builds the whole `data` JSON → yoga sends it, never parsed. It answers in `onParams`,
 * the first hook that has the request's parameters, so every plugin's onParams,
 * onExecutionResult and onResultProcess hooks see it; anything it does not handle (mutations,
 * introspection, invalid documents, refusals, traced requests) goes on to yoga's execution.
 * Runs after useWellFormedText; the caller's principal and security context come from
 * authentication (computed once per request).
 */
export function useCompiledReads(platform: Platform) {
  return {
    async onParams({ params, request, context, setResult }: ParamsEvent): Promise<void> {
      const req = context.req;
      const principal = req?.principal;
      const security = req?.security;
      // JSON bodies only: express read them and wellFormedBody checked their text (yoga's other ways in are checked by useWellFormedText).
      if (request.method !== 'POST' || !principal || !security || typeof params.query !== 'string' || (req.body as { query?: unknown } | undefined)?.query !== params.query || req.header('x-tessera-trace')) return;
      // Parameters of the wrong type are yoga's to refuse (400), not ours to ignore.
      if (!optional(params.operationName, 'string') || !optional(params.variables, 'object') || Array.isArray(params.variables)) return;
      try {
        const api = (req.tenantApi ??= tenantApi(await platform.schemas.get(principal.tenantId)));
        const doc = cachedDocument(api, params.query);
        if (doc.errors.length) return;
        const operationName = typeof params.operationName === 'string' ? params.operationName : undefined;
        const operation = operationOf(doc.document, operationName);
        if (!operation || operation.operation !== 'query') return;
        const limits = limitsFrom(principal.settings);
        const inputs = (params.variables ?? {}) as Record<string, unknown>;
        try {
          // Costed (and charged to the rate limit) before it is planned; a refusal is yoga's to answer, as for any operation.
          admitOperation({ model: api.model, doc, operation, operationName, variables: inputs, limits, principal, rateLimiter: platform.rateLimiter });
        } catch (error) {
          if (isPlatformError(error)) return;
          throw error;
        }
        context.res.locals.graphqlAdmitted = true;
        // The SQL depends on who asks (their visibility conditions): cached per user and security version.
        const cacheKey = `${security.bypass ? '*' : `${principal.userId}@${req.securityVersion}`}:${operationName ?? ''}`;
        const hasVariables = !!operation.variableDefinitions?.length;
        let compiled: CompiledSql | null | undefined = hasVariables ? undefined : (doc.compiled.get(cacheKey) as CompiledSql | null | undefined);
        if (compiled === null) return;
        // A template's variables are IDs and Strings only: values that fill it as given need no coercion.
        const template = hasVariables ? doc.templates.get(`${cacheKey}#template`) : undefined;
        if (compiled === undefined && template) compiled = fillTemplate(template, inputs);
        if (compiled === undefined) {
          const coerced = hasVariables ? getVariableValues(doc.schema, operation.variableDefinitions ?? [], inputs) : { coerced: {} };
          if ('errors' in coerced && coerced.errors) return;
          const variables = (coerced as { coerced: Record<string, unknown> }).coerced;
          const fragments = Object.fromEntries(doc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
          // The read verb checks rights, plans, scopes (row-level access) and compiles the operation's reads as one statement.
          const plan = (values: Record<string, unknown>) => prepareRead({ model: api.model, limits, security }, operationReads({ schema: doc.schema, model: api.model, fragments, variables: values }, operation)).sql;
          if (hasVariables) {
            // Variables that only carry values (an id, a name) get SQL compiled once per document and user.
            const key = `${cacheKey}#template`;
            let template = doc.templates.get(key);
            if (template === undefined) {
              template = compileTemplate(operation, plan);
              doc.templates.set(key, template);
            }
            if (template) compiled = fillTemplate(template, variables);
          }
          if (!compiled) {
            try {
              compiled = plan(variables);
            } catch (error) {
              if (error instanceof NotCompilable && !hasVariables) doc.compiled.set(cacheKey, null);
              return;
            }
            if (!hasVariables) doc.compiled.set(cacheKey, compiled);
          }
        }
        try {
          setResult(compiledResult(await runPrepared({ db: platform.pool, limits }, { sql: compiled })));
        } catch (error) {
          // A failed execution (a statement timeout, say) is answered here: running it again through
          // yoga would only double its cost.
          const mapped = isPlatformError(error) ? error : fromPostgresError(error);
          if (!mapped) throw error;
          setResult(failedResult(mapped));
        }
      } catch (error) {
        if (isPlatformError(error)) return;
        throw error;
      }
    },
  };
}
