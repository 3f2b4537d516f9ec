import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { login } from '../auth/login.ts';
import { csrfMatches, type Session } from '../auth/sessions.ts';
import { isPlatformError, PlatformError } from '../errors/index.ts';
import type { Platform } from '../platform.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session-cookie.ts';
import { sendError } from './send-error.ts';
import { wellFormedBody } from './well-formed-body.ts';

type Handler = (req: Request, res: Response) => Promise<void>;

/** Answers a PlatformError in the GraphQL error shape (429 with Retry-After); anything else goes to the app's handler. */
const guarded = (handler: Handler) => async (req: Request, res: Response, next: NextFunction) => {
  try {
    await handler(req, res);
  } catch (error) {
    if (!isPlatformError(error)) return next(error);
    sendError(res, error);
  }
};

function loginInput(body: unknown): { email: string; password: string; tenant?: string } {
  const b = (body ?? {}) as Record<string, unknown>;
  const details = [];
  if (typeof b.email !== 'string' || !b.email || b.email.length > 254) details.push({ pointer: '/email', message: 'is required (a string)' });
  if (typeof b.password !== 'string' || !b.password || b.password.length > 1000) details.push({ pointer: '/password', message: 'is required (a string)' });
  if (b.tenant != null && typeof b.tenant !== 'string') details.push({ pointer: '/tenant', message: 'must be a tenant slug' });
  if (details.length) throw new PlatformError('BAD_USER_INPUT', 'Send JSON {email, password, tenant?}', { details });
  return { email: b.email as string, password: b.password as string, tenant: (b.tenant as string | null) ?? undefined };
}

const describe = (s: Session) => ({
  user: { id: s.principal.userId, name: s.principal.userName, email: s.email, locale: s.principal.locale },
  tenant: { id: s.principal.tenantId, slug: s.principal.tenantSlug },
  csrfToken: s.csrfToken,
});

/**
 * Studio sign-in: `POST /auth/login` sets the httpOnly session cookie and returns the CSRF token
 * that writes must echo; `POST /auth/logout` ends the session; `GET /auth/session` tells who is signed in.
 */
export function authRoutes(platform: Platform): Router {
  const router = express.Router();
  router.post('/auth/login', express.json({ limit: '16kb' }), wellFormedBody(), guarded(async (req, res) => {
    const ip = req.ip ?? req.socket.remoteAddress ?? 'unknown';
    const result = await login({ sql: platform.sql, sessions: platform.sessions, throttle: platform.loginThrottle }, loginInput(req.body), ip);
    setSessionCookie(req, res, result.token);
    res.setHeader('cache-control', 'no-store');
    res.json({ user: result.user, tenant: result.tenant, csrfToken: result.csrfToken });
  }));
  router.post('/auth/logout', guarded(async (req, res) => {
    const token = sessionToken(req);
    const resolved = token ? await platform.sessions.resolve(token) : undefined;
    if (resolved && !csrfMatches(req.header('x-csrf-token'), resolved.session.csrfToken)) {
      throw new PlatformError('FORBIDDEN', 'Signing out needs the x-csrf-token header');
    }
    if (token) await platform.sessions.destroy(token);
    clearSessionCookie(req, res);
    res.json({ ok: true });
  }));
  router.get('/auth/session', guarded(async (req, res) => {
    const token = sessionToken(req);
    const resolved = token ? await platform.sessions.resolve(token) : undefined;
    if (!resolved) throw new PlatformError('UNAUTHENTICATED', 'Not signed in');
    if (resolved.renewed) setSessionCookie(req, res, token!);
    res.setHeader('cache-control', 'no-store');
    res.json(describe(resolved.session));
  }));
  return router;
}
