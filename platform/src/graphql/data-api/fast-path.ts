import { getVariableValues } from 'graphql';
import type { NextFunction, Request, Response } from 'express';
import { fromPostgresError, isPlatformError } from '../../errors/index.ts';
import type { CompiledSql } from '../../query/index.ts';
import { prepareRead, runPrepared } from '../../operations/index.ts';
import type { Platform } from '../../platform.ts';
import { admitOperation } from './admission.ts';
import { cachedDocument, operationOf } from './documents.ts';
import { limitsFrom } from '../../model/limits.ts';
import { NotCompilable, operationReads } from './requests.ts';
import { tenantApi } from './schema-cache.ts';
import type { ModelCache } from '../../tenancy/model-cache.ts';
import { sendError } from '../../http/send-error.ts';
import { compileTemplate, fillTemplate } from './plan-template.ts';

interface GraphQLBody { query?: unknown; variables?: unknown; operationName?: unknown }

const optional = (value: unknown, type: 'string' | 'object') => value === undefined || value === null || typeof value === type;

/**
 * The compiled path for queries (Hasura's approach): validated document from cache → SQL compiled
 * once per (document, schema version) when it has no variables, else planned per request →
 * PostgreSQL builds the whole `data` JSON → sent as the body without being parsed. Anything it does
 * not handle (mutations, introspection, invalid documents, errors) goes on to graphql-yoga.
 */
export function graphqlFastPath(platform: Platform, schemas: ModelCache) {
  return async (req: Request, res: Response, next: NextFunction) => {
    const body = req.body as GraphQLBody | undefined;
    if (req.method !== 'POST' || !body || typeof body.query !== 'string' || !req.principal || req.header('x-tessera-trace')) return next();
    // Parameters of the wrong type are yoga's to refuse (400), not ours to ignore.
    if (!optional(body.operationName, 'string') || !optional(body.variables, 'object') || Array.isArray(body.variables)) return next();
    const accept = req.header('accept') ?? '';
    const mediaType = accept.includes('application/graphql-response+json') ? 'application/graphql-response+json' : accept === '' || accept.includes('json') || accept.includes('*/*') ? 'application/json' : undefined;
    if (!mediaType) return next();
    try {
      const api = tenantApi(await schemas.get(req.principal.tenantId));
      const doc = cachedDocument(api, body.query);
      if (doc.errors.length) return next();
      const operationName = typeof body.operationName === 'string' ? body.operationName : undefined;
      const operation = operationOf(doc.document, operationName);
      if (!operation || operation.operation !== 'query') return next();
      const limits = limitsFrom(req.principal.settings);
      const inputs = (body.variables ?? {}) as Record<string, unknown>;
      try {
        // Costed (and charged to the rate limit) before it is planned; a refusal is yoga's to answer, as for any operation.
        admitOperation({ model: api.model, doc, operation, operationName, variables: inputs, limits, principal: req.principal, rateLimiter: platform.rateLimiter });
      } catch (error) {
        if (isPlatformError(error)) return next();
        throw error;
      }
      res.locals.graphqlAdmitted = true;
      const tenantSecurity = await platform.security.get(req.principal.tenantId);
      const security = tenantSecurity.contextFor(req.principal.userId);
      // The SQL depends on who asks (their visibility conditions): cached per user and security version.
      const cacheKey = `${security.bypass ? '*' : `${req.principal.userId}@${tenantSecurity.version}`}:${operationName ?? ''}`;
      const hasVariables = !!operation.variableDefinitions?.length;
      let compiled: CompiledSql | null | undefined = hasVariables ? undefined : (doc.compiled.get(cacheKey) as CompiledSql | null | undefined);
      if (compiled === null) return next();
      if (compiled === undefined) {
        const coerced = hasVariables ? getVariableValues(doc.schema, operation.variableDefinitions ?? [], inputs) : { coerced: {} };
        if ('errors' in coerced && coerced.errors) return next();
        const variables = (coerced as { coerced: Record<string, unknown> }).coerced;
        const fragments = Object.fromEntries(doc.document.definitions.filter((d) => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
        // The read verb plans, scopes (row-level access) and compiles the operation's reads as one statement.
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
            return next();
          }
          if (!hasVariables) doc.compiled.set(cacheKey, compiled);
        }
      }
      let text: string;
      try {
        text = await runPrepared({ db: platform.pool, limits }, { sql: compiled });
      } catch (error) {
        // A failed execution (a statement timeout, say) is answered here: running it again through
        // the fallback would only double its cost.
        const mapped = isPlatformError(error) ? error : fromPostgresError(error);
        if (!mapped) throw error;
        if (mapped.code === 'SERVICE_UNAVAILABLE') return sendError(res, mapped);
        res.status(200).setHeader('content-type', `${mediaType}; charset=utf-8`);
        res.end(JSON.stringify({ errors: [{ message: mapped.message, extensions: mapped.toExtensions() }], data: null }));
        return;
      }
      res.status(200).setHeader('content-type', `${mediaType}; charset=utf-8`);
      res.end(`{"data":${text}}`);
    } catch (error) {
      if (isPlatformError(error)) return next();
      next(error);
    }
  };
}
