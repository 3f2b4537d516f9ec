import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isManualClock } from '../../src/clock/index.ts';
import { purgeFilesOf } from '../../src/files/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { filesTenant, ok, png, uploadFile, type FilesTenant } from './support.ts';

/**
 * The files purge on the test clock: uploads never attached go 24 h after their upload; files a
 * record replaced or cleared go once the record history retention has passed since the purge saw
 * them let go (unless the record took them back); files of a record purged go at once; files
 * held, or held by a soft-deleted record, stay. Bytes and thumbnails leave the storage, then the
 * `_files` row.
 */
let server: RunningServer;
let t: FilesTenant;

const DOC = { name: 'doc', fields: [{ name: 'title', type: 'text' }, { name: 'attachment', type: 'file' }, { name: 'photo', type: 'image' }] };
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

beforeAll(async () => {
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-files-purge-'));
  server = await startTestServer({ env: { TESSERA_DATA_DIR: dataDir, TESSERA_TEST_CLOCK: '1' } });
  t = await filesTenant(server, [DOC]);
  await server.platform.pool.query(`update tessera.tenants set settings = coalesce(settings, '{}'::jsonb) || '{"auditRetentionDays": 2}'::jsonb where id = $1`, [t.id]);
});
afterAll(async () => { await server?.close(); });

const advance = (ms: number) => {
  const clock = server.platform.clock;
  if (!isManualClock(clock)) throw new Error('the test clock is off');
  clock.advanceTo(new Date(clock.now().getTime() + ms));
};
const text = async (name: string) => (await uploadFile(server, t.key, { object: 'doc', field: 'attachment' }, Buffer.from(`contents of ${name}`), `${name}.txt`, 'text/plain')).body.id as string;
const image = async () => (await uploadFile(server, t.key, { object: 'doc', field: 'photo' }, await png(300, 200), 'p.png', 'image/png')).body.id as string;
const create = async (d: Record<string, unknown>) => ok(await t.api(`mutation($d: DocCreateInput!) { createDoc(data: $d) { id } }`, { d })).createDoc.id as string;
const update = async (id: string, d: Record<string, unknown>) => ok(await t.api(`mutation($id: ID!, $d: DocUpdateInput!) { updateDoc(id: $id, data: $d) { id } }`, { id, d }));

/**
 * Purges until `done` holds (at most ~5 s): the suite's other servers purge every tenant of the shared
 * database on their own clocks, and rows one of them holds are skipped here (`skip locked`); it may
 * roll back (its storage is not this server's), leaving them for the next purge.
 */
async function purgeUntil(done: () => Promise<boolean>): Promise<void> {
  for (let i = 0; i < 50; i++) {
    await purgeFilesOf(server.platform);
    if (await done()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Each file's storage: its row, whether its bytes and thumbnail are stored. */
async function state(ids: Record<string, string>): Promise<Record<string, string>> {
  const { rows } = await server.platform.pool.query(`select id, "storageKey", "thumbnailKey" from "${t.schema}"."_files" where id = any($1::uuid[])`, [Object.values(ids)]);
  const byId = new Map(rows.map((r) => [r.id, r]));
  const out: Record<string, string> = {};
  for (const [name, id] of Object.entries(ids)) {
    const row = byId.get(id);
    if (!row) { out[name] = 'gone'; continue; }
    const storage = server.platform.files.storage;
    const bytes = (await storage.head(row.storageKey)) !== null;
    const thumb = row.thumbnailKey ? (await storage.head(row.thumbnailKey)) !== null : undefined;
    out[name] = `row${bytes ? '+bytes' : ''}${thumb ? '+thumb' : ''}`;
  }
  return out;
}

it('uploads never attached, files let go, files of purged records: each goes when its time comes, bytes and thumbnail first', async () => {
  const stray = await text('stray');
  const replaced = await text('replaced');
  const replacement = await text('replacement');
  const cleared = await image();
  const held = await text('held');
  const ofDeleted = await text('of-deleted');
  const ofPurged = await text('of-purged');
  const takenBack = await text('taken-back');
  const meanwhile = await text('meanwhile');

  const d1 = await create({ title: 'replaces', attachment: replaced });
  await update(d1, { attachment: replacement });
  const d2 = await create({ title: 'clears', photo: cleared });
  await update(d2, { photo: null });
  await create({ title: 'holds', attachment: held });
  const d4 = await create({ title: 'deleted', attachment: ofDeleted });
  ok(await t.api(`mutation($id: ID!) { deleteDoc(id: $id) { id } }`, { id: d4 }));
  const d5 = await create({ title: 'purged', attachment: ofPurged });
  // A record purged for good: its row is gone (as when its object is purged).
  await server.platform.pool.query(`delete from "${t.schema}"."doc" where id = $1`, [d5]);
  const d6 = await create({ title: 'takes back', attachment: takenBack });
  await update(d6, { attachment: meanwhile });

  const files = { stray, replaced, replacement, cleared, held, ofDeleted, ofPurged, takenBack, meanwhile };
  expect(Object.values(await state(files)).every((s) => s.startsWith('row+bytes'))).toBe(true);
  expect((await state({ cleared }))).toEqual({ cleared: 'row+bytes+thumb' });

  // Now: only the purged record's file goes; the files let go are marked.
  await purgeFilesOf(server.platform);
  // The server's own purge may be running at the same moment: rows it holds are skipped here (`skip
  // locked`) and go when it commits (its bytes first). Wait for that, at most a few seconds.
  for (let i = 0; (await state({ ofPurged })).ofPurged !== 'gone' && i < 100; i++) await new Promise((r) => setTimeout(r, 50));
  expect(await state(files)).toMatchObject({ stray: 'row+bytes', replaced: 'row+bytes', cleared: 'row+bytes+thumb', ofPurged: 'gone', ofDeleted: 'row+bytes' });
  const { rows: marked } = await server.platform.pool.query(`select id from "${t.schema}"."_files" where "releasedAt" is not null`);
  expect(marked.map((r) => r.id).sort()).toEqual([replaced, cleared, takenBack].sort());

  // The record takes its old file back: unmarked by the next purge.
  await update(d6, { attachment: takenBack });

  // 23 h later the upload is still in its grace period; 25 h later it is gone.
  advance(23 * HOUR);
  await purgeFilesOf(server.platform);
  expect((await state({ stray })).stray).toBe('row+bytes');
  advance(2 * HOUR);
  await purgeUntil(async () => (await state({ stray })).stray === 'gone');
  expect(await state(files)).toMatchObject({ stray: 'gone', replaced: 'row+bytes', cleared: 'row+bytes+thumb' });

  // Past the record history retention (2 days here) since they were let go: replaced and cleared go, thumbnail too.
  const thumbKey = (await server.platform.pool.query(`select "thumbnailKey" from "${t.schema}"."_files" where id = $1`, [cleared])).rows[0].thumbnailKey;
  advance(2 * DAY);
  await purgeUntil(async () => Object.values(await state({ replaced, cleared, meanwhile })).every((s) => s === 'gone'));
  expect(await state(files)).toEqual({
    stray: 'gone', replaced: 'gone', replacement: 'row+bytes', cleared: 'gone', held: 'row+bytes',
    ofDeleted: 'row+bytes', ofPurged: 'gone', takenBack: 'row+bytes', meanwhile: 'gone',
  });
  expect(await server.platform.files.storage.head(thumbKey)).toBeNull();
  // takenBack is held again (unmarked); `meanwhile`, let go when it came back, was marked 25 h ago and went with the others.
  const { rows: still } = await server.platform.pool.query(`select id from "${t.schema}"."_files" where "releasedAt" is not null`);
  expect(still).toEqual([]);

  // What is left is still served.
  const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t.key}` }, body: JSON.stringify({ query: `query($id: ID!) { doc(id: $id) { attachment { url } } }`, variables: { id: d1 } }) });
  const url = ((await res.json()) as any).data.doc.attachment.url as string;
  const got = await fetch(server.url + url, { headers: { authorization: `Bearer ${t.key}` } });
  expect(await got.text()).toBe('contents of replacement');
});

it('an upload purged past its grace period cannot be attached any more: the write is refused (VALIDATION_FAILED)', async () => {
  const late = await text('late');
  advance(25 * HOUR);
  await purgeUntil(async () => (await state({ late })).late === 'gone');
  const res = await t.api(`mutation($d: DocCreateInput!) { createDoc(data: $d) { id } }`, { d: { title: 'too late', attachment: late } });
  expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
});
