import type { Request, Response } from 'express';
import { SESSION_TTL_MS } from '../auth/sessions.ts';

export const SESSION_COOKIE = 'tessera_session';
const PATTERN = /(?:^|;\s*)tessera_session=([^;]*)/;

/** The session token of the request's cookie, if any. */
export function sessionToken(req: Request): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  const match = PATTERN.exec(header);
  return match?.[1] ? match[1] : undefined;
}

function attributes(req: Request, maxAge: number): string {
  return `Path=/; HttpOnly; SameSite=Lax; Max-Age=${maxAge}${req.secure ? '; Secure' : ''}`;
}

/** Sets (or renews) the session cookie: httpOnly, SameSite=Lax, Secure over https, 12 h. */
export function setSessionCookie(req: Request, res: Response, token: string): void {
  res.append('set-cookie', `${SESSION_COOKIE}=${token}; ${attributes(req, Math.floor(SESSION_TTL_MS / 1000))}`);
}

export function clearSessionCookie(req: Request, res: Response): void {
  res.append('set-cookie', `${SESSION_COOKIE}=; ${attributes(req, 0)}`);
}
