import type { SaveHook } from '../operations/index.ts';
import { qualified } from '../storage/sql/quote.ts';
import { furthestSql, historyTable, q, stageFields } from './stages.ts';

/**
 * Stage history for every write path (GraphQL single and bulk, upserts, scripts' ctx.db, commands,
 * workflows, imports: they all save through the pipeline), in the write's transaction. One hook
 * after the write, right after record history has collected what changed (`audit:audit.collect`,
 * which compared the stored values before and after, so a trigger's change counts and a write of
 * the same value does not), before after-triggers (whose own writes come later, as their own
 * batches). Per tracked field the batch changed, ONE statement: the records' open stays are closed,
 * the new ones opened, and the furthest step reached (the object's `_reach_<field id>` column)
 * moves forward where the new stage is further by the option order. Objects without tracked
 * fields cost a cached lookup.
 */
export function stageHistoryHook(): SaveHook {
  return {
    name: 'history',
    step: 'afterWrite',
    events: ['create', 'update'],
    after: ['audit:audit.collect'],
    // Declared, not left to registration order: an after-trigger's own move must come after this write's.
    before: ['scripts:after'],
    async run(ctx, batch) {
      const tracked = stageFields(batch.object.catalog);
      if (tracked.length === 0 || !batch.changes?.length) return;
      const now = ctx.pipeline.clock.now().toISOString();
      for (const stage of tracked) {
        const name = stage.field.name;
        const ids: string[] = [];
        const values: (string | null)[] = [];
        for (const record of batch.changes) {
          const change = record.c.find(([field]) => field === name);
          if (!change) continue;
          ids.push(record.id);
          values.push(typeof change[2] === 'string' ? change[2] : null);
        }
        if (ids.length === 0) continue;
        const h = historyTable(ctx.model.schema);
        const t = qualified(ctx.model.schema, batch.object.catalog.tableName);
        const r = q(stage.reachColumn);
        await ctx.db.query(
          `with input as (select * from unnest($1::uuid[], $2::text[]) as i(id, stage)),
           closed as (update ${h} h set "leftAt" = $3 from input i where h."fieldId" = $4 and h."recordId" = i.id and h."leftAt" is null returning 1),
           opened as (insert into ${h} ("fieldId", "recordId", "stage", "enteredAt", "enteredBy") select $4, i.id, i.stage, $3, $5 from input i where i.stage is not null returning 1)
           update ${t} t set ${r} = ${furthestSql('$6::text[]', `t.${r}`, 'i.stage')} from input i
            where t.id = i.id and coalesce(array_position($6::text[], i.stage), 0) > coalesce(array_position($6::text[], t.${r}), 0)`,
          [ids, values, now, stage.fieldId, ctx.principal.userId ?? null, stage.steps],
        );
      }
    },
  };
}
