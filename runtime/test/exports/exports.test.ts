import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { Readable } from 'node:stream';
import { inject } from 'vitest';
import { readConfig, startServer, type RunningServer } from '@tessera/platform';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { createExportsPlugin } from '../../src/exports/index.ts';

/**
 * Export through the real HTTP server: startExport on /graphql, the durable job streaming keyset
 * pages (7 rows a page here, so a page boundary falls inside every export), the caller's rights
 * (object, row-level, field), the file downloadable by its owner only.
 */
let server: RunningServer;
let admin: string;
let rep: string;
let other: string;
const api = (key: string, q: string, v?: Record<string, unknown>) => gql(server, '/graphql', key, q, v);
const ok = (r: { data?: any; errors?: unknown }) => { expect(r.errors, JSON.stringify(r.errors)).toBeUndefined(); return r.data; };

const DEAL = {
  name: 'deal', sharing: 'PRIVATE',
  fields: [{ name: 'name', type: 'text', required: true }, { name: 'amount', type: 'number' }, { name: 'note', type: 'text' }, { name: 'secret', type: 'text' }],
};

beforeAll(async () => {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: inject('databaseUrl' as never) as string };
  server = await startServer(config, { demoTenant: false, plugins: [createExportsPlugin({ pageSize: 7 })] });
  const t = await newTenant(server, 'exp');
  admin = t.apiKey;
  const md = metadataClient(server, admin);
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [DEAL],
    permissionSets: [
      { name: 'reps', objectPermissions: [{ object: 'deal', read: true, create: true, update: true }], fieldPermissions: [{ object: 'deal', field: 'secret', read: false, update: false }], capabilities: ['exportData'] },
      { name: 'noExport', objectPermissions: [{ object: 'deal', read: true, create: true }] },
    ],
  } }));
  const user = async (name: string, set: string) => {
    const id = ok(await md('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `${name}-${Date.now()}@example.com`, name } })).createUser.id;
    ok(await md('mutation($u: ID!, $s: String!) { assignPermissionSet(user: $u, permissionSet: $s) { id } }', { u: id, s: set }));
    return ok(await md('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
  };
  rep = await user('rep', 'reps');
  other = await user('other', 'noExport');
  // The admin's 20 deals the rep may not see (PRIVATE), the rep's own 23, with awkward text.
  ok(await api(admin, 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: 20 }, (_, i) => ({ name: `admin ${i}`, amount: i, secret: 's' })) }));
  ok(await api(rep, 'mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }', { d: Array.from({ length: 23 }, (_, i) => ({ name: `rep ${i}`, amount: i, note: i % 3 === 0 ? `comma, "quote"\nline ${i} 中文` : i % 3 === 1 ? '=1+2' : null })) }));
}, 120_000);
afterAll(async () => { await server?.close(); });

async function finished(key: string, id: string) {
  for (let i = 0; i < 240; i++) {
    const job = ok(await api(key, 'query($id: ID!) { exportJob(id: $id) }', { id })).exportJob;
    if (job.status === 'done' || job.status === 'failed') return job;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the export never finished');
}

/** RFC 4180, as a strict reader: quoted fields with doubled quotes, CRLF between records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i += 2; continue; }
      if (c === '"') { quoted = false; i++; continue; }
      field += c; i++; continue;
    }
    if (c === '"') { quoted = true; i++; continue; }
    if (c === ',') { row.push(field); field = ''; i++; continue; }
    if (c === '\r' && text[i + 1] === '\n') { row.push(field); rows.push(row); row = []; field = ''; i += 2; continue; }
    field += c; i++;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

const download = (key: string, url: string) => fetch(server.url + url, { headers: { authorization: `Bearer ${key}` } });

describe('export', () => {
  it('exports a filtered view as CSV: exactly the rows and columns the caller\'s list shows, RFC 4180 with a BOM, downloadable by its owner only', async () => {
    const filter = { amount: { gte: 2 } };
    const started = ok(await api(rep, 'mutation($f: JSON) { startExport(object: "deal", filter: $f, columns: ["name", "amount", "note"], format: CSV) }', { f: filter })).startExport;
    const job = await finished(rep, started.id);
    expect(job.status, job.error).toBe('done');
    const view = ok(await api(rep, 'query($f: DealFilter) { deals(filter: $f, first: 500, orderBy: [{id: ASC}]) { nodes { name amount note } } }', { f: filter })).deals.nodes;
    expect(view).toHaveLength(21);
    expect(job.rowsDone).toBe(21);
    const res = await download(rep, job.file.url);
    expect(res.status).toBe(200);
    const bytes = Buffer.from(await res.arrayBuffer());
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const rows = parseCsv(bytes.toString('utf8').slice(1));
    expect(rows[0]).toEqual(['name', 'amount', 'note']);
    const unformula = (s: string) => (s.startsWith("'=") ? s.slice(1) : s);
    expect(rows.slice(1).map((r) => [r[0], Number(r[1]), unformula(r[2]) || null])).toEqual(view.map((n: any) => [n.name, n.amount, n.note]));
    // A formula-looking text is defused for spreadsheets.
    expect(rows.some((r) => r[2] === "'=1+2")).toBe(true);
    // Nobody else downloads it (404 alike), nor sees the export.
    expect((await download(other, job.file.url)).status).toBe(404);
    const theirs = await api(other, 'query($id: ID!) { exportJob(id: $id) }', { id: started.id });
    expect(theirs.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  }, 60_000);

  it('exports XLSX through exceljs\' streaming writer; with no columns named, all the caller may read', async () => {
    const started = ok(await api(rep, 'mutation { startExport(object: "deal", format: XLSX) }')).startExport;
    const job = await finished(rep, started.id);
    expect(job.status, job.error).toBe('done');
    expect(job.rowsDone).toBe(23);
    const res = await download(rep, job.file.url);
    const book = new ExcelJS.Workbook();
    await book.xlsx.read(Readable.from(Buffer.from(await res.arrayBuffer())));
    const sheet = book.worksheets[0];
    const header = (sheet.getRow(1).values as unknown[]).slice(1);
    expect(header).toEqual(['id', 'name', 'amount', 'note']);
    expect(sheet.actualRowCount).toBe(24);
    const ids = ok(await api(rep, '{ deals(first: 500, orderBy: [{id: ASC}]) { nodes { id } } }')).deals.nodes.map((n: any) => n.id);
    const exported = Array.from({ length: 23 }, (_, i) => sheet.getRow(i + 2).getCell(1).value);
    expect(exported).toEqual(ids);
  }, 60_000);

  it('refuses, with pointers, what the caller may not export: a field they may not read, unknown columns, a bad filter, no exportData right, an unknown object', async () => {
    const refused = async (key: string, q: string, v?: Record<string, unknown>) => (await api(key, q, v)).errors?.[0]?.extensions;
    expect(await refused(rep, 'mutation { startExport(object: "deal", columns: ["name", "secret"]) }')).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/columns/1' }] });
    expect(await refused(rep, 'mutation { startExport(object: "deal", columns: ["name", "nope"]) }')).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/columns/1' }] });
    expect(await refused(rep, 'mutation { startExport(object: "deal", filter: {secret: {eq: "s"}}) }')).toMatchObject({ code: 'FORBIDDEN' });
    expect((await refused(rep, 'mutation { startExport(object: "deal", filter: {nope: {eq: 1}}) }'))?.errors?.[0]?.pointer).toMatch(/^\/filter\/nope/);
    expect(await refused(rep, 'mutation { startExport(object: "nothing") }')).toMatchObject({ code: 'NOT_FOUND', errors: [{ pointer: '/object' }] });
    expect(await refused(other, 'mutation { startExport(object: "deal") }')).toMatchObject({ code: 'FORBIDDEN' });
    const count = await server.platform.pool.query(`select count(*)::int as n from information_schema.tables where table_name = '_exports'`);
    expect(count.rows[0].n).toBeGreaterThan(0);
  }, 60_000);
});
