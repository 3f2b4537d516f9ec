import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Who changed which piece of configuration, when, through what, and its JSON before and after.
 * Written by the change runner (changes/run-change.ts) in one statement per change; `seq` (a
 * bigserial, not mapped) orders entries in commit order.
 */
export const MetadataHistoryEntity = defineEntity({
  name: 'MetadataHistory',
  tableName: 'metadata_history',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    version: p.bigint('number'),
    securityVersion: p.bigint('number').nullable(),
    kind: p.text(),
    actorId: p.uuid().nullable(),
    via: p.text(),
    action: p.text(),
    target: p.text(),
    before: p.json<unknown>().nullable(),
    after: p.json<unknown>().nullable(),
    at: p.datetime().defaultRaw('now()'),
  },
});
export type MetadataHistory = InferEntity<typeof MetadataHistoryEntity>;
