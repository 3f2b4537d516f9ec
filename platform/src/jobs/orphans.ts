import type { PgBoss } from 'pg-boss';

/**
 * Gives back the jobs of processes that died mid-run (`kill -9`, a lost connection). A live run
 * holds its jobs' rows locked in its transaction (queue.ts, runBatch), so an active job whose row
 * is not locked, claimed more than `graceSeconds` ago, has nobody running it: it is failed like a
 * throw would fail it (retried with backoff, or failed for good on its last attempt). Nothing it
 * did in its transaction was committed. Should the sweep catch a job between its claim and its
 * lock (a process starved for longer than the grace), the claim's attempt fence makes that run
 * roll back at completion: the job still runs, its effects still commit once.
 */
export async function failOrphans(boss: PgBoss, names: string[], graceSeconds = 5): Promise<number> {
  const tx = await boss.getDb().beginTransaction!();
  try {
    const { rows } = await tx.db.executeSql(
      `select id, name, retry_count from pgboss.job where name = any($1::text[]) and state = 'active' and started_on < now() - $2 * interval '1 second' for update skip locked limit 1000`,
      [names, graceSeconds]);
    const byName = new Map<string, { id: string; retryCount: number }[]>();
    for (const r of rows) byName.set(r.name, [...(byName.get(r.name) ?? []), { id: r.id, retryCount: r.retry_count }]);
    for (const [name, jobs] of byName) await boss.fail(name, jobs, { message: 'the process running it stopped before it finished' }, { db: tx.db });
    await tx.commit();
    return rows.length;
  } catch (error) {
    await tx.rollback();
    throw error;
  }
}
