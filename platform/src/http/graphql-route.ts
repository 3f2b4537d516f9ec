import express, { type Request, type Response, type Router } from 'express';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { maskError, useClosedErrorCodes } from '../graphql/errors.ts';
import { useTrace } from '../graphql/data-api/trace-plugin.ts';
import { Tracer } from '../operations/trace.ts';
import type { DataContext } from '../graphql/data-api/context.ts';
import { graphqlFastPath } from '../graphql/data-api/fast-path.ts';
import { cachedDocument } from '../graphql/data-api/documents.ts';
import { limitsFrom } from '../graphql/data-api/plan/limits.ts';
import type { TenantApi } from '../graphql/data-api/schema-cache.ts';
import type { Platform } from '../platform.ts';
import { authenticate } from './authenticate.ts';
import { wellFormedBody } from './well-formed-body.ts';
import { useWellFormedText } from '../graphql/well-formed-text.ts';
import { rateLimit } from './rate-limit.ts';

type ServerContext = { req: Request & { tenantApi?: TenantApi }; res: Response };

/**
 * `/graphql`: the tenant's generated data API. Queries take the compiled fast path; everything
 * else (mutations, introspection, errors) is executed by graphql-yoga over the same tenant schema.
 * `GET /graphql` from a browser serves GraphiQL (the API key goes in its headers panel).
 */
export function graphqlRoute(platform: Platform, logger: Logger): Router {
  const yoga = createYoga<ServerContext, DataContext>({
    graphqlEndpoint: '/graphql',
    logging: false,
    landingPage: false,
    graphiql: { title: 'Tessera GraphQL', headers: JSON.stringify({ authorization: 'Bearer <api key>' }) },
    plugins: [useClosedErrorCodes(), useWellFormedText(), useTrace()],
    maskedErrors: { maskError: (error, message) => maskError(error, message, (e) => logger.error({ err: e }, 'data API error')) },
    schema: async ({ req }) => {
      const api = (req.tenantApi ??= await platform.schemas.get(req.principal!.tenantId));
      const query = (req.body as { query?: unknown } | undefined)?.query ?? req.query.query;
      const doc = typeof query === 'string' ? cachedDocument(api, query) : undefined;
      const schema = !doc || (doc.errors.length && !doc.schema) ? api.schema : doc.schema;
      if (schema !== api.schema) return schema;
      // The whole API (introspection): without the objects the caller may not read.
      const security = (await platform.security.get(req.principal!.tenantId)).contextFor(req.principal!.userId);
      return security.bypass ? schema : api.schemaReadableBy(new Set([...api.model.objects.keys()].filter((o) => security.object(o).read)));
    },
    context: async ({ req }) => {
      req.tenantApi ??= await platform.schemas.get(req.principal!.tenantId);
      const security = (await platform.security.get(req.principal!.tenantId)).contextFor(req.principal!.userId);
      return {
        platform, principal: req.principal!, model: req.tenantApi.model, limits: limitsFrom(req.principal!.settings), pipeline: platform.pipeline, via: req.principal!.via, security,
        tracer: new Tracer(), traceRequested: req.header('x-tessera-trace') === '1',
      };
    },
  });
  const router = express.Router();
  const browser = (req: Request) => req.method === 'GET' && (req.header('accept') ?? '').includes('text/html');
  router.use('/graphql', (req, res, next) => (browser(req) ? yoga(req, res) : next()));
  router.use('/graphql', authenticate(platform), rateLimit(platform), express.json({ limit: '64mb' }), wellFormedBody(), graphqlFastPath(platform, platform.schemas), (req, res) => yoga(req as never, res));
  return router;
}
