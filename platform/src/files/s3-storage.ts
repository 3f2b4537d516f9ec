import { Readable } from 'node:stream';
import { AwsClient } from 'aws4fetch';
import { assertKey, type FileStorage, type StoredHead } from './storage.ts';

/** An S3-compatible bucket (AWS S3, MinIO, R2, Ceph…), from TESSERA_S3_*. */
export interface S3Options {
  endpoint: string;
  bucket: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Files in an S3-compatible bucket, path-style (`<endpoint>/<bucket>/<key>`, which every
 * S3-compatible server answers), requests signed with SigV4 by aws4fetch: a few kB with no
 * dependencies, where the AWS SDK v3 brings dozens of packages for four calls. Puts stream their
 * body with its length known and the payload unsigned (`UNSIGNED-PAYLOAD`), so a file is never held
 * in memory whole; TLS protects it on the way.
 */
export class S3Storage implements FileStorage {
  readonly kind = 's3' as const;
  private readonly client: AwsClient;
  private readonly base: string;

  constructor(options: S3Options) {
    this.client = new AwsClient({ accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, region: options.region, service: 's3' });
    this.base = `${options.endpoint.replace(/\/+$/, '')}/${encodeURIComponent(options.bucket)}`;
  }

  private url(key: string): string {
    assertKey(key);
    return `${this.base}/${key.split('/').map(encodeURIComponent).join('/')}`;
  }

  private async send(method: string, key: string, init: RequestInit & { headers?: Record<string, string> } = {}): Promise<Response> {
    const headers = { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD', ...init.headers };
    return this.client.fetch(this.url(key), { ...init, method, headers });
  }

  async put(key: string, body: Readable, size: number, contentType: string): Promise<void> {
    const res = await this.send('PUT', key, {
      body: Readable.toWeb(body) as unknown as BodyInit,
      headers: { 'content-length': String(size), 'content-type': contentType },
      // Node's fetch streams a request body only when told it is half-duplex.
      ...({ duplex: 'half' } as object),
    });
    if (!res.ok) throw new Error(`S3 PUT ${key}: ${res.status} ${await res.text()}`);
  }

  async get(key: string): Promise<Readable | null> {
    const res = await this.send('GET', key);
    if (res.status === 404) return null;
    if (!res.ok || !res.body) throw new Error(`S3 GET ${key}: ${res.status} ${await res.text()}`);
    return Readable.fromWeb(res.body as never);
  }

  async head(key: string): Promise<StoredHead | null> {
    const res = await this.send('HEAD', key);
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`S3 HEAD ${key}: ${res.status}`);
    return { size: Number(res.headers.get('content-length') ?? 0) };
  }

  async delete(key: string): Promise<void> {
    const res = await this.send('DELETE', key);
    if (!res.ok && res.status !== 404) throw new Error(`S3 DELETE ${key}: ${res.status} ${await res.text()}`);
  }
}
