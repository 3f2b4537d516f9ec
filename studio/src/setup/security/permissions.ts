import type { FieldPermission, ObjectPermission } from './api.ts';

export const OBJECT_RIGHTS = ['read', 'create', 'update', 'delete', 'viewAll', 'modifyAll'] as const;
export type ObjectRight = (typeof OBJECT_RIGHTS)[number];
export const CAPABILITIES = ['manageMetadata', 'manageUsers', 'manageApps', 'importData', 'exportData', 'manageWorkflows'] as const;

export const emptyPermission = (object: string): ObjectPermission =>
  ({ object, read: false, create: false, update: false, delete: false, viewAll: false, modifyAll: false });

/**
 * Sets one right and keeps the set consistent (as the platform reads it): any right implies read,
 * modifyAll implies every right; removing read (or viewAll) removes what depends on it.
 */
export function toggleRight(p: ObjectPermission, right: ObjectRight, on: boolean): ObjectPermission {
  const next = { ...p, [right]: on };
  if (on) {
    if (right !== 'read') next.read = true;
    if (right === 'modifyAll') Object.assign(next, { create: true, update: true, delete: true, viewAll: true });
  } else {
    if (right === 'read') Object.assign(next, { create: false, update: false, delete: false, viewAll: false, modifyAll: false });
    if (right === 'viewAll' || right === 'update' || right === 'delete') next.modifyAll = false;
  }
  return next;
}

/** Replaces (or adds) one object's row; rows with no right left are dropped. */
export function setObjectPermission(list: ObjectPermission[], next: ObjectPermission): ObjectPermission[] {
  const others = list.filter((p) => p.object !== next.object);
  return OBJECT_RIGHTS.some((r) => next[r]) ? [...others, next] : others;
}

/** A field's access: fields not listed are readable and editable. */
export function fieldAccess(list: FieldPermission[], object: string, field: string): { read: boolean; update: boolean } {
  const p = list.find((x) => x.object === object && x.field === field);
  return p ? { read: p.read, update: p.update } : { read: true, update: true };
}

/** Sets a field's access; update implies read; full access is the default, so it is not stored. */
export function setFieldAccess(list: FieldPermission[], object: string, field: string, right: 'read' | 'update', on: boolean): FieldPermission[] {
  const current = fieldAccess(list, object, field);
  const next = { ...current, [right]: on };
  if (right === 'update' && on) next.read = true;
  if (right === 'read' && !on) next.update = false;
  const others = list.filter((x) => !(x.object === object && x.field === field));
  return next.read && next.update ? others : [...others, { object, field, ...next }];
}
