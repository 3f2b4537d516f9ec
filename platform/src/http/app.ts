import express, { type NextFunction, type Request, type Response } from 'express';
import { createYoga } from 'graphql-yoga';
import type { Logger } from 'pino';
import { fromPostgresError, isPlatformError, PlatformError } from '../errors/index.ts';
import { maskError, useClosedErrorCodes } from '../graphql/errors.ts';
import { useWellFormedText } from '../graphql/well-formed-text.ts';
import { boundedParseCache, useParseLimits } from '../graphql/limits/plugin.ts';
import { DEFAULT_MAX_BODY_BYTES } from '../config/config.ts';
import { bodyError, graphqlBody } from './body.ts';
import { wellFormedBody } from './well-formed-body.ts';
import { metadataSchema } from '../graphql/metadata-api/schema.ts';
import type { MetadataContext } from '../graphql/metadata-api/builder.ts';
import { publishedSchemas } from '../kinds/document.ts';
import { packageSchema, scenarioSchema } from '../packages/index.ts';
import type { Platform } from '../platform.ts';
import type { LiveHub } from '../graphql/live/index.ts';
import { authenticate } from './authenticate.ts';
import { authRoutes } from './auth-routes.ts';
import { pluginRoutes } from './plugin-routes.ts';
import { filesRoute } from './files-route.ts';
import { graphqlRoute } from './graphql-route.ts';
import { rateLimit } from './rate-limit.ts';
import { requestContext } from './request-context.ts';
import { sendError } from './send-error.ts';
import { studioRoute, type StudioSite } from './studio-route.ts';

export interface AppOptions {
  platform: Platform;
  logger: Logger;
  /** The built studio, served at `/` (absent: the server answers APIs only). */
  studio?: StudioSite;
  /** The largest request body `/graphql` and `/metadata` read (default 16 MB). */
  maxBodyBytes?: number;
  /** More graphql-yoga plugins for `/graphql` (they see every request, the compiled ones included). */
  graphqlPlugins?: readonly object[];
  /** The process's live change feed: subscriptions on `/graphql` over SSE (absent: none served). */
  live?: LiveHub;
}

function localeOf(req: Request): string | undefined {
  const explicit = req.query.lang ?? req.header('x-tessera-locale');
  if (typeof explicit === 'string' && explicit) return explicit;
  return req.principal?.locale;
}

/** The HTTP surface: health, the published meta-schemas, and the metadata API. */
export function createApp({ platform, logger, studio, maxBodyBytes = DEFAULT_MAX_BODY_BYTES, graphqlPlugins, live }: AppOptions): express.Express {
  const app = express();
  app.disable('x-powered-by');
  app.use(requestContext(logger));
  // The data API first: its requests are the most frequent, and should not walk the other routes.
  app.use(graphqlRoute(platform, logger, { maxBodyBytes, plugins: graphqlPlugins, live }));

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (req, res) => {
    try {
      await platform.pool.query('select 1');
      res.json({ status: 'ok', database: 'ok' });
    } catch (error) {
      req.log.warn({ err: error }, 'database not ready');
      res.status(503).json({ status: 'unavailable', database: 'unreachable' });
    }
  });

  app.get('/metadata/schema', (_req, res) => {
    res.json({ $schema: 'https://json-schema.org/draft/2020-12/schema', schemas: [...publishedSchemas(platform.kinds), packageSchema, scenarioSchema] });
  });

  const metadataYoga = createYoga<{ req: Request; res: Response }, MetadataContext>({
    schema: metadataSchema(),
    graphqlEndpoint: '/metadata',
    landingPage: false,
    logging: false,
    batching: false,
    multipart: false,
    maxRequestBodySize: maxBodyBytes,
    parserAndValidationCache: boundedParseCache() as never,
    plugins: [useClosedErrorCodes({ maxBodyBytes }), useParseLimits(), useWellFormedText()],
    maskedErrors: { maskError: (error, message) => maskError(error, message, (e) => logger.error({ err: e }, 'metadata API error')) },
    context: ({ req }) => ({
      platform,
      principal: req.principal!,
      locale: localeOf(req),
      security: req.security!,
    }),
  });
  app.use(authRoutes(platform));
  app.use('/metadata', authenticate(platform), rateLimit(platform), ...graphqlBody(maxBodyBytes), wellFormedBody(), (req, res) => metadataYoga(req, res));
  const plugins = pluginRoutes(platform, maxBodyBytes);
  app.use('/plugins', plugins);
  // `POST /import/<object>` (the contract) is the imports plugin's route /plugins/imports/import/<object>.
  app.use('/import', (req, res, next) => { req.url = `/imports/import${req.url}`; plugins(req, res, next); });
  // Public web forms (the webforms plugin) at the short address the embeddable snippet posts to.
  app.use('/forms', (req, res, next) => { req.url = `/webforms${req.url}`; plugins(req, res, next); });
  app.use(filesRoute(platform));
  if (studio) app.use(studioRoute(studio));

  app.use((req, res) => sendError(res, new PlatformError('NOT_FOUND', `Nothing at ${req.method} ${req.path}`)));
  app.use((error: unknown, req: Request, res: Response, _next: NextFunction) => {
    if (isPlatformError(error)) return sendError(res, error);
    const mapped = fromPostgresError(error);
    if (mapped) {
      if (mapped.code === 'SERVICE_UNAVAILABLE') req.log.warn({ err: error }, 'database unavailable');
      return sendError(res, mapped);
    }
    const body = bodyError(error, maxBodyBytes);
    if (body) return sendError(res, body);
    req.log.error({ err: error }, 'unhandled error');
    sendError(res, new PlatformError('INTERNAL', 'Unexpected error'));
  });
  return app;
}
