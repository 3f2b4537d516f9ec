import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import type { RunningServer } from '@tessera/platform';
import { importTenant, startImportServer, type ImportTenant } from './support.ts';

/** `POST /plugins/imports/preview/<object>`: a file's header row and suggested mapping for the studio's wizard, nothing stored. */
let server: RunningServer;
let t: ImportTenant;

beforeAll(async () => {
  server = await startImportServer({ maxBytes: 1024 * 1024 });
  t = await importTenant(server);
}, 60_000);
afterAll(async () => { await server?.close(); });

async function preview(file: Buffer | string, key = t.apiKey, object = 'contact') {
  const form = new FormData();
  form.set('file', new Blob([file]), 'people.xlsx');
  const res = await fetch(`${server.url}/plugins/imports/preview/${object}`, { method: 'POST', headers: { authorization: `Bearer ${key}` }, body: form });
  return { status: res.status, body: await res.json() as any };
}
const refusal = (res: { status: number; body: any }) => ({ status: res.status, code: res.body.errors?.[0]?.extensions?.code, pointer: res.body.errors?.[0]?.extensions?.errors?.[0]?.pointer });

describe('import preview', () => {
  it('answers a workbook\'s header row and the mapping suggested from Chinese labels, storing nothing', async () => {
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('People');
    sheet.addRow(['姓名', '邮箱', 'Town']);
    for (let i = 0; i < 2000; i++) sheet.addRow([`人 ${i}`, `p${i}@example.com`, 'Shanghai']);
    const res = await preview(Buffer.from(await book.xlsx.writeBuffer()));
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body).toEqual({ format: 'xlsx', headers: ['姓名', '邮箱', 'Town'], mapping: { 姓名: 'name', 邮箱: 'email' } });
    expect((await t.api('{ importJobs(object: "contact") }')).data.importJobs).toEqual([]);
    // A CSV too (the studio reads a CSV's header itself, but the route takes both).
    expect((await preview('Full name,Age\nx,1\n')).body).toEqual({ format: 'csv', headers: ['Full name', 'Age'], mapping: { 'Full name': 'name', Age: 'age' } });
  }, 60_000);

  it('refuses with typed errors: unknown object, not a spreadsheet, empty, no importData right', async () => {
    expect(refusal(await preview('a\n1\n', t.apiKey, 'nothing'))).toEqual({ status: 404, code: 'NOT_FOUND', pointer: '/object' });
    const png = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489', 'hex');
    expect(refusal(await preview(png))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/file' });
    expect(refusal(await preview(''))).toEqual({ status: 400, code: 'BAD_USER_INPUT', pointer: '/file' });
    expect(refusal(await preview(`Full name\n${'x'.repeat(2 * 1024 * 1024)}\n`))).toEqual({ status: 413, code: 'LIMIT_EXCEEDED', pointer: '/file' });
    const user = (await t.meta('mutation($e: String!) { createUser(input: {email: $e, name: "Rep"}) { id } }', { e: `rep-${Date.now()}@example.com` })).data.createUser.id;
    const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).data.createApiKey.key as string;
    expect(refusal(await preview('Full name\nx\n', key))).toMatchObject({ status: 403, code: 'FORBIDDEN' });
  }, 60_000);
});
