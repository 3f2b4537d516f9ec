import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, startTestServer } from '../../platform/test/support/server.ts';
import { ROOT, scratch, tessera } from './support.ts';

/** `tessera import`: uploads, shows a progress bar until done, saves the error file, exits 1 when rows were refused. */
let server: RunningServer;
let env: NodeJS.ProcessEnv;
let slug: string;
let files: Awaited<ReturnType<typeof scratch>>;
beforeAll(async () => {
  server = await startTestServer();
  // A path held in a variable: tsc does not pull runtime/ into the sdk's project.
  const entry: string = path.join(ROOT, 'runtime/src/imports/index.ts');
  await server.platform.plugins.install((await import(entry)).createImportsPlugin({ batchSize: 100 }));
  const t = await newTenant(server, 'cliimp');
  slug = t.tenant.slug;
  const res = await gql(server, '/metadata', t.apiKey, 'mutation { createObject(input: {name: "person", fields: [{name: "name", type: TEXT, required: true}, {name: "age", type: INTEGER}]}) { name } }');
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: t.apiKey };
  files = await scratch('cli-import');
}, 60_000);
afterAll(async () => { await files?.remove(); await server?.close(); });

describe('tessera import', () => {
  it('imports with a progress bar, saves the error file and exits 1 when rows were refused', async () => {
    const csv = path.join(files.dir, 'people.csv');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(csv, 'Who,Years\nAnn,30\nBob,old\nCy,41\n');
    const mapping = await files.file('mapping.json', { Who: 'name', Years: 'age' });
    const run = await tessera(['import', 'person', csv, '--tenant', slug, '--mapping', mapping], env);
    expect(run.stderr).toMatch(/\[#+\] 100% 3\/3 rows, 1 refused/);
    expect(run.stdout).toContain('Imported 2 of 3 rows into person');
    expect(run.code).toBe(1);
    const errors = await readFile(path.join(files.dir, 'people.errors.csv'), 'utf8');
    expect(errors).toBe('Who,Years,reason\r\nBob,old,VALIDATION_FAILED at /Years: must be integer\r\n');
    // The mapping was saved: the fixed error file imports without one.
    await writeFile(csv, 'Who,Years,reason\nBob,52,VALIDATION_FAILED\n');
    const again = await tessera(['import', 'person', csv, '--tenant', slug, '--json'], env);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ status: 'done', rowsDone: 1, rowsRefused: 0 });
  }, 60_000);

  it('refuses typed: another tenant, an unknown object, a missing file', async () => {
    const other = await tessera(['import', 'person', path.join(files.dir, 'people.csv'), '--tenant', 'someone-else'], env);
    expect(other.code).toBe(1);
    expect(other.stderr).toContain('--tenant names "someone-else"');
    const unknown = await tessera(['import', 'nothing', path.join(files.dir, 'people.csv')], env);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('No object "nothing"');
    const missing = await tessera(['import', 'person', path.join(files.dir, 'nope.csv')], env);
    expect(missing.code).toBe(2);
  }, 60_000);
});
