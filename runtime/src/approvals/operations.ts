import { PlatformError, uuidv7 } from '@tessera/platform';
import { loadDocumentItems } from '@tessera/platform';
import { OPEN, refusal, rejectTargets, removalRefusal, removalTarget, type Operation, type Refusal, type RequestState, type TaskState } from './available.ts';
import type { ApprovalFlowItem } from './definition.ts';
import {
  activateNode, cc, closeNode, conflict, entryHolds, event, finish, flowVersion, forbidden, insertTasks, latestFlowVersion, lockRequest, lockTask,
  nodeTasks, notFound, notify, runOutcome, saveRequest, setTask, settle, type Env, type RequestRow, type TaskRow,
} from './engine.ts';
import { delegationsTable, requestsTable, tasksTable } from './tables.ts';

const sqlOf = (env: Env) => ({ query: async <R>(text: string, values?: unknown[]) => (await env.db.query(text, values as unknown[])).rows as R[] });

export async function activeFlows(env: Env, object: string): Promise<ApprovalFlowItem[]> {
  return (await loadDocumentItems<ApprovalFlowItem>(sqlOf(env), env.tenantId, 'approvalFlow'))
    .filter((f) => f.active !== false && f.object === object)
    .sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.name.localeCompare(b.name));
}

/** `approvalFlowsFor`: the active flows of the object whose entry criteria hold over the record, in the order `submit` tries them (the first is its default). */
export async function flowsFor(env: Env, object: string, record: Record<string, unknown>): Promise<{ name: string; label: unknown }[]> {
  const flows = await activeFlows(env, object);
  const holds = await Promise.all(flows.map((f) => entryHolds(env, { object }, record, f)));
  return flows.filter((_, i) => holds[i]).map((f) => ({ name: f.name, label: f.label ?? null }));
}

/**
 * `submitForApproval`: the record (which the caller must be able to read) enters the named flow,
 * or the first active one whose entry criteria hold, on the flow's latest version; the record is
 * locked until the request ends. One pending request per record.
 */
export async function submit(env: Env, i: { object: string; id: string; flow?: string | null }, record: Record<string, unknown>): Promise<RequestRow> {
  const flows = await activeFlows(env, i.object);
  const named = i.flow ? flows.find((f) => f.name === i.flow) : undefined;
  if (i.flow && !named) throw notFound(`active approval flow ${i.flow} of ${i.object}`, '/flow');
  let flow = named;
  for (const f of named ? [] : flows) if (await entryHolds(env, { object: i.object }, record, f)) { flow = f; break; }
  if (!flow) throw new PlatformError('VALIDATION_FAILED', `No active approval flow of ${i.object} takes this record`, { details: [{ pointer: '/flow', message: 'no flow\'s entry criteria hold' }] });
  if (!(await entryHolds(env, { object: i.object }, record, flow))) throw new PlatformError('VALIDATION_FAILED', `The record does not meet the entry criteria of ${flow.name}`, { details: [{ pointer: '/flow', message: `entry criteria: ${flow.entryCriteria}` }] });
  // Serializes submissions of one record (two at once would both see no pending request).
  await env.db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [`approval:${i.object}:${i.id}`]);
  const { rows: pending } = await env.db.query(`select id from ${requestsTable(env.schema)} where object = $1 and record_id = $2 and status = 'pending'`, [i.object, i.id]);
  if (pending.length) throw conflict('The record has a pending approval request', '/id');
  const version = await latestFlowVersion(env.db, env.tenantId, flow.name);
  if (!version) throw notFound(`version of approval flow ${flow.name}`, '/flow');
  const def = await flowVersion(env.db, env.tenantId, flow.name, version);
  const req: RequestRow = { id: uuidv7(), flow: flow.name, version, object: i.object, record_id: i.id, submitter_id: env.actor, status: 'pending', node: null, round: 0 };
  await env.db.query(`insert into ${requestsTable(env.schema)} (id, flow, version, object, record_id, submitter_id, status, round, created_at, updated_at) values ($1, $2, $3, $4, $5, $6, 'pending', 0, $7, $7)`,
    [req.id, req.flow, req.version, req.object, req.record_id, req.submitter_id, env.now]);
  await event(env, req, 'submitted', { node: null });
  await runOutcome(env, req, def.onSubmit);
  await cc(env, req, record, def.cc);
  await activateNode(env, req, def, 0);
  return req;
}

const defOf = (env: Env, req: RequestRow) => flowVersion(env.db, env.tenantId, req.flow, req.version);
const current = (req: RequestRow, task: TaskRow) => task.node === req.node && task.round === req.round;

/** The request as available.ts reads it: its status, node, round, submitter, its version's node ids and every task. */
export async function requestState(env: Env, req: RequestRow): Promise<RequestState> {
  const def = await defOf(env, req);
  const { rows } = await env.db.query<TaskRow & { read_at: Date | null }>(`select id, node, round, kind, status, assignee_id, candidates, acted_at, read_at from ${tasksTable(env.schema)} where request_id = $1 order by seq, n`, [req.id]);
  const tasks: TaskState[] = rows.map((t) => ({ id: t.id, node: t.node, round: t.round, kind: t.kind, status: t.status, assignee: t.assignee_id, candidates: t.candidates, actedAt: t.acted_at ? new Date(t.acted_at).getTime() : null, read: t.read_at !== null }));
  return { status: req.status, node: req.node, round: req.round, submitter: req.submitter_id, nodes: def.nodes.map((n) => n.id), tasks };
}

const refused = (r: Refusal) => new PlatformError(r.code, r.message, { details: [{ pointer: r.pointer, message: r.message }] });
/** The operation's guard: the rules of available.ts, which also tell the studio which operations to offer. */
async function guard(env: Env, req: RequestRow, operation: Operation, task?: string): Promise<RequestState> {
  const state = await requestState(env, req);
  const why = refusal(state, { id: env.actor, isAdmin: env.isAdmin }, operation, task);
  if (why) throw refused(why);
  return state;
}

/** `approve` (a delegate's approve returns the task to its delegator with the comment). */
export async function approve(env: Env, taskId: string, comment: string | null): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'approve', task.id);
  await setTask(env, task.id, { status: 'approved', comment, acted_at: env.now });
  await event(env, req, 'approved', { task: task.id, comment });
  if (task.kind === 'delegate') return returnDelegation(env, req, task, comment);
  await settle(env, req, await defOf(env, req));
  return req;
}

async function returnDelegation(env: Env, req: RequestRow, task: TaskRow, comment: string | null): Promise<RequestRow> {
  await setTask(env, task.delegated_from!, { status: 'pending' });
  const { rows: [owner] } = await env.db.query<{ assignee_id: string }>(`select assignee_id from ${tasksTable(env.schema)} where id = $1`, [task.delegated_from]);
  await event(env, req, 'delegationReturned', { task: task.delegated_from, comment, data: { from: task.assignee_id } });
  await notify(env, [owner?.assignee_id], 'Approval: a delegated task came back', req, comment ?? undefined);
  return req;
}

/** `reject`: to the submitter (default), `@previous`, or an earlier node by id; in a vote node, a vote against. */
export async function reject(env: Env, taskId: string, comment: string | null, toNode: string | null): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  const state = await guard(env, req, 'reject', task.id);
  if (toNode && !rejectTargets(state).includes(toNode)) {
    throw new PlatformError('BAD_USER_INPUT', `A reject goes to the submitter, @previous (past the first node) or an earlier node; "${toNode}" is none`, { details: [{ pointer: '/toNode', message: 'not an earlier node' }] });
  }
  const def = await defOf(env, req);
  await setTask(env, task.id, { status: task.kind === 'delegate' ? 'approved' : 'rejected', comment, acted_at: env.now });
  await event(env, req, 'rejected', { task: task.id, comment, data: toNode ? { toNode } : undefined });
  if (task.kind === 'delegate') return returnDelegation(env, req, task, comment);
  await settle(env, req, def, { toNode, comment });
  return req;
}

/** `withdraw` (撤销): the submitter (or an admin) takes the request back while it is pending. */
export async function withdraw(env: Env, id: string): Promise<RequestRow> {
  const req = await lockRequest(env, id);
  await guard(env, req, 'withdraw');
  await finish(env, req, await defOf(env, req), 'withdrawn');
  return req;
}

/** `terminate` (终止): an admin, or an approver holding a task of it, ends the request. */
export async function terminate(env: Env, id: string, comment: string | null = null): Promise<RequestRow> {
  const req = await lockRequest(env, id);
  await guard(env, req, 'terminate');
  if (comment) await event(env, req, 'comment', { comment });
  await finish(env, req, await defOf(env, req), 'terminated');
  return req;
}

/**
 * `takeBack` (拿回): the approver of an approved task takes it back while nobody after them has
 * acted: in its node, the task is pending again (what it opened waits again); when the request
 * has moved on, the next node's round is cancelled and the task's node is current again.
 */
export async function takeBack(env: Env, taskId: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'takeBack', task.id);
  const def = await defOf(env, req);
  if (!current(req, task)) {
    // The guard let only a task of the node just before the current one through.
    const at = def.nodes.findIndex((n) => n.id === task.node);
    await closeNode(env, req);
    req.node = task.node;
    req.round = task.round;
    await saveRequest(env, req);
    const mode = def.nodes[at].mode;
    await env.db.query(`update ${tasksTable(env.schema)} set status = $4 where request_id = $1 and node = $2 and round = $3 and status = 'cancelled' and acted_at is null`, [req.id, req.node, req.round, mode === 'sequential' ? 'waiting' : 'pending']);
  } else {
    // What the approval opened waits again: the next in a sequence, tasks added after this one.
    const node = def.nodes.find((n) => n.id === req.node)!;
    for (const t of await nodeTasks(env, req)) {
      if (t.status !== 'pending' || t.id === task.id) continue;
      if (t.after_of === task.id || (node.mode === 'sequential' && t.kind === 'approver' && t.seq > task.seq)) await setTask(env, t.id, { status: 'waiting' });
    }
  }
  await setTask(env, task.id, { status: 'pending', acted_at: null, comment: null });
  await event(env, req, 'takenBack', { task: task.id, node: task.node });
  return req;
}

async function userExists(env: Env, id: string, pointer: string): Promise<void> {
  const { rows } = /^[0-9a-f-]{36}$/i.test(id) ? await env.db.query('select 1 from tessera.users where tenant_id = $1 and id = $2 and is_active', [env.tenantId, id]) : { rows: [] };
  if (!rows.length) throw new PlatformError('REFERENCE_NOT_FOUND', `No active user ${id}`, { details: [{ pointer, message: 'no such user' }] });
}

/** `transfer` (转办): the task becomes another user's, for good. */
export async function transfer(env: Env, taskId: string, to: string, escalated = false): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  if (!escalated) await guard(env, req, 'transfer', task.id);
  await userExists(env, to, '/to');
  await moveTask(env, req, task, to, escalated ? 'escalated' : 'transferred');
  return req;
}

async function moveTask(env: Env, req: RequestRow, task: TaskRow, to: string, action: string): Promise<void> {
  await setTask(env, task.id, { status: 'transferred', acted_at: env.now });
  const [id] = await insertTasks(env, req, [{ kind: task.kind, status: 'pending', assignee: to, seq: task.seq, weight: Number(task.weight), beforeOf: task.before_of, afterOf: task.after_of, delegatedFrom: task.delegated_from }], task.node, task.round);
  // Tasks that waited on this one wait on its successor.
  await env.db.query(`update ${tasksTable(env.schema)} set before_of = case when before_of = $2 then $3 else before_of end, after_of = case when after_of = $2 then $3 else after_of end where request_id = $1 and (before_of = $2 or after_of = $2)`, [req.id, task.id, id]);
  await event(env, req, action, { task: id, data: { from: task.assignee_id, to } });
}

/** `delegate` (委派): another user looks at the task and answers; it then comes back to the delegator, who decides. */
export async function delegate(env: Env, taskId: string, to: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'delegate', task.id);
  await userExists(env, to, '/to');
  await setTask(env, task.id, { status: 'delegated' });
  const [id] = await insertTasks(env, req, [{ kind: 'delegate', status: 'pending', assignee: to, seq: task.seq, delegatedFrom: task.id }], task.node, task.round);
  await event(env, req, 'delegated', { task: id, data: { from: env.actor, to } });
  return req;
}

/** `addApprover` (加签): users who approve before the caller (the caller's task waits), after the caller's approval, or alongside. */
export async function addApprover(env: Env, taskId: string, users: string[], position: 'BEFORE' | 'AFTER' | 'PARALLEL'): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'addApprover', task.id);
  if (!users.length) throw new PlatformError('BAD_USER_INPUT', 'Name at least one user', { details: [{ pointer: '/users', message: 'empty' }] });
  for (const [i, u] of users.entries()) await userExists(env, u, `/users/${i}`);
  const status = position === 'AFTER' ? 'waiting' : 'pending';
  await insertTasks(env, req, users.map((u) => ({ kind: 'added', status, assignee: u, seq: task.seq, beforeOf: position === 'BEFORE' ? task.id : null, afterOf: position === 'AFTER' ? task.id : null })), task.node, task.round);
  if (position === 'BEFORE') await setTask(env, task.id, { status: 'waiting' });
  await event(env, req, 'approversAdded', { task: task.id, data: { users, position } });
  return req;
}

/** `removeApprover` (减签): an open approver of the caller's node (not the caller) is taken out; the node may now be decided. */
export async function removeApprover(env: Env, taskId: string, user: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  const state = await guard(env, req, 'removeApprover', task.id);
  const why = removalRefusal(state, state.tasks.find((t) => t.id === task.id)!, user);
  if (why) throw refused(why);
  const target = removalTarget(state, state.tasks.find((t) => t.id === task.id)!, user)!;
  await setTask(env, target.id, { status: 'removed', acted_at: env.now });
  await env.db.query(`update ${tasksTable(env.schema)} set status = 'removed' where request_id = $1 and delegated_from = $2 and status = any($3)`, [req.id, target.id, OPEN]);
  await event(env, req, 'approverRemoved', { task: target.id, data: { user } });
  await settle(env, req, await defOf(env, req));
  return req;
}

/** `claim` (认领): a member of the group an open shared task is for makes it theirs. */
export async function claim(env: Env, taskId: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'claim', task.id);
  await setTask(env, task.id, { assignee_id: env.actor });
  await event(env, req, 'claimed', { task: task.id });
  return req;
}

/** `urge` (催办): the submitter (or an admin) reminds the holder of a pending task. */
export async function urge(env: Env, taskId: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'urge', task.id);
  await setTask(env, task.id, { urged_at: env.now });
  await notify(env, task.assignee_id ? [task.assignee_id] : task.candidates ?? [], 'Approval: you are asked to act soon', req);
  await event(env, req, 'urged', { task: task.id });
  return req;
}

/** `jumpApprovalRequest` (跳转, admins): the request goes to any node of its flow, a new round of it. */
export async function jump(env: Env, id: string, toNode: string): Promise<RequestRow> {
  if (!env.isAdmin) throw forbidden('Only admins jump a request', '/request');
  const req = await lockRequest(env, id);
  await guard(env, req, 'jump');
  const def = await defOf(env, req);
  const index = def.nodes.findIndex((n) => n.id === toNode);
  if (index < 0) throw notFound(`node ${toNode}`, '/toNode');
  await closeNode(env, req);
  await event(env, req, 'jumped', { data: { to: toNode } });
  await activateNode(env, req, def, index);
  return req;
}

/** `markApprovalRead` (已阅): the caller has read a CC of theirs (once). */
export async function markRead(env: Env, taskId: string): Promise<RequestRow> {
  const { task, req } = await lockTask(env, taskId);
  await guard(env, req, 'markRead', task.id);
  await setTask(env, task.id, { read_at: env.now });
  await event(env, req, 'read', { task: task.id, node: task.node });
  return req;
}

/** `commentApproval` (沟通): a comment on the request's timeline, or a question to a user (they are notified). */
export async function comment(env: Env, id: string, text: string, ask: string | null): Promise<RequestRow> {
  const req = await lockRequest(env, id);
  await guard(env, req, 'comment');
  if (ask) await userExists(env, ask, '/ask');
  await event(env, req, ask ? 'asked' : 'comment', { comment: text, data: ask ? { to: ask } : undefined });
  if (ask) await notify(env, [ask], 'Approval: a question for you', req, text);
  return req;
}

/** `setApprovalDelegation`: while a user is out of office (from–until), tasks that would be theirs go to `to`. */
export async function setDelegation(env: Env, i: { user?: string | null; to: string; from: string; until: string }): Promise<{ id: string }> {
  const user = i.user ?? env.actor!;
  if (user !== env.actor && !env.isAdmin) throw forbidden('Only admins set another user\'s delegation', '/user');
  await userExists(env, i.to, '/to');
  if (i.to === user) throw new PlatformError('BAD_USER_INPUT', 'A user does not stand in for themselves', { details: [{ pointer: '/to', message: 'the same user' }] });
  const from = new Date(i.from);
  const until = new Date(i.until);
  if (!(until > from)) throw new PlatformError('BAD_USER_INPUT', 'The period ends after it starts', { details: [{ pointer: '/until', message: 'not after from' }] });
  const id = uuidv7();
  await env.db.query(`insert into ${delegationsTable(env.schema)} (id, user_id, to_id, starts_at, ends_at) values ($1, $2, $3, $4, $5)`, [id, user, i.to, from, until]);
  return { id };
}

/**
 * `migrateApprovalRequest` (admins): a pending request moves to another version of its flow, node
 * by node by `mapping` (old node id → new node id). Validated first, nothing changed on a refusal:
 * the version exists, every mapped node exists on both sides, and the current node is mapped.
 * Tasks keep their state under their new node ids; the current node is decided again by the new
 * version's mode (a new threshold may decide it at once).
 */
export async function migrate(env: Env, id: string, toVersion: number, mapping: Record<string, string>): Promise<RequestRow> {
  if (!env.isAdmin) throw forbidden('Only admins migrate a request', '/request');
  const req = await lockRequest(env, id);
  if (req.status !== 'pending') throw conflict(`The request is ${req.status}`, '/request');
  const from = await defOf(env, req);
  const to = await flowVersion(env.db, env.tenantId, req.flow, toVersion);
  const problems: { pointer: string; message: string }[] = [];
  for (const [k, v] of Object.entries(mapping)) {
    if (!from.nodes.some((n) => n.id === k)) problems.push({ pointer: `/mapping/${k}`, message: `version ${req.version} has no node "${k}"` });
    if (!to.nodes.some((n) => n.id === v)) problems.push({ pointer: `/mapping/${k}`, message: `version ${toVersion} has no node "${v}"` });
  }
  if (req.node && !mapping[req.node]) problems.push({ pointer: `/mapping/${req.node}`, message: `the current node "${req.node}" is not mapped` });
  if (problems.length) throw new PlatformError('VALIDATION_FAILED', 'The mapping does not carry the request over', { details: problems });
  const { rows: nodes } = await env.db.query<{ node: string }>(`select distinct node from ${tasksTable(env.schema)} where request_id = $1`, [req.id]);
  for (const { node } of nodes) if (mapping[node]) await env.db.query(`update ${tasksTable(env.schema)} set node = $3 where request_id = $1 and node = $2`, [req.id, node, mapping[node]]);
  const old = { version: req.version, node: req.node };
  req.version = toVersion;
  req.node = req.node ? mapping[req.node] : null;
  await saveRequest(env, req);
  await event(env, req, 'migrated', { data: { from: old, to: { version: toVersion, node: req.node }, mapping } });
  await settle(env, req, to);
  return req;
}

/** A node's timeout fired (same round still current): escalate to each open task's holder's manager, or approve or reject the node. */
export async function timeout(env: Env, id: string, round: number): Promise<void> {
  const { rows } = await env.db.query<RequestRow>(`select * from ${requestsTable(env.schema)} where id = $1 for update`, [id]);
  const req = rows[0];
  if (!req || req.status !== 'pending' || req.round !== round) return;
  const def = await defOf(env, req);
  const node = def.nodes.find((n) => n.id === req.node);
  if (!node?.timeout) return;
  await event(env, req, 'timedOut', { data: { action: node.timeout.action } });
  const open = (await nodeTasks(env, req)).filter((t) => t.status === 'pending' && t.kind !== 'cc');
  if (node.timeout.action === 'escalate') {
    for (const t of open) {
      if (!t.assignee_id) continue;
      const { rows: [m] } = await env.db.query<{ manager_id: string | null }>('select manager_id from tessera.users where tenant_id = $1 and id = $2', [env.tenantId, t.assignee_id]);
      if (m?.manager_id) await moveTask(env, req, t, m.manager_id, 'escalated');
    }
    return;
  }
  for (const t of open) await setTask(env, t.id, { status: node.timeout.action === 'approve' ? 'approved' : 'rejected', comment: `auto-${node.timeout.action}d on timeout`, acted_at: env.now });
  if (node.timeout.action === 'reject') { await closeNode(env, req); await finish(env, req, def, 'rejected'); return; }
  // Approve: the node is decided as approved whatever its mode (waiting tasks too).
  await closeNode(env, req);
  await event(env, req, 'nodeApproved');
  await activateNode(env, req, def, def.nodes.indexOf(node) + 1);
}
