import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { RunningServer } from '@tessera/platform';
import { purgeImports } from '../../src/imports/index.ts';
import { importTenant, startImportServer, type ImportTenant } from './support.ts';

let server: RunningServer;
let t: ImportTenant;

beforeAll(async () => {
  server = await startImportServer({ maxBytes: 2 * 1024 * 1024 });
  t = await importTenant(server);
}, 60_000);
afterAll(async () => { await server?.close(); });

const count = async (object: string) => Number((await t.sql(`select count(*)::int as n from "${(await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name}"."${object}" where "deletedAt" is null`))[0].n);

/** Parses the simple CSV the error file is (quoted fields, CRLF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [], field = '', quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; }
    else if (c === '\r') continue;
    else if (c === '\n') { row.push(field); rows.push(row); row = []; field = ''; }
    else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}

describe('import of a CSV', () => {
  it('imports 10k rows with 1% bad ones: the good ones once, an exact error file that imports again once fixed', async () => {
    const lines = ['Full name,E-mail,Age,VIP'];
    const bad = new Map<number, string>();
    for (let i = 1; i <= 10_000; i++) {
      if (i % 100 === 37) { bad.set(i, 'age'); lines.push(`Person ${i},p${i}@example.com,not a number,yes`); }
      else lines.push(`"Person ${i}, Jr.",p${i}@example.com,${i % 90},${i % 2 ? 'yes' : 'no'}`);
    }
    const started = await t.upload('contact', lines.join('\n'));
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.mapping).toEqual({ 'Full name': 'name', 'E-mail': 'email', Age: 'age', VIP: 'vip' });
    const done = await t.wait(started.body.job);
    expect(done).toMatchObject({ status: 'done', rowsTotal: 10_000, rowsDone: 9_900, rowsRefused: 100 });
    expect(await count('contact')).toBe(9_900);
    const res = await t.get(done.errorFile);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/csv/);
    const rows = parseCsv(await res.text());
    expect(rows[0]).toEqual(['Full name', 'E-mail', 'Age', 'VIP', 'reason']);
    expect(rows.length).toBe(101);
    expect(rows.slice(1).map((r) => r[1])).toEqual([...bad.keys()].map((i) => `p${i}@example.com`));
    for (const r of rows.slice(1)) expect(r[4]).toMatch(/^VALIDATION_FAILED at \/Age: /);
    // Another user cannot fetch it.
    expect((await t.get(done.errorFile, 'tk_nobody')).status).toBe(401);

    // Fixed, the error file imports as it is (its reason column ignored).
    const fixed = rows.map((r, i) => (i === 0 ? r : [r[0], r[1], '42', r[3], r[4]]).map((c) => (c.includes(',') ? `"${c}"` : c)).join(',')).join('\n');
    const again = await t.upload('contact', fixed, { name: 'people-errors.csv' });
    expect(again.status, JSON.stringify(again.body)).toBe(202);
    expect(again.body.mapping).not.toHaveProperty('reason');
    expect(await t.wait(again.body.job)).toMatchObject({ status: 'done', rowsDone: 100, rowsRefused: 0, errorFile: null });
    expect(await count('contact')).toBe(10_000);
  }, 120_000);

  it('resolves lookups by a unique field and upserts by a match key', async () => {
    const accounts = await t.upload('account', 'Name,Code\nAcme,A-1\nGlobex,G-2\n');
    expect(await t.wait(accounts.body.job)).toMatchObject({ status: 'done', rowsDone: 2 });
    const csv = 'E-mail,Full name,Account code\nup1@example.com,First,A-1\nup2@example.com,Second,G-2\nup3@example.com,Third,Z-9\n';
    const first = await t.upload('contact', csv, { match: 'email' });
    expect(first.body.mapping).toEqual({ 'E-mail': 'email', 'Full name': 'name', 'Account code': 'account.code' });
    const one = await t.wait(first.body.job);
    expect(one).toMatchObject({ rowsDone: 2, rowsRefused: 1 });
    const errors = parseCsv(await (await t.get(one.errorFile)).text());
    expect(errors[1]).toEqual(['up3@example.com', 'Third', 'Z-9', 'NOT_FOUND at /Account code: no account with code "Z-9"']);
    // The same emails again: updated, not created.
    const second = await t.upload('contact', 'E-mail,Full name,Account code\nUP1@example.com,First renamed,G-2\n', { match: 'email' });
    expect(await t.wait(second.body.job)).toMatchObject({ rowsDone: 1, rowsRefused: 0 });
    const found = await t.api('{ contacts(filter: {email: {in: ["up1@example.com"]}}) { nodes { name account { name } } } }');
    expect(found.errors, JSON.stringify(found.errors)).toBeUndefined();
    expect(found.data.contacts.nodes).toEqual([{ name: 'First renamed', account: { name: 'Globex' } }]);
  }, 60_000);

  it('sets the owner by a user\'s e-mail (suggested from "Owner E-mail"), refusing an unknown one', async () => {
    const [admin] = await t.sql('select id, email from tessera.users where tenant_id = $1 and is_admin', [t.id]);
    const started = await t.upload('contact', `Full name,Owner E-mail\nOwned one,${admin.email.toUpperCase()}\nOrphan,nobody@nowhere.test\n`);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(started.body.mapping).toEqual({ 'Full name': 'name', 'Owner E-mail': 'owner.email' });
    const done = await t.wait(started.body.job);
    expect(done).toMatchObject({ status: 'done', rowsDone: 1, rowsRefused: 1 });
    expect(parseCsv(await (await t.get(done.errorFile)).text())[1]).toEqual(['Orphan', 'nobody@nowhere.test', 'NOT_FOUND at /Owner E-mail: no user with email "nobody@nowhere.test"']);
    const owned = (await t.api('{ contacts(filter: {name: {eq: "Owned one"}}) { nodes { owner { id } } } }')).data.contacts.nodes;
    expect(owned).toEqual([{ owner: { id: admin.id } }]);
    const bad = await t.upload('contact', 'Full name,Boss\nX,y\n', { mapping: { 'Full name': 'name', Boss: 'owner.name' } });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.errors[0]).toMatchObject({ pointer: '/mapping/Boss' });
  });

  it('imports an XLSX workbook and suggests mappings from Chinese labels', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('联系人');
    sheet.addRow(['姓名', '邮箱', '年龄', '贵宾', '客户名称']);
    sheet.addRow(['张三', 'zhang@example.com', 30, true, 'Acme']);
    sheet.addRow(['李四', 'li@example.com', 41, false, 'Globex']);
    const file = Buffer.from(await book.xlsx.writeBuffer());
    const suggested = await t.api('query($h: [String!]!) { importMapping(object: "contact", headers: $h) }', { h: ['姓名', '邮箱', '年龄', '贵宾', '客户名称'] });
    expect(suggested.errors, JSON.stringify(suggested.errors)).toBeUndefined();
    expect(suggested.data.importMapping.mapping).toEqual({ 姓名: 'name', 邮箱: 'email', 年龄: 'age', 贵宾: 'vip', 客户名称: 'account.name' });
    const started = await t.upload('contact', file, { name: 'people.xlsx', type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    expect(await t.wait(started.body.job)).toMatchObject({ status: 'done', rowsDone: 2, rowsRefused: 0 });
    const found = await t.api('{ contacts(filter: {email: {in: ["zhang@example.com", "li@example.com"]}}, orderBy: {age: ASC}) { nodes { name age vip account { name } } } }');
    expect(found.data.contacts.nodes).toEqual([{ name: '张三', age: 30, vip: true, account: { name: 'Acme' } }, { name: '李四', age: 41, vip: false, account: { name: 'Globex' } }]);
  }, 60_000);
});

describe('refused imports', () => {
  const refusal = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, pointer: res.body.errors?.[0]?.extensions?.errors?.[0]?.pointer });

  it('answers bad input with typed errors and pointers, staging nothing', async () => {
    const before = (await t.sql(`select count(*)::int as n from information_schema.tables where table_name like '\\_import\\_%' and table_name not in ('_import_refusals', '_import_mappings')`))[0].n;
    expect(refusal(await t.upload('nothing', 'a\n1\n'))).toEqual({ status: 404, code: 'NOT_FOUND', pointer: '/object' });
    expect(refusal(await t.upload('contact', 'Full name\nx\n', { mapping: { Nope: 'name' } }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/mapping/Nope' });
    expect(refusal(await t.upload('contact', 'Full name\nx\n', { mapping: { 'Full name': 'nope' } }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/mapping/Full name' });
    expect(refusal(await t.upload('contact', 'Full name\nx\n', { mapping: '{bad' }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/mapping' });
    expect(refusal(await t.upload('contact', 'Full name,E-mail\n"unclosed,x@example.com\nb,c\n'))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/file' });
    expect(refusal(await t.upload('contact', ''))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/file' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect(refusal(await t.upload('contact', png, { name: 'people.csv' }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/file' });
    expect(refusal(await t.upload('contact', `Full name\n${'x'.repeat(3 * 1024 * 1024)}\n`))).toEqual({ status: 413, code: 'LIMIT_EXCEEDED', pointer: '/file' });
    expect(refusal(await t.upload('contact', 'Full name,E-mail\nx,y\n', { match: 'name' }))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/match' });
    const after = (await t.sql(`select count(*)::int as n from information_schema.tables where table_name like '\\_import\\_%' and table_name not in ('_import_refusals', '_import_mappings')`))[0].n;
    expect(after).toBe(before);
  }, 60_000);

  it('enforces importData, field permissions and who sees a job', async () => {
    const user = (await t.meta('mutation($e: String!) { createUser(input: {email: $e, name: "Rep"}) { id } }', { e: `rep-${Date.now()}@example.com` })).data.createUser.id;
    const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).data.createApiKey.key as string;
    expect(refusal(await t.upload('contact', 'Full name\nx\n', { key }))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
    const started = await t.upload('contact', 'Full name\nsomeone\n');
    expect((await t.api('query($id: ID!) { importJob(id: $id) }', { id: started.body.job }, key)).errors[0].extensions.code).toBe('NOT_FOUND');
    await t.wait(started.body.job);
  }, 60_000);
});

describe('an import in slices', () => {
  it('hands the rest to a new job after its slice: many short jobs, every row once', async () => {
    // A slice of one batch per job: a dead process's job is retried within its short lease, not hours later.
    const sliced = await startImportServer({ batchSize: 100, sliceMs: 0 });
    try {
      const u = await importTenant(sliced);
      const lines = ['Full name,E-mail', ...Array.from({ length: 1_000 }, (_, i) => `Slice ${i},s${i}@example.com`)];
      const started = await u.upload('contact', lines.join('\n'));
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      expect(await u.wait(started.body.job)).toMatchObject({ status: 'done', rowsDone: 1_000, rowsRefused: 0 });
      const schema = (await u.sql('select schema_name from tessera.tenants where id = $1', [u.id]))[0].schema_name;
      expect((await u.sql(`select count(*)::int as n, count(distinct email)::int as d from "${schema}".contact`))[0]).toEqual({ n: 1_000, d: 1_000 });
      const jobs = (await u.meta('{ jobs(first: 100, state: COMPLETED) { name } }')).data.jobs.filter((j: any) => /import/.test(j.name) && /run$/.test(j.name));
      // One batch or more per job whichever process ran it (a batch size is the runner's: 100 here, 500
      // on the suite's other servers), and the job that finds nothing left and finishes the import.
      expect(jobs.length).toBeGreaterThanOrEqual(3);
    } finally {
      await sliced.close();
    }
  });
});

describe('an import whose job fails for good', () => {
  it('stops as failed with the error after the job\'s last attempt, the rows before kept, instead of staying "running"', async () => {
    // One attempt per job; each batch of 100 applied in its own transaction.
    const once = await startImportServer({ batchSize: 100, attempts: 1 });
    try {
      const u = await importTenant(once);
      const schema = (await u.sql('select schema_name from tessera.tenants where id = $1', [u.id]))[0].schema_name;
      await u.api('{ importJobs }'); // the tenant's first request runs the plugin's tenant migrations (_imports)
      // A database fault outside any row (a row's own fault is a refused row): recording the
      // progress of any batch after the first fails, on every attempt.
      await u.sql(`create function "${schema}".boom() returns trigger language plpgsql as $$ begin if new.status = 'running' and old.position > 0 then raise exception 'disk on fire'; end if; return new; end $$`);
      await u.sql(`create trigger boom before update on "${schema}"._imports for each row execute function "${schema}".boom()`);
      // More rows than any server of the suite takes in one batch (up to 1000): a second batch comes.
      const lines = ['Full name', ...Array.from({ length: 2_500 }, (_, i) => `Person ${i}`)];
      const started = await u.upload('contact', lines.join('\n'));
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      const ended = await u.wait(started.body.job);
      expect(ended.status).toBe('failed');
      // The first batch: 100 rows here; more when another server of the suite (larger batches) took the job.
      expect([100, 500, 1000]).toContain(ended.rowsDone);
      const [row] = await u.sql(`select error from "${schema}"._imports where id = $1`, [started.body.job]);
      expect(row.error).toMatch(/disk on fire/);
      expect((await u.sql(`select count(*)::int as n from "${schema}".contact`))[0].n).toBe(ended.rowsDone);
      expect(await u.sql('select 1 from tessera.import_running where import_id = $1', [started.body.job])).toEqual([]);
    } finally {
      await once.close();
    }
  }, 90_000);
});

describe('retention', () => {
  it('purges a finished import\'s files and refusals after the retention period, keeping its row and counts', async () => {
    const started = await t.upload('contact', 'Full name,E-mail,Age\nKept,kept@example.com,3\nBad,bad@example.com,x\n', { name: 'retained.csv' });
    const done = await t.wait(started.body.job);
    expect(done).toMatchObject({ status: 'done', rowsDone: 1, rowsRefused: 1 });
    expect((await t.get(done.errorFile)).status).toBe(200);
    const storage = server.platform.files!.storage;
    const schema = (await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name;
    const [keys] = await t.sql(`select file_key, error_key from "${schema}"._imports where id = $1`, [started.body.job]);
    expect(await storage.head(keys.file_key)).not.toBeNull();
    const finished = new Date((await t.sql(`select finished_at from "${schema}"._imports where id = $1`, [started.body.job]))[0].finished_at);
    // Not yet: a day short of the period.
    await purgeImports(server.platform.pool, storage, new Date(finished.getTime() + 29 * 86_400_000), 30);
    expect((await t.get(done.errorFile)).status).toBe(200);
    // Past it: both files gone, the refusals too; the import still lists, with its counts and no file.
    expect(await purgeImports(server.platform.pool, storage, new Date(finished.getTime() + 31 * 86_400_000), 30)).toBeGreaterThan(0);
    expect(await storage.head(keys.file_key)).toBeNull();
    expect(await storage.head(keys.error_key)).toBeNull();
    expect((await t.get(done.errorFile)).status).toBe(404);
    expect((await t.api('query($id: ID!) { importJob(id: $id) }', { id: started.body.job })).data.importJob).toMatchObject({ status: 'done', rowsDone: 1, rowsRefused: 1, errorFile: null });
    expect(await t.sql(`select 1 from "${schema}"._import_refusals where import_id = $1`, [started.body.job])).toHaveLength(0);
  });
});

describe('a server stopping mid-import', () => {
  it('hands the rest of its import to another server: every row once', async () => {
    // Two servers on one database; the first takes the import and stops gracefully half way.
    const first = await startImportServer({ batchSize: 100 });
    const second = await startImportServer({ batchSize: 100 });
    try {
      const u = await importTenant(first);
      const lines = ['Full name,E-mail', ...Array.from({ length: 5_000 }, (_, i) => `Stop ${i},stop${i}@example.com`)];
      const started = await u.upload('contact', lines.join('\n'));
      expect(started.status, JSON.stringify(started.body)).toBe(202);
      for (;;) {
        const s = (await u.api('query($id: ID!) { importJob(id: $id) }', { id: started.body.job })).data.importJob;
        if (s.rowsDone > 0 || s.status === 'done') break;
        await new Promise((r) => setTimeout(r, 20));
      }
      await first.close();
      // The second server (and the suite's others) go on from the last committed batch.
      const end = Date.now() + 60_000;
      let status: any;
      for (;;) {
        const res = await fetch(`${second.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${u.apiKey}` }, body: JSON.stringify({ query: 'query($id: ID!) { importJob(id: $id) }', variables: { id: started.body.job } }) });
        status = ((await res.json()) as any).data.importJob;
        if (status.status === 'done' || Date.now() > end) break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(status).toMatchObject({ status: 'done', rowsDone: 5_000, rowsRefused: 0 });
      const sql = async (text: string, params: unknown[] = []) => (await second.platform.pool.query(text, params)).rows;
      const schema = (await sql('select schema_name from tessera.tenants where id = $1', [u.id]))[0].schema_name;
      expect((await sql(`select count(*)::int as n, count(distinct email)::int as d from "${schema}".contact`))[0]).toEqual({ n: 5_000, d: 5_000 });
    } finally {
      await first.close().catch(() => undefined);
      await second.close();
    }
  }, 120_000);
});
