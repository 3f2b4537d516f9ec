import express, { type NextFunction, type Request, type RequestHandler } from 'express';
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
    if (req.method !== 'POST' || plainJson(req.headers['content-type']) || req.is(GRAPHQL_BODY_TYPES) !== false) return next();
    sendError(res, new PlatformError('BAD_USER_INPUT', `A GraphQL request is sent as application/json, not ${req.header('content-type') ?? 'without a content type'}`, { httpStatus: 415 }));
  };
  const json = express.json({ limit: maxBytes, type: ['application/json', 'application/*+json'] });
  return [contentType, (req, res, next) => (plainBody(req, maxBytes) ? readPlainJson(req, next) : json(req, res, next))];
}

/** `application/json`, with no or a UTF-8 charset: what nearly every client sends. */
function plainJson(contentType: string | undefined): boolean {
  return contentType === 'application/json' || (contentType !== undefined && /^application\/json\s*;\s*charset="?utf-8"?$/i.test(contentType));
}

/** A POST of plain JSON, not encoded, of a declared length within the limit: read here; anything else by body-parser. */
function plainBody(req: Request, maxBytes: number): boolean {
  const h = req.headers;
  if (req.method !== 'POST' || h['content-encoding'] !== undefined || h['transfer-encoding'] !== undefined || !plainJson(h['content-type'])) return false;
  const length = Number(h['content-length']);
  return Number.isInteger(length) && length > 0 && length <= maxBytes;
}

/** body-parser's refusal of a body, as its errors are (bodyError maps them). */
const refusal = (type: string, message: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { type, status: 400, statusCode: 400, expose: true, ...extra });

/**
 * Reads the common JSON body as express.json would (the same limits and refusals: a body shorter
 * than declared, an aborted request, JSON that is not an object or an array), without its content
 * negotiation and decoding layers: a request's body is read on every /graphql and /metadata call.
 */
function readPlainJson(req: Request, next: NextFunction): void {
  const declared = Number(req.headers['content-length']);
  const chunks: Buffer[] = [];
  let received = 0;
  let done = false;
  const finish = (error?: unknown) => {
    if (done) return;
    done = true;
    req.removeListener('data', onData);
    if (error) return next(error);
    if (received !== declared) return next(refusal('request.size.invalid', 'request size did not match content length', { expected: declared, length: received, received }));
    let text = chunks.length === 1 ? chunks[0].toString('utf8') : Buffer.concat(chunks, received).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    // body-parser's strict mode: an object or an array, after JSON's whitespace.
    let i = 0;
    while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09 || text.charCodeAt(i) === 0x0a || text.charCodeAt(i) === 0x0d)) i++;
    if (text[i] !== '{' && text[i] !== '[') return next(refusal('entity.parse.failed', 'The body is not a JSON object or array', { body: text }));
    try {
      req.body = JSON.parse(text);
    } catch (error) {
      return next(Object.assign(error as Error, { type: 'entity.parse.failed', status: 400, statusCode: 400, expose: true, body: text }));
    }
    next();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    chunks.push(chunk);
  };
  req.on('data', onData);
  req.once('end', () => finish());
  req.once('aborted', () => finish(refusal('request.aborted', 'request aborted', { code: 'ECONNABORTED', expected: declared, length: declared, received })));
  req.once('error', (error) => finish(error));
  req.once('close', () => { if (!req.complete) finish(refusal('request.aborted', 'request aborted', { code: 'ECONNABORTED', expected: declared, length: declared, received })); });
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
