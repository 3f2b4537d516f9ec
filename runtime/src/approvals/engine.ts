import type pg from 'pg';
import { addBusinessTime, addDuration, loadCalendar, parseDuration, PlatformError, uuidv7, type LocalApi, type OperationContext, type PluginServices } from '@tessera/platform';
import { notificationsTable } from '../workflows/tables.ts';
import { APPROVAL_OUTCOME, type ApprovalOutcomeStarter } from '../workflows/approval-trigger.ts';
import { evaluateIn, valuesOf, withLookups } from '../workflows/values.ts';
import { OPEN } from './available.ts';
import type { Approver, ApprovalFlowItem, ApprovalNode, Outcome } from './definition.ts';
import { delegationsTable, eventsTable, requestsTable, tasksTable } from './tables.ts';
import { usersOf } from '../people.ts';

export type RequestStatus = 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'terminated';
export interface RequestRow {
  id: string; flow: string; version: number; object: string; record_id: string; submitter_id: string | null;
  status: RequestStatus; node: string | null; round: number;
}
export type TaskStatus = 'pending' | 'waiting' | 'approved' | 'rejected' | 'cancelled' | 'transferred' | 'delegated' | 'removed' | 'cc';
export interface TaskRow {
  id: string; request_id: string; node: string; round: number; kind: 'approver' | 'added' | 'delegate' | 'cc'; status: TaskStatus;
  assignee_id: string | null; candidates: string[] | null; seq: number; weight: string | number;
  before_of: string | null; after_of: string | null; delegated_from: string | null; on_behalf_of: string | null; acted_at: Date | null;
}

/** Tasks still waiting for someone (available.ts states it). */
export { OPEN };
export const TIMEOUT_TIMER = (request: string) => `appr-timeout:${request}`;

/**
 * What an approval operation runs with: the request's transaction (the caller's, or a job's), the
 * tenant's schema, the system's records API (outcome updates go through the save pipeline as the
 * system, so a locked record's own outcome is written) and the acting user.
 */
export interface Env {
  db: pg.PoolClient;
  pool: pg.Pool;
  schema: string;
  tenantId: string;
  services: PluginServices;
  op: OperationContext;
  api: LocalApi;
  /** The acting user (null: the system — a timeout). */
  actor: string | null;
  isAdmin: boolean;
  now: Date;
}

const versions = new Map<string, ApprovalFlowItem>();

/** A version's definition (immutable: cached). */
export async function flowVersion(db: pg.PoolClient, tenantId: string, flow: string, version: number): Promise<ApprovalFlowItem> {
  const key = `${tenantId}\u0000${flow}\u0000${version}`;
  let def = versions.get(key);
  if (!def) {
    const { rows } = await db.query<{ definition: ApprovalFlowItem }>('select definition from tessera.approval_flow_versions where tenant_id = $1 and flow = $2 and version = $3', [tenantId, flow, version]);
    if (!rows[0]) throw new PlatformError('NOT_FOUND', `The approval flow ${flow} has no version ${version}`, { details: [{ pointer: '/toVersion', message: 'no such version' }] });
    def = rows[0].definition;
    if (versions.size > 2000) versions.clear();
    versions.set(key, def);
  }
  return def;
}

export async function latestFlowVersion(db: pg.PoolClient, tenantId: string, flow: string): Promise<number | undefined> {
  const { rows } = await db.query<{ version: number }>('select max(version)::int as version from tessera.approval_flow_versions where tenant_id = $1 and flow = $2', [tenantId, flow]);
  return rows[0]?.version ?? undefined;
}

export const notFound = (what: string, pointer: string) => new PlatformError('NOT_FOUND', `No ${what}`, { details: [{ pointer, message: `no such ${what}` }] });
export const forbidden = (message: string, pointer = '/task') => new PlatformError('FORBIDDEN', message, { details: [{ pointer, message }] });
export const conflict = (message: string, pointer = '/task') => new PlatformError('CONFLICT', message, { details: [{ pointer, message }] });

export async function lockRequest(env: Env, id: string, pointer = '/request'): Promise<RequestRow> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('approval request', pointer);
  const { rows } = await env.db.query<RequestRow>(`select * from ${requestsTable(env.schema)} where id = $1 for update`, [id]);
  if (!rows[0]) throw notFound('approval request', pointer);
  return rows[0];
}

/** A task and its request, the request locked (every operation on a request is serialized by its row). */
export async function lockTask(env: Env, id: string): Promise<{ task: TaskRow; req: RequestRow }> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('approval task', '/task');
  const { rows: [first] } = await env.db.query<{ request_id: string }>(`select request_id from ${tasksTable(env.schema)} where id = $1`, [id]);
  if (!first) throw notFound('approval task', '/task');
  const req = await lockRequest(env, first.request_id);
  const { rows } = await env.db.query<TaskRow>(`select * from ${tasksTable(env.schema)} where id = $1`, [id]);
  return { task: rows[0], req };
}

export async function nodeTasks(env: Env, req: RequestRow, node = req.node, round = req.round): Promise<TaskRow[]> {
  const { rows } = await env.db.query<TaskRow>(`select * from ${tasksTable(env.schema)} where request_id = $1 and node = $2 and round = $3 order by seq, n`, [req.id, node, round]);
  return rows;
}

export async function event(env: Env, req: RequestRow, action: string, extra: { task?: string | null; node?: string | null; comment?: string | null; data?: unknown } = {}): Promise<void> {
  await env.db.query(`insert into ${eventsTable(env.schema)} (id, request_id, task_id, node, actor_id, action, comment, data, at) values ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [uuidv7(), req.id, extra.task ?? null, extra.node ?? req.node, env.actor, action, extra.comment ?? null, extra.data === undefined ? null : JSON.stringify(extra.data), env.now]);
}

/** In-app notifications (the workflows plugin's inbox: `notifications(unread)`). */
export async function notify(env: Env, users: (string | null)[], title: string, req: RequestRow, body?: string): Promise<void> {
  const to = [...new Set(users.filter((u): u is string => !!u))];
  if (!to.length) return;
  await env.db.query(`insert into ${notificationsTable(env.schema)} (id, user_id, title, body, object, record_id, created_at) select gen_random_uuid(), u, $2, $3, $4, $5, $6 from unnest($1::uuid[]) u`,
    [to, title, body ?? null, req.object, req.record_id, env.now]);
}

export async function setTask(env: Env, id: string, set: Partial<Record<'status' | 'assignee_id' | 'comment' | 'acted_at' | 'read_at' | 'urged_at' | 'node' | 'round', unknown>>): Promise<void> {
  const keys = Object.keys(set);
  await env.db.query(`update ${tasksTable(env.schema)} set ${keys.map((k, i) => `${k} = $${i + 2}`).join(', ')} where id = $1`, [id, ...keys.map((k) => (set as Record<string, unknown>)[k])]);
}

export async function saveRequest(env: Env, req: RequestRow): Promise<void> {
  const done = req.status !== 'pending';
  await env.db.query(`update ${requestsTable(env.schema)} set status = $2, node = $3, round = $4, version = $5, updated_at = $6, finished_at = $7 where id = $1`,
    [req.id, req.status, req.node, req.round, req.version, env.now, done ? env.now : null]);
}

export interface NewTask { kind: TaskRow['kind']; status: TaskStatus; assignee: string | null; candidates?: string[] | null; seq?: number; weight?: number; beforeOf?: string | null; afterOf?: string | null; delegatedFrom?: string | null; onBehalfOf?: string | null }

/** Inserts tasks of the request's current node and round; a pending approver task of a user out of office goes to their stand-in. */
export async function insertTasks(env: Env, req: RequestRow, tasks: NewTask[], node = req.node!, round = req.round): Promise<string[]> {
  const ids: string[] = [];
  for (const t of tasks) {
    let assignee = t.assignee;
    let onBehalfOf = t.onBehalfOf ?? null;
    if (assignee && t.kind !== 'cc') {
      const standIn = await outOfOffice(env, assignee);
      if (standIn) { onBehalfOf = assignee; assignee = standIn; }
    }
    const id = uuidv7();
    ids.push(id);
    await env.db.query(`insert into ${tasksTable(env.schema)} (id, request_id, node, round, kind, status, assignee_id, candidates, seq, weight, before_of, after_of, delegated_from, on_behalf_of, created_at)
      values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)`,
      [id, req.id, node, round, t.kind, t.status, assignee, t.candidates ?? null, t.seq ?? 0, t.weight ?? 1, t.beforeOf ?? null, t.afterOf ?? null, t.delegatedFrom ?? null, onBehalfOf, env.now]);
    if (onBehalfOf) await event(env, req, 'outOfOffice', { task: id, node, data: { for: onBehalfOf, to: assignee } });
    if (t.status === 'pending' || t.status === 'cc') await notify(env, assignee ? [assignee] : t.candidates ?? [], t.status === 'cc' ? 'Approval: for your information' : 'Approval: a request waits for you', req);
  }
  return ids;
}

/** The stand-in of a user out of office now (their delegation period covers now), if any. */
async function outOfOffice(env: Env, user: string): Promise<string | null> {
  const { rows } = await env.db.query<{ to_id: string }>(`select to_id from ${delegationsTable(env.schema)} where user_id = $1 and starts_at <= $2 and ends_at > $2 order by starts_at desc limit 1`, [user, env.now]);
  return rows[0]?.to_id ?? null;
}

/** The users (or, for a group, one claimable slot) an approver entry names, for a request's record. */
async function resolve(env: Env, req: RequestRow, record: Record<string, unknown>, a: Approver): Promise<{ assignee: string | null; candidates?: string[]; weight: number }[]> {
  const weight = a.weight ?? 1;
  const one = (id: unknown) => (typeof id === 'string' ? id : (id as { id?: string } | null)?.id ?? null);
  switch (a.type) {
    case 'user': return a.users.map((u) => ({ assignee: u, weight }));
    case 'role': return (await usersOf(env.db, env.tenantId, a, 'name')).map((id) => ({ assignee: id, weight }));
    case 'manager': {
      let user = req.submitter_id;
      for (let i = 0; i < (a.depth ?? 1) && user; i++) {
        const { rows } = await env.db.query<{ manager_id: string | null }>('select manager_id from tessera.users where tenant_id = $1 and id = $2', [env.tenantId, user]);
        user = rows[0]?.manager_id ?? null;
      }
      return user ? [{ assignee: user, weight }] : [];
    }
    case 'field': {
      const [first, second] = a.field.split('.');
      let value = record[first];
      if (second !== undefined) {
        const related = one(value);
        const meaning = env.op.model.objects.get(req.object)?.fields.get(first);
        const target = meaning && 'field' in meaning ? (meaning.field as { target?: string }).target : undefined;
        value = related && target ? (await env.api.get(target, related))?.[second] : null;
      }
      const id = one(value);
      return id ? [{ assignee: id, weight }] : [];
    }
    case 'group': {
      const candidates = (await usersOf(env.db, env.tenantId, a)).sort();
      return candidates.length ? [{ assignee: null, candidates, weight }] : [];
    }
  }
}

async function recordOf(env: Env, req: RequestRow): Promise<Record<string, unknown>> {
  const record = await env.api.get(req.object, req.record_id);
  if (!record) throw notFound('record', '/id');
  return record;
}

const scope = (env: Env, req: RequestRow, record: Record<string, unknown>) => ({ model: env.op.model, object: req.object, record, now: env.now, settings: env.op.principal.settings });

/**
 * Starts node `index` of the request's flow (a new round): a node whose condition does not hold
 * over the record, or whose approvers resolve to nobody, is skipped; past the last node the
 * request is approved. Sequential nodes open their first approver's task, the others all at once.
 */
export async function activateNode(env: Env, req: RequestRow, def: ApprovalFlowItem, index: number): Promise<void> {
  const record = await throughLookups(env, req.object, await recordOf(env, req), def.nodes.map((n) => n.condition));
  for (let i = index; i < def.nodes.length; i++) {
    const node = def.nodes[i];
    req.round += 1;
    req.node = node.id;
    if (node.condition && evaluateIn(scope(env, req, record), node.condition) !== true) { await event(env, req, 'skipped', { data: { reason: 'condition' } }); continue; }
    const slots = (await Promise.all(node.approvers.map((a) => resolve(env, req, record, a)))).flat();
    // One user named twice (a role and a field) approves once.
    const seen = new Set<string>();
    const unique = slots.filter((s) => !s.assignee || (!seen.has(s.assignee) && seen.add(s.assignee)));
    if (!unique.length) { await event(env, req, 'skipped', { data: { reason: 'noApprovers' } }); continue; }
    await saveRequest(env, req);
    await event(env, req, 'nodeStarted');
    await insertTasks(env, req, unique.map((s, k) => ({ kind: 'approver', status: node.mode === 'sequential' && k > 0 ? 'waiting' : 'pending', assignee: s.assignee, candidates: s.candidates, seq: k, weight: s.weight })));
    await cc(env, req, record, node.cc);
    await scheduleTimeout(env, req, def, node);
    return;
  }
  await finish(env, req, def, 'approved');
}

/** CC tasks of a node, or of the whole request (node `@request`, when it is submitted). */
export async function cc(env: Env, req: RequestRow, record: Record<string, unknown>, list: Approver[] | undefined, node = req.node ?? '@request'): Promise<void> {
  if (!list?.length) return;
  const users = (await Promise.all(list.map((a) => resolve(env, req, record, a)))).flat().flatMap((s) => (s.assignee ? [s.assignee] : s.candidates ?? []));
  await insertTasks(env, req, [...new Set(users)].map((u) => ({ kind: 'cc', status: 'cc', assignee: u })), node, node === '@request' ? 0 : req.round);
}

async function scheduleTimeout(env: Env, req: RequestRow, def: ApprovalFlowItem, node: ApprovalNode): Promise<void> {
  if (!node.timeout) { await env.services.cancelTimer(env.tenantId, TIMEOUT_TIMER(req.id), env.db); return; }
  const d = parseDuration(node.timeout.after, '/timeout/after');
  let due: Date;
  if (node.timeout.business) {
    const calendar = await loadCalendar({ query: async (text, values) => (await env.db.query(text, values as unknown[])).rows as never }, env.tenantId, def.calendar);
    if (!calendar) throw new Error(`There is no business calendar "${def.calendar ?? 'default'}"`);
    due = addBusinessTime(calendar, env.now, (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000);
  } else due = addDuration(env.now, d);
  await env.services.schedule({ tenantId: env.tenantId, key: TIMEOUT_TIMER(req.id), dueAt: due, job: 'timeout', payload: { tenantId: env.tenantId, request: req.id, round: req.round }, tx: env.db });
}

/**
 * Opens what the state of a node now lets act: a task waiting for tasks added before it (加签
 * before) once they are approved; tasks added after one once it is approved; in a sequential
 * node, the next approver once nobody else has anything open.
 */
export async function promote(env: Env, req: RequestRow, def: ApprovalFlowItem): Promise<void> {
  const tasks = await nodeTasks(env, req);
  const node = def.nodes.find((n) => n.id === req.node);
  const open = (t: TaskRow) => OPEN.includes(t.status);
  const toOpen: TaskRow[] = [];
  for (const t of tasks.filter((x) => x.status === 'waiting')) {
    const before = tasks.filter((x) => x.before_of === t.id);
    if (before.length && !before.some(open) && before.some((x) => x.status === 'approved')) toOpen.push(t);
    const parent = t.after_of ? tasks.find((x) => x.id === t.after_of) : undefined;
    if (parent?.status === 'approved') toOpen.push(t);
  }
  if (!toOpen.length && node?.mode === 'sequential' && !tasks.some((t) => t.status === 'pending' || t.status === 'delegated') && !tasks.some((t) => t.after_of && t.status === 'waiting')) {
    const next = tasks.find((t) => t.status === 'waiting' && t.kind === 'approver' && !tasks.some((x) => x.before_of === t.id && open(x)));
    if (next) toOpen.push(next);
  }
  for (const t of new Set(toOpen)) {
    await setTask(env, t.id, { status: 'pending' });
    await notify(env, t.assignee_id ? [t.assignee_id] : t.candidates ?? [], 'Approval: a request waits for you', req);
  }
}

/** The node's state by its mode over its approver (and added) tasks: decided, or still open. */
export function decide(node: ApprovalNode, tasks: TaskRow[]): 'approved' | 'rejected' | 'open' {
  const counted = tasks.filter((t) => (t.kind === 'approver' || t.kind === 'added') && !['transferred', 'removed', 'cancelled'].includes(t.status));
  const added = counted.filter((t) => t.kind === 'added');
  const originals = counted.filter((t) => t.kind === 'approver');
  const addedDone = added.every((t) => t.status === 'approved');
  if (counted.some((t) => t.status === 'rejected') && node.mode !== 'vote') return 'rejected';
  let approved: boolean;
  if (node.mode === 'any') approved = originals.some((t) => t.status === 'approved') || (!originals.length && added.length > 0);
  else if (node.mode === 'vote') {
    const w = (t: TaskRow) => Number(t.weight);
    const total = originals.reduce((s, t) => s + w(t), 0);
    const yes = originals.filter((t) => t.status === 'approved').reduce((s, t) => s + w(t), 0);
    const no = originals.filter((t) => t.status === 'rejected').reduce((s, t) => s + w(t), 0);
    const threshold = node.threshold ?? 1;
    // A small tolerance: 2 of 3 votes reach a 2/3 threshold written as 0.6667 or 0.666.
    if (total > 0 && yes / total + 1e-3 >= threshold) approved = true;
    else if (total === 0 || (total - no) / total + 1e-3 < threshold) return 'rejected';
    else approved = false;
  } else approved = originals.every((t) => t.status === 'approved');
  return approved && addedDone ? 'approved' : 'open';
}

/** After a task was acted on: opens what follows, and moves the request on when its node is decided. */
export async function settle(env: Env, req: RequestRow, def: ApprovalFlowItem, reject?: { toNode?: string | null; comment?: string | null }): Promise<void> {
  await promote(env, req, def);
  const index = def.nodes.findIndex((n) => n.id === req.node);
  const state = decide(def.nodes[index], await nodeTasks(env, req));
  if (state === 'open') return;
  await closeNode(env, req);
  if (state === 'approved') { await event(env, req, 'nodeApproved'); await activateNode(env, req, def, index + 1); return; }
  await rejectTo(env, req, def, reject?.toNode ?? null);
}

/** Cancels what is open in the current node and its timeout. */
export async function closeNode(env: Env, req: RequestRow): Promise<void> {
  await env.db.query(`update ${tasksTable(env.schema)} set status = 'cancelled' where request_id = $1 and node = $2 and round = $3 and status = any($4)`, [req.id, req.node, req.round, OPEN]);
  await env.services.cancelTimer(env.tenantId, TIMEOUT_TIMER(req.id), env.db);
}

/**
 * Where a reject sends the request: to the submitter (`toNode` absent or `@submitter`: the request
 * is rejected, the record unlocked, and it may be submitted again), to the previous node
 * (`@previous`), or to any earlier node by id (a new round of it).
 */
export async function rejectTo(env: Env, req: RequestRow, def: ApprovalFlowItem, toNode: string | null): Promise<void> {
  const current = def.nodes.findIndex((n) => n.id === req.node);
  if (!toNode || toNode === '@submitter') { await finish(env, req, def, 'rejected'); return; }
  const target = toNode === '@previous' ? current - 1 : def.nodes.findIndex((n) => n.id === toNode);
  if (target < 0) { await finish(env, req, def, 'rejected'); return; }
  await event(env, req, 'sentBack', { data: { to: def.nodes[target].id } });
  await activateNode(env, req, def, target);
}

/** The request ends: its status, the outcome's field updates (as the system, through the save pipeline), workflows on the outcome, the submitter told. */
export async function finish(env: Env, req: RequestRow, def: ApprovalFlowItem, status: Exclude<RequestStatus, 'pending'>): Promise<void> {
  await closeNode(env, req);
  req.status = status;
  req.node = null;
  await saveRequest(env, req);
  await event(env, req, status, { node: null });
  const outcome: Outcome | undefined = status === 'approved' ? def.onApproved : status === 'rejected' ? def.onRejected : undefined;
  await runOutcome(env, req, outcome);
  await notify(env, [req.submitter_id], `Approval: ${status}`, req);
  const start = env.services.use<ApprovalOutcomeStarter>(APPROVAL_OUTCOME);
  if (start) await start(env.db, { tenantId: env.tenantId, flow: req.flow, object: req.object, recordId: req.record_id, request: req.id, outcome: status, actorId: env.actor });
}

export async function runOutcome(env: Env, req: RequestRow, outcome: Outcome | undefined): Promise<void> {
  if (!outcome?.update || !Object.keys(outcome.update).length) return;
  const record = await throughLookups(env, req.object, await recordOf(env, req), outcomeSources(outcome));
  await env.api.update(req.object, req.record_id, valuesOf(scope(env, req, record), outcome.update));
}

/** Picks the flow a submission names, or the first active one (by order) whose entry criteria hold; checks the named one's. */
export async function entryHolds(env: Env, req: Pick<RequestRow, 'object'>, record: Record<string, unknown>, flow: ApprovalFlowItem): Promise<boolean> {
  if (!flow.entryCriteria) return true;
  const read = await throughLookups(env, req.object, record, [flow.entryCriteria]);
  return evaluateIn({ model: env.op.model, object: req.object, record: read, now: env.now, settings: env.op.principal.settings }, flow.entryCriteria) === true;
}

/** The record with the lookups the expressions follow loaded in (`distributor.creditLimit`), read as the work's records API reads. */
function throughLookups(env: Env, object: string, record: Record<string, unknown>, sources: (string | undefined)[]): Promise<Record<string, unknown>> {
  return withLookups(env.op.model, object, record, sources.filter((s): s is string => !!s).map((source) => ({ source })), (o, id) => env.api.get(o, id)) as Promise<Record<string, unknown>>;
}

/** The `{expr}` sources of an outcome's field updates. */
const outcomeSources = (outcome: Outcome | undefined): string[] => Object.values(outcome?.update ?? {}).flatMap((v) => (typeof v === 'object' && v !== null && typeof (v as { expr?: unknown }).expr === 'string' ? [(v as { expr: string }).expr] : []));
