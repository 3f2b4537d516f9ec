import { fieldType } from '../../field-types/registry.ts';
import type { ResolvedField, ResolvedObject } from '../../metadata/index.ts';
import { CTX_DECLARATIONS, GENERIC_OBJECTS } from './ambient.ts';
import { schemaToTs } from './json-schema-to-ts.ts';

/** Columns every record has besides its fields. */
const SYSTEM_FIELDS = [
  ['id', 'string', 'UUIDv7, set on create'],
  ['createdAt', 'string', 'ISO date-time'],
  ['updatedAt', 'string', 'ISO date-time'],
  ['createdBy', 'string | null', 'user id'],
  ['updatedBy', 'string | null', 'user id'],
  ['ownerId', 'string | null', 'user id of the owner'],
] as const;

/** Names an object's interface must not take: globals of lib.es2022 and the ctx declarations. */
const RESERVED = new Set(['Date', 'Object', 'Array', 'String', 'Number', 'Boolean', 'Function', 'Error', 'Map', 'Set', 'WeakMap', 'WeakSet',
  'Promise', 'Record', 'Partial', 'Required', 'Readonly', 'Pick', 'Omit', 'Extract', 'Exclude', 'Symbol', 'RegExp', 'JSON', 'Math', 'Intl',
  'Proxy', 'Reflect', 'BigInt', 'Iterator', 'Generator', 'Triggers', 'Actions', 'ObjectName', 'RecordOf', 'RecordInput', 'TesseraRecord',
  'TesseraObjects', 'TesseraDb', 'TesseraContext', 'TesseraFindArgs', 'TesseraAggregateArgs', 'TriggerContext', 'ActionContext',
  'TriggerHandler', 'ObjectTriggers', 'ActionSpec']);

/** `sales_deal` → `SalesDeal`: the interface name of an object (`DateRecord` where a global has the name). */
export function typeNameOf(object: string): string {
  const name = object.replace(/(^|[_-])([a-z0-9])/gi, (_m, _s, c: string) => c.toUpperCase());
  const safe = /^[A-Za-z_]/.test(name) ? name : `O${name}`;
  return RESERVED.has(safe) ? `${safe}Record` : safe;
}

const comment = (text: string | undefined, indent = '  ') => (text ? `${indent}/** ${text.replace(/\*\//g, '* /')} */\n` : '');

function fieldLine(field: ResolvedField): string {
  const ft = fieldType(field.type);
  // A computed field (a formula) is typed as its return type's value, null included.
  const shown = ft.readAs?.(field);
  const type = schemaToTs(shown ? fieldType(shown.type).valueSchema({ ...shown, required: false }) : ft.valueSchema(field));
  // A value the platform computes or assigns (a formula, an auto-number) is readonly to scripts; writing it is refused.
  const readOnly = ft.capabilities.readOnly === true || ft.computed === true;
  const doc = [field.label?.en, field.type, readOnly ? (ft.computed ? 'computed' : 'assigned by the platform') : undefined, field.helpText].filter(Boolean).join(' · ');
  return `${comment(doc)}  ${readOnly ? 'readonly ' : ''}${JSON.stringify(field.name)}: ${type};\n`;
}

function objectInterface(object: ResolvedObject): string {
  const system = SYSTEM_FIELDS.map(([name, type, doc]) => `${comment(doc)}  ${name}: ${type};\n`).join('');
  return `${comment(`${object.label?.en ?? object.name} (${object.name})`, '')}interface ${typeNameOf(object.name)} {\n${system}${object.fields.map(fieldLine).join('')}}\n`;
}

/**
 * The declarations a tenant's scripts are type-checked against and edited with: an interface per
 * object (its fields typed from their value JSON Schemas), `TesseraObjects` mapping object names to
 * them, and the `ctx` API (records, old, user, now, db.get/find/create/update/delete/aggregate,
 * addError, log). Without objects: the generic declarations (any object, loose records).
 */
export function scriptTypes(objects?: Iterable<ResolvedObject>): string {
  const list = objects ? [...objects].sort((a, b) => a.name.localeCompare(b.name)) : undefined;
  if (!list) return `${GENERIC_OBJECTS}${CTX_DECLARATIONS}`;
  const map = list.map((o) => `  ${JSON.stringify(o.name)}: ${typeNameOf(o.name)};\n`).join('');
  return `// Generated from the tenant's metadata: one interface per object, and ctx.\n${list.map(objectInterface).join('\n')}
/** Object API name → its record type. */
interface TesseraObjects {\n${map}}
${CTX_DECLARATIONS}`;
}
