import { fieldType, PlatformError, type ObjectModel, type SchemaModel, type SecurityContext } from '@tessera/platform';

/** File column → target: a field name, or `<lookup>.<unique field of its target>` (the record found by that value). */
export type Mapping = Record<string, string>;

/** The column an error file adds; never mapped (a fixed error file is imported again as it is). */
export const REASON_COLUMN = 'reason';

type Field = ObjectModel['catalog']['definition']['fields'][number];

const norm = (text: string | undefined) => (text ?? '').toLowerCase().normalize('NFKC').replace(/[\s_\-.:：()（）/\\]+/g, '');

function writable(field: Field): boolean {
  const type = fieldType(field.type) as { capabilities: { readOnly?: boolean } };
  return !type.capabilities.readOnly && !['formula', 'rollup', 'autoNumber', 'sequence', 'manyToMany', 'links'].includes(field.type);
}

/**
 * The record's owner (every object has one): a column maps to `owner` (a user's id) or `owner.email`
 * (the tenant's user with that e-mail). Not a field of the definition, so named here; the save
 * pipeline decides who may give records to whom (pool caps, assignment rights) as for any write.
 */
export const OWNER = 'owner';
export const OWNER_BY = ['id', 'email'];

/** The unique fields of an object a lookup may resolve by (and `id`). */
function uniqueFields(object: ObjectModel): Field[] {
  return object.catalog.definition.fields.filter((f) => f.unique);
}

/**
 * A mapping suggested from the file's headers: a header equal (case, spaces and punctuation aside)
 * to a field's API name or its label in English or Chinese maps to it; `<lookup> <unique field>`
 * ("Account Name", "客户 名称", "account.code") to that lookup resolved by that field. The
 * previous mapping saved for the object wins for the headers it names.
 */
export function suggestMapping(model: SchemaModel, object: ObjectModel, headers: string[], saved: Mapping | null): Mapping {
  const names = new Map<string, string>();
  const fields = object.catalog.definition.fields.filter(writable);
  for (const f of fields) for (const key of [f.name, f.label?.en, f.label?.zh]) if (key && !names.has(norm(key))) names.set(norm(key), f.name);
  for (const f of fields) {
    if (f.type !== 'lookup' && f.type !== 'masterDetail') continue;
    const target = f.target ? model.objects.get(f.target) : undefined;
    if (!target) continue;
    for (const u of uniqueFields(target)) {
      for (const a of [f.name, f.label?.en, f.label?.zh]) for (const b of [u.name, u.label?.en, u.label?.zh]) {
        if (a && b && !names.has(norm(a) + norm(b))) names.set(norm(a) + norm(b), `${f.name}.${u.name}`);
      }
    }
  }
  for (const key of ['owner', 'Owner', '负责人', '所有人']) if (!names.has(norm(key))) names.set(norm(key), OWNER);
  for (const key of ['owner email', 'Owner E-mail', '负责人邮箱', '所有人邮箱']) if (!names.has(norm(key))) names.set(norm(key), `${OWNER}.email`);
  const mapping: Mapping = {};
  const used = new Set<string>();
  for (const header of headers) {
    if (header === REASON_COLUMN) continue;
    const target = saved?.[header] && checkTarget(model, object, saved[header]) === null ? saved[header] : names.get(norm(header));
    if (target && !used.has(target.split('.')[0])) { mapping[header] = target; used.add(target.split('.')[0]); }
  }
  return mapping;
}

/** Why `target` cannot be imported into (null: it can). */
function checkTarget(model: SchemaModel, object: ObjectModel, target: string): string | null {
  const [name, by, ...rest] = target.split('.');
  if (name === OWNER && !rest.length && !object.catalog.definition.fields.some((f) => f.name === OWNER)) {
    return by === undefined || OWNER_BY.includes(by) ? null : `The owner is found by ${OWNER_BY.join(' or ')}, not ${by}`;
  }
  const field = object.catalog.definition.fields.find((f) => f.name === name);
  if (!field || rest.length) return `${object.name} has no field ${JSON.stringify(target)}`;
  if (!writable(field)) return `${object.name}.${name} is not written by imports (the platform computes it)`;
  if (by === undefined) return null;
  if (field.type !== 'lookup' && field.type !== 'masterDetail') return `${name} is no lookup: it cannot be resolved by ${by}`;
  const targetObject = model.objects.get(field.target ?? '');
  if (by !== 'id' && !targetObject?.catalog.definition.fields.some((f) => f.name === by && f.unique)) return `${field.target}.${by} is not a unique field: a lookup resolves by a unique field`;
  return null;
}

/**
 * Checks a mapping against the file and the caller, before anything is staged: every column it
 * names is in the file, every target a writable field (lookups by a unique field of their
 * target), no field twice, each one the caller may edit (FORBIDDEN otherwise), and `match` a
 * unique field the mapping fills. Errors point at `/mapping/<column>` or `/match`.
 */
export function checkMapping(model: SchemaModel, object: ObjectModel, headers: string[], mapping: Mapping, match: string | null, security: SecurityContext | undefined): void {
  const bad = (pointer: string, message: string) => new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer, message }] });
  const seen = new Map<string, string>();
  for (const [column, target] of Object.entries(mapping)) {
    const pointer = `/mapping/${column.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!headers.includes(column)) throw bad(pointer, `The file has no column ${JSON.stringify(column)}`);
    if (typeof target !== 'string' || !target) throw bad(pointer, 'A column maps to a field name');
    const why = checkTarget(model, object, target);
    if (why) throw bad(pointer, why);
    const field = target.split('.')[0];
    if (seen.has(field)) throw bad(pointer, `${field} is mapped from ${JSON.stringify(seen.get(field))} already`);
    seen.set(field, column);
    if (field !== OWNER && security && !security.bypass && !security.field(object.name, field).update) {
      throw new PlatformError('FORBIDDEN', `You may not edit ${object.name}.${field}`, { details: [{ pointer, message: 'no edit access to the field' }] });
    }
  }
  if (seen.size === 0) throw bad('/mapping', 'No column of the file maps to a field');
  if (match !== null) {
    const field = object.catalog.definition.fields.find((f) => f.name === match);
    if (match !== 'id' && !field?.unique) throw bad('/match', `${match} is not a unique field of ${object.name}`);
    if (!seen.has(match)) throw bad('/match', `No column maps to ${match}, the match key`);
  }
}
