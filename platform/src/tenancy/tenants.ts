import { randomBytes } from 'node:crypto';
import type { MikroORM } from '@mikro-orm/postgresql';
import { PlatformError } from '../errors/index.ts';
import { generateApiKey } from '../auth/api-keys.ts';
import { hashPassword } from '../auth/passwords.ts';
import { ApiKeyEntity, TenantEntity, UserEntity } from '../storage/system/entities/index.ts';
import { createSchemaSql, ddlNames } from '../storage/ddl/index.ts';
import { tenantTablesSql } from '../storage/ddl/tenant-tables.ts';
import { uuidv7 } from '../util/ids.ts';

export const TENANT_SLUG = /^[a-z][a-z0-9-]{1,62}$/;
const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

export interface CreateTenantInput {
  slug: string;
  name?: string;
  adminEmail?: string;
  adminPassword?: string;
  adminName?: string;
}

export interface CreatedTenant {
  tenant: { id: string; slug: string; name: string; schema: string };
  admin: { id: string; email: string; password: string | null };
  apiKey: string;
}

/**
 * Creates a tenant with its own PostgreSQL schema, an admin user who can sign in with the given
 * email and password, and an API key for that admin (returned once, stored hashed). One transaction.
 */
export async function createTenant(orm: MikroORM, input: CreateTenantInput): Promise<CreatedTenant> {
  const details = [];
  if (!TENANT_SLUG.test(input.slug)) details.push({ pointer: '/slug', message: 'must be 2-63 lower-case letters, digits and -, starting with a letter' });
  const adminEmail = input.adminEmail ?? `admin@${input.slug}.local`;
  if (!EMAIL.test(adminEmail)) details.push({ pointer: '/adminEmail', message: 'is not an email address' });
  if (input.adminPassword !== undefined && input.adminPassword.length < 8) details.push({ pointer: '/adminPassword', message: 'must have at least 8 characters' });
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid tenant: ${details[0].pointer} ${details[0].message}`, { details });

  const generated = input.adminPassword === undefined ? randomBytes(12).toString('base64url') : null;
  const password = input.adminPassword ?? generated!;
  const passwordHash = await hashPassword(password);
  const id = uuidv7();
  const schema = ddlNames.tenantSchema(id);
  const key = generateApiKey();
  const userId = uuidv7();
  const name = input.name ?? input.slug;
  try {
    await orm.em.fork().transactional(async (em) => {
      em.persist(em.create(TenantEntity, { id, slug: input.slug, name, schemaName: schema, metadataVersion: 0, settings: {} }));
      await em.flush();
      for (const sql of [...createSchemaSql(schema), ...tenantTablesSql(schema)]) await em.execute(sql, [], 'run');
      em.persist(em.create(UserEntity, { id: userId, tenantId: id, email: adminEmail, name: input.adminName ?? 'Administrator', passwordHash, isAdmin: true }));
      await em.flush();
      em.persist(em.create(ApiKeyEntity, { id: uuidv7(), tenantId: id, userId, name: 'admin key', prefix: key.prefix, secretHash: key.secretHash }));
    });
  } catch (error) {
    if ((error as { code?: string }).code === '23505') {
      throw new PlatformError('CONFLICT', `A tenant with slug "${input.slug}" already exists`, { details: [{ pointer: '/slug', message: 'is taken' }] });
    }
    throw error;
  }
  return { tenant: { id, slug: input.slug, name, schema }, admin: { id: userId, email: adminEmail, password: generated }, apiKey: key.key };
}

export async function findTenant(orm: MikroORM, slug: string): Promise<{ id: string; slug: string; schemaName: string } | null> {
  return orm.em.fork().findOne(TenantEntity, { slug }, { fields: ['id', 'slug', 'schemaName'] });
}

export async function listTenants(orm: MikroORM): Promise<{ id: string; slug: string }[]> {
  return orm.em.fork().find(TenantEntity, {}, { fields: ['id', 'slug'], orderBy: { createdAt: 'asc' } });
}

/** Issues another API key for a user; the key is returned once and stored hashed. */
export async function createApiKey(orm: MikroORM, tenantId: string, userId: string, name = 'key'): Promise<{ id: string; key: string }> {
  const key = generateApiKey();
  const id = uuidv7();
  const em = orm.em.fork();
  const user = await em.findOne(UserEntity, { id: userId, tenantId });
  if (!user) throw new PlatformError('NOT_FOUND', 'No such user in this tenant');
  em.persist(em.create(ApiKeyEntity, { id, tenantId, userId, name, prefix: key.prefix, secretHash: key.secretHash }));
  await em.flush();
  return { id, key: key.key };
}
