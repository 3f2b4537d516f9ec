import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, startTestServer } from '../../platform/test/support/server.ts';
import { tessera } from './support.ts';

/** `tessera export`: starts the export, waits with its progress, downloads the file (issue 16). */
let server: RunningServer;
let env: NodeJS.ProcessEnv;
let slug: string;
let dir: string;
beforeAll(async () => {
  server = await startTestServer();
  // The runtime's plugin, loaded as the server loads it (by its module name: the SDK does not build against the runtime).
  const exportsModule = '@tessera/runtime/exports';
  await server.platform.plugins.install(((await import(exportsModule)) as { createPlugin: () => Parameters<typeof server.platform.plugins.install>[0] }).createPlugin());
  const t = await newTenant(server, 'cliexp');
  slug = t.tenant.slug;
  const ok = async (p: string, q: string, v?: Record<string, unknown>) => {
    const res = await gql(server, p, t.apiKey, q, v);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  await ok('/metadata', 'mutation { createObject(input: {name: "deal", fields: [{name: "name", type: TEXT}, {name: "stage", type: TEXT}]}) { name } }');
  await ok('/graphql', 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: 12 }, (_, i) => ({ name: `deal ${i}`, stage: i % 2 ? 'won' : 'open' })) });
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: t.apiKey };
  dir = await mkdtemp(path.join(tmpdir(), 'tessera-cli-export-'));
}, 60_000);
afterAll(async () => { await server?.close(); await rm(dir, { recursive: true, force: true }); });

describe('tessera export', () => {
  it('exports the filtered records to the file, with progress on stderr', async () => {
    const out = path.join(dir, 'won.csv');
    const run = await tessera(['export', 'deal', '--tenant', slug, '--filter', '{"stage": {"eq": "won"}}', '--columns', 'name,stage', '--out', out], env);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain('Exported 6 deal records');
    expect(run.stderr).toContain('exporting deal: 6 rows (done)');
    const text = (await readFile(out, 'utf8')).replace(/^\uFEFF/, '');
    expect(text.split('\r\n')[0]).toBe('name,stage');
    expect(text.split('\r\n').filter(Boolean).slice(1).sort()).toEqual([1, 11, 3, 5, 7, 9].map((i) => `deal ${i},won`).sort());
  }, 60_000);

  it('refuses another tenant\'s slug, bad JSON and an unknown column, with the exit codes', async () => {
    const wrong = await tessera(['export', 'deal', '--tenant', 'someone-else', '--out', path.join(dir, 'x.csv')], env);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain('not someone-else');
    const bad = await tessera(['export', 'deal', '--tenant', slug, '--filter', '{nope', '--out', path.join(dir, 'x.csv')], env);
    expect(bad.code).toBe(2);
    const column = await tessera(['export', 'deal', '--tenant', slug, '--columns', 'name,nope', '--out', path.join(dir, 'x.csv'), '--json'], env);
    expect(column.code).toBe(1);
    expect(column.stdout + column.stderr).toContain('/columns/1');
  }, 60_000);
});
