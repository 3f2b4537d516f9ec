import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTenant, type CreatedTenant } from '@tessera/platform';
import { openPlatform, type Platform } from '../../../platform/src/platform.ts';
import { testDatabaseUrl, uniqueSlug } from '../../../platform/test/support/server.ts';

/**
 * `kill -9` of the server half way through an import: a server started again resumes it from its
 * last committed batch, and the tenant ends with exactly the good rows, once each (the object has
 * no unique field: a row applied twice would be a second record), and the exact refusals.
 */
const ROWS = Number(process.env.IMPORT_CRASH_ROWS ?? 20_000);
/** How long the resumed import may take (IMPORT_CRASH_ROWS=1000000 for the million rows: ~4 ms per 1,000 rows of slack). */
const RESUME_MS = Math.max(120_000, ROWS / 4);
let platform: Platform;
let created: CreatedTenant;
const children: ChildProcess[] = [];

function startChild(): Promise<{ child: ChildProcess; port: number }> {
  const child = spawn(process.execPath, [path.join(import.meta.dirname, 'fault', 'server.ts')], { env: { ...process.env, DATABASE_URL: testDatabaseUrl() }, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  return new Promise((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`the server exited (${code}) before it listened`)));
    readline.createInterface({ input: child.stdout! }).on('line', (line) => { if (line.startsWith('PORT=')) resolve({ child, port: Number(line.slice(5)) }); });
  });
}

beforeAll(async () => {
  platform = await openPlatform({ databaseUrl: testDatabaseUrl() });
  created = await createTenant(platform.orm, { slug: uniqueSlug('impcrash'), adminPassword: 'correct horse battery' });
}, 60_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.close();
});

describe('kill -9 mid-import', () => {
  it('resumes from the last committed batch: exactly the good rows, once, and the exact error file', async () => {
    const first = await startChild();
    const post = (port: number, p: string, query: string, variables?: unknown) => fetch(`http://127.0.0.1:${port}${p}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${created.apiKey}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
    const applied = await post(first.port, '/metadata', 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ name: 'person', fields: [{ name: 'name', type: 'text', required: true }, { name: 'age', type: 'integer' }] }] } });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    const lines = ['name,age'];
    let bad = 0;
    for (let i = 1; i <= ROWS; i++) {
      if (i % 100 === 13) { bad += 1; lines.push(`P${i},x${i}`); } else lines.push(`P${i},${i % 80}`);
    }
    const form = new FormData();
    form.set('file', new Blob([lines.join('\n')], { type: 'text/csv' }), 'people.csv');
    const res = await fetch(`http://127.0.0.1:${first.port}/import/person`, { method: 'POST', headers: { authorization: `Bearer ${created.apiKey}` }, body: form });
    const { job } = (await res.json()) as { job: string };
    expect(res.status).toBe(202);
    const status = async (port: number) => (await post(port, '/graphql', 'query($id: ID!) { importJob(id: $id) }', { id: job })).data.importJob;
    // Killed once a few batches committed, well before the end.
    for (;;) {
      const s = await status(first.port);
      if (s.rowsDone + s.rowsRefused >= ROWS / 5) break;
      expect(s.status).not.toBe('done');
      await new Promise((r) => setTimeout(r, 50));
    }
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    const [schema] = (await platform.pool.query('select schema_name from tessera.tenants where id = $1', [created.tenant.id])).rows;
    const atKill = (await platform.pool.query(`select position, rows_done from "${schema.schema_name}"._imports where id = $1`, [job])).rows[0];
    expect(atKill.position).toBeLessThan(ROWS);

    const second = await startChild();
    const end = Date.now() + RESUME_MS;
    let final;
    for (;;) {
      final = await status(second.port);
      if (final.status === 'done' || Date.now() > end) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(final).toMatchObject({ status: 'done', rowsDone: ROWS - bad, rowsRefused: bad });
    const [{ n, distinct }] = (await platform.pool.query(`select count(*)::int as n, count(distinct name)::int as distinct from "${schema.schema_name}".person where "deletedAt" is null`)).rows;
    expect({ n, distinct }).toEqual({ n: ROWS - bad, distinct: ROWS - bad });
    const file = await (await fetch(`http://127.0.0.1:${second.port}${final.errorFile}`, { headers: { authorization: `Bearer ${created.apiKey}` } })).text();
    const rows = file.trim().split('\r\n');
    expect(rows.length).toBe(bad + 1);
    expect(rows.slice(1).map((r) => r.split(',')[0])).toEqual(Array.from({ length: bad }, (_, k) => `P${k * 100 + 13}`));
  }, 120_000 + 2 * RESUME_MS);
});
