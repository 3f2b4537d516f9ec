import { LocalApi, updateMatching, type OperationContext, type PluginSaveHook, type PluginServices, type SaveBatch } from '@tessera/platform';
import { evaluateIn } from '../workflows/values.ts';
import { objectPools, poolsOf } from './config.ts';
import { followedUp, guard, intentOf, track, withIntent } from './state.ts';
import { recordsTable } from './tables.ts';

/** The system in the caller's transaction, one level deeper: what the pools' own consequent writes run as. */
export const systemOf = (ctx: OperationContext): OperationContext => ({ ...ctx, security: undefined, depth: ctx.depth + 1 });

/** Follow-ups: activities naming pooled records (created), or changes of the fields a pool counts. */
async function followUps(ctx: OperationContext, batch: SaveBatch, services: PluginServices): Promise<void> {
  const pools = poolsOf(ctx.model);
  if (!pools.length) return;
  const now = services.clock.now();
  if (batch.kind === 'create') {
    const byObject = new Map<string, Set<string>>();
    for (const pool of pools) {
      for (const a of pool.followUp?.activities ?? []) {
        if (a.object !== batch.object.name) continue;
        const ids = byObject.get(pool.object) ?? new Set<string>();
        for (const r of batch.records) if (typeof r[a.field] === 'string') ids.add(r[a.field] as string);
        byObject.set(pool.object, ids);
      }
    }
    for (const [object, ids] of byObject) await followedUp(ctx, object, [...ids], services, now);
  }
  if (batch.kind === 'update' && batch.changes?.length) {
    const own = pools.filter((p) => p.object === batch.object.name && p.followUp?.fields?.length);
    if (!own.length) return;
    const touched = batch.changes.filter((c) => c.c.some(([f]) => own.some((p) => p.followUp!.fields!.includes(f))));
    if (!touched.length) return;
    const { rows } = await ctx.db.query<{ record_id: string; pool: string }>(`select record_id, pool from ${recordsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[])`, [batch.object.name, touched.map((c) => c.id)]);
    const poolOf = new Map(rows.map((r) => [r.record_id, r.pool]));
    const ids = touched.filter((c) => {
      const fields = own.find((p) => p.name === poolOf.get(c.id))?.followUp?.fields ?? [];
      return c.c.some(([f]) => fields.includes(f));
    }).map((c) => c.id);
    await followedUp(ctx, batch.object.name, ids, services, now);
  }
}

/** Transfer rules: after a write of pooled records, the first rule of a record's pool that holds moves it to the rule's pool (its public part). */
async function transfers(ctx: OperationContext, batch: SaveBatch, services: PluginServices): Promise<void> {
  const pools = (objectPools(ctx.model, batch.object.name)).filter((p) => p.transfers?.length);
  // A transfer's own write is not checked again (rules of the pool it lands in could send it back and forth).
  if (!pools.length || !batch.ids.length || intentOf(ctx.db)?.action === 'TRANSFER') return;
  const { rows } = await ctx.db.query<{ record_id: string; pool: string }>(`select record_id, pool from ${recordsTable(ctx.model.schema)} where object = $1 and record_id = any($2::uuid[])`, [batch.object.name, batch.ids]);
  const candidates = rows.filter((r) => pools.some((p) => p.name === r.pool));
  if (!candidates.length) return;
  const system = systemOf(ctx);
  const records = await new LocalApi(system, { via: ctx.via, limits: { maxQueries: Number.MAX_SAFE_INTEGER } }).many(batch.object.name, candidates.map((c) => c.record_id));
  const byId = new Map(records.map((r) => [r.id as string, r]));
  const now = services.clock.now();
  const moving = new Map<string, string[]>();
  for (const c of candidates) {
    const record = byId.get(c.record_id);
    const rule = record && pools.find((p) => p.name === c.pool)!.transfers!.find((t) => evaluateIn({ model: ctx.model, object: batch.object.name, record, now, settings: {} }, t.when) === true);
    if (rule) moving.set(rule.to, [...(moving.get(rule.to) ?? []), c.record_id]);
  }
  for (const [pool, ids] of moving) {
    await withIntent(ctx.db, { action: 'TRANSFER', ids: new Set(ids), pool, reason: 'RULE', actor: ctx.principal.userId ?? null }, () =>
      updateMatching(system, batch.object, { id: { in: ids } }, { owner: null }));
  }
}

/** The pools plugin's save hooks: the guard before the write, the bookkeeping after it (after audit collected the changes). */
export function poolHooks(services: () => PluginServices): PluginSaveHook[] {
  return [
    { name: 'guard', step: 'beforeWrite', events: ['create', 'update', 'restore'], run: (ctx, batch) => guard(ctx, batch, services().clock.now()) },
    {
      name: 'track', step: 'afterWrite', events: ['create', 'update', 'restore'],
      async run(ctx, batch) {
        const s = services();
        await track(ctx, batch, s, s.clock.now());
        if (batch.kind === 'restore') return;
        await followUps(ctx, batch, s);
        if (!(batch.kind === 'update' && batch.changes?.length === 0)) await transfers(ctx, batch, s);
      },
    },
  ];
}
