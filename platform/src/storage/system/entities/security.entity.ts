import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Object permissions of a role or permission set: `{object, read, create, update, delete, viewAll, modifyAll}`. */
export interface ObjectPermission { object: string; read?: boolean; create?: boolean; update?: boolean; delete?: boolean; viewAll?: boolean; modifyAll?: boolean }
/** Field-level security: `{object, field, read, update}`. */
export interface FieldPermission { object: string; field: string; read?: boolean; update?: boolean }

/** A role: a place in the hierarchy (managers see what the people below see) and permissions. */
export const RoleEntity = defineEntity({
  name: 'Role',
  tableName: 'roles',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.text(),
    parentId: p.uuid().nullable(),
    objectPermissions: p.json<ObjectPermission[]>(),
    fieldPermissions: p.json<FieldPermission[]>(),
    capabilities: p.json<string[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type Role = InferEntity<typeof RoleEntity>;

/** Permissions granted on top of a user's role; a user's rights are the union. */
export const PermissionSetEntity = defineEntity({
  name: 'PermissionSet',
  tableName: 'permission_sets',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.text(),
    objectPermissions: p.json<ObjectPermission[]>(),
    fieldPermissions: p.json<FieldPermission[]>(),
    capabilities: p.json<string[]>(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type PermissionSet = InferEntity<typeof PermissionSetEntity>;

/** A team or public group: users, roles, roles with their subordinates, other groups. */
export const GroupEntity = defineEntity({
  name: 'Group',
  tableName: 'groups',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    name: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type Group = InferEntity<typeof GroupEntity>;

/** Records of `object` matching `filter` are shared with a user, role or group, read or read-write. */
export const SharingRuleEntity = defineEntity({
  name: 'SharingRule',
  tableName: 'sharing_rules',
  schema: 'tessera',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    object: p.text(),
    name: p.text().nullable(),
    filter: p.json<Record<string, unknown>>(),
    shareWithType: p.text(),
    shareWithId: p.uuid(),
    access: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
  },
});
export type SharingRule = InferEntity<typeof SharingRuleEntity>;

/** A studio session: the cookie holds `id` (random); CSRF-safe writes echo `csrfToken`. */
export const SessionEntity = defineEntity({
  name: 'Session',
  tableName: 'sessions',
  schema: 'tessera',
  properties: {
    id: p.text().primary(),
    tenantId: p.uuid(),
    userId: p.uuid(),
    csrfToken: p.text(),
    createdAt: p.datetime().defaultRaw('now()'),
    expiresAt: p.datetime(),
    lastSeenAt: p.datetime().defaultRaw('now()'),
  },
});
export type Session = InferEntity<typeof SessionEntity>;
