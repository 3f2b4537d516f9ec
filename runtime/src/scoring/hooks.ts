import type { OperationContext, PluginSaveHook, PluginServices, SaveBatch } from '@tessera/platform';
import { columnOf, isScoringWrite, rescore, rulesOf, tableOf } from './compute.ts';

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
 * Scores recomputed in the write's transaction: after the write (and after audit collected what it
 * changed), per rule, the records it may have changed the score of, in one statement each; changed
 * scores written back through the pipeline (one nested write per distinct score value).
 */
export function scoringHook(services: () => PluginServices): PluginSaveHook {
  return {
    name: 'rescore', step: 'afterWrite', events: ['create', 'update', 'delete', 'restore'],
    async run(ctx, batch) {
      if (isScoringWrite(ctx.db)) return;
      const rules = await rulesOf(ctx.db, ctx.model);
      if (!rules.length) return;
      const s = services();
      for (const rule of rules) {
        if (rule.object !== batch.object.name && !(rule.activities ?? []).some((a) => a.object === batch.object.name)) continue;
        await rescore(ctx, s, rule, await touched(ctx, batch, rule), s.clock.now());
      }
    },
  };
}
