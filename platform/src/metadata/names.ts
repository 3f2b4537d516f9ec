/** Columns every object table has; a field may not take their names. */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'deletedAt'] as const;

export const API_NAME = /^[a-z][a-zA-Z0-9]{0,62}$/;

/** Names a field may not take: system columns and names the generated API uses on every type. */
const RESERVED_FIELD_NAMES = new Set<string>([...SYSTEM_FIELDS, 'cursor', 'node', 'edges', 'typename', 'owner', 'creator', 'updater']);

/** Names an object may not take: they clash with the generated and system APIs. */
const RESERVED_OBJECT_NAMES = new Set<string>([
  'query', 'mutation', 'subscription', 'node', 'nodes', 'metadata', 'object', 'objects', 'field', 'fields',
  'user', 'users', 'role', 'roles', 'tenant', 'tenants', 'apiKey', 'script', 'scripts', 'recordHistory',
  'viewer', 'me', 'schema', 'type', 'boolean', 'string', 'int', 'float', 'id', 'json', 'date', 'dateTime',
]);

export function reservedFieldName(name: string): boolean {
  return RESERVED_FIELD_NAMES.has(name);
}

export function reservedObjectName(name: string): boolean {
  return RESERVED_OBJECT_NAMES.has(name);
}
