import { pullDocument, type RunningServer } from '@tessera/platform';
import { withRecords } from './host.ts';

/** One configured item and whether the scenario exercised it (with its parts: workflow steps, approval nodes). */
export interface CoveredItem {
  name: string;
  exercised: boolean;
  parts?: { name: string; exercised: boolean }[];
}

/** What a scenario exercised of the tenant's configuration, per kind. */
export interface Coverage {
  validationRules: CoveredItem[];
  duplicateRules: CoveredItem[];
  workflows: CoveredItem[];
  approvalFlows: CoveredItem[];
  pools: CoveredItem[];
  dispatchRules: CoveredItem[];
  assignmentRules: CoveredItem[];
  scoringRules: CoveredItem[];
}

export const COVERAGE_KINDS = ['validationRules', 'duplicateRules', 'workflows', 'approvalFlows', 'pools', 'dispatchRules', 'assignmentRules', 'scoringRules'] as const;

type Item = Record<string, unknown> & { name: string };

/** Names from a run table, or none when the plugin that keeps it is not installed on this server. */
async function namesFrom(server: RunningServer, schema: string, table: string, sql: (t: string) => string): Promise<Set<string>> {
  const [exists] = (await server.platform.pool.query<{ t: string | null }>('select to_regclass($1) as t', [`"${schema}"."${table}"`])).rows;
  if (!exists?.t) return new Set();
  const { rows } = await server.platform.pool.query<{ name: string }>(sql(`"${schema}"."${table}"`));
  return new Set(rows.map((r) => r.name));
}

const partsOf = (items: unknown, key: string) => (Array.isArray(items) ? items : []).map((p) => String((p as Record<string, unknown>)[key]));

/**
 * Reads what ran from the runtime's own history: workflow runs and their steps, approval requests and
 * the nodes that got tasks, pool history, assignment and dispatch logs; a scoring rule counts when a
 * record of its object holds a score; validation and duplicate rules when they refused a write.
 */
export async function collectCoverage(server: RunningServer, tenant: { id: string; schema: string }, refusedBy: { validation: Set<string>; duplicate: Set<string> }): Promise<Coverage> {
  const document = await pullDocument(server.platform.kinds, server.platform.orm, tenant.id) as Record<string, Item[] | undefined>;
  const items = (key: string) => document[key] ?? [];
  const s = tenant.schema;
  const [workflowRuns, workflowSteps, flows, nodes, pools, assigned, dispatched] = await Promise.all([
    namesFrom(server, s, '_workflow_runs', (t) => `select distinct workflow as name from ${t}`),
    namesFrom(server, s, '_workflow_steps', (t) => `select distinct r.workflow || '/' || st.step as name from ${t} st join "${s}"."_workflow_runs" r on r.id = st.run_id`),
    namesFrom(server, s, '_approval_requests', (t) => `select distinct flow as name from ${t}`),
    namesFrom(server, s, '_approval_tasks', (t) => `select distinct r.flow || '/' || k.node as name from ${t} k join "${s}"."_approval_requests" r on r.id = k.request_id`),
    namesFrom(server, s, '_pool_history', (t) => `select distinct pool as name from ${t} where pool is not null`),
    namesFrom(server, s, '_assignment_log', (t) => `select distinct rule as name from ${t} where rule is not null`),
    namesFrom(server, s, '_dispatches', (t) => `select distinct rule as name from ${t}`),
  ]);
  const scored = new Set<string>();
  for (const rule of items('scoringRules')) {
    const filter = { [String(rule.field)]: { isNull: false, neq: 0 } };
    const [row] = await withRecords(server, tenant.id, null, (api) => api.aggregate(String(rule.object), { filter })).catch(() => [{ count: 0 }]);
    if ((row?.count ?? 0) > 0) scored.add(rule.name);
  }
  const flat = (key: string, seen: Set<string>) => items(key).map((item) => ({ name: item.name, exercised: seen.has(item.name) }));
  const nested = (key: string, seen: Set<string>, partKey: string, partName: string, seenParts: Set<string>) => items(key).map((item) => ({
    name: item.name,
    exercised: seen.has(item.name),
    parts: partsOf(item[partKey], partName).map((part) => ({ name: part, exercised: seenParts.has(`${item.name}/${part}`) })),
  }));
  return {
    validationRules: flat('validationRules', refusedBy.validation),
    duplicateRules: flat('duplicateRules', refusedBy.duplicate),
    workflows: nested('workflows', workflowRuns, 'steps', 'id', workflowSteps),
    approvalFlows: nested('approvalFlows', flows, 'nodes', 'id', nodes),
    pools: flat('pools', pools),
    dispatchRules: flat('dispatchRules', dispatched),
    assignmentRules: flat('assignmentRules', assigned),
    scoringRules: flat('scoringRules', scored),
  };
}
