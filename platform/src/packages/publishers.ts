import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import { uuidv7 } from '../util/ids.ts';
import { parsePublicKey } from './signing.ts';

export interface Publisher {
  id: string;
  name: string;
  publicKey: string;
  revokedAt: string | null;
}

/**
 * Registers a publisher's public key: the platform operator's act (from code or `tessera package
 * publisher add` on the database), as making a tenant is. A tenant's API key cannot do it.
 */
export async function registerPublisher(sql: SqlRunner, input: { name: string; publicKey: string }): Promise<Publisher> {
  if (!/^[a-z][a-z0-9-]{1,62}$/.test(input.name)) throw new PlatformError('VALIDATION_FAILED', 'A publisher\'s name is 2-63 lower-case letters, digits and -', { details: [{ pointer: '/name', message: 'must match ^[a-z][a-z0-9-]{1,62}$' }] });
  if (!parsePublicKey(input.publicKey)) throw new PlatformError('VALIDATION_FAILED', 'The public key is not a base64 SPKI ed25519 key (`tessera package keygen` prints one)', { details: [{ pointer: '/publicKey', message: 'must be an ed25519 public key' }] });
  const [row] = await sql.query<{ id: string }>(
    'insert into tessera.package_publishers (id, name, public_key) values ($1, $2, $3) on conflict do nothing returning id',
    [uuidv7(), input.name, input.publicKey],
  );
  if (!row) throw new PlatformError('CONFLICT', `A publisher named ${input.name} or with this key is already registered`);
  return { id: row.id, name: input.name, publicKey: input.publicKey, revokedAt: null };
}

/** Revokes a publisher's key: nothing signed with it is accepted from now on (published versions stay listed). */
export async function revokePublisher(sql: SqlRunner, name: string): Promise<boolean> {
  const rows = await sql.query('update tessera.package_publishers set revoked_at = now() where name = $1 and revoked_at is null returning id', [name]);
  return rows.length > 0;
}

/** The publisher holding a public key, revoked or not. */
export async function publisherByKey(sql: SqlRunner, publicKey: string): Promise<Publisher | undefined> {
  const [row] = await sql.query<Publisher>(
    'select id, name, public_key as "publicKey", revoked_at as "revokedAt" from tessera.package_publishers where public_key = $1',
    [publicKey],
  );
  return row;
}
