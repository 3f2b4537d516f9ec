import type { EntityManager } from '@mikro-orm/postgresql';
import { CompiledQuery, type Transaction } from 'kysely';
import type { SqlRunner } from './runner.ts';

/**
 * Runs SQL inside the MikroORM transaction of `em`, with real PostgreSQL parameters (`$1`…).
 * MikroORM's own `execute` inlines values into the text; this goes to the same connection through
 * its Kysely transaction instead, so values stay parameters and DDL shares the metadata transaction.
 */
export function ormRunner(em: EntityManager): SqlRunner {
  return {
    query: async <T>(sql: string, params: unknown[] = []) => {
      const trx = em.getTransactionContext<Transaction<unknown>>();
      if (!trx) throw new Error('ormRunner needs a transaction (em.transactional)');
      const result = await trx.executeQuery(CompiledQuery.raw(sql, params));
      return result.rows as T[];
    },
  };
}
