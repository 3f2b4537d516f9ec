import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An API key: only its public prefix and the SHA-256 of its secret are stored; the key is shown once. */
export const ApiKeyEntity = defineEntity({
  name: 'ApiKey',
  tableName: 'api_keys',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    userId: p.uuid().index(),
    name: p.text(),
    prefix: p.text().unique(),
    secretHash: p.text().hidden(),
    createdAt: p.datetime().defaultRaw('now()'),
    lastUsedAt: p.datetime().nullable(),
    revokedAt: p.datetime().nullable(),
    /** The non-administrator who minted it for its user (the key carries at most their rights); null otherwise. */
    issuedBy: p.uuid().nullable(),
  },
});
export type ApiKey = InferEntity<typeof ApiKeyEntity>;
