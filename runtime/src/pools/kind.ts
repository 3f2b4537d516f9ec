import { buildModel, changeCatalog, checkExpression, documentItems, parseDuration, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { poolSchema, type PoolItem } from './definition.ts';

const DURATIONS = ['reclaimCooldown', 'firstFollowUp', 'overdue', 'remindBefore'] as const;

/** What JSON Schema cannot check: the object and fields exist, activities look the object up, transfers name pools of the object, expressions type-check, one default pool per object. */
export function checkPool(model: SchemaModel, pool: PoolItem, others: PoolItem[]): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const object = model.objects.get(pool.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${pool.object}"` }];
  for (const key of DURATIONS) {
    const value = pool[key];
    if (typeof value === 'string') { try { parseDuration(value, `/${key}`); } catch (e) { problems.push({ pointer: `/${key}`, message: (e as Error).message }); } }
  }
  (pool.followUp?.fields ?? []).forEach((f, i) => {
    if (!object.catalog.definition.fields.some((d) => d.name === f)) problems.push({ pointer: `/followUp/fields/${i}`, message: `${pool.object} has no field "${f}"` });
  });
  (pool.followUp?.activities ?? []).forEach((a, i) => {
    const activity = model.objects.get(a.object);
    const field = activity?.catalog.definition.fields.find((d) => d.name === a.field);
    if (!activity) problems.push({ pointer: `/followUp/activities/${i}/object`, message: `there is no object "${a.object}"` });
    else if (!field || (field.type !== 'lookup' && field.type !== 'masterDetail') || field.target !== pool.object) problems.push({ pointer: `/followUp/activities/${i}/field`, message: `${a.object}.${a.field} is not a lookup of ${pool.object}` });
  });
  const sameObject = others.filter((o) => o.object === pool.object);
  (pool.transfers ?? []).forEach((t, i) => {
    const checked = checkExpression(t.when, { model, object: pool.object });
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer: `/transfers/${i}/when`, message: p.message })));
    if (t.to === pool.name || !sameObject.some((o) => o.name === t.to)) problems.push({ pointer: `/transfers/${i}/to`, message: `"${t.to}" is not another pool of ${pool.object}` });
  });
  if (pool.default && sameObject.some((o) => o.name !== pool.name && o.default)) problems.push({ pointer: '/default', message: `${pool.object} has another default pool` });
  return problems;
}

async function check(tx: ChangeTx, items: PoolItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  const stored = (await tx.sql.query<{ item: PoolItem }>('select item from tessera.config_items where tenant_id = $1 and kind = $2', [tx.tenantId, 'pool'])).map((r) => r.item);
  const all = [...stored.filter((s) => !items.some((i) => i.name === s.name)), ...items];
  return items.flatMap((p, i) => checkPool(model, p, all).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
}

function uses(pool: PoolItem): Reference[] {
  const refs: Reference[] = [{ target: { kind: 'object', name: pool.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' }];
  (pool.followUp?.fields ?? []).forEach((f, i) => refs.push({ target: { kind: 'field', name: `${pool.object}.${f}` }, pointer: `/followUp/fields/${i}`, onDelete: 'prune', onRename: 'follow' }));
  (pool.followUp?.activities ?? []).forEach((a, i) => {
    refs.push({ target: { kind: 'object', name: a.object }, pointer: `/followUp/activities/${i}/object`, onDelete: 'refuse', onRename: 'follow' });
    refs.push({ target: { kind: 'field', name: `${a.object}.${a.field}` }, pointer: `/followUp/activities/${i}/field`, onDelete: 'refuse', onRename: 'follow' });
  });
  return refs;
}

/** Pools, the metadata kind `pools` (documentItems, kept in `tessera.config_items`). */
export function poolKind(): MetadataKind<PoolItem> {
  return documentItems<PoolItem>({
    name: 'pool', documentKey: 'pools', schema: poolSchema as unknown as Record<string, unknown>,
    after: ['object'], check, uses,
  });
}
