import type { Response } from 'express';
import type { PlatformError } from '../errors/index.ts';

/** A refusal outside GraphQL execution, in the GraphQL response shape so every client reads one format. */
export function sendError(res: Response, error: PlatformError): void {
  if (error.code === 'UNAUTHENTICATED') res.setHeader('www-authenticate', 'Bearer');
  if (typeof error.extra.retryAfter === 'number') res.setHeader('retry-after', String(error.extra.retryAfter));
  res.status(error.httpStatus).json({ errors: [{ message: error.message, extensions: error.toExtensions() }] });
}
