import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTenant, openPlatform, startEmbeddedPostgres, type Platform } from '@tessera/platform';

export interface BenchContext {
  platform: Platform;
  databaseUrl: string;
  newTenant(slug: string): Promise<{ id: string; schema: string; apiKey: string; adminId: string }>;
}

/** A throw-away embedded PostgreSQL (or BENCH_DATABASE_URL) with the platform open on it. */
export async function openBench(): Promise<BenchContext & { close(): Promise<void> }> {
  let stop = async () => {};
  let url = process.env.BENCH_DATABASE_URL;
  let dir: string | undefined;
  if (!url) {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tessera-bench-'));
    await fs.chmod(dir, 0o755);
    const db = await startEmbeddedPostgres({ dataDir: dir });
    url = db.url;
    stop = () => db.stop();
  }
  const platform = await openPlatform({ databaseUrl: url, poolSize: 12 });
  return {
    platform,
    databaseUrl: url,
    async newTenant(slug) {
      const created = await createTenant(platform.orm, { slug: `${slug}-${Date.now().toString(36)}`, adminPassword: 'bench-password' });
      // A benchmark measures throughput, not the API's rate limits: lift them for its tenants.
      const unlimited = { rate: 1_000_000, burst: 1_000_000 };
      await platform.pool.query('update tessera.tenants set settings = settings || $2::jsonb where id = $1', [created.tenant.id, { rateLimits: { perKey: unlimited, perTenant: unlimited } }]);
      return { id: created.tenant.id, schema: created.tenant.schema, apiKey: created.apiKey, adminId: created.admin.id };
    },
    async close() {
      await platform.close();
      await stop();
      if (dir) await fs.rm(dir, { recursive: true, force: true });
    },
  };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function time<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

export const fmt = (ms: number) => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

export function table(rows: Record<string, string | number>[]): void {
  const cols = Object.keys(rows[0] ?? {});
  const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => String(r[c]).length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(cols));
  console.log(line(widths.map((w) => '-'.repeat(w))));
  for (const r of rows) console.log(line(cols.map((c) => String(r[c]))));
}

/**
 * CPU seconds used so far by this process and by the database's server processes (Linux: /proc;
 * the backends pg_stat_activity lists, so those of a pool that stays open). On a machine shared
 * with other work, wall time swings with the load; the CPU a piece of work costs does not.
 */
export async function cpuSeconds(pool: { query(text: string): Promise<{ rows: { pid: number }[] }> }): Promise<number | undefined> {
  const own = process.cpuUsage();
  try {
    const fs = await import('node:fs/promises');
    const { rows } = await pool.query('select pid from pg_stat_activity where backend_type = \'client backend\'');
    let ticks = 0;
    for (const { pid } of rows) {
      const stat = await fs.readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      ticks += Number(fields[11] ?? 0) + Number(fields[12] ?? 0); // utime, stime (fields 14 and 15)
    }
    if (process.env.BENCH_CPU_SPLIT) console.log(`cpu: node ${((own.user + own.system) / 1e6).toFixed(2)} s, database ${(ticks / 100).toFixed(2)} s`);
    return (own.user + own.system) / 1e6 + ticks / 100;
  } catch {
    return undefined;
  }
}
