import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A person who signs in to one tenant. Emails are unique per tenant, case-insensitively. */
export const UserEntity = defineEntity({
  name: 'User',
  tableName: 'users',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    email: p.text(),
    name: p.text(),
    /** scrypt hash (`scrypt$N$r$p$salt$hash`); null for users who only use API keys. */
    passwordHash: p.text().nullable().hidden(),
    locale: p.text().default('en'),
    isActive: p.boolean().default(true),
    isAdmin: p.boolean().default(false),
    /** The non-administrator who set the password for the user (their sessions carry at most that one's rights); null otherwise. */
    passwordSetBy: p.uuid().nullable(),
    managerId: p.uuid().nullable(),
    roleId: p.uuid().nullable(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type User = InferEntity<typeof UserEntity>;
