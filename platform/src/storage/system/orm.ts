import { MikroORM, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import pg from 'pg';
import { SYSTEM_ENTITIES } from './entities/index.ts';
import { SYSTEM_MIGRATIONS } from './migrations/index.ts';

export type SystemOrm = MikroORM;

/** Opens the MikroORM instance for the system model (the `tessera` schema). */
export async function openSystemOrm(databaseUrl: string, options: Partial<Options> = {}): Promise<SystemOrm> {
  return MikroORM.init({
    clientUrl: databaseUrl,
    entities: SYSTEM_ENTITIES,
    extensions: [Migrator],
    discovery: { warnWhenNoEntities: false },
    allowGlobalContext: false,
    debug: false,
    pool: { min: 0, max: 10 },
    migrations: {
      migrationsList: SYSTEM_MIGRATIONS,
      tableName: 'tessera_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      silent: true,
    },
    ...options,
  });
}

/** Any constant identifies our advisory lock; it serialises migrations of servers that start together. */
const MIGRATION_LOCK = 7_421_973_310;

/**
 * Runs pending system migrations, holding a session advisory lock so two servers starting at once
 * do not both migrate: the second waits, then finds nothing pending.
 */
export async function migrateSystem(orm: SystemOrm, databaseUrl: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: databaseUrl });
  // Lost while held (between statements), pg would emit 'error' with nobody listening: the process would end.
  lock.on('error', () => {});
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const done = await orm.migrator.up();
    return done.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => {});
    await lock.end();
  }
}
