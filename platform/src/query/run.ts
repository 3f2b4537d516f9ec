import { createHash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import type pg from 'pg';
import type { CompiledSql } from './compile.ts';
import { POOL_STATEMENT_TIMEOUT_MS } from '../db/pool.ts';

/** Keep PostgreSQL's JSON as text: the response body is built around it, never parsed and re-serialized. */
const RAW_TEXT = { getTypeParser: () => (value: string) => value };

const names = new LRUCache<string, string>({ max: 5000 });

/** A stable prepared-statement name per SQL text, so PostgreSQL plans each shape once per connection. */
export function statementName(text: string): string {
  let name = names.get(text);
  if (!name) {
    name = `tq_${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    names.set(text, name);
  }
  return name;
}

export interface Queryable {
  query(config: pg.QueryConfig): Promise<pg.QueryResult>;
}

/** Runs a compiled read as a prepared statement and returns the `data` JSON as text. */
export async function runRead(db: Queryable, sql: CompiledSql): Promise<string> {
  const config = { name: statementName(sql.text), text: sql.text, values: sql.params as unknown[], types: RAW_TEXT as never, rowMode: 'array' } as pg.QueryConfig;
  const result = await db.query(config);
  return (result.rows[0] as unknown as string[])[0];
}

/** Runs a read under the tenant's statement timeout (the pool's own, or SET LOCAL in a read-only transaction). */
export async function runReadWithin(pool: pg.Pool, sql: CompiledSql, statementTimeoutMs: number): Promise<string> {
  if (statementTimeoutMs === POOL_STATEMENT_TIMEOUT_MS) return runRead(pool, sql);
  const client = await pool.connect();
  try {
    await client.query('begin read only');
    await client.query(`set local statement_timeout = ${Math.floor(statementTimeoutMs)}`);
    const text = await runRead(client, sql);
    await client.query('commit');
    return text;
  } catch (error) {
    await client.query('rollback').catch(() => {});
    throw error;
  } finally {
    client.release();
  }
}
