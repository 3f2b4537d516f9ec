import type { NextFunction, Request, Response } from 'express';
import { rateLimitError } from '../auth/rate-limit.ts';
import type { Platform } from '../platform.ts';
import { sendError } from './send-error.ts';

/** After authenticate: takes a token from the caller's key and tenant buckets, or answers 429 LIMIT_EXCEEDED. */
export function rateLimit(platform: Platform) {
  return (req: Request, res: Response, next: NextFunction) => {
    const refusal = platform.rateLimiter.take(req.principal!);
    if (!refusal) return next();
    res.setHeader('retry-after', String(refusal.retryAfter));
    sendError(res, rateLimitError(refusal));
  };
}
