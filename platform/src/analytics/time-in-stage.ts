import type { OperationContext } from '../operations/index.ts';
import { createdBetween, reportTarget, visibleIds } from './scope.ts';
import { historyTable } from './stages.ts';

/**
 * Time in stage: for the records the caller may read (created in [from, to)), per stage (option
 * order), the stays that ended — entered and left by real moves (back-filled stays began when
 * tracking was turned on, not when the record got there, and are left out) — their count, and their
 * average and median length in seconds. ONE statement: the history of the visible ids.
 */
export async function timeInStage(op: OperationContext, input: { object: string; stageField: string; from?: unknown; to?: unknown }) {
  const { om, stage } = reportTarget(op, input.object, input.stageField);
  const ids = visibleIds(op, om.name, createdBetween(input.from, input.to));
  const n = ids.params.length;
  const { rows } = await op.db.query<{ stage: string; count: number; average: number; median: number }>(
    `select s.stage, count(*)::int as count, avg(s.d)::float8 as average, percentile_cont(0.5) within group (order by s.d)::float8 as median
       from (select h."stage" as stage, extract(epoch from h."leftAt" - h."enteredAt")::float8 as d from ${historyTable(op.model.schema)} h
              where h."fieldId" = $${n + 1} and h."leftAt" is not null and not h."backfilled" and h."recordId" in (${ids.text})) s
      group by s.stage`,
    [...ids.params, stage.fieldId]);
  const byStage = new Map(rows.map((r) => [r.stage, r]));
  return { stages: (stage.field.options ?? []).map((o) => ({ stage: o.value, count: byStage.get(o.value)?.count ?? 0, average: byStage.get(o.value)?.average ?? null, median: byStage.get(o.value)?.median ?? null })) };
}
