import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A customer of the platform. Its records live in its own PostgreSQL schema (`schemaName`). */
export const TenantEntity = defineEntity({
  name: 'Tenant',
  tableName: 'tenants',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    slug: p.text().unique(),
    name: p.text(),
    schemaName: p.text().unique(),
    /** Bumped by every metadata change, in the same transaction; the GraphQL schema cache keys on it. */
    metadataVersion: p.bigint('number').default(0),
    settings: p.json<Record<string, unknown>>().onCreate(() => ({})),
    /** Bumped by every role, permission, group or sharing change: security caches key on it. */
    securityVersion: p.bigint('number').default(0),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type Tenant = InferEntity<typeof TenantEntity>;
