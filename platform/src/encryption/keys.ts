import { createCipheriv, createDecipheriv, createHash, createHmac, hkdfSync, randomBytes } from 'node:crypto';

/** A query runner (the pool or a write's transaction). */
export interface KeyStore {
  query(config: { text: string; values?: unknown[] }): Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * The platform's master key: TESSERA_MASTER_KEY, 32 bytes in base64. It wraps every tenant's data
 * key and is never stored in the database. Without it a development key is used (fixed, so data
 * survives restarts) — refused when NODE_ENV is production.
 */
function masterKey(): Buffer {
  const configured = process.env.TESSERA_MASTER_KEY;
  if (configured) {
    const key = Buffer.from(configured, 'base64');
    if (key.length !== 32) throw new Error('TESSERA_MASTER_KEY must be 32 bytes in base64');
    return key;
  }
  if (process.env.NODE_ENV === 'production') throw new Error('TESSERA_MASTER_KEY is required in production to encrypt fields');
  return createHash('sha256').update('tessera development master key: not for production').digest();
}

/** AES-256-GCM: iv (12) | tag (16) | ciphertext, in base64, bound to `aad`. */
function seal(key: Buffer, plain: Buffer, aad: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

function open(key: Buffer, sealed: string, aad: string): Buffer {
  const raw = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]);
}

/** One tenant's field keys: values are encrypted under `encryptKey`, blind indexes made with `indexKey`. */
export interface TenantKeys {
  tenantId: string;
  encrypt(value: string): string;
  decrypt(ciphertext: string): string;
  blindIndex(value: string): string;
}

const cache = new Map<string, TenantKeys>();

/**
 * A tenant's keys: its data key unwrapped by the master key, and two keys derived from it by HKDF,
 * one to encrypt, one for blind indexes. The tenant's id is the additional data of every seal, so
 * neither a wrapped key nor a ciphertext opens under another tenant (copied into another tenant's
 * rows, it fails to decrypt).
 *
 * The data key is made on first use, in the caller's transaction (`db`): it commits or rolls back
 * with the values first encrypted under it, and a concurrent first use waits on the row and reads
 * the same key. So it is cached only once it was found already stored, never while it may still
 * roll back.
 */
export async function tenantKeys(db: KeyStore, tenantId: string): Promise<TenantKeys> {
  const cached = cache.get(tenantId);
  if (cached) return cached;
  const master = masterKey();
  const read = async () => (await db.query({ text: 'select wrapped from tessera.tenant_keys where tenant_id = $1', values: [tenantId] })).rows[0]?.wrapped as string | undefined;
  let wrapped = await read();
  const stored = wrapped !== undefined;
  if (!stored) {
    await db.query({ text: 'insert into tessera.tenant_keys (tenant_id, wrapped) values ($1, $2) on conflict do nothing', values: [tenantId, seal(master, randomBytes(32), `tenant-key:${tenantId}`)] });
    wrapped = await read();
  }
  const keys = derive(tenantId, open(master, String(wrapped), `tenant-key:${tenantId}`));
  if (stored) cache.set(tenantId, keys);
  return keys;
}

function derive(tenantId: string, dataKey: Buffer): TenantKeys {
  const key = (info: string) => Buffer.from(hkdfSync('sha256', dataKey, Buffer.from(tenantId), info, 32));
  const encryptKey = key('tessera field encryption');
  const indexKey = key('tessera blind index');
  return {
    tenantId,
    encrypt: (value) => `v1.${seal(encryptKey, Buffer.from(value, 'utf8'), tenantId)}`,
    decrypt: (ciphertext) => open(encryptKey, ciphertext.replace(/^v1\./, ''), tenantId).toString('utf8'),
    blindIndex: (value) => createHmac('sha256', indexKey).update(value, 'utf8').digest('base64url'),
  };
}
