/** Columns every object table has; a field may not take their names. */
export const SYSTEM_FIELDS = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'deletedAt'] as const;

/** A package's namespace, the prefix of every component it owns (`k12` → `k12__lesson`). */
export const NAMESPACE = /^[a-z][a-z0-9]{1,14}$/;

/**
 * An API name (objects, fields, rules, views… every name metadata gives): lower camel case, letters
 * and digits (`lead`, `annualRevenue`), optionally prefixed by a package's namespace and two
 * underscores (`k12__lesson`). `__` appears nowhere else, so a name splits one way; at most 63
 * characters in all, PostgreSQL's identifier limit (tables and columns are named after it).
 *
 * Unanchored, so that patterns can compose it (`<object>.<field>`): the lookahead bounds the run of
 * name characters, not the whole string.
 */
export const API_NAME_SOURCE = `(?=[A-Za-z0-9_]{1,63}(?![A-Za-z0-9_]))(?:${NAMESPACE.source.slice(1, -1)}__)?[a-z][a-zA-Z0-9]*`;
/** The JSON Schema `pattern` of an API name (every published schema says it so). */
export const API_NAME_PATTERN = `^${API_NAME_SOURCE}$`;
export const API_NAME = new RegExp(API_NAME_PATTERN);
/** The rule in words, as refusals say it. */
export const API_NAME_RULE = 'must be an API name: a lower-case letter, then letters and digits (salesLead), optionally after a namespace and two underscores (k12__lesson), at most 63 characters';

/**
 * A JSON Schema written as a file, with `{apiName}` in its patterns where an API name goes
 * (`"^{apiName}$"`, `"^{apiName}\\.{apiName}$"`): the same schema with the one definition put in.
 * JSON cannot import a constant; this keeps the files from copying it.
 */
export function withApiNames<T>(schema: T): T {
  return JSON.parse(JSON.stringify(schema), (key, value) =>
    key === 'pattern' && typeof value === 'string' ? value.replaceAll('{apiName}', API_NAME_SOURCE) : value) as T;
}

/** Names a field may not take: system columns and names the generated API uses on every type. */
const RESERVED_FIELD_NAMES = new Set<string>([...SYSTEM_FIELDS, 'cursor', 'node', 'edges', 'typename', 'owner', 'creator', 'updater']);

/** Names an object may not take: they clash with the generated and system APIs. */
const RESERVED_OBJECT_NAMES = new Set<string>([
  'query', 'mutation', 'subscription', 'node', 'nodes', 'metadata', 'object', 'objects', 'field', 'fields',
  'user', 'users', 'role', 'roles', 'tenant', 'tenants', 'apiKey', 'script', 'scripts', 'recordHistory', 'search', 'searchHit',
  'viewer', 'me', 'schema', 'type', 'boolean', 'string', 'int', 'float', 'id', 'json', 'date', 'dateTime',
]);

/**
 * Names every JavaScript object already answers to (`constructor`, `toString`, …): a record, a
 * lookup table or a script's object keyed by such a name would read the prototype's property
 * instead of a missing one. Refused for objects, fields and option values alike.
 */
const JS_PROTOTYPE_NAMES = new Set<string>(Object.getOwnPropertyNames(Object.prototype));

/** Option values become GraphQL enum values, which cannot be named true, false or null. */
const RESERVED_OPTION_VALUES = new Set<string>(['true', 'false', 'null']);

/** PostgreSQL truncates identifiers past 63 bytes: two long names could become one column. */
export const MAX_IDENTIFIER_BYTES = 63;

export function reservedFieldName(name: string): boolean {
  return RESERVED_FIELD_NAMES.has(name) || JS_PROTOTYPE_NAMES.has(name);
}

export function reservedObjectName(name: string): boolean {
  return RESERVED_OBJECT_NAMES.has(name) || JS_PROTOTYPE_NAMES.has(name);
}

/** Why an option value cannot be used, or undefined. */
export function reservedOptionValue(value: string): string | undefined {
  if (RESERVED_OPTION_VALUES.has(value)) return `"${value}" cannot be an option value (GraphQL enum values cannot be named true, false or null)`;
  if (JS_PROTOTYPE_NAMES.has(value)) return `"${value}" cannot be an option value (it is a name every JavaScript object has)`;
  return undefined;
}
