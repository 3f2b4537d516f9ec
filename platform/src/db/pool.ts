import pg from 'pg';

const DATE = 1082;
const TIMESTAMPTZ = 1184;
const TIMESTAMP = 1114;

/**
 * Type parsers for the request-path pool: dates stay 'YYYY-MM-DD' (no time-zone shift) and
 * timestamps become ISO 8601 strings, which is what the API returns. Only this pool uses them.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === DATE) return (value: string) => value;
    if (oid === TIMESTAMPTZ || oid === TIMESTAMP) return (value: string) => new Date(oid === TIMESTAMP ? `${value}Z` : value).toISOString();
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Every pooled connection's statement timeout; a tenant with another one sets it per transaction. */
export const POOL_STATEMENT_TIMEOUT_MS = 15_000;

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  const pool = new pg.Pool({
    connectionString: databaseUrl,
    max,
    types: types as pg.CustomTypesConfig,
    idleTimeoutMillis: 30_000,
    // JSON built by PostgreSQL renders instants in the session time zone: answer in UTC everywhere.
    options: '-c TimeZone=UTC',
    // The default bound of any statement; operations set their tenant's own with SET LOCAL.
    statement_timeout: POOL_STATEMENT_TIMEOUT_MS,
  });
  // An idle client that errors (server restart) must not crash the process; the pool replaces it.
  pool.on('error', () => {});
  // Nor a checked-out one: a connection lost between two statements of a transaction (no query
  // active to reject) makes pg emit 'error' on the client, which with nobody listening ends the
  // process. Heard here once for every connection; the client's next query fails instead, and
  // released it is discarded (pg-pool drops a client that is no longer queryable).
  pool.on('connect', (client) => { client.on('error', () => {}); });
  return pool;
}
