import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, dupTenant, type DupTenant } from './support.ts';

/**
 * Two transactions writing the same duplicate at once must not both pass a BLOCK rule: each takes
 * an advisory lock per key before it looks (match.ts `lockCandidates`), so the second waits for the
 * first to commit and then sees its record. A plugin hook that sleeps after the check, before
 * commit, holds the window open (without the locks, both writes would commit every time).
 */
let server: RunningServer;
let t: DupTenant;

const SLEEP_MS = 300;
const slow = definePlugin({
  name: 'dup-slow', version: '1.0.0',
  saveHooks: [{ name: 'sleep', step: 'afterWrite', objects: ['lead'], after: ['duplicates:check'], async run(ctx) { await ctx.db.query(`select pg_sleep(${SLEEP_MS / 1000})`); } }],
});

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(slow);
  t = await dupTenant(server, [{ name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }] }], [
    { name: 'samePhone', object: 'lead', match: { field: 'phone', match: 'normalized' } },
    { name: 'sameName', object: 'lead', match: { field: 'name', match: 'fuzzy', threshold: 0.7 } },
  ]);
});
afterAll(async () => { await server?.close(); });

async function race(a: Record<string, unknown>, b: Record<string, unknown>) {
  const results = await Promise.all([create(t.api, 'lead', a), create(t.api, 'lead', b)]);
  return { ok: results.filter((r) => !r.errors).length, codes: results.flatMap((r) => (r.errors ?? []).map((e: any) => e.extensions.code)) };
}

describe('concurrent writers of one duplicate', () => {
  it('the same normalized phone, written differently, at once: exactly one commits', async () => {
    for (let round = 0; round < 4; round++) {
      const national = `1380000${String(round).padStart(4, '0')}`;
      const outcome = await race({ name: `A${round}`, phone: national }, { name: `B${round}`, phone: `${national.slice(0, 3)} ${national.slice(3, 7)}-${national.slice(7)}` });
      expect(outcome, `round ${round}`).toEqual({ ok: 1, codes: ['CONFLICT'] });
    }
    const rows = await t.sql(`select regexp_replace(phone, '[^0-9]', '', 'g') as p, count(*)::int as n from "${t.schema}"."lead" group by 1 having count(*) > 1`);
    expect(rows).toEqual([]);
  });

  it('similar Chinese names at once (fuzzy only: trigram locks): exactly one commits', async () => {
    for (const [a, b] of [['欧阳明华', '欧阳明华'], ['司马相如', '司马相如 '], ['Jonathan Smith', 'jonathan smith']]) {
      expect(await race({ name: a }, { name: b }), `${a} / ${b}`).toEqual({ ok: 1, codes: ['CONFLICT'] });
    }
  });

  it('writers of different values do not wait for each other', async () => {
    const started = performance.now();
    const outcome = await race({ name: '诸葛亮', phone: '13900000001' }, { name: 'Zhang Fei', phone: '13900000002' });
    expect(outcome).toEqual({ ok: 2, codes: [] });
    // Serialized, the two would take at least 2 × SLEEP_MS; a generous margin for a loaded machine.
    expect(performance.now() - started).toBeLessThan(2 * SLEEP_MS + 1500);
  });
});
