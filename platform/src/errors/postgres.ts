import { PlatformError } from './platform-error.ts';

interface PgErrorLike {
  code?: string;
  constraint?: string;
  detail?: string;
  column?: string;
}

/**
 * Maps a PostgreSQL error to a PlatformError, or returns undefined when it is not one the client
 * caused. The SQL text and the server's message are never passed on.
 */
export function fromPostgresError(error: unknown): PlatformError | undefined {
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
    case '22P02':
    case '22003':
    case '22007':
    case '22008':
    case '23514':
      return new PlatformError('VALIDATION_FAILED', 'A value is not valid for its field');
    case '55P03':
    case '40P01':
    case '40001':
      return new PlatformError('CONFLICT', 'The data is busy; try again');
    case '57014':
      return new PlatformError('LIMIT_EXCEEDED', 'The statement took too long', { extensions: { limit: 'statementTimeout' } });
    default:
      return undefined;
  }
}
