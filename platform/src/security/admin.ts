import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { TenantCatalog } from '../metadata/index.ts';
import type { Db } from '../storage/sql/runner.ts';
import type { FieldPermission, ObjectPermission } from '../storage/system/entities/index.ts';
import { CAPABILITIES } from './model.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PERMISSION_KEYS = ['read', 'create', 'update', 'delete', 'viewAll', 'modifyAll'] as const;

export interface GrantInput {
  name: string;
  objectPermissions?: ObjectPermission[] | null;
  fieldPermissions?: FieldPermission[] | null;
  capabilities?: string[] | null;
}

/** Checks object and field permissions against the live metadata; every problem with its pointer. */
export function checkGrants(catalog: TenantCatalog, input: GrantInput): { objectPermissions: ObjectPermission[]; fieldPermissions: FieldPermission[]; capabilities: string[] } {
  const details: ErrorDetail[] = [];
  if (!input.name || input.name.length > 100) details.push({ pointer: '/name', message: 'must be 1-100 characters' });
  const objectPermissions = (input.objectPermissions ?? []).map((p, i) => {
    if (!catalog.objects.has(p.object)) details.push({ pointer: `/objectPermissions/${i}/object`, message: `no object "${p.object}"` });
    return { object: p.object, ...Object.fromEntries(PERMISSION_KEYS.map((k) => [k, p[k] === true])) } as ObjectPermission;
  });
  const fieldPermissions = (input.fieldPermissions ?? []).map((p, i) => {
    const object = catalog.objects.get(p.object);
    if (!object) details.push({ pointer: `/fieldPermissions/${i}/object`, message: `no object "${p.object}"` });
    else if (!object.fields.has(p.field)) details.push({ pointer: `/fieldPermissions/${i}/field`, message: `${p.object} has no field "${p.field}"` });
    return { object: p.object, field: p.field, read: p.read === true || p.update === true, update: p.update === true };
  });
  const capabilities = input.capabilities ?? [];
  capabilities.forEach((c, i) => {
    if (!(CAPABILITIES as readonly string[]).includes(c)) details.push({ pointer: `/capabilities/${i}`, message: `must be one of ${CAPABILITIES.join(', ')}` });
  });
  const missing = details.filter((d) => d.message.startsWith('no object') || d.message.includes('has no field'));
  if (missing.length === details.length && missing.length) throw new PlatformError('REFERENCE_NOT_FOUND', `${missing[0].pointer}: ${missing[0].message}`, { details });
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `${details[0].pointer}: ${details[0].message}`, { details });
  return { objectPermissions, fieldPermissions, capabilities };
}

/** A role or group given by name (or id) → its id in the tenant; REFERENCE_NOT_FOUND at `pointer` otherwise. */
export async function idByName(db: Db, table: 'roles' | 'groups' | 'permission_sets', tenantId: string, nameOrId: string, pointer: string): Promise<string> {
  const byId = UUID.test(nameOrId);
  const { rows } = await db.query(`select id from tessera.${table} where tenant_id = $1 and (name = $2${byId ? ' or id = $2::uuid' : ''})`, [tenantId, nameOrId]);
  if (!rows.length) throw new PlatformError('REFERENCE_NOT_FOUND', `No ${table.replace(/s$/, '').replace('_', ' ')} "${nameOrId}"`, { details: [{ pointer, message: 'not found' }] });
  return rows[0].id;
}

export async function userInTenant(db: Db, tenantId: string, userId: string, pointer: string): Promise<string> {
  const { rows } = UUID.test(userId) ? await db.query('select id from tessera.users where tenant_id = $1 and id = $2', [tenantId, userId]) : { rows: [] };
  if (!rows.length) throw new PlatformError('REFERENCE_NOT_FOUND', `No user ${userId} in this tenant`, { details: [{ pointer, message: 'not found' }] });
  return rows[0].id;
}
