import express, { type Request, type Response, type Router } from 'express';
import type { GraphQLSchema } from 'graphql';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { maskError, useClosedErrorCodes } from '../graphql/errors.ts';
import { useTrace } from '../graphql/data-api/trace-plugin.ts';
import { useAdmission } from '../graphql/data-api/admission-plugin.ts';
import { useRequestTransaction } from '../graphql/data-api/request-transaction-plugin.ts';
import { Tracer } from '../operations/trace.ts';
import type { DataContext } from '../graphql/data-api/context.ts';
import { useCompiledReads } from '../graphql/data-api/fast-path.ts';
import { cachedDocument } from '../graphql/data-api/documents.ts';
import { limitsFrom } from '../model/index.ts';
import { tenantApi, TenantApi } from '../graphql/data-api/schema-cache.ts';
import type { Platform } from '../platform.ts';
import { authenticate } from './authenticate.ts';
import { graphiqlAssets, GRAPHIQL_CSP, renderGraphiQL } from './graphiql.ts';
import { wellFormedBody } from './well-formed-body.ts';
import { useWellFormedText } from '../graphql/well-formed-text.ts';
import { graphqlBody } from './body.ts';
import { rateLimit } from './rate-limit.ts';
import { isSubscription, type LiveHub } from '../graphql/live/index.ts';
import { liveSse } from './live-route.ts';

type ServerContext = { req: Request; res: Response };

/** Yoga's own parse cache, emptied: documents come from each tenant API's bounded document cache (useAdmission). */
const NO_DOCUMENT_CACHE = { get: () => undefined, set: () => {} };

/** The schema yoga validates and executes a request against: the part of the API its document touches, or the whole API as the caller may see it. */
function schemaOf(req: Request, api: TenantApi): GraphQLSchema {
  const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
  const doc = typeof query === 'string' ? cachedDocument(api, query) : undefined;
  const schema = !doc || (doc.errors.length && !doc.schema) ? api.schema : doc.schema;
  if (schema !== api.schema) return schema;
  // The whole API (introspection): without the objects the caller may not read.
  const security = req.security!;
  return security.bypass ? schema : api.schemaReadableBy(new Set([...api.model.objects.keys()].filter((o) => security.object(o).read)));
}

/**
 * CORS as graphql-yoga's default (any origin echoed, credentials allowed, the requested method and
 * headers echoed; a preflight answered 204), done here so that yoga runs without its CORS plugin,
 * whose hooks cost every request. Without an Origin header (server-to-server calls) nothing is added.
 */
function yogaCors(req: Request, res: Response): boolean {
  const origin = req.headers.origin;
  if (origin !== undefined) {
    res.setHeader('Access-Control-Allow-Origin', origin);
    let vary = 'Origin';
    const method = req.headers['access-control-request-method'];
    if (method) res.setHeader('Access-Control-Allow-Methods', method);
    const headers = req.headers['access-control-request-headers'];
    if (headers) {
      res.setHeader('Access-Control-Allow-Headers', headers);
      vary += ', Access-Control-Request-Headers';
    }
    res.setHeader('Vary', vary);
    res.setHeader('Access-Control-Allow-Credentials', 'true');
  }
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, { 'Content-Length': '0' }).end();
  return true;
}

/**
 * `/graphql`: the tenant's generated data API, served by graphql-yoga. Queries are answered by the
 * compiled path, a yoga plugin (useCompiledReads); everything else (mutations, introspection,
 * errors) is executed by yoga over the same tenant schema. Both admit an operation the same way
 * before planning it (`data-api/admission.ts`); a mutation operation's root fields share one
 * transaction. Batched requests (a JSON array) are not accepted. `GET /graphql` from a browser
 * serves GraphiQL (the API key goes in its headers panel), its assets from `/graphiql/<version>/`.
 * `plugins`: more yoga plugins, after ours.
 */
export function graphqlRoute(platform: Platform, logger: Logger, options: { maxBodyBytes: number; plugins?: readonly object[]; live?: LiveHub }): Router {
  const yoga = createYoga<ServerContext, DataContext>({
    graphqlEndpoint: '/graphql',
    logging: false,
    landingPage: false,
    batching: false,
    multipart: false,
    maxRequestBodySize: options.maxBodyBytes,
    parserAndValidationCache: { documentCache: NO_DOCUMENT_CACHE as never, errorCache: NO_DOCUMENT_CACHE as never },
    // CORS is answered by yogaCors, as yoga's plugin would.
    cors: false,
    graphiql: { title: 'Tessera GraphQL', headers: JSON.stringify({ authorization: 'Bearer <api key>' }) },
    // GraphiQL's assets come from this server (graphiql.ts), not yoga's CDN: it works offline.
    renderGraphiQL,
    // useWellFormedText refuses ill-formed parameters before the compiled path sees them.
    plugins: [useClosedErrorCodes({ maxBodyBytes: options.maxBodyBytes }), useWellFormedText(), useCompiledReads(platform), useAdmission(), useRequestTransaction(), useTrace(), ...(options.plugins ?? [])] as never[],
    maskedErrors: { maskError: (error, message) => maskError(error, message, (e) => logger.error({ err: e }, 'data API error')) },
    // Synchronous when the tenant's model is cached and current (the common case): no promise per request.
    schema: ({ req }) => {
      const cached = req.tenantApi ?? platform.schemas.peek(req.principal!.tenantId);
      if (!cached) return platform.schemas.get(req.principal!.tenantId).then((entry) => schemaOf(req, tenantApi(entry)));
      return schemaOf(req, (req.tenantApi = cached instanceof TenantApi ? cached : tenantApi(cached)));
    },
    context: async ({ req, res }) => {
      req.tenantApi ??= tenantApi(await platform.schemas.get(req.principal!.tenantId));
      return {
        platform, principal: req.principal!, model: req.tenantApi.model, limits: limitsFrom(req.principal!.settings), pipeline: platform.pipeline, via: req.principal!.via, security: req.security!,
        tracer: new Tracer(), traceRequested: req.header('x-tessera-trace') === '1', admitted: res.locals.graphqlAdmitted === true,
      };
    },
  });
  const router = express.Router();
  router.use(graphiqlAssets());
  const browser = (req: Request) => req.method === 'GET' && (req.header('accept') ?? '').includes('text/html');
  const serve = (req: Request, res: Response) => { if (!yogaCors(req, res)) void yoga(req as never, res); };
  const graphiql = (req: Request, res: Response) => {
    res.setHeader('content-security-policy', GRAPHIQL_CSP);
    res.setHeader('x-content-type-options', 'nosniff');
    serve(req, res);
  };
  router.use('/graphql', (req, res, next) => (browser(req) ? graphiql(req, res) : next()));
  // A subscription (`recordChanged`) over SSE is served by the live feed; graphql-ws has the WebSocket (live-route.ts).
  const live = options.live;
  const route = (req: Request, res: Response) => {
    const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown> | undefined;
    if (live && params && isSubscription(params.query, params.operationName)) void liveSse(req, res, { platform, hub: live, logger }).catch((err) => { logger.error({ err }, 'live subscription failed'); if (!res.headersSent) res.status(500).end(); else res.end(); });
    else serve(req, res);
  };
  router.use('/graphql', authenticate(platform), rateLimit(platform), ...graphqlBody(options.maxBodyBytes), wellFormedBody(), route);
  return router;
}
