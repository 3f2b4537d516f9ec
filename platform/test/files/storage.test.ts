import { randomUUID } from 'node:crypto';
import { mkdtemp } from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirStorage, effectiveType, newStorageKey, readFilesConfig, S3Storage, sniff, type FileStorage } from '../../src/files/index.ts';
import { fieldType } from '../../src/field-types/registry.ts';
import { HTML, jpeg, PDF, png, SVG } from './support.ts';

/** A fake S3 endpoint on localhost: path-style objects in a map; records each request's method, path and headers. */
function fakeS3() {
  const objects = new Map<string, Buffer>();
  const requests: { method: string; url: string; headers: http.IncomingHttpHeaders }[] = [];
  const server = http.createServer(async (req, res) => {
    requests.push({ method: req.method!, url: req.url!, headers: req.headers });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (!String(req.headers.authorization).startsWith('AWS4-HMAC-SHA256 Credential=AKTEST/')) return res.writeHead(403).end('unsigned');
    const key = req.url!;
    if (req.method === 'PUT') { objects.set(key, Buffer.concat(chunks)); return res.writeHead(200).end(); }
    const found = objects.get(key);
    if (req.method === 'DELETE') { objects.delete(key); return res.writeHead(204).end(); }
    if (!found) return res.writeHead(404).end();
    res.writeHead(200, { 'content-length': found.length });
    res.end(req.method === 'HEAD' ? undefined : found);
  });
  return { server, objects, requests };
}

const s3 = fakeS3();
let endpoint: string;
beforeAll(async () => {
  await new Promise<void>((resolve) => s3.server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(s3.server.address() as { port: number }).port}`;
});
afterAll(() => new Promise<void>((resolve) => s3.server.close(() => resolve())));

const backends: [string, () => Promise<FileStorage>][] = [
  ['data directory', async () => new DataDirStorage(await mkdtemp(path.join(os.tmpdir(), 'tessera-store-')))],
  ['S3-compatible (a local fake endpoint)', async () => new S3Storage({ endpoint, bucket: 'tessera', region: 'eu-west-1', accessKeyId: 'AKTEST', secretAccessKey: 'secret' })],
];

describe.each(backends)('the storage adapter contract: %s', (_name, make) => {
  it('puts a stream, heads, gets it back, deletes it (twice is no error)', async () => {
    const storage = await make();
    const key = newStorageKey(randomUUID());
    const body = 'x'.repeat(100_000);
    await storage.put(key, Readable.from([Buffer.from(body.slice(0, 50_000)), Buffer.from(body.slice(50_000))]), body.length, 'text/plain');
    expect(await storage.head(key)).toEqual({ size: body.length });
    expect(await text((await storage.get(key))!)).toBe(body);
    await storage.delete(key);
    expect(await storage.head(key)).toBeNull();
    expect(await storage.get(key)).toBeNull();
    await storage.delete(key);
  });

  it('refuses keys the platform did not make (no path from a client reaches a backend)', async () => {
    const storage = await make();
    for (const key of ['../../etc/passwd', 'a/b', `${randomUUID()}/../${randomUUID()}`]) {
      await expect(storage.get(key)).rejects.toThrow(/Not a storage key/);
    }
  });
});

describe('the S3 backend', () => {
  it('signs with SigV4, addresses path-style, streams an unsigned payload of known length', async () => {
    const storage = new S3Storage({ endpoint: `${endpoint}/`, bucket: 'tessera', region: 'eu-west-1', accessKeyId: 'AKTEST', secretAccessKey: 'secret' });
    const key = newStorageKey(randomUUID());
    await storage.put(key, Readable.from([Buffer.from('hello')]), 5, 'text/plain');
    const put = s3.requests.findLast((r) => r.method === 'PUT')!;
    expect(put.url).toBe(`/tessera/${key}`);
    expect(put.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=AKTEST\/\d{8}\/eu-west-1\/s3\/aws4_request, SignedHeaders=[^,]*x-amz-content-sha256[^,]*, Signature=[0-9a-f]{64}$/);
    expect(put.headers['x-amz-content-sha256']).toBe('UNSIGNED-PAYLOAD');
    expect(put.headers['content-length']).toBe('5');
    expect(s3.objects.get(`/tessera/${key}`)?.toString()).toBe('hello');
  });

  it('is chosen by TESSERA_S3_*, all or none (half a configuration fails at start)', () => {
    expect(readFilesConfig({}).s3).toBeUndefined();
    expect(readFilesConfig({ TESSERA_S3_ENDPOINT: 'http://s3', TESSERA_S3_BUCKET: 'b', TESSERA_S3_ACCESS_KEY_ID: 'a', TESSERA_S3_SECRET_ACCESS_KEY: 's' }).s3).toMatchObject({ region: 'us-east-1', bucket: 'b' });
    expect(() => readFilesConfig({ TESSERA_S3_BUCKET: 'b' })).toThrow(/missing TESSERA_S3_ENDPOINT/);
    expect(() => readFilesConfig({ TESSERA_MAX_FILE_BYTES: 'lots' })).toThrow(/TESSERA_MAX_FILE_BYTES/);
  });
});

describe('content sniffing', () => {
  it('knows types by their bytes, not their names', async () => {
    expect(sniff(await png(1, 1))).toBe('image/png');
    expect(sniff(await jpeg(1, 1))).toBe('image/jpeg');
    expect(sniff(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniff(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniff(PDF)).toBe('application/pdf');
    expect(sniff(SVG)).toBe('image/svg+xml');
    expect(sniff(Buffer.from('\uFEFF  <svg width="1"></svg>'))).toBe('image/svg+xml');
    expect(sniff(HTML)).toBe('text/html');
    expect(sniff(Buffer.from('<!-- x --><script>1</script>'))).toBe('text/html');
    expect(sniff(Buffer.from('name,phone\nAda,1'))).toBeNull();
  });

  it('decides the stored type: the content wins, a contradiction is refused, ZIP containers keep their declared kind', async () => {
    expect(effectiveType(Buffer.from('a,b'), 'text/csv', 'file')).toBe('text/csv');
    expect(effectiveType(PDF, 'application/octet-stream', 'file')).toBe('application/pdf');
    expect(effectiveType(Buffer.from('PK\x03\x04rest'), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'file')).toMatch(/openxmlformats/);
    expect(effectiveType(Buffer.from('PK\x03\x04rest'), 'text/plain', 'file')).toBe('application/zip');
    expect(() => effectiveType(HTML, 'image/png', 'file')).toThrow(/is text\/html, not the image\/png/);
    expect(() => effectiveType(Buffer.from('plain'), 'image/png', 'file')).toThrow(/no image/);
    expect(() => effectiveType(SVG, 'image/svg+xml', 'image')).toThrow(/PNG, JPEG, GIF or WebP/);
  });

  it('image fields accept only raster types in their definition', () => {
    const image = fieldType('image');
    const field = image.resolve!({ name: 'photo', type: 'image', label: { en: 'Photo' }, required: false, unique: false, accept: ['image/png', 'image/svg+xml'] });
    expect(image.check!(field)).toEqual([{ pointer: '/accept/1', message: expect.stringMatching(/image\/svg\+xml is not a raster image type/) }]);
  });
});
