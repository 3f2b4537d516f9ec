import { HISTORY_TABLE, historyTable, q, reachKey, stageFields, type StageField } from '../../analytics/stages.ts';
import { qualified } from '../../storage/sql/quote.ts';
import type { ApplyContext } from './context.ts';

/**
 * Keeps what stage tracking (`trackStages: true` on a select field) needs, at the end of every
 * object change, in the change's transaction (never on the request path):
 * - the tenant's `_stage_history` (one row per stay: field id, record, stage, entered and left,
 *   who moved it; by field id, so renames keep it) and `_stage_tracking` (the tracked fields, with
 *   the step order their records' furthest steps were computed for);
 * - a column per tracked field on its object's table, `_reach_<field id>`: each record's furthest
 *   step reached, so that a funnel is one grouped scan of the object's table (no join with the
 *   history, whatever its length);
 * - when the property is turned on (or on again): each record's current stage back-filled as an
 *   open stay from the change's time (stays whose stage no longer matches are closed), then the
 *   furthest steps computed from the whole history; when the steps change (options reordered, a
 *   stage marked lost), the furthest steps are recomputed from the history.
 * Turning it off keeps the history and the column (turning it on again continues them).
 */
export async function syncStageTracking(ctx: ApplyContext): Promise<void> {
  const tracked: { table: string; stage: StageField }[] = [];
  for (const object of ctx.catalog.objects.values()) {
    for (const stage of stageFields(object)) tracked.push({ table: object.tableName, stage });
  }
  const tracking = qualified(ctx.schema, '_stage_tracking');
  const [exists] = await ctx.sql.query<{ t: string | null }>('select to_regclass($1)::text as t', [`"${ctx.schema}"._stage_tracking`]);
  if (tracked.length === 0 && !exists?.t) return;
  const h = historyTable(ctx.schema);
  if (!exists?.t) {
    ctx.step('stageTracking', HISTORY_TABLE);
    await ctx.ddl([
      `create table if not exists ${h} ("seq" bigint generated always as identity primary key, "fieldId" uuid not null, "recordId" uuid not null, "stage" text not null, "enteredAt" timestamptz not null, "leftAt" timestamptz, "enteredBy" uuid, "backfilled" boolean not null default false)`,
      `create index if not exists "_stage_history_record" on ${h} ("fieldId", "recordId", "seq")`,
      `create index if not exists "_stage_history_stage" on ${h} ("fieldId", "stage", "enteredAt")`,
      `create table if not exists ${tracking} ("fieldId" uuid primary key, "key" text not null)`,
    ]);
  }
  const known = new Map((await ctx.sql.query<{ fieldId: string; key: string }>(`select "fieldId", "key" from ${tracking}`)).map((r) => [r.fieldId, r.key]));
  const now = ctx.now.toISOString();
  for (const { table, stage } of tracked) {
    const t = qualified(ctx.schema, table);
    const r = q(stage.reachColumn);
    const column = q(stage.field.name);
    const key = reachKey(stage);
    const turnedOn = !known.has(stage.fieldId);
    if (!turnedOn && known.get(stage.fieldId) === key) continue;
    ctx.step('stageTracking', table);
    if (turnedOn) {
      await ctx.ddl([`alter table ${t} add column if not exists ${r} text`]);
      await ctx.sql.query(`update ${h} h set "leftAt" = $2 from ${t} t where h."fieldId" = $1 and h."leftAt" is null and h."recordId" = t.id and t.${column} is distinct from h."stage"`, [stage.fieldId, now]);
      await ctx.sql.query(
        `insert into ${h} ("fieldId", "recordId", "stage", "enteredAt", "backfilled")
         select $1, t.id, t.${column}, $2, true from ${t} t
          where t.${column} is not null and not exists (select 1 from ${h} h where h."fieldId" = $1 and h."recordId" = t.id and h."leftAt" is null)`,
        [stage.fieldId, now]);
      ctx.note(`${stage.field.name}: each record's current stage back-filled into the stage history`);
    }
    await ctx.sql.query(
      `update ${t} t set ${r} = f.reach
         from (select h."recordId" as id, ($2::text[])[max(array_position($2::text[], h."stage"))] as reach from ${h} h where h."fieldId" = $1 group by h."recordId") f
        where t.id = f.id and t.${r} is distinct from f.reach`,
      [stage.fieldId, stage.steps]);
    ctx.note(`${stage.field.name}: the furthest step of every record computed from its stage history`);
    ctx.vacuumAfterCommit(table);
    await ctx.sql.query(`insert into ${tracking} ("fieldId", "key") values ($1, $2) on conflict ("fieldId") do update set "key" = excluded."key"`, [stage.fieldId, key]);
  }
  const live = new Set(tracked.map((x) => x.stage.fieldId));
  const gone = [...known.keys()].filter((id) => !live.has(id));
  if (gone.length) await ctx.sql.query(`delete from ${tracking} where "fieldId" = any($1::uuid[])`, [gone]);
}
