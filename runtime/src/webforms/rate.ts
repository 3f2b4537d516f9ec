import type pg from 'pg';
import type { PluginMigration } from '@tessera/platform';
import type { Rate } from './definition.ts';

const PERIOD_MS = { minute: 60_000, hour: 3_600_000 } as const;

/** The end of the fixed window of `rate` that `now` falls in. */
const windowEnd = (rate: Rate, now: Date) => new Date((Math.floor(now.getTime() / PERIOD_MS[rate.per]) + 1) * PERIOD_MS[rate.per]);

/** Seconds until the window of `rate` ends (the Retry-After of a refusal). */
export function retryAfter(rate: Rate, now: Date): number {
  const ms = PERIOD_MS[rate.per];
  return Math.max(1, Math.ceil((ms - (now.getTime() % ms)) / 1000));
}

/** One window to count a post in: its key (per address, per form), its rate. */
export interface RateKey {
  key: string;
  rate: Rate;
}

export const rateMigrations: PluginMigration[] = [{
  // System-wide, keyed by tenant (as config items are): a tenant without forms has no table to migrate.
  id: '001-webform-rates', scope: 'system',
  async up(db) {
    await db.query(`create table if not exists tessera.webform_rates (
      tenant_id uuid not null, key text not null, ends_at timestamptz not null, n integer not null,
      primary key (tenant_id, key))`);
  },
}];

/**
 * Fixed-window counters of posts, shared by every server process through PostgreSQL: the limits hold
 * for the deployment, not per process. A process first counts in memory — past the limit there, the
 * post is refused without a statement (a flood from one address costs the database nothing) — then
 * every window of the post is counted in one upsert; the database's count decides. Time is the
 * platform clock's (the test clock moves it); rows of ended windows are swept now and then.
 */
export class RateWindows {
  private readonly local = new Map<string, { ends: number; n: number }>();
  private readonly maxKeys: number;
  private posts = 0;
  constructor(maxKeys = 50_000) { this.maxKeys = maxKeys; }

  /** Counts one post in each window; the first window already full, or null when all had room. */
  async take(pool: pg.Pool, tenantId: string, keys: RateKey[], now: Date): Promise<RateKey | null> {
    for (const k of keys) if (!this.takeLocal(`${tenantId}:${k.key}`, k.rate, now)) return k;
    const ends = keys.map((k) => windowEnd(k.rate, now).toISOString());
    const { rows } = await pool.query<{ key: string; n: number }>(
      `insert into tessera.webform_rates as r (tenant_id, key, ends_at, n)
         select $1, k, e, 1 from unnest($2::text[], $3::timestamptz[]) as x(k, e)
       on conflict (tenant_id, key) do update set ends_at = excluded.ends_at, n = case when r.ends_at = excluded.ends_at then r.n + 1 else 1 end
       returning key, n`,
      [tenantId, keys.map((k) => `${k.rate.per}:${k.key}`), ends]);
    if (++this.posts % 500 === 0) await pool.query('delete from tessera.webform_rates where ends_at < $1', [now]).catch(() => undefined);
    const counted = new Map(rows.map((r) => [r.key, r.n]));
    return keys.find((k) => (counted.get(`${k.rate.per}:${k.key}`) ?? 0) > k.rate.count) ?? null;
  }

  private takeLocal(key: string, rate: Rate, now: Date): boolean {
    const full = `${rate.per}:${key}`;
    const ends = windowEnd(rate, now).getTime();
    const entry = this.local.get(full);
    if (entry && entry.ends === ends) {
      entry.n += 1;
      return entry.n <= rate.count;
    }
    if (this.local.size >= this.maxKeys) this.prune(now);
    this.local.set(full, { ends, n: 1 });
    return true;
  }

  private prune(now: Date): void {
    for (const [key, entry] of this.local) if (entry.ends <= now.getTime()) this.local.delete(key);
    // Still full of live windows (a flood of addresses): forget the oldest half rather than grow.
    if (this.local.size >= this.maxKeys) [...this.local.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.local.delete(k));
  }
}
