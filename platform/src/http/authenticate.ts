import type { NextFunction, Request, Response } from 'express';
import { csrfMatches } from '../auth/sessions.ts';
import { isPlatformError, PlatformError } from '../errors/index.ts';
import type { Platform } from '../platform.ts';
import { clearSessionCookie, sessionToken, setSessionCookie } from './session-cookie.ts';
import { sendError } from './send-error.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD']);

/** The principal of the studio session cookie; writes must echo the session's CSRF token in `x-csrf-token`. */
async function fromSession(platform: Platform, req: Request, res: Response, token: string) {
  const resolved = await platform.sessions.resolve(token);
  if (!resolved) {
    clearSessionCookie(req, res);
    throw new PlatformError('UNAUTHENTICATED', 'The session has ended: sign in again');
  }
  if (!SAFE_METHODS.has(req.method) && !csrfMatches(req.header('x-csrf-token'), resolved.session.csrfToken)) {
    throw new PlatformError('FORBIDDEN', 'A request signed in by the session cookie must send the x-csrf-token header');
  }
  if (resolved.renewed) setSessionCookie(req, res, token);
  return resolved.session.principal;
}

/**
 * Resolves the caller: `Authorization: Bearer <apiKey>` (no CSRF token needed: a browser does not
 * send it on its own), else the studio session cookie. Neither, or an unknown one, is 401 UNAUTHENTICATED.
 * The caller's security context (their rights at the tenant's current security version) is
 * computed here, once per request, and read by everything after: the compiled path, yoga's context
 * and schema, the resolvers and the verbs they call (`req.security`).
 */
export function authenticate(platform: Platform) {
  return async (req: Request, res: Response, next: NextFunction) => {
    try {
      const authorization = req.header('authorization');
      const token = authorization ? undefined : sessionToken(req);
      const principal = token ? await fromSession(platform, req, res, token) : await platform.auth.authenticate(authorization);
      const tenantSecurity = await platform.security.get(principal.tenantId);
      // A key a non-administrator minted for someone else (a session signed in with a password one set) carries at most the issuer's rights, at the current security version.
      if (principal.issuerId) {
        const beyond = tenantSecurity.beyondRightsOf(principal.issuerId, principal.userId);
        if (beyond) throw new PlatformError('FORBIDDEN', `This ${token ? 'session\'s password was set' : 'API key was minted'} for ${principal.userName} by someone who does not hold ${beyond}, which ${principal.userName} now holds: it is suspended until their rights are within the issuer's again${token ? ' (or the user sets their own password)' : ''}`);
      }
      req.principal = principal;
      req.security = tenantSecurity.contextFor(principal.userId);
      req.securityVersion = tenantSecurity.version;
      next();
    } catch (error) {
      if (isPlatformError(error)) return sendError(res, error);
      next(error);
    }
  };
}
