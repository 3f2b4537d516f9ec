import type { OperationContext } from '@tessera/platform';
import { availableActions, type Action, type RequestState, type TaskState } from './available.ts';
import type { ApprovalFlowItem } from './definition.ts';
import { flowVersion } from './engine.ts';
import { eventsTable, requestsTable, tasksTable } from './tables.ts';

const TASK = (t: string) => `json_build_object('id', ${t}.id, 'node', ${t}.node, 'round', ${t}.round, 'kind', ${t}.kind, 'status', ${t}.status, 'assignee', ${t}.assignee_id,
  'assigneeName', (select name from tessera.users where id = ${t}.assignee_id), 'candidates', ${t}.candidates, 'weight', ${t}.weight, 'onBehalfOf', ${t}.on_behalf_of,
  'delegatedFrom', ${t}.delegated_from, 'comment', ${t}.comment, 'createdAt', ${t}.created_at, 'actedAt', ${t}.acted_at, 'readAt', ${t}.read_at, 'urgedAt', ${t}.urged_at)`;

interface RequestHead { id: string; flow: string; version: number; status: RequestState['status']; node: string | null; round: number; submitter: string | null }
interface TaskJson { id: string; node: string; round: number; kind: TaskState['kind']; status: TaskState['status']; assignee: string | null; candidates: string[] | null; actedAt: string | null; readAt: string | null }

/** A request's state as available.ts reads it, from the tasks these queries serve. */
function stateOf(r: RequestHead, def: ApprovalFlowItem, tasks: TaskJson[]): RequestState {
  return {
    status: r.status, node: r.node, round: r.round, submitter: r.submitter, nodes: def.nodes.map((n) => n.id),
    tasks: tasks.map((t) => ({ id: t.id, node: t.node, round: t.round, kind: t.kind, status: t.status, assignee: t.assignee, candidates: t.candidates, actedAt: t.actedAt ? Date.parse(t.actedAt) : null, read: t.readAt !== null })),
  };
}

const callerOf = (op: OperationContext) => ({ id: op.principal.userId, isAdmin: op.principal.isAdmin });
const nodeLabel = (def: ApprovalFlowItem, node: string | null) => def.nodes.find((n) => n.id === node)?.label ?? null;

/** The caller's actions on each of these requests (one statement for all their tasks), and each one's flow version. */
async function actionsOf(op: OperationContext, ids: string[]): Promise<Map<string, { actions: Action[]; def: ApprovalFlowItem }>> {
  const s = op.model.schema;
  const out = new Map<string, { actions: Action[]; def: ApprovalFlowItem }>();
  if (!ids.length) return out;
  const { rows } = await op.db.query<RequestHead & { tasks: TaskJson[] }>(
    `select r.id, r.flow, r.version, r.status, r.node, r.round, r.submitter_id as submitter,
       coalesce((select json_agg(${TASK('t')} order by t.seq, t.n) from ${tasksTable(s)} t where t.request_id = r.id), '[]') as tasks
     from ${requestsTable(s)} r where r.id = any($1::uuid[])`, [ids]);
  for (const r of rows) {
    const def = await flowVersion(op.db, op.principal.tenantId, r.flow, r.version);
    out.set(r.id, { def, actions: availableActions(stateOf(r, def, r.tasks), callerOf(op)) });
  }
  return out;
}

/** The caller's inbox: tasks to act on (a group's unclaimed tasks they may claim too), done, CC'd, or the requests they submitted. */
export async function myApprovalTasks(op: OperationContext, i: { status?: string; first?: number }): Promise<unknown[]> {
  const s = op.model.schema;
  const me = op.principal.userId;
  const status = i.status ?? 'pending';
  const limit = i.first ?? 100;
  if (status === 'submitted') {
    const { rows } = await op.db.query(`select r.id as request, r.flow, r.version, r.object, r.record_id as "recordId", r.status, r.node, r.created_at as "createdAt", r.finished_at as "finishedAt" from ${requestsTable(s)} r where r.submitter_id = $1 order by r.created_at desc, r.id desc limit $2`, [me, limit]);
    const more = await actionsOf(op, rows.map((r) => r.request));
    return rows.map((r) => ({ ...r, nodeLabel: nodeLabel(more.get(r.request)!.def, r.node), actions: more.get(r.request)!.actions }));
  }
  const where = {
    pending: `t.status = 'pending' and t.kind <> 'cc' and (t.assignee_id = $1 or (t.assignee_id is null and $1 = any(t.candidates)))`,
    done: `t.assignee_id = $1 and t.acted_at is not null and t.status in ('approved', 'rejected', 'transferred')`,
    cc: `t.kind = 'cc' and t.assignee_id = $1`,
  }[status]!;
  const { rows } = await op.db.query(
    `select (${TASK('t')})::jsonb || jsonb_build_object('request', json_build_object('id', r.id, 'flow', r.flow, 'object', r.object, 'recordId', r.record_id, 'status', r.status, 'node', r.node, 'submitter', r.submitter_id, 'createdAt', r.created_at)) as task
       from ${tasksTable(s)} t join ${requestsTable(s)} r on r.id = t.request_id where ${where} ${status === 'pending' ? `and r.status = 'pending'` : ''} order by t.n desc limit $2`,
    [me, limit]);
  // Each entry: the caller's actions on its request (every one, not only on this task) and its node's label.
  const more = await actionsOf(op, [...new Set(rows.map((r) => r.task.request.id as string))]);
  return rows.map(({ task }) => ({ ...task, nodeLabel: nodeLabel(more.get(task.request.id)!.def, task.node), actions: more.get(task.request.id)!.actions }));
}

/** A record's requests with their flow's nodes (each with its state), tasks, and the timeline (actors, comments, timestamps). */
export async function approvalRequests(op: OperationContext, object: string, id: string): Promise<unknown[]> {
  const s = op.model.schema;
  const { rows } = await op.db.query<RequestHead & { createdAt: Date; finishedAt: Date | null; tasks: any[]; events: any[] }>(
    `select r.id, r.flow, r.version, r.status, r.node, r.round, r.submitter_id as submitter, r.created_at as "createdAt", r.finished_at as "finishedAt",
       coalesce((select json_agg(${TASK('t')} order by t.n) from ${tasksTable(s)} t where t.request_id = r.id), '[]') as tasks,
       coalesce((select json_agg(json_build_object('action', e.action, 'actor', e.actor_id, 'actorName', (select name from tessera.users where id = e.actor_id), 'node', e.node, 'task', e.task_id, 'comment', e.comment, 'data', e.data, 'at', e.at) order by e.n) from ${eventsTable(s)} e where e.request_id = r.id), '[]') as events
     from ${requestsTable(s)} r where r.object = $1 and r.record_id = $2 order by r.created_at desc, r.id desc`, [object, id]);
  const out = [];
  for (const r of rows) {
    const def: ApprovalFlowItem = await flowVersion(op.db, op.principal.tenantId, r.flow, r.version);
    const nodes = def.nodes.map((n) => {
      const tasks = r.tasks.filter((t) => t.node === n.id && t.kind !== 'cc');
      const last = Math.max(0, ...tasks.map((t) => t.round));
      const mine = tasks.filter((t) => t.round === last);
      const state = r.node === n.id ? 'current'
        : r.events.some((e) => e.node === n.id && e.action === 'skipped') && !mine.length ? 'skipped'
        : mine.length && r.events.some((e) => e.node === n.id && e.action === 'nodeApproved') ? 'approved'
        : mine.some((t) => t.status === 'rejected') ? 'rejected' : mine.length ? 'visited' : 'notReached';
      return { id: n.id, label: n.label ?? null, mode: n.mode, threshold: n.threshold ?? null, state, round: mine.length ? last : null };
    });
    out.push({ ...r, nodes, actions: availableActions(stateOf(r, def, r.tasks), callerOf(op)) });
  }
  return out;
}
