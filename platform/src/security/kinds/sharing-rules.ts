import type { ChangeTx } from '../../changes/index.ts';
import { PlatformError } from '../../errors/index.ts';
import { buildModel } from '../../model/index.ts';
import { filterFields, renameInFilter, type FilterRename } from '../../kinds/filter-fields.ts';
import { planItems } from '../../kinds/diff.ts';
import type { DependencyEvent, MetadataKind, StoredReference } from '../../kinds/kind.ts';
import { changeCatalog } from '../../metadata/index.ts';
import type { Db } from '../../storage/sql/runner.ts';
import { uuidv7 } from '../../util/ids.ts';
import { checkRuleFilter } from '../rule-filter.ts';
import { principalNames, principalOf, principalTarget, PRINCIPAL_SCHEMA, type PrincipalItem, type PrincipalType } from './members.ts';
import { NAME_SCHEMA } from './order.ts';
import { API_NAME_PATTERN } from '../../metadata/names.ts';

export interface RuleRow { id: string; object: string; name: string; filter: Record<string, unknown>; share_with_type: string; share_with_id: string; access: string }

/** A criteria sharing rule in documents: records of `object` matching `filter` are shared with a principal. */
export interface SharingRuleItem {
  name: string;
  object: string;
  filter: Record<string, unknown>;
  shareWith: PrincipalItem;
  access: 'READ' | 'READ_WRITE';
}

const schema = {
  $id: 'tessera:sharingRule',
  title: 'Sharing rule',
  description: 'Shares the records of an object that match a filter (as in the data API) with a role, a role and its subordinates, a group or a user.',
  type: 'object', required: ['name', 'object', 'filter', 'shareWith', 'access'], additionalProperties: false,
  properties: {
    name: { ...NAME_SCHEMA, description: 'Unique in the tenant.' },
    object: { type: 'string', pattern: API_NAME_PATTERN },
    filter: { type: 'object', description: 'A filter as in the data API, e.g. {"region": {"eq": "north"}}.' },
    shareWith: PRINCIPAL_SCHEMA,
    access: { enum: ['READ', 'READ_WRITE'] },
  },
};

const target = (name: string) => `sharing rule ${name}`;

/**
 * Checks a rule's filter as the data API would compile it, with its author's rights (a rule over
 * an object or by a field they cannot read is FORBIDDEN), then makes PostgreSQL check every value
 * against its column's type (under a savepoint). Pointers under `pointer`.
 */
async function checkFilter(tx: ChangeTx, object: string, filter: Record<string, unknown>, pointer: string): Promise<void> {
  const catalog = await changeCatalog(tx);
  let probe;
  try {
    probe = checkRuleFilter(buildModel(catalog), object, filter, tx.actor.rights?.bypass ? undefined : tx.actor.rights);
  } catch (error) {
    throw error instanceof PlatformError ? new PlatformError(error.code, error.message, { details: error.details.map((d) => ({ ...d, pointer: pointer + d.pointer })), extensions: error.extra }) : error;
  }
  await tx.db.query('savepoint probe');
  try {
    await tx.db.query(probe.text, probe.params as unknown[]);
  } catch {
    throw new PlatformError('VALIDATION_FAILED', 'A value of the filter does not fit its field', { details: [{ pointer: `${pointer}/filter`, message: 'a value does not fit its field' }] });
  }
  await tx.db.query('release savepoint probe');
}

/** A name for a rule created without one: `<object>Rule<n>`, the first n not taken (names are unique per tenant). */
export async function freeRuleName(db: Db, tenantId: string, object: string): Promise<string> {
  const { rows } = await db.query<{ name: string }>('select name from tessera.sharing_rules where tenant_id = $1 and name like $2', [tenantId, `${object}Rule%`]);
  const taken = new Set(rows.map((r) => r.name));
  let n = 1;
  while (taken.has(`${object}Rule${n}`)) n += 1;
  return `${object}Rule${n}`;
}

async function described(tx: ChangeTx, row: RuleRow): Promise<SharingRuleItem> {
  const name = await principalNames(tx);
  return { name: row.name, object: row.object, filter: row.filter, shareWith: name(row.share_with_type, row.share_with_id), access: row.access as SharingRuleItem['access'] };
}

export async function createSharingRule(tx: ChangeTx, input: { name?: string | null; object: string; filter: Record<string, unknown>; shareWith: { type: PrincipalType; id: string }; access: string }, pointer = '', options: { filterChecked?: boolean } = {}): Promise<RuleRow> {
  if (!options.filterChecked) await checkFilter(tx, input.object, input.filter, pointer);
  const name = input.name?.trim() || await freeRuleName(tx.db, tx.tenantId, input.object);
  const { rows } = await tx.db.query<RuleRow>(
    'insert into tessera.sharing_rules (id, tenant_id, object, name, filter, share_with_type, share_with_id, access) values ($1, $2, $3, $4, $5, $6, $7, $8) returning *',
    [uuidv7(), tx.tenantId, input.object, name, JSON.stringify(input.filter), input.shareWith.type, input.shareWith.id, input.access]);
  tx.record({ kind: 'sharingRule', action: 'createSharingRule', target: target(name), before: null, after: await described(tx, rows[0]) });
  return rows[0];
}

async function ruleByName(tx: ChangeTx, name: string, pointer: string): Promise<RuleRow> {
  const { rows } = await tx.db.query<RuleRow>('select * from tessera.sharing_rules where tenant_id = $1 and name = $2 for update', [tx.tenantId, name]);
  if (!rows[0]) throw new PlatformError('REFERENCE_NOT_FOUND', `No sharing rule "${name}"`, { details: [{ pointer, message: 'not found' }] });
  return rows[0];
}

async function updateRule(tx: ChangeTx, before: RuleRow, next: { object: string; filter: Record<string, unknown>; shareWith: { type: PrincipalType; id: string }; access: string }): Promise<RuleRow> {
  const { rows } = await tx.db.query<RuleRow>(
    'update tessera.sharing_rules set object = $2, filter = $3, share_with_type = $4, share_with_id = $5, access = $6 where id = $1 returning *',
    [before.id, next.object, JSON.stringify(next.filter), next.shareWith.type, next.shareWith.id, next.access]);
  tx.record({ kind: 'sharingRule', action: 'updateSharingRule', target: target(before.name), before: await described(tx, before), after: await described(tx, rows[0]) });
  return rows[0];
}

export async function deleteSharingRule(tx: ChangeTx, id: string): Promise<RuleRow> {
  const { rows } = await tx.db.query<RuleRow>('delete from tessera.sharing_rules where id = $1 and tenant_id = $2 returning *', [id, tx.tenantId]);
  if (!rows.length) throw new PlatformError('NOT_FOUND', 'No such sharing rule');
  tx.record({ kind: 'sharingRule', action: 'deleteSharingRule', target: target(rows[0].name), before: await described(tx, rows[0]), after: null });
  return rows[0];
}

const renameOf = (event: DependencyEvent): FilterRename | undefined => {
  if (event.action !== 'rename') return undefined;
  if (event.target.kind === 'object') return { kind: 'object', from: event.target.name, to: event.to };
  const [object, field] = event.target.name.split('.');
  return { kind: 'field', object, from: field, to: event.to };
};

export function sharingRuleKind(): MetadataKind<SharingRuleItem> {
  return {
    name: 'sharingRule',
    documentKey: 'sharingRules',
    schema,
    versions: ['security'],
    capability: 'manageUsers',
    guarded: true,
    after: ['object', 'role', 'group'],
    keyOf: (rule) => rule.name,
    async load(reader) {
      const name = await principalNames(reader);
      const live = (await changeCatalog(reader)).objects;
      // A rule on a deleted object is inert until the object is restored: like the object, it is not pulled.
      const rows = (await reader.sql.query<RuleRow>('select * from tessera.sharing_rules where tenant_id = $1 order by name', [reader.tenantId])).filter((r) => live.has(r.object));
      return rows.map((r) => ({ name: r.name, object: r.object, filter: r.filter, shareWith: name(r.share_with_type, r.share_with_id), access: r.access as SharingRuleItem['access'] }));
    },
    diff(current, wanted) {
      return planItems(current, wanted, (r) => r.name);
    },
    async apply(tx, change) {
      const rule = change.after!;
      await checkFilter(tx, rule.object, rule.filter, change.pointer);
      const shareWith = await principalOf(tx.db, tx.tenantId, rule.shareWith, `${change.pointer}/shareWith`);
      if (change.action === 'create') {
        await createSharingRule(tx, { ...rule, shareWith }, change.pointer, { filterChecked: true });
        return { object: rule.object };
      }
      await updateRule(tx, await ruleByName(tx, rule.name, `${change.pointer}/name`), { ...rule, shareWith });
      return { object: rule.object };
    },
    async references(reader) {
      const objects = [...(await changeCatalog(reader)).objects.values()].map((o) => o.definition);
      const rows = await reader.sql.query<RuleRow>('select * from tessera.sharing_rules where tenant_id = $1', [reader.tenantId]);
      const name = await principalNames(reader);
      return rows.flatMap((r): StoredReference[] => {
        const use = { kind: 'sharingRule', item: r.name, handle: r.id };
        return [
          { ...use, target: { kind: 'object', name: r.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' },
          ...filterFields(objects, r.object, r.filter, '/filter').map((f): StoredReference => ({ ...use, target: { kind: 'field', name: `${f.object}.${f.field}` }, pointer: f.pointer, onDelete: 'refuse', onRename: 'follow' })),
          { ...use, target: principalTarget(name(r.share_with_type, r.share_with_id)), pointer: '/shareWith', onDelete: 'refuse', onRename: 'follow' },
        ];
      });
    },
    async follow(tx, ref, event) {
      const rename = renameOf(event);
      if (!rename) return '';
      const objects = [...(await changeCatalog(tx)).objects.values()].map((o) => o.definition);
      const { rows } = await tx.db.query<RuleRow>('select * from tessera.sharing_rules where id = $1 for update', [ref.handle]);
      const rule = rows[0];
      const filter = renameInFilter(objects, rule.object, rule.filter, rename) as Record<string, unknown>;
      if (JSON.stringify(filter) === JSON.stringify(rule.filter)) return '';
      await updateRule(tx, rule, { object: rule.object, filter, shareWith: { type: rule.share_with_type as PrincipalType, id: rule.share_with_id }, access: rule.access });
      return `the sharing rule ${rule.name} follows the rename in its filter`;
    },
  };
}
