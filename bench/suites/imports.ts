import { createWriteStream, openAsBlob } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { createTenant, readConfig, startServer } from '@tessera/platform';
import { createPlugin as createScriptRuntime } from '@tessera/runtime';
import { createExportsPlugin } from '@tessera/runtime/exports';
import { createImportsPlugin } from '@tessera/runtime/imports';
import { fmt, table, time, type BenchContext } from '../harness.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);

/**
 * Imports (issue 16): a CSV of BENCH_IMPORT_ROWS rows (default 100k; 1M for the figure),
 * 1% of them bad, through `POST /import/contact` on a real server: the upload (spooled, staged by
 * COPY) and the job that applies it in batches of BENCH_IMPORT_BATCH through the full save
 * pipeline (validation, unique checks, history, audit, change events) as the importer. Rows per
 * second of each phase and in all, with no scripts and with one before-trigger and one duplicate
 * rule (goal, issue 16: ≥ 100k rows/s with no scripts); then the imported contacts exported to CSV
 * and to XLSX (`startExport` → the job's file stored), rows per second.
 */
const TRIGGER = `export const triggers = { contact: { beforeCreate(ctx) { for (const r of ctx.records) r.city = (r.city ?? '').toUpperCase(); } } };`;
const DUPLICATE_RULE = { name: 'samePerson', object: 'contact', action: 'BLOCK', match: { and: [{ field: 'name', match: 'normalized' }, { field: 'city', match: 'exact' }] } };

export async function importsSuite(ctx: BenchContext): Promise<void> {
  const rows = num('BENCH_IMPORT_ROWS', 100_000);
  console.log(`\n## Imports and exports (issue 16): a CSV of ${rows} rows, 1% refused, through the save pipeline; then exported\n`);
  const server = await startServer({ ...readConfig({ NODE_ENV: 'production', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: ctx.databaseUrl }, {
    demoTenant: false, plugins: [createScriptRuntime({ onFailure: () => {} }), createImportsPlugin({ batchSize: num('BENCH_IMPORT_BATCH', 1000) }), createExportsPlugin()],
  });
  const dir = await mkdtemp(path.join(os.tmpdir(), 'tessera-bench-import-'));
  const rate = (n: number, ms: number) => `${Math.round(n / (ms / 1000)).toLocaleString('en')} rows/s`;
  const results: Record<string, string>[] = [];
  try {
    const file = path.join(dir, 'contacts.csv');
    const out = createWriteStream(file);
    out.write('name,email,age,city\n');
    for (let i = 1; i <= rows; i++) {
      const line = i % 100 === 7 ? `Person ${i},p${i}@bench.local,n/a,Paris\n` : `Person ${i},p${i}@bench.local,${i % 90},Paris\n`;
      if (!out.write(line)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    const cases: [string, Record<string, unknown>][] = [
      ['no scripts, no rules', {}],
      ['one before-trigger and one duplicate rule', { scripts: [{ name: 'upperCity', language: 'JS', source: TRIGGER }], duplicateRules: [DUPLICATE_RULE] }],
    ];
    let exported: { post: (p: string, q: string, v?: unknown) => Promise<any>; done: number } | undefined;
    for (const [label, extra] of cases) {
      const t = await createTenant(server.platform.orm, { slug: `bench-import-${Date.now().toString(36)}`, adminPassword: 'bench-password' });
      const unlimited = { rate: 1_000_000, burst: 1_000_000 };
      await server.platform.pool.query('update tessera.tenants set settings = settings || $2::jsonb where id = $1', [t.tenant.id, { rateLimits: { perKey: unlimited, perTenant: unlimited } }]);
      const post = (p: string, query: string, variables?: unknown) => fetch(server.url + p, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.apiKey}` }, body: JSON.stringify({ query, variables }) }).then((r) => r.json() as Promise<any>);
      const applied = await post('/metadata', 'mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ name: 'contact', fields: [
        { name: 'name', type: 'text', required: true }, { name: 'email', type: 'email', unique: true }, { name: 'age', type: 'integer' }, { name: 'city', type: 'text' },
      ] }], ...extra } });
      if (applied.errors) throw new Error(JSON.stringify(applied.errors));
      const form = new FormData();
      form.set('file', await openAsBlob(file), 'contacts.csv');
      const upload = await time(async () => (await fetch(`${server.url}/import/contact`, { method: 'POST', headers: { authorization: `Bearer ${t.apiKey}` }, body: form })).json() as Promise<any>);
      const job = upload.result.job as string;
      if (!job) throw new Error(JSON.stringify(upload.result));
      const apply = await time(async () => {
        for (;;) {
          const s = (await post('/graphql', 'query($id: ID!) { importJob(id: $id) }', { id: job })).data.importJob;
          if (s.status === 'done' || s.status === 'failed') return s;
          await new Promise((r) => setTimeout(r, 250));
        }
      });
      results.push(
        { what: `import, ${label}: upload + COPY into staging`, value: `${fmt(upload.ms)} (${rate(rows, upload.ms)})`, goal: '' },
        { what: `import, ${label}: batches through the save pipeline (${apply.result.rowsDone} done, ${apply.result.rowsRefused} refused)`, value: `${fmt(apply.ms)} (${rate(rows, apply.ms)})`, goal: '' },
        { what: `import, ${label}: in all`, value: `${fmt(upload.ms + apply.ms)} (${rate(rows, upload.ms + apply.ms)})`, goal: '≥ 100k rows/s' },
      );
      exported ??= { post, done: apply.result.rowsDone };
    }
    // Export: the first tenant's contacts, every column, as the administrator (the job streams keyset pages to a file).
    for (const format of ['CSV', 'XLSX']) {
      const { post, done } = exported!;
      const run = await time(async () => {
        const started = await post('/graphql', `mutation { startExport(object: "contact", format: ${format}) }`);
        if (started.errors) throw new Error(JSON.stringify(started.errors));
        for (;;) {
          const s = (await post('/graphql', 'query($id: ID!) { exportJob(id: $id) }', { id: started.data.startExport.id })).data.exportJob;
          if (s.status === 'done' || s.status === 'failed') return s;
          await new Promise((r) => setTimeout(r, 100));
        }
      });
      if (run.result.status !== 'done' || run.result.rowsDone !== done) throw new Error(`export: ${JSON.stringify(run.result)}`);
      results.push({ what: `export of ${done} rows to ${format} (job started → file stored, ${(run.result.file.size / 2 ** 20).toFixed(1)} MB)`, value: `${fmt(run.ms)} (${rate(done, run.ms)})`, goal: '' });
    }
    table(results);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
