import { PlatformError } from './platform-error.ts';

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
  message?: string;
}

/** Seconds a client should wait before retrying while the database is unreachable. */
export const SERVICE_RETRY_AFTER_S = 2;

/** Node's network errors, and the driver's own words, when a connection cannot be made or was lost. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED']);
const DRIVER_LOST = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Connection ended|Cannot use a pool after calling end)/i;

/** A database outage: 503 SERVICE_UNAVAILABLE with a retry delay, or undefined when `error` is something else. */
export function fromConnectionError(error: unknown): PlatformError | undefined {
  const e = error as PgErrorLike | undefined;
  if (!e || typeof e !== 'object') return undefined;
  const code = typeof e.code === 'string' ? e.code : '';
  // 08: connection exception; 57P01–57P03: shutdown, crash, not yet accepting; 53: out of resources (connections, memory, disk).
  const outage = NETWORK_CODES.has(code) || /^(08|53)/.test(code) || code === '57P01' || code === '57P02' || code === '57P03'
    || (!code && typeof e.message === 'string' && DRIVER_LOST.test(e.message));
  if (!outage) return undefined;
  return new PlatformError('SERVICE_UNAVAILABLE', `The database is unavailable; retry in ${SERVICE_RETRY_AFTER_S} s`, { extensions: { retryAfter: SERVICE_RETRY_AFTER_S } });
}

/**
 * Maps a PostgreSQL error to a PlatformError, or returns undefined when it is not one the client
 * caused. The SQL text and the server's message are never passed on. Every class a value can cause
 * (22 data exceptions, 23 integrity, 54 program limits) has its code; the operations that know the
 * object map constraints and indexes back to fields and records before this fallback.
 */
export function fromPostgresError(error: unknown): PlatformError | undefined {
  const outage = fromConnectionError(error);
  if (outage) return outage;
  const pg = error as PgErrorLike;
  if (!pg || typeof pg.code !== 'string' || pg.code.length !== 5) return undefined;
  switch (pg.code) {
    case '23505':
      return new PlatformError('UNIQUE_VIOLATION', 'A record with this value already exists', {
        extensions: { constraint: pg.constraint },
      });
    case '23503':
      return new PlatformError('REFERENCE_NOT_FOUND', 'A referenced record does not exist or is still referenced', {
        extensions: { constraint: pg.constraint },
      });
    case '23502':
      return new PlatformError('VALIDATION_FAILED', 'A required value is missing', {
        details: pg.column ? [{ pointer: `/${pg.column}`, message: 'is required' }] : [],
      });
    case '23P01':
      return new PlatformError('CONFLICT', 'The value conflicts with another record');
    case '22021': // invalid byte sequence for the encoding (NUL, …)
    case '22P05': // untranslatable character (\u0000 in jsonb)
      return new PlatformError('BAD_USER_INPUT', 'A value holds a character that cannot be stored (NUL or ill-formed Unicode)');
    case '22025': // invalid escape sequence (LIKE)
    case '2201B': // invalid regular expression
      return new PlatformError('BAD_USER_INPUT', 'A pattern is not valid');
    case '22012':
      return new PlatformError('BAD_USER_INPUT', 'Division by zero');
    case '54000':
      if (/index row/i.test(pg.message ?? '')) return new PlatformError('VALIDATION_FAILED', 'A value is too large for the index of its field', { extensions: { limit: 'indexRowSize' } });
      return new PlatformError('LIMIT_EXCEEDED', 'The request exceeds a database limit', { extensions: { limit: 'database' } });
    case '54001':
    case '54011':
    case '54023':
      return new PlatformError('LIMIT_EXCEEDED', 'The request is too complex for the database', { extensions: { limit: 'database' } });
    case '55P03':
    case '40P01':
    case '40001':
      return new PlatformError('CONFLICT', 'The data is busy; try again');
    case '57014':
      return new PlatformError('LIMIT_EXCEEDED', 'The statement took too long', { extensions: { limit: 'statementTimeout' } });
    default:
      // The rest of class 22 (data exceptions) and 23 (integrity): a value the client sent.
      if (pg.code.startsWith('22') || pg.code.startsWith('23')) return new PlatformError('VALIDATION_FAILED', 'A value is not valid for its field');
      return undefined;
  }
}
