import express, { type RequestHandler } from 'express';
import { PlatformError } from '../errors/index.ts';
import { sendError } from './send-error.ts';

/** What a GraphQL POST may be sent as: JSON (the GraphQL-over-HTTP format), or a bare document / form (read by graphql-yoga). */
const GRAPHQL_BODY_TYPES = ['application/json', 'application/*+json', 'application/graphql', 'application/x-www-form-urlencoded'];

/**
 * The body of a GraphQL request, read the same way on `/graphql` and `/metadata`: a POST in another
 * content type is refused (415, typed); JSON is read here, at most `maxBytes` (counted as the body
 * arrives, so a chunked body with no Content-Length is cut off too); the other accepted types are
 * left to graphql-yoga, whose own limit is set to the same number.
 */
export function graphqlBody(maxBytes: number): RequestHandler[] {
  const contentType: RequestHandler = (req, res, next) => {
    if (req.method !== 'POST' || req.is(GRAPHQL_BODY_TYPES) !== false) return next();
    sendError(res, new PlatformError('BAD_USER_INPUT', `A GraphQL request is sent as application/json, not ${req.header('content-type') ?? 'without a content type'}`, { httpStatus: 415 }));
  };
  return [contentType, express.json({ limit: maxBytes, type: ['application/json', 'application/*+json'] })];
}

export function bodyTooLarge(maxBytes: number, length?: number): PlatformError {
  const value = Number.isFinite(length) ? { value: length } : {};
  return new PlatformError('LIMIT_EXCEEDED', `The request body is larger than ${maxBytes} bytes`, { extensions: { limit: 'maxBodyBytes', ...value, max: maxBytes }, httpStatus: 413 });
}

/**
 * body-parser's refusals (`err.type`) as typed errors; undefined for anything else. A body too
 * large is 413 LIMIT_EXCEEDED; an unreadable one (bad JSON, unknown charset or encoding, aborted)
 * is BAD_USER_INPUT with body-parser's 4xx status.
 */
export function bodyError(error: unknown, maxBytes: number): PlatformError | undefined {
  const e = error as { type?: unknown; status?: unknown; length?: unknown };
  if (!e || typeof e.type !== 'string') return undefined;
  if (e.type === 'entity.too.large') return bodyTooLarge(maxBytes, typeof e.length === 'number' ? e.length : undefined);
  if (e.type === 'entity.parse.failed') return new PlatformError('BAD_USER_INPUT', 'The request body is not valid JSON (an object, or an array of them)', { httpStatus: 400 });
  const status = typeof e.status === 'number' && e.status >= 400 && e.status < 500 ? e.status : undefined;
  if (!status) return undefined;
  const messages: Record<string, string> = {
    'encoding.unsupported': 'The request body has a content encoding the server does not read',
    'charset.unsupported': 'The request body has a charset the server does not read (send UTF-8)',
    'request.aborted': 'The request was aborted before its body arrived',
    'request.size.invalid': 'The request body is not as long as its Content-Length says',
  };
  return new PlatformError('BAD_USER_INPUT', messages[e.type] ?? 'The request body could not be read', { httpStatus: status });
}
