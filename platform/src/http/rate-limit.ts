import type { NextFunction, Request, Response } from 'express';
import { PlatformError } from '../errors/index.ts';
import type { Platform } from '../platform.ts';
import { sendError } from './send-error.ts';

/** After authenticate: takes a token from the caller's key and tenant buckets, or answers 429 LIMIT_EXCEEDED. */
export function rateLimit(platform: Platform) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = platform.rateLimiter.take(req.principal!);
    if (!refusal) return next();
    res.setHeader('retry-after', String(refusal.retryAfter));
    const which = refusal.limit === 'perKeyRate' ? 'this API key' : 'this tenant';
    sendError(res, new PlatformError('LIMIT_EXCEEDED', `Too many requests for ${which}: retry in ${refusal.retryAfter} s`, { extensions: { limit: refusal.limit, retryAfter: refusal.retryAfter } }));
  };
}
