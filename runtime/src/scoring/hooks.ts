import { checkExpression, type OperationContext, type PluginSaveHook, type PluginServices, type SaveBatch, type SchemaModel } from '@tessera/platform';
import { columnOf, isScoringWrite, rescore, rulesOf, tableOf } from './compute.ts';
import type { ScoringRuleItem } from './definition.ts';
import { signature, type RecomputeJob } from './recompute.ts';

/** Past this many records naming a changed looked-up record, the rule's full recomputation (a background job) takes over. */
const FAN_OUT = 2000;

/** The lookups of the rule's object that its criteria read through to `target` (`account` of `account.size`): first hops only. */
const viaCache = new WeakMap<SchemaModel, Map<string, string[]>>();
function lookupsTo(model: SchemaModel, rule: ScoringRuleItem, target: string): string[] {
  let map = viaCache.get(model);
  if (!map) viaCache.set(model, (map = new Map()));
  const key = `${rule.name}\u0000${JSON.stringify(rule.criteria ?? [])}\u0000${target}`;
  let found = map.get(key);
  if (!found) {
    const object = model.objects.get(rule.object)!;
    const fields = new Set<string>();
    for (const c of rule.criteria ?? []) {
      const checked = checkExpression(c.when, { model, object: rule.object, expect: 'boolean', user: null });
      if (!checked.ok) continue;
      for (const r of checked.expression.reads) {
        const m = r.object === rule.object ? object.fields.get(r.field) : undefined;
        if (m?.kind === 'lookup' && m.target === target && checked.expression.reads.some((x) => x.object === target)) fields.add(r.field);
      }
    }
    map.set(key, (found = [...fields]));
  }
  return found;
}

const idOf = (v: unknown): string | null => (typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { id?: unknown }).id === 'string' ? (v as { id: string }).id : null);

/**
 * The records of each rule whose score a write may change: the scored records written (created,
 * restored, or updated with a change), and the records an activity written names — through its
 * lookup now and, for an update that moved it, before.
 */
async function touched(ctx: OperationContext, batch: SaveBatch, rule: { object: string; activities?: { object: string; field: string }[] }): Promise<string[]> {
  const ids = new Set<string>();
  if (batch.object.name === rule.object && batch.kind !== 'delete') {
    const changed = batch.kind === 'update' && batch.changes ? batch.changes.map((c) => c.id) : batch.ids;
    for (const id of changed) ids.add(id);
  }
  for (const a of rule.activities ?? []) {
    if (a.object !== batch.object.name || !batch.ids.length) continue;
    if (batch.kind === 'create') {
      for (const r of batch.records) { const id = idOf(r[a.field]); if (id) ids.add(id); }
      continue;
    }
    if (batch.kind === 'update') {
      const moved = batch.changes?.filter((c) => c.c.length) ?? [];
      if (!moved.length && batch.changes) continue;
      for (const c of moved) for (const [f, before] of c.c) if (f === a.field) { const id = idOf(before); if (id) ids.add(id); }
    }
    const column = columnOf(ctx.model.objects.get(a.object)!, a.field)!;
    const { rows } = await ctx.db.query<{ p: string | null }>(`select "${column}" as p from ${tableOf(ctx.model, a.object)} where id = any($1::uuid[])`, [batch.ids]);
    for (const r of rows) if (r.p) ids.add(r.p);
  }
  return [...ids];
}

/**
 * Records whose criteria read a record just written through a lookup (a lead's `account.size` when
 * the account changes): rescored with the write, or — past FAN_OUT of them — by the rule's full
 * recomputation, enqueued in the write's transaction.
 */
async function throughLookups(ctx: OperationContext, batch: SaveBatch, rule: ScoringRuleItem, services: PluginServices): Promise<string[] | 'all'> {
  if (batch.object.name === rule.object || batch.kind === 'create' || !batch.ids.length) return [];
  if (batch.kind === 'update' && batch.changes?.length === 0) return [];
  const lookups = lookupsTo(ctx.model, rule, batch.object.name);
  if (!lookups.length) return [];
  const object = ctx.model.objects.get(rule.object)!;
  const where = lookups.map((f) => `"${columnOf(object, f)}" = any($1::uuid[])`).join(' or ');
  const { rows } = await ctx.db.query<{ id: string }>(`select id from ${tableOf(ctx.model, rule.object)} where "deletedAt" is null and (${where}) limit ${FAN_OUT + 1}`, [batch.ids]);
  if (rows.length <= FAN_OUT) return rows.map((r) => r.id);
  await services.enqueue('recompute', { tenantId: ctx.model.tenantId, rule: rule.name, sig: signature(rule), after: null } satisfies RecomputeJob, { tx: ctx.db, tenantId: ctx.model.tenantId });
  return 'all';
}

/**
 * Scores recomputed in the write's transaction: after the write (and after audit collected what it
 * changed), per rule, the records it may have changed the score of, in one statement each; changed
 * scores written back through the pipeline (one nested write per distinct score value).
 */
export function scoringHook(services: () => PluginServices): PluginSaveHook {
  return {
    name: 'rescore', step: 'afterWrite', events: ['create', 'update', 'delete', 'restore'],
    async run(ctx, batch) {
      if (isScoringWrite(ctx.db)) return;
      const rules = rulesOf(ctx.model);
      if (!rules.length) return;
      const s = services();
      for (const rule of rules) {
        const through = await throughLookups(ctx, batch, rule, s);
        if (through !== 'all' && through.length) await rescore(ctx, s, rule, through, s.clock.now());
        if (rule.object !== batch.object.name && !(rule.activities ?? []).some((a) => a.object === batch.object.name)) continue;
        await rescore(ctx, s, rule, await touched(ctx, batch, rule), s.clock.now());
      }
    },
  };
}
