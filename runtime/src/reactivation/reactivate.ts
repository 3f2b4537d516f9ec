import type pg from 'pg';
import { columnValues, configItemsOf, createRecords, matchCandidates, PlatformError, updateMatching, usableRules, type OperationContext, type PluginServices, type SaveBatch, type SchemaModel } from '@tessera/platform';
import { assertCapacity, moveToPool, poolOf } from '../pools/index.ts';
import { historyTable } from '../pools/tables.ts';
import { columnOf } from '../scoring/compute.ts';
import { notificationsTable } from '../workflows/tables.ts';
import type { ReactivationItem } from './definition.ts';

/** The tenant's active reactivations, as its model has them. */
export function reactivationsOf(model: SchemaModel): ReactivationItem[] {
  return configItemsOf<ReactivationItem>(model, 'reactivation').filter((r) => r.active !== false);
}

const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);

export interface Reactivated { index: number; id: string; owner: string | null; pool: string | null }

/**
 * Before a create is written: each record that a duplicate rule matches to a live record in a public
 * pool (no owner) or marked dormant is taken out of the batch and answered with that record, which is
 * reactivated (reactivate below). Records matching nothing (or only owned, active records: the
 * duplicate rules then have their say as usual) are created as before. A create that says
 * `allowDuplicates: true` means its duplicate: nothing is reactivated.
 */
export async function reactivateOnCreate(ctx: OperationContext, batch: SaveBatch, services: PluginServices): Promise<Reactivated[]> {
  if (batch.kind !== 'create' || batch.allowDuplicates || !batch.records.length) return [];
  const config = (reactivationsOf(ctx.model)).find((r) => r.object === batch.object.name);
  if (!config) return [];
  const object = batch.object;
  const rules = usableRules(object, object.duplicateRules.filter((d) => !config.rules || config.rules.includes(d.name)));
  if (!rules.length) return [];
  const matches = await matchCandidates(ctx.db, ctx.model, object, rules, { kind: 'values', rows: batch.records.map((r) => columnValues(object, r)) });
  if (!matches.length) return [];
  const table = `${q(ctx.model.schema)}.${q(object.catalog.tableName)}`;
  const dormantColumn = config.dormant ? columnOf(object, config.dormant.field) : undefined;
  const { rows } = await ctx.db.query<{ id: string; ownerId: string | null; dormant: unknown }>(
    `select id, "ownerId", ${dormantColumn ? q(dormantColumn) : 'null'} as dormant from ${table} where id = any($1::uuid[]) and "deletedAt" is null order by id for update`, [[...new Set(matches.map((m) => m.id))]]);
  const eligible = new Map(rows.filter((r) => r.ownerId === null || (config.dormant && config.dormant.values.some((v) => String(v) === String(r.dormant)))).map((r) => [r.id, r]));
  // Per inquiry the best eligible match (score, then exact before fuzzy: matchCandidates' order).
  const chosen = new Map<number, string>();
  for (const m of [...matches].sort((a, b) => b.score - a.score)) if (eligible.has(m.id) && !chosen.has(m.index)) chosen.set(m.index, m.id);
  if (!chosen.size) return [];
  const done: Reactivated[] = [];
  for (const [index, id] of [...chosen].sort((a, b) => a[0] - b[0])) done.push(await reactivate(ctx, services, config, id, batch.records[index], index));
  // The answered inquiries leave the batch: nothing is inserted for them, the create answers the reactivated records.
  const keep = batch.records.map((_, i) => i).filter((i) => !chosen.has(i));
  const pointer = batch.pointer;
  batch.answered = new Map([...(batch.answered ?? []), ...chosen]);
  batch.records = keep.map((i) => batch.records[i]);
  batch.ids = keep.map((i) => batch.ids[i]);
  if (pointer) batch.pointer = (i) => pointer(keep[i]);
  return done;
}

/** The owner a record had before it last went to a public pool (recycled, released, transferred), from the pool history. */
async function lastOwner(ctx: OperationContext, object: string, id: string): Promise<string | null> {
  const { rows } = await ctx.db.query<{ from_id: string }>(`select from_id from ${historyTable(ctx.model.schema)} where object = $1 and record_id = $2 and from_id is not null order by n desc limit 1`, [object, id]);
  return rows[0]?.from_id ?? null;
}

/**
 * One reactivation, as the system in the create's transaction: the inquiry's values merged (the
 * configured fields overwritten, the others only filled where empty, `set` applied), the record moved
 * with the pools' REACTIVATE action (history kept; back to its last owner when under their cap, else
 * left in its public pool), a note added, and the last owner and the configured team notified.
 */
async function reactivate(ctx: OperationContext, services: PluginServices, config: ReactivationItem, id: string, inquiry: Record<string, unknown>, index: number): Promise<Reactivated> {
  const system: OperationContext = { ...ctx, security: undefined, depth: ctx.depth + 1 };
  const object = ctx.model.objects.get(config.object)!;
  const now = services.clock.now();
  const { rows: [current] } = await ctx.db.query<Record<string, unknown>>(`select * from ${q(ctx.model.schema)}.${q(object.catalog.tableName)} where id = $1`, [id]);
  const update = new Set(config.update ?? []);
  const data: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(inquiry)) {
    if (field === 'id' || field === 'owner' || empty(value) || !object.catalog.definition.fields.some((f) => f.name === field)) continue;
    const column = columnOf(object, field);
    if (update.has(field) || (column !== undefined && column in current && empty(current[column]))) data[field] = value;
  }
  Object.assign(data, config.set ?? {});
  const pooled = await poolOf(system, config.object, id).catch(() => null);
  let owner: string | null = (current.ownerId as string | null) ?? null;
  if (pooled && owner === null) {
    const last = config.returnTo === 'pool' ? null : await lastOwner(ctx, config.object, id);
    let to: string | null = null;
    if (last) {
      const active = (await ctx.db.query('select 1 from tessera.users where tenant_id = $1 and id = $2 and is_active', [ctx.model.tenantId, last])).rows.length > 0;
      if (active) to = await assertCapacity(system, config.object, last, 1, pooled.pool).then(() => last, (e) => { if (e instanceof PlatformError && e.code === 'LIMIT_EXCEEDED') return null; throw e; });
    }
    await moveToPool(system, config.object, [id], pooled.pool, { action: 'REACTIVATE', reason: 'RE_INQUIRY', owner: to });
    owner = to;
  } else if (pooled) {
    // Dormant but owned: it stays with its owner; the history still says it came back to life.
    await ctx.db.query(`insert into ${historyTable(ctx.model.schema)} (id, object, record_id, at, action, reason, from_id, to_id, pool, actor_id) values (gen_random_uuid(), $1, $2, $3, 'REACTIVATE', 'RE_INQUIRY', $4, $4, $5, $6)`,
      [config.object, id, now, owner, pooled.pool, ctx.principal.userId ?? null]);
  }
  if (Object.keys(data).length) await updateMatching(system, object, { id: { in: [id] } }, data);
  if (config.note) {
    const summary = Object.entries(inquiry).filter(([k, v]) => k !== 'id' && k !== 'owner' && !empty(v)).map(([k, v]) => `${k}: ${typeof v === 'object' ? JSON.stringify(v) : String(v)}`).join('; ');
    // `"$now"`: the platform clock's instant (an activity's required occurredAt).
    const values: Record<string, unknown> = { ...Object.fromEntries(Object.entries(config.note.values ?? {}).map(([k, v]) => [k, v === '$now' ? now.toISOString() : v])), [config.note.field]: id };
    if (config.note.textField) values[config.note.textField] = `Re-inquiry: ${summary}`.slice(0, 4000);
    await createRecords(system, ctx.model.objects.get(config.note.object)!, [values]);
  }
  const team = [...new Set([owner ?? (pooled ? await lastOwner(ctx, config.object, id) : null), ...(config.notify ?? [])].filter((u): u is string => !!u))];
  if (team.length) {
    const label = (inquiry.name ?? current.name ?? id) as string;
    await ctx.db.query(
      `insert into ${notificationsTable(ctx.model.schema)} (id, user_id, title, body, object, record_id, created_at) select gen_random_uuid(), u, $1, $2, $3, $4, $5 from unnest($6::uuid[]) as u`,
      [`Re-inquiry: the ${config.object} ${label} is active again`, owner ? 'It is back in your private pool.' : 'It is in its public pool.', config.object, id, now, team]);
  }
  return { index, id, owner, pool: pooled?.pool ?? null };
}
