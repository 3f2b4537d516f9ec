import type { IncomingMessage, Server } from 'node:http';
import type { Request, Response } from 'express';
import { GraphQLError, parse, type ExecutionResult } from 'graphql';
import { useServer } from 'graphql-ws/use/ws';
import type { Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { csrfMatches } from '../auth/sessions.ts';
import { ERROR_CODES, isPlatformError, PlatformError, type ErrorCode } from '../errors/index.ts';
import { DEFAULT_LIVE_LIMITS, liveSchema, subscribeLive, type LiveContext, type LiveHub, type LiveLimits } from '../graphql/live/index.ts';
import type { Platform } from '../platform.ts';
import { sessionToken } from './session-cookie.ts';

const KEEPALIVE_MS = 15_000;
const STREAM = Symbol('live stream');

/** The HTTP status of a refused subscription: its first error's code's. */
function statusOf(result: ExecutionResult): number {
  const code = result.errors?.[0]?.extensions?.code as ErrorCode | undefined;
  return (code && ERROR_CODES[code]) || 400;
}

/**
 * A subscription on `/graphql` over SSE (graphql-sse's distinct connections mode, as yoga's): GET or
 * POST with the document, signed in as any `/graphql` request (the route's middleware ran). A refusal
 * (bad document, unknown object, bad filter, a limit) is a plain JSON answer with the API's status;
 * else a stream of `event: next` with each result, comments as keep-alives, until the client goes.
 */
export async function liveSse(req: Request, res: Response, ctx: Omit<LiveContext, 'principal' | 'security'>): Promise<void> {
  const params = (req.method === 'GET' ? req.query : req.body) as Record<string, unknown>;
  let variables = params.variables as Record<string, unknown> | null | undefined;
  if (typeof variables === 'string') {
    try { variables = JSON.parse(variables); } catch { res.status(400).json({ errors: [{ message: 'variables is not JSON', extensions: { code: 'BAD_USER_INPUT', errors: [{ pointer: '/variables', message: 'not JSON' }] } }] }); return; }
  }
  const result = await subscribeLive({ ...ctx, principal: req.principal!, security: req.security! }, { query: params.query as string, variables, operationName: (params.operationName as string | undefined) ?? null });
  if (!(Symbol.asyncIterator in result)) { res.status(statusOf(result)).json(result); return; }
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  res.write(':\n\n');
  const keepalive = setInterval(() => res.write(':\n\n'), KEEPALIVE_MS);
  const stop = () => { clearInterval(keepalive); void result.return?.(); };
  req.on('close', stop);
  try {
    for await (const next of result) res.write(`event: next\ndata: ${JSON.stringify(next)}\n\n`);
    res.write('event: complete\ndata:\n\n');
  } finally {
    stop();
    res.end();
  }
}

type Extra = { request: IncomingMessage; caller?: { principal: LiveContext["principal"] }; active?: Set<string> } & Record<PropertyKey, unknown>;

/** The caller of a WebSocket: an API key (connection params' `authorization`, or the upgrade's header), else the session cookie with its CSRF token in the params. */
async function callerOf(platform: Platform, request: IncomingMessage, params: Record<string, unknown> | undefined) {
  const given = params?.authorization ?? params?.Authorization;
  const authorization = typeof given === 'string' ? given : request.headers.authorization;
  if (authorization) return platform.auth.authenticate(authorization);
  const token = sessionToken(request as Request);
  const resolved = token ? await platform.sessions.resolve(token) : undefined;
  if (!resolved) throw new PlatformError('UNAUTHENTICATED', 'Sign in: an API key in the connection params, or the studio session');
  // A page of another site may open a WebSocket with the cookie: only the studio knows the CSRF token.
  if (!csrfMatches(params?.['x-csrf-token'] as string | undefined, resolved.session.csrfToken)) throw new PlatformError('FORBIDDEN', 'A WebSocket signed in by the session cookie must send x-csrf-token in its connection params');
  return resolved.session.principal;
}

/** The caller's rights now (per subscription), refused as `/graphql` refuses a suspended credential. */
async function securityOf(platform: Platform, principal: LiveContext['principal']) {
  const tenant = await platform.security.get(principal.tenantId);
  if (principal.issuerId && tenant.beyondRightsOf(principal.issuerId, principal.userId)) throw new PlatformError('FORBIDDEN', 'This credential is suspended: its user now holds rights beyond its issuer\'s');
  return tenant.contextFor(principal.userId);
}

/**
 * graphql-ws on the server's `/graphql` WebSocket: signed in when the connection opens (else closed
 * with 4403), at most `perConnection` subscriptions at once per connection (more: an error for that
 * one), each subscription as over SSE.
 */
export function attachLiveSockets(server: Server, options: { platform: Platform; hub: LiveHub; logger?: Logger; limits?: LiveLimits }): { close(): Promise<void> } {
  const limits = options.limits ?? DEFAULT_LIVE_LIMITS;
  const wss = new WebSocketServer({ noServer: true, maxPayload: 1 << 20 });
  const onUpgrade = (request: IncomingMessage, socket: import('node:stream').Duplex, head: Buffer) => {
    const path = (request.url ?? '').split('?')[0];
    if (path !== '/graphql') { socket.destroy(); return; }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  };
  server.on('upgrade', onUpgrade);
  const sockets = useServer<Record<string, unknown> | undefined, Extra>({
    async onConnect(ctx) {
      try {
        ctx.extra.caller = { principal: await callerOf(options.platform, ctx.extra.request, ctx.connectionParams) };
        ctx.extra.active = new Set();
        return true;
      } catch (error) {
        if (!isPlatformError(error)) options.logger?.warn({ err: error }, 'live socket sign-in failed');
        return false;
      }
    },
    async onSubscribe(ctx, id, payload) {
      const active = ctx.extra.active!;
      if (active.size >= limits.perConnection) return [new GraphQLError(`Live subscriptions of one connection: at most ${limits.perConnection}`, { extensions: { code: 'LIMIT_EXCEEDED', limit: 'liveSubscriptionsPerConnection', max: limits.perConnection } })];
      // The slot is taken before anything is awaited: subscriptions sent at once are counted at once.
      active.add(id);
      const principal = ctx.extra.caller!.principal;
      try {
        const security = await securityOf(options.platform, principal);
        const result = await subscribeLive({ platform: options.platform, hub: options.hub, logger: options.logger, limits, principal, security }, { query: payload.query, variables: payload.variables ?? null, operationName: payload.operationName ?? null });
        if (!(Symbol.asyncIterator in result)) { active.delete(id); return [...(result.errors ?? [])]; }
        // Subscribed already (so refusals come as graphql-ws `error` messages): `subscribe` below hands the stream over.
        return { schema: liveSchema, document: parse(payload.query), operationName: payload.operationName, rootValue: { [STREAM]: result } };
      } catch (error) {
        active.delete(id);
        return [new GraphQLError((error as Error).message, { extensions: isPlatformError(error) ? error.toExtensions() : { code: 'INTERNAL' } })];
      }
    },
    subscribe: (args) => (args.rootValue as { [STREAM]: AsyncIterableIterator<ExecutionResult> })[STREAM],
    execute: () => ({ errors: [new GraphQLError('Only subscriptions are served on this socket; send queries and mutations to POST /graphql', { extensions: { code: 'BAD_USER_INPUT' } })] }),
    onComplete(ctx, id) { ctx.extra.active?.delete(id); },
  }, wss);
  return {
    async close() {
      server.off('upgrade', onUpgrade);
      for (const client of wss.clients) client.terminate();
      await sockets.dispose();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
    },
  };
}
