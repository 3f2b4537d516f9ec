import { mkdtemp, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { download, filesTenant, HTML, jpeg, ok, PDF, png, SVG, uploadFile, type FilesTenant } from './support.ts';

/**
 * File, image and signature fields end to end over HTTP: streamed uploads with the field's limits
 * and content sniffing, thumbnails, the write path's check of which file ids a writer may use, and
 * downloads only for readers of a record holding the file in a field they may read.
 */
let server: RunningServer;
let dataDir: string;
let t: FilesTenant;
let other: FilesTenant;
let rep: Awaited<ReturnType<FilesTenant['user']>>;
let rep2: Awaited<ReturnType<FilesTenant['user']>>;

const DOC = {
  name: 'doc', sharing: 'PRIVATE',
  fields: [
    { name: 'title', type: 'text' },
    { name: 'attachment', type: 'file', maxSize: 2000, accept: ['application/pdf', 'text/plain'] },
    { name: 'photo', type: 'image' },
    { name: 'sign', type: 'signature' },
    { name: 'secret', type: 'file' },
  ],
};
const FILE_FIELDS = 'id name size mimeType url thumbnailUrl';
const docField = (field: string) => ({ object: 'doc', field });

beforeAll(async () => {
  dataDir = await mkdtemp(path.join(os.tmpdir(), 'tessera-files-'));
  server = await startTestServer({ env: { TESSERA_DATA_DIR: dataDir, TESSERA_MAX_FILE_BYTES: '200000' } });
  t = await filesTenant(server, [DOC]);
  other = await filesTenant(server, [DOC]);
  const role = {
    objectPermissions: [{ object: 'doc', read: true, create: true, update: true }],
    fieldPermissions: [{ object: 'doc', field: 'secret', read: false, update: false }],
  };
  rep = await t.user(role);
  rep2 = await t.user(role);
});
afterAll(async () => { await server?.close(); });

const createDoc = async (api: FilesTenant['api'], data: Record<string, unknown>) => api(`mutation($d: DocCreateInput!) { createDoc(data: $d) { id } }`, { d: data });

describe('uploads: limits', () => {
  it('refuses a file over the field’s maxSize (413 LIMIT_EXCEEDED) and keeps nothing of it', async () => {
    const before = await storedKeys();
    const res = await uploadFile(server, rep.key, docField('attachment'), Buffer.alloc(2001, 'a'), 'big.txt', 'text/plain');
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', max: 2000 });
    expect(await storedKeys()).toEqual(before);
    expect((await uploadFile(server, rep.key, docField('attachment'), Buffer.alloc(2000, 'a'), 'fits.txt', 'text/plain')).status).toBe(201);
  });

  it('refuses a file over the platform’s largest (TESSERA_MAX_FILE_BYTES) whatever the field says', async () => {
    const res = await uploadFile(server, rep.key, docField('photo'), Buffer.concat([await png(4, 4), Buffer.alloc(200_001)]), 'huge.png', 'image/png');
    expect(res.status).toBe(413);
    expect(res.body.errors[0].extensions.max).toBe(200_000);
  });

  it('takes only the field’s accepted types, by content: a declared type the bytes contradict is refused', async () => {
    const pdf = await uploadFile(server, rep.key, docField('attachment'), PDF, 'contract.pdf', 'application/pdf');
    expect(pdf.status).toBe(201);
    expect(pdf.body).toMatchObject({ name: 'contract.pdf', size: PDF.length, mimeType: 'application/pdf', thumbnailUrl: null });
    const cases: [string, Buffer, string, string, RegExp][] = [
      ['a PNG where PDF and text are accepted', await png(2, 2), 'x.png', 'image/png', /takes application\/pdf, text\/plain/],
      ['HTML sent as text', HTML, 'notes.txt', 'text/plain', /is text\/html, not the text\/plain/],
      ['a JPEG sent as PDF', await jpeg(2, 2), 'x.pdf', 'application/pdf', /is image\/jpeg, not the application\/pdf/],
      ['an empty file', Buffer.alloc(0), 'empty.txt', 'text/plain', /empty/],
    ];
    for (const [what, bytes, name, type, message] of cases) {
      const res = await uploadFile(server, rep.key, docField('attachment'), bytes, name, type);
      expect(res.status, what).toBe(400);
      expect(res.body.errors[0].extensions.code, what).toBe('VALIDATION_FAILED');
      expect(res.body.errors[0].message, what).toMatch(message);
    }
  });

  it('takes only raster images in image and signature fields: no SVG, nothing that only claims to be an image', async () => {
    for (const [field, bytes, type] of [['photo', SVG, 'image/svg+xml'], ['photo', SVG, 'image/png'], ['photo', Buffer.from('just text'), 'image/png'], ['photo', PDF, 'application/octet-stream'], ['sign', await jpeg(3, 3), 'image/jpeg']] as const) {
      const res = await uploadFile(server, rep.key, docField(field), bytes, 'x', type);
      expect(res.status, `${field} ${type}`).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    }
    const sig = await uploadFile(server, rep.key, docField('sign'), await png(300, 100), 'signature.png', 'image/png');
    expect(sig.status).toBe(201);
  });

  it('refuses unknown fields, fields that hold no file, and writers who may not write the field', async () => {
    expect((await uploadFile(server, rep.key, docField('title'), PDF, 'x.pdf', 'application/pdf')).status).toBe(400);
    expect((await uploadFile(server, rep.key, { object: 'nope', field: 'x' }, PDF, 'x.pdf', 'application/pdf')).status).toBe(400);
    const res = await uploadFile(server, rep.key, docField('secret'), PDF, 'x.pdf', 'application/pdf');
    expect(res.status).toBe(403);
  });

  it('never uses the client’s name as a path: the stored key is the tenant’s id and a random UUID', async () => {
    const res = await uploadFile(server, rep.key, docField('attachment'), Buffer.from('hello'), '../../etc/passwd', 'text/plain');
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('passwd');
    const keys = await storedKeys();
    expect(keys.every((k) => new RegExp(`^(${t.id}|${other.id})/[0-9a-f-]{36}(\\.thumb)?$`).test(k))).toBe(true);
  });
});

describe('thumbnails', () => {
  it('are made at upload for images (at most 256 px, aspect kept) and served beside the full image', async () => {
    const up = await uploadFile(server, rep.key, docField('photo'), await png(600, 300), 'wide.png', 'image/png');
    expect(up.status).toBe(201);
    expect(up.body.thumbnailUrl).toBe(`/files/${up.body.id}/thumbnail`);
    const thumb = await download(server, rep.key, up.body.thumbnailUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers.get('content-type')).toBe('image/png');
    const image = await Jimp.read(thumb.bytes);
    expect([image.width, image.height]).toEqual([256, 128]);
    const full = await download(server, rep.key, up.body.url);
    expect(full.status).toBe(200);
    expect(full.headers.get('content-disposition')).toMatch(/^inline;/);
    expect(full.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await Jimp.read(full.bytes)).width).toBe(600);
    const photo = await uploadFile(server, rep.key, docField('photo'), await jpeg(100, 400), 'tall.jpg', 'image/jpeg');
    const small = await Jimp.read((await download(server, rep.key, photo.body.thumbnailUrl)).bytes);
    expect([small.width, small.height]).toEqual([64, 256]);
  });
});

describe('writes: a file field holds only files its writer may use', () => {
  it('attaches an upload through the data API and reads it back as File (whole, partly, aliased)', async () => {
    const up = (await uploadFile(server, rep.key, docField('photo'), await png(40, 20), 'p.png', 'image/png')).body;
    const id = ok(await createDoc(rep.api, { title: 'with photo', photo: up.id })).createDoc.id;
    const whole = ok(await rep.api(`query($id: ID!) { doc(id: $id) { photo { ${FILE_FIELDS} } } }`, { id })).doc.photo;
    expect(whole).toEqual(up);
    const part = ok(await rep.api(`query($id: ID!) { doc(id: $id) { photo { link: url size } } }`, { id })).doc.photo;
    expect(part).toEqual({ link: up.url, size: up.size });
    const listed = ok(await rep.api(`{ docs(filter: {photo: {isNull: false}}) { nodes { photo { id } } } }`)).docs.nodes;
    expect(listed.map((n: any) => n.photo.id)).toContain(up.id);
  });

  it('refuses another user’s upload, an upload for another field, another record’s file and ids that are no file', async () => {
    const theirs = (await uploadFile(server, rep2.key, docField('photo'), await png(8, 8), 'b.png', 'image/png')).body;
    const forSign = (await uploadFile(server, rep.key, docField('sign'), await png(8, 8), 's.png', 'image/png')).body;
    const mine = (await uploadFile(server, rep.key, docField('photo'), await png(8, 8), 'a.png', 'image/png')).body;
    ok(await createDoc(rep.api, { title: 'first', photo: mine.id }));
    for (const [what, value] of [['another user’s', theirs.id], ['another field’s', forSign.id], ['another record’s', mine.id], ['no file', '0190a000-0000-7000-8000-000000000000']]) {
      const res = await createDoc(rep.api, { title: 'second', photo: value });
      expect(res.errors?.[0]?.extensions?.code, what).toBe('VALIDATION_FAILED');
      expect(JSON.stringify(res.errors[0].extensions), what).toContain('/data/photo');
    }
  });

  it('keeps the record’s own file on an update that leaves it, and refuses one file for two records in a bulk update', async () => {
    const up = (await uploadFile(server, rep.key, docField('attachment'), PDF, 'c.pdf', 'application/pdf')).body;
    const id = ok(await createDoc(rep.api, { title: 'keep', attachment: up.id })).createDoc.id;
    ok(await rep.api(`mutation($id: ID!, $d: DocUpdateInput!) { updateDoc(id: $id, data: $d) { id } }`, { id, d: { title: 'kept', attachment: up.id } }));
    const a = (await uploadFile(server, rep.key, docField('attachment'), PDF, 'd.pdf', 'application/pdf')).body;
    ok(await createDoc(rep.api, { title: 'bulk one' }));
    ok(await createDoc(rep.api, { title: 'bulk two' }));
    const bulk = await rep.api(`mutation($d: DocUpdateInput!) { updateDocs(filter: {title: {startsWith: "bulk"}}, data: $d) { count } }`, { d: { attachment: a.id } });
    expect(bulk.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });
});

describe('downloads are permission-checked', () => {
  it('the uploader alone before a record holds it; then readers of that record and field only', async () => {
    const up = (await uploadFile(server, rep.key, docField('attachment'), PDF, 'private.pdf', 'application/pdf')).body;
    expect((await download(server, rep.key, up.url)).status).toBe(200);
    expect((await download(server, rep2.key, up.url)).status).toBe(404);
    const id = ok(await createDoc(rep.api, { title: 'mine', attachment: up.id })).createDoc.id;
    const got = await download(server, rep.key, up.url);
    expect(got.status).toBe(200);
    expect(got.bytes.equals(PDF)).toBe(true);
    expect(got.headers.get('content-type')).toBe('application/pdf');
    expect(got.headers.get('content-disposition')).toBe(`attachment; filename="private.pdf"; filename*=UTF-8''private.pdf`);
    expect(got.headers.get('x-content-type-options')).toBe('nosniff');
    // The doc is private to rep: rep2 sees no record holding the file, until it is shared with them.
    expect((await download(server, rep2.key, up.url)).status).toBe(404);
    ok(await t.md(`mutation($id: ID!, $u: ID!) { shareRecord(object: "doc", id: $id, with: {user: $u}, access: READ) }`, { id, u: rep2.id }));
    expect((await download(server, rep2.key, up.url)).status).toBe(200);
    // Deleted records hold nothing a reader can reach.
    ok(await t.api(`mutation($id: ID!) { deleteDoc(id: $id) { id } }`, { id }));
    expect((await download(server, rep.key, up.url)).status).toBe(404);
  });

  it('a field the reader may not read hides its file, even on a record they read', async () => {
    const up = (await uploadFile(server, t.key, docField('secret'), PDF, 'secret.pdf', 'application/pdf')).body;
    const id = ok(await createDoc(t.api, { title: 'shared secret', secret: up.id })).createDoc.id;
    ok(await t.md(`mutation($id: ID!, $u: ID!) { shareRecord(object: "doc", id: $id, with: {user: $u}, access: READ) }`, { id, u: rep.id }));
    expect(ok(await rep.api(`query($id: ID!) { doc(id: $id) { title secret { id } } }`, { id })).doc).toEqual({ title: 'shared secret', secret: null });
    expect((await download(server, rep.key, up.url)).status).toBe(404);
    expect((await download(server, t.key, up.url)).status).toBe(200);
  });

  it('another tenant gets 404 for a file id of this one, even its administrator', async () => {
    const up = (await uploadFile(server, t.key, docField('attachment'), PDF, 'x.pdf', 'application/pdf')).body;
    expect((await download(server, t.key, up.url)).status).toBe(200);
    expect((await download(server, other.key, up.url)).status).toBe(404);
    expect((await download(server, other.key, `${up.url}/thumbnail`)).status).toBe(404);
    const res = await createDoc(other.api, { title: 'steal', attachment: up.id });
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
  });

  it('needs a signed-in caller', async () => {
    const up = (await uploadFile(server, t.key, docField('attachment'), PDF, 'x.pdf', 'application/pdf')).body;
    expect((await fetch(server.url + up.url)).status).toBe(401);
  });
});

/** Every key in the data directory's file store. */
async function storedKeys(): Promise<string[]> {
  const root = path.join(dataDir, 'files');
  const out: string[] = [];
  for (const tenant of await readdir(root).catch(() => [] as string[])) {
    for (const name of await readdir(path.join(root, tenant))) out.push(`${tenant}/${name}`);
  }
  return out.sort();
}
