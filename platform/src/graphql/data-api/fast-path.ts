import { getVariableValues, type FragmentDefinitionNode } from 'graphql';
import type { Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { fromPostgresError, isPlatformError, type PlatformError } from '../../errors/index.ts';
import { limitsFrom } from '../../model/index.ts';
import { expressionContext, prepareRead, runPrepared } from '../../operations/index.ts';
import type { CompiledSql } from '../../query/index.ts';
import type { Platform } from '../../platform.ts';
import { admitOperation } from './admission.ts';
import { cachedDocument, operationOf } from './documents.ts';
import { compileTemplate, fillTemplate } from './plan-template.ts';
import { NotCompilable, operationReads } from './requests.ts';
import { tenantApi } from './schema-cache.ts';

interface ServerContext { req: ExpressRequest; res: ExpressResponse }

interface Params { query?: unknown; variables?: unknown; operationName?: unknown }

type RequestHandler = (request: Request, serverContext: ServerContext) => Response | Promise<Response>;

interface RequestEvent {
  request: Request;
  serverContext: ServerContext;
  fetchAPI: { Response: typeof Response };
  requestHandler: RequestHandler;
  setRequestHandler(handler: RequestHandler): void;
}

const optional = (value: unknown, type: 'string' | 'object') => value === undefined || value === null || typeof value === type;

/**
 * The compiled path for queries (Hasura's approach), as a graphql-yoga plugin: validated document
 * from cache → the read verb plans, scopes and compiles the operation ONCE per (document, caller's
 * security version) when it has no variables, else per request (or through a template) →
 * PostgreSQL builds the whole `data` JSON → sent as the body, never parsed.
 *
 * Its hook is onRequest, the cheapest one inside yoga (measured on the bench's read by id: answering
 * in onParams, after yoga's request parsing and before its result processing, cost about 75 µs of
 * server CPU per request more, for a request that costs ~160 µs): it sets the request handler, so
 * every plugin's onRequest hook sees the request first and every onResponse hook sees the answer;
 * anything it does not answer (mutations, introspection, invalid documents, refusals, traced
 * requests, bodies other than JSON) goes on to yoga's own handler. The caller's principal and
 * security context come from authentication (computed once per request).
 */
export function useCompiledReads(platform: Platform) {
  const answer = compiledAnswer(platform);
  return {
    onRequest({ request, serverContext, fetchAPI, requestHandler, setRequestHandler }: RequestEvent): void {
      const req = serverContext?.req;
      // JSON bodies only: express read them and wellFormedBody checked their text.
      if (!req || request.method !== 'POST' || !req.wellFormed || !req.body || typeof req.body !== 'object' || Array.isArray(req.body)) return;
      const accept = req.headers.accept ?? '';
      const mediaType = accept.includes('application/graphql-response+json') ? 'application/graphql-response+json' : accept === '' || accept.includes('json') || accept.includes('*/*') ? 'application/json' : undefined;
      if (!mediaType) return;
      // The request goes to this handler once every plugin's onRequest has seen it; what it does
      // not answer goes on to yoga's own handler (parse, validate, execute).
      setRequestHandler(async (request, context) => {
        let result: Awaited<ReturnType<typeof answer>>;
        try {
          result = await answer(req, serverContext.res, req.body as Params);
        } catch (error) {
          // The database went away before the statement (loading the tenant's model, say): 503 as
          // anywhere else; anything unexpected is yoga's to answer (and log).
          const mapped = isPlatformError(error) ? error : fromPostgresError(error);
          if (mapped?.code !== 'SERVICE_UNAVAILABLE') return requestHandler(request, context);
          result = { error: mapped };
        }
        if (!result) return requestHandler(request, context);
        const outage = result.error?.code === 'SERVICE_UNAVAILABLE';
        const headers: Record<string, string> = { 'content-type': `${mediaType}; charset=utf-8` };
        if (outage) headers['retry-after'] = String(result.error!.extra.retryAfter ?? 2);
        const body = result.text !== undefined ? `{"data":${result.text}}` : JSON.stringify({ errors: [{ message: result.error!.message, extensions: result.error!.toExtensions() }], data: null });
        return new fetchAPI.Response(body, { status: outage ? 503 : 200, headers });
      });
    },
  };
}

/** The compiled answer to a request's parameters: the data's JSON text, a failed statement's error, or undefined to leave it to yoga. */
function compiledAnswer(platform: Platform) {
  return async (req: ExpressRequest, res: ExpressResponse, params: Params): Promise<{ text?: string; error?: PlatformError } | undefined> => {
      const principal = req.principal;
      const security = req.security;
      if (!principal || !security || typeof params.query !== 'string' || req.headers['x-tessera-trace']) return;
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
        res.locals.graphqlAdmitted = true;
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
          const plan = (values: Record<string, unknown>) => prepareRead({ model: api.model, limits, security, expressions: expressionContext(platform.clock, principal.settings) }, operationReads({ schema: doc.schema, model: api.model, fragments, variables: values, verbatim: true }, operation)).sql;
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
            // A statement holding the clock's now (a formula with NOW or TODAY) is not reused.
            if (!hasVariables && !compiled.volatile) doc.compiled.set(cacheKey, compiled);
          }
        }
        try {
          return { text: await runPrepared({ db: platform.pool, limits, model: api.model }, { sql: compiled }) };
        } catch (error) {
          // A failed execution (a statement timeout, say) is answered here: running it again through
          // yoga would only double its cost.
          const mapped = isPlatformError(error) ? error : fromPostgresError(error);
          if (!mapped) throw error;
          return { error: mapped };
        }
      } catch (error) {
        if (isPlatformError(error)) return;
        throw error;
      }
  };
}
