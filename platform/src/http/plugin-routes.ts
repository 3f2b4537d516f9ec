import express, { type NextFunction, type Request, type Response } from 'express';
import { Readable } from 'node:stream';
import { isPlatformError, PlatformError } from '../errors/index.ts';
import { limitsFrom } from '../model/index.ts';
import { inTransaction, type OperationContext } from '../operations/index.ts';
import type { Platform } from '../platform.ts';
import type { RouteCall } from '../plugins/index.ts';
import { authenticate } from './authenticate.ts';
import { rateLimit } from './rate-limit.ts';
import { sendError } from './send-error.ts';

const flat = (value: Record<string, unknown>): Record<string, string> =>
  Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (typeof v === 'string' ? [[k, v]] : Array.isArray(v) && typeof v[0] === 'string' ? [[k, v[0]]] : [])));

/**
 * Plugins' HTTP routes under `/plugins/<plugin>/…`: found among the installed plugins' routes (a
 * route of a plugin uninstalled since is 404 at once), signed in as `/graphql` is unless the route
 * is `public`, the body read up to the server's limit (JSON parsed; raw kept when the route asks),
 * and the handler's answer sent as JSON. A handler's typed error is answered like any other.
 */
export function pluginRoutes(platform: Platform, maxBodyBytes: number) {
  const raw = express.raw({ type: () => true, limit: maxBodyBytes });
  const signIn = authenticate(platform);
  const limit = rateLimit(platform);
  const chain = (req: Request, res: Response, steps: ((req: Request, res: Response, next: NextFunction) => unknown)[], done: () => void, fail: NextFunction) => {
    const step = (i: number) => (error?: unknown) => {
      if (error) return fail(error);
      if (i === steps.length) return done();
      Promise.resolve(steps[i](req, res, step(i + 1))).catch(fail);
    };
    step(0)();
  };
  return (req: Request, res: Response, next: NextFunction) => {
    const found = platform.plugins.route(req.method, req.path);
    if (!found) return sendError(res, new PlatformError('NOT_FOUND', `Nothing at ${req.method} /plugins${req.path}`));
    const read = found.route.stream ? [] : [raw];
    const steps = found.route.auth === 'public' ? read : [signIn, limit, ...read];
    chain(req, res, steps, () => void answer(req, res, found).catch(next), next);
  };

  async function answer(req: Request, res: Response, found: NonNullable<ReturnType<Platform['plugins']['route']>>): Promise<void> {
    const rawBody = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    let body: unknown = null;
    if (rawBody.length && /json/i.test(req.header('content-type') ?? '')) {
      try { body = JSON.parse(rawBody.toString('utf8')); } catch { throw new PlatformError('BAD_USER_INPUT', 'The request body is not valid JSON', { details: [{ pointer: '/body', message: 'not valid JSON' }] }); }
    } else if (rawBody.length) body = rawBody.toString('utf8');
    const principal = found.route.auth === 'public' ? undefined : req.principal;
    const call: RouteCall = {
      ...platform.plugins.servicesFor(found.plugin),
      request: {
        method: req.method, path: found.rest, params: found.params, query: flat(req.query as Record<string, unknown>),
        headers: flat(req.headers as Record<string, unknown>), body, ...(found.route.rawBody ? { rawBody } : {}), ...(found.route.stream ? { stream: req } : {}), ip: req.ip,
      },
      principal,
      transaction: principal ? async (work) => {
        const { model } = await platform.schemas.get(principal.tenantId);
        const limits = limitsFrom(principal.settings);
        return inTransaction(platform.pool, limits.statementTimeoutMs, (db) => {
          const op: OperationContext = { principal, model, limits, db, via: principal.via, pipeline: platform.pipeline, depth: 0, security: req.security, commands: platform.plugins.run };
          return work(op);
        });
      } : undefined,
    };
    let response;
    try {
      response = await found.route.handler(call);
    } catch (error) {
      // A streamed route's refusal may leave its body unread: the connection closes after the answer.
      if (found.route.stream && !req.readableEnded) { res.setHeader('connection', 'close'); req.resume(); }
      if (isPlatformError(error)) return sendError(res, error);
      throw error;
    }
    res.status(response?.status ?? 200);
    for (const [name, value] of Object.entries(response?.headers ?? {})) res.setHeader(name, value);
    if (response?.body instanceof Readable) {
      response.body.on('error', (error) => { req.log.error({ err: error }, 'plugin route stream failed'); res.destroy(error); });
      response.body.pipe(res);
    } else if (response?.body === undefined) res.end();
    else if (typeof response.body === 'string' || Buffer.isBuffer(response.body)) res.send(response.body);
    else res.json(response.body);
  }
}
