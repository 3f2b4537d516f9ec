import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/auth/index.ts';
import { DEFAULT_LIMITS } from '../../src/model/index.ts';
import { createRecords, inTransaction } from '../../src/operations/index.ts';
import { openPlatform, type Platform } from '../../src/platform.ts';
import { createTenant } from '../../src/tenancy/index.ts';
import { testDatabaseUrl, uniqueSlug } from '../support/server.ts';
import { unique, until } from './support.ts';

/**
 * `kill -9` of the server while 10,000 change events and 1,000 jobs are in flight; after a
 * restart, every event has been handled exactly once by the subscriber and every job's effect
 * exists exactly once (each records its effect keyed by its id in the transaction it is given).
 */
const EVENTS = 10_000;
const JOBS = 1_000;
let platform: Platform;
let tenant: { id: string; schema: string };
let children: ChildProcess[] = [];
const env = { FAULT_SUBSCRIBER: unique('fault-events'), FAULT_JOB: unique('fault-job') };

function startChild(): Promise<ChildProcess> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fault', 'server.ts')], {
    env: { ...process.env, ...env, DATABASE_URL: testDatabaseUrl(), FAULT_SCHEMA: tenant.schema, FAULT_TENANT: tenant.id },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the fault server exited (${code}) before it listened`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => { if (line.startsWith('PORT=')) resolve(child); });
  });
}

const counts = async () => {
  const { rows: [row] } = await platform.pool.query(`select
    (select count(*)::int from "${tenant.schema}".fault_events) as events, (select count(distinct event_id)::int from "${tenant.schema}".fault_events) as "distinctEvents",
    (select count(distinct record_id)::int from "${tenant.schema}".fault_events) as records,
    (select count(*)::int from "${tenant.schema}".fault_jobs) as jobs, (select count(distinct job_id)::int from "${tenant.schema}".fault_jobs) as "distinctJobs",
    (select count(distinct n)::int from "${tenant.schema}".fault_jobs) as payloads`);
  return row as { events: number; distinctEvents: number; records: number; jobs: number; distinctJobs: number; payloads: number };
};

beforeAll(async () => {
  platform = await openPlatform({ databaseUrl: testDatabaseUrl() });
  const created = await createTenant(platform.orm, { slug: uniqueSlug('fault'), adminPassword: 'correct horse battery' });
  tenant = created.tenant;
  await platform.metadata.createObject(tenant.id, { userId: null, via: 'system' }, { name: 'deal', fields: [{ name: 'name', type: 'text' }] });
  // No keys on the effects: a duplicate shows as a second row.
  await platform.pool.query(`create table "${tenant.schema}".fault_events (event_id bigint not null, record_id uuid not null)`);
  await platform.pool.query(`create table "${tenant.schema}".fault_jobs (job_id uuid not null, n int not null)`);
});

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.close();
});

describe('kill -9 with work in flight', () => {
  it('loses and duplicates nothing: after a restart every event is handled once per handler, every job\'s effect exists once', async () => {
    const first = await startChild();
    const model = (await platform.schemas.get(tenant.id)).model;
    const principal = { tenantId: tenant.id, userId: null, via: 'import' } as unknown as Principal;
    // 1,000 jobs, then 10,000 records in ten transactions of 1,000 (one event each), from outside the server.
    await inTransaction(platform.pool, 60_000, async (db) => {
      for (let n = 0; n < JOBS; n++) await platform.jobs.enqueue(`fault-test/${env.FAULT_JOB}`, { n }, { tx: db, tenantId: tenant.id });
    });
    for (let batch = 0; batch < 10; batch++) {
      await inTransaction(platform.pool, 60_000, (db) => createRecords({ principal, model, limits: DEFAULT_LIMITS, db, via: 'import', pipeline: platform.pipeline, depth: 0 },
        model.objects.get('deal')!, Array.from({ length: EVENTS / 10 }, (_, i) => ({ name: `deal ${batch}.${i}` }))));
    }
    await platform.pool.query(`select pg_notify('tessera_events', $1)`, [tenant.id]);
    // In the middle of both.
    await until(async () => { const c = await counts(); return c.events >= 1000 && c.jobs >= 100; }, 30_000, 'work under way');
    first.kill('SIGKILL');
    await new Promise((resolve) => first.once('exit', resolve));
    const atKill = await counts();
    expect(atKill.events).toBeLessThan(EVENTS);
    expect(atKill.jobs).toBeLessThan(JOBS);

    await startChild();
    await until(async () => { const c = await counts(); return c.records >= EVENTS && c.distinctJobs >= JOBS; }, 45_000, 'the restarted server to finish');
    // A moment more for anything that would run twice.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const done = await counts();
    expect(done).toEqual({ events: EVENTS, distinctEvents: EVENTS, records: EVENTS, jobs: JOBS, distinctJobs: JOBS, payloads: JOBS });
    console.log(`at the kill: ${atKill.events} events and ${atKill.jobs} jobs handled; after the restart: all, once`);
  });
});
