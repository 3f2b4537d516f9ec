import { PlatformError } from '../errors/index.ts';
import type { OperationContext } from '../operations/index.ts';
import { runPrepared } from '../operations/read.ts';
import { col, compileRead, planRequest, type AggregateQuery, type AggregateRequest, type ReadOperation } from '../query/index.ts';
import { applyAccess } from '../security/access.ts';
import { createdBetween, reportTarget } from './scope.ts';
import type { StageField } from './stages.ts';

export interface FunnelStep {
  stage: string;
  count: number;
  /** count / the previous step's count; null for the first step and after a step of 0. */
  conversion: number | null;
}

export interface Funnel {
  steps: FunnelStep[];
  groups: { key: unknown; steps: FunnelStep[] }[];
}

export interface FunnelInput {
  object: string;
  stageField: string;
  groupBy?: string;
  from?: unknown;
  to?: unknown;
}

/**
 * The funnel of a tracked stage field: for the records the caller may read (created in [from, to)),
 * how many reached each step, and the conversion from the step before; per group of `groupBy` too.
 *
 * A record **reached** a step when its stage history holds that step or any later one (by the
 * option order, lost stages left out): a lead that went from New straight to Qualified counts at
 * Contacted too, one that went Contacted → Lost counts at New and Contacted. Each record's furthest
 * step is kept by the save pipeline (stages.ts), so the whole funnel is ONE grouped statement over
 * the object's table: planned as the aggregate `groupBy: [<groupBy>, <furthest step>]` through the
 * planner (the caller's field rights decide what may be grouped by) and scoped by the one access
 * transform (soft delete, row-level access: records the caller cannot see count nowhere).
 */
export async function funnel(op: OperationContext, input: FunnelInput): Promise<Funnel> {
  const { om, stage, scope } = reportTarget(op, input.object, input.stageField);
  if (input.groupBy !== undefined && !om.filterable.has(input.groupBy)) {
    throw new PlatformError('BAD_USER_INPUT', `${input.object} has no field ${JSON.stringify(input.groupBy)} to group by`, { details: [{ pointer: '/groupBy', message: 'unknown field' }] });
  }
  const grouped = input.groupBy !== undefined;
  const request: AggregateRequest = {
    kind: 'aggregate',
    object: om.name,
    args: { filter: createdBetween(input.from, input.to), groupBy: grouped ? [{ [input.groupBy!]: true }] : [] },
    select: [
      { key: 'n', kind: 'count' },
      ...(grouped ? [{ key: 'k', kind: 'key' as const, select: [{ key: 'g', kind: 'field' as const, field: input.groupBy! }] }] : []),
    ],
  };
  const entry = planRequest(scope, 'r', request);
  if (entry.shape.kind !== 'aggregate') throw new Error('funnel: an aggregate was planned');
  const planned = entry.shape.query;
  // The furthest step is the platform's own column, grouped beside the caller's groupBy.
  const reach = planned.groupBy.length;
  const query: AggregateQuery = {
    ...planned,
    groupBy: [...planned.groupBy, { expr: col(planned.from.alias, stage.reachColumn) }],
    select: grouped
      ? planned.select.map((s) => (s.kind === 'groupKey' ? { ...s, select: [...s.select, { key: 's', group: reach }] } : s))
      : [...planned.select, { key: 'k', kind: 'groupKey', select: [{ key: 's', group: reach }] }],
  };
  const tree: ReadOperation = { kind: 'read', entries: [{ key: 'r', shape: { kind: 'aggregate', query } }], nextAlias: scope.aliases.n };
  const text = await runPrepared({ db: op.db, limits: op.limits, model: op.model }, { sql: compileRead(applyAccess(tree, op.model, op.security, 'read')) });
  const rows = (JSON.parse(text) as { r: { n: number; k: { g?: unknown; s: string | null } }[] }).r;
  return funnelOf(stage, rows.map((r) => ({ group: grouped ? r.k.g ?? null : null, furthest: r.k.s, count: Number(r.n) })), grouped);
}

/** The steps from counts of records by furthest step (and group): a record counts at its furthest step and every one before. */
export function funnelOf(stage: StageField, rows: { group: unknown; furthest: string | null; count: number }[], grouped: boolean): Funnel {
  const index = new Map(stage.steps.map((s, i) => [s, i]));
  const byGroup = new Map<string, { key: unknown; at: number[] }>();
  const total = new Array<number>(stage.steps.length).fill(0);
  for (const row of rows) {
    const i = row.furthest === null ? undefined : index.get(row.furthest);
    if (i === undefined) continue;
    const id = JSON.stringify(row.group);
    let group = byGroup.get(id);
    if (!group) byGroup.set(id, (group = { key: row.group, at: new Array<number>(stage.steps.length).fill(0) }));
    group.at[i] += row.count;
    total[i] += row.count;
  }
  const steps = (at: number[]): FunnelStep[] => {
    const reached = [...at];
    for (let i = reached.length - 2; i >= 0; i--) reached[i] += reached[i + 1];
    return stage.steps.map((s, i) => ({ stage: s, count: reached[i], conversion: i === 0 || reached[i - 1] === 0 ? null : reached[i] / reached[i - 1] }));
  };
  const groups = [...byGroup.values()].map((g) => ({ key: g.key, steps: steps(g.at) }));
  // Biggest groups first (by records at the first step), then by key: a stable order for charts and tests.
  groups.sort((a, b) => b.steps[0].count - a.steps[0].count || String(a.key).localeCompare(String(b.key)));
  return { steps: steps(total), groups: grouped ? groups : [] };
}
