import type { ChangeTx } from '../../changes/index.ts';
import { isPlatformError, prefixPointers } from '../../errors/index.ts';
import type { TenantCatalog } from '../../metadata/index.ts';
import type { FieldPermission, ObjectPermission } from '../../storage/system/entities/index.ts';
import { checkGrants, type GrantInput } from '../admin.ts';
import { CAPABILITIES } from '../model.ts';
import { API_NAME_PATTERN as API_NAME } from '../../metadata/names.ts';

export const OBJECT_FLAGS = ['read', 'create', 'update', 'delete', 'viewAll', 'modifyAll'] as const;

/** What a role or permission set grants, as documents carry it: only the flags that are true, no empty lists. */
export interface GrantItem {
  objectPermissions?: ({ object: string } & Partial<Record<(typeof OBJECT_FLAGS)[number], boolean>>)[];
  fieldPermissions?: { object: string; field: string; read?: boolean; update?: boolean }[];
  capabilities?: string[];
}

/** The JSON Schema properties of a grant (shared by roles and permission sets). */
export const GRANT_PROPERTIES = {
  objectPermissions: {
    type: 'array', maxItems: 2000,
    items: {
      type: 'object', required: ['object'], additionalProperties: false,
      properties: { object: { type: 'string', pattern: API_NAME }, ...Object.fromEntries(OBJECT_FLAGS.map((f) => [f, { type: 'boolean' }])) },
    },
  },
  fieldPermissions: {
    type: 'array', maxItems: 20000,
    items: {
      type: 'object', required: ['object', 'field'], additionalProperties: false,
      properties: { object: { type: 'string', pattern: API_NAME }, field: { type: 'string', pattern: API_NAME }, read: { type: 'boolean' }, update: { type: 'boolean' } },
    },
  },
  capabilities: { type: 'array', uniqueItems: true, items: { enum: [...CAPABILITIES] } },
};

/** A grant in its document form: true flags only (update implies read on fields, as stored), empty lists left out. */
export function grantItem(grant: { objectPermissions?: ObjectPermission[] | GrantItem['objectPermissions']; fieldPermissions?: FieldPermission[] | GrantItem['fieldPermissions']; capabilities?: string[] }, catalog?: TenantCatalog): GrantItem {
  const out: GrantItem = {};
  const objects = (grant.objectPermissions ?? [])
    .filter((p) => !catalog || catalog.objects.has(p.object))
    .map((p) => ({ object: p.object, ...Object.fromEntries(OBJECT_FLAGS.filter((f) => (p as unknown as Record<string, unknown>)[f] === true).map((f) => [f, true])) }));
  const fields = (grant.fieldPermissions ?? [])
    .filter((p) => !catalog || catalog.objects.get(p.object)?.fields.has(p.field))
    .map((p) => ({ object: p.object, field: p.field, ...(p.read || p.update ? { read: true } : {}), ...(p.update ? { update: true } : {}) }));
  if (objects.length) out.objectPermissions = objects;
  if (fields.length) out.fieldPermissions = fields;
  if (grant.capabilities?.length) out.capabilities = [...grant.capabilities];
  return out;
}

/**
 * Checks a grant against the live objects and fields (pointers under `pointer`) and, unless the
 * author is an administrator, that it is within the author's own rights (the rights guard).
 */
export async function checkedGrant(tx: ChangeTx, catalog: TenantCatalog, input: GrantInput, what: string, pointer: string) {
  try {
    const grant = checkGrants(catalog, input);
    tx.guard?.grant(grant, what);
    return grant;
  } catch (error) {
    throw isPlatformError(error) ? prefixPointers(error, pointer) : error;
  }
}

/** A role's or permission set's row as the permissions it grants. */
export const grantOfRow = (row: { capabilities: string[]; object_permissions: unknown; field_permissions: unknown }) =>
  ({ capabilities: row.capabilities, objectPermissions: row.object_permissions as ObjectPermission[], fieldPermissions: row.field_permissions as FieldPermission[] });

/** The guard's check of what a row granted (before a change or removal), with pointers under `pointer`. */
export function guardRow(tx: ChangeTx, row: Parameters<typeof grantOfRow>[0], what: string, pointer: string): void {
  try {
    tx.guard?.grant(grantOfRow(row), what);
  } catch (error) {
    throw isPlatformError(error) ? prefixPointers(error, pointer) : error;
  }
}
