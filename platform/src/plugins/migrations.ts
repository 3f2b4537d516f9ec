import type pg from 'pg';
import { quoteIdent } from '../storage/sql/quote.ts';
import type { Plugin } from './types.ts';

/** Any constant: plugin migrations of every server run one at a time (as system migrations do). */
const LOCK = 7_421_973_311;

/**
 * Runs a plugin's migrations of one scope that have not run (`tessera.plugin_migrations`), each in
 * a transaction with its record: a migration runs once, or not at all. Tenant migrations run with
 * the tenant's schema first on the search path.
 */
async function run(pool: pg.Pool, plugin: Plugin, scope: 'system' | 'tenant', target: { tenantId?: string; schema?: string }): Promise<string[]> {
  const wanted = (plugin.migrations ?? []).filter((m) => m.scope === scope);
  if (!wanted.length) return [];
  const db = await pool.connect();
  const done: string[] = [];
  try {
    await db.query('begin');
    await db.query('select pg_advisory_xact_lock($1)', [LOCK]);
    const { rows } = await db.query<{ migration: string }>(
      'select migration from tessera.plugin_migrations where plugin = $1 and tenant_id is not distinct from $2', [plugin.name, target.tenantId ?? null]);
    const applied = new Set(rows.map((r) => r.migration));
    for (const migration of wanted) {
      if (applied.has(migration.id)) continue;
      if (target.schema) await db.query(`set local search_path to ${quoteIdent(target.schema)}, public`);
      await migration.up(db, target);
      await db.query('insert into tessera.plugin_migrations (plugin, migration, tenant_id) values ($1, $2, $3)', [plugin.name, migration.id, target.tenantId ?? null]);
      done.push(migration.id);
    }
    await db.query('commit');
    return done;
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

export function runSystemMigrations(pool: pg.Pool, plugin: Plugin): Promise<string[]> {
  return run(pool, plugin, 'system', {});
}

export function runTenantMigrations(pool: pg.Pool, plugin: Plugin, tenantId: string, schema: string): Promise<string[]> {
  return run(pool, plugin, 'tenant', { tenantId, schema });
}
