/**
 * Which approval operations apply, and to whom: the ONE statement of the rules. The engine's
 * operations (operations.ts) refuse through `refusal` below, and the queries serve
 * `availableActions` to the studio, so a button shows exactly when the server would take the
 * operation (runtime/test/approvals/available.test.ts binds the two on states reached by real
 * operations). Pure: a request's state and the caller in, answers out; nothing here reads the
 * database.
 */

export type TaskKind = 'approver' | 'added' | 'delegate' | 'cc';
export type TaskStatus = 'pending' | 'waiting' | 'approved' | 'rejected' | 'cancelled' | 'transferred' | 'delegated' | 'removed' | 'cc';

export interface TaskState {
  id: string; node: string; round: number; kind: TaskKind; status: TaskStatus;
  assignee: string | null; candidates: string[] | null;
  /** Epoch milliseconds (the clock's precision), null until acted on. */
  actedAt: number | null;
  read: boolean;
}

export interface RequestState {
  status: 'pending' | 'approved' | 'rejected' | 'withdrawn' | 'terminated';
  node: string | null;
  round: number;
  submitter: string | null;
  /** The node ids of the request's flow version, in order. */
  nodes: string[];
  tasks: TaskState[];
}

export interface Caller { id: string | null; isAdmin: boolean }

export type TaskOperation = 'approve' | 'reject' | 'claim' | 'transfer' | 'delegate' | 'addApprover' | 'removeApprover' | 'takeBack' | 'markRead' | 'urge';
export type RequestOperation = 'comment' | 'withdraw' | 'terminate' | 'jump';
export type Operation = TaskOperation | RequestOperation;
export const TASK_OPERATIONS: TaskOperation[] = ['approve', 'reject', 'claim', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'takeBack', 'markRead', 'urge'];
export const REQUEST_OPERATIONS: RequestOperation[] = ['comment', 'withdraw', 'terminate', 'jump'];

/** One operation the caller may run: on `task` (task operations), with the reject `targets`, the removable `users` or the jump `nodes`. */
export interface Action { operation: Operation; task?: string; targets?: string[]; users?: string[]; nodes?: string[] }

/** Why an operation is refused: the engine throws it as a PlatformError (code, message, pointer). */
export interface Refusal { code: 'FORBIDDEN' | 'CONFLICT' | 'NOT_FOUND'; message: string; pointer: string }

/** Tasks still waiting for someone: a delegated task is open (it comes back to its owner). */
export const OPEN: TaskStatus[] = ['pending', 'waiting', 'delegated'];
const APPROVING: TaskKind[] = ['approver', 'added'];
const UNCOUNTED: TaskStatus[] = ['transferred', 'removed', 'cancelled'];

const forbidden = (message: string, pointer = '/task'): Refusal => ({ code: 'FORBIDDEN', message, pointer });
const conflict = (message: string, pointer = '/task'): Refusal => ({ code: 'CONFLICT', message, pointer });

export const isCurrent = (s: RequestState, t: TaskState) => t.node === s.node && t.round === s.round;

const notPending = (s: RequestState, pointer = '/task') => (s.status !== 'pending' ? conflict(`The request is ${s.status}`, pointer) : null);

/** The caller holds the task: it is theirs (a shared one claimed) and in one of `statuses`. */
function notHeld(c: Caller, t: TaskState, statuses: TaskStatus[] = ['pending']): Refusal | null {
  if (t.assignee === null && c.id && t.candidates?.includes(c.id)) return forbidden('The task is shared: claim it first');
  if (t.assignee !== c.id) return forbidden('The task is not yours');
  if (!statuses.includes(t.status)) return conflict(`The task is ${t.status}`);
  return null;
}

/** Where a reject may send the request from its current node: the submitter, the previous node (past the first) and any earlier node by id. */
export function rejectTargets(s: RequestState): string[] {
  const at = s.nodes.indexOf(s.node ?? '');
  return ['@submitter', ...(at > 0 ? ['@previous'] : []), ...s.nodes.slice(0, Math.max(0, at))];
}

/** The open approvers of the task's node the holder may take out (减签): not the task itself, and never the node's last approver. */
export function removableUsers(s: RequestState, task: TaskState): string[] {
  const node = s.tasks.filter((t) => isCurrent(s, t));
  const users: string[] = [];
  for (const t of node) {
    if (!t.assignee || users.includes(t.assignee)) continue;
    if (removalRefusal(s, task, t.assignee) === null) users.push(t.assignee);
  }
  return users;
}

/** The task a removal of `user` through `task` takes out: their first open approving task of the current node. */
export function removalTarget(s: RequestState, task: TaskState, user: string): TaskState | undefined {
  return s.tasks.find((t) => isCurrent(s, t) && t.assignee === user && t.id !== task.id && OPEN.includes(t.status) && APPROVING.includes(t.kind));
}

/** Whether `user` may be taken out of the current node through `task` (the target: their first open approving task). */
export function removalRefusal(s: RequestState, task: TaskState, user: string): Refusal | null {
  const target = removalTarget(s, task, user);
  if (!target) return { code: 'NOT_FOUND', message: 'No open approver of this node', pointer: '/user' };
  const left = s.tasks.filter((t) => isCurrent(s, t) && t.id !== target.id && APPROVING.includes(t.kind) && !UNCOUNTED.includes(t.status));
  if (!left.length) return conflict('The last approver of a node is not removed', '/user');
  return null;
}

/** Why the approved `task` may not be taken back (拿回): someone acted after it, or the request moved past the next node. */
function takeBackRefusal(s: RequestState, task: TaskState): Refusal | null {
  const later = s.tasks.some((t) => t.id !== task.id && t.kind !== 'cc' && (t.status === 'approved' || t.status === 'rejected') && t.actedAt !== null && task.actedAt !== null && t.actedAt > task.actedAt);
  if (later) return conflict('Someone after you has acted: the task cannot be taken back');
  if (isCurrent(s, task)) return null;
  const at = s.nodes.indexOf(task.node);
  const now = s.nodes.indexOf(s.node ?? '');
  if (at < 0 || at !== now - 1) return conflict('The task is not of the current or the previous node');
  return null;
}

/**
 * Why the caller may not run `operation` (on `taskId` for task operations), or null when they may.
 * The checks run in the order the engine always ran them, so a refusal keeps its code.
 * Arguments are checked apart: a reject's target (`rejectTargets`), a removed user (`removalRefusal`).
 */
export function refusal(s: RequestState, c: Caller, operation: Operation, taskId?: string): Refusal | null {
  switch (operation) {
    case 'comment': {
      const involved = c.isAdmin || (c.id !== null && (s.submitter === c.id || s.tasks.some((t) => t.assignee === c.id || t.candidates?.includes(c.id!))));
      return involved ? null : forbidden('Only those in the request comment on it', '/request');
    }
    case 'withdraw':
      return notPending(s, '/request') ?? (s.submitter === c.id || c.isAdmin ? null : forbidden('Only the submitter withdraws a request', '/request'));
    case 'terminate':
      return notPending(s, '/request')
        ?? (c.isAdmin || s.tasks.some((t) => isCurrent(s, t) && t.assignee === c.id && t.status === 'pending') ? null : forbidden('Only an admin or a current approver terminates a request', '/request'));
    case 'jump':
      return c.isAdmin ? notPending(s, '/request') : forbidden('Only admins jump a request', '/request');
  }
  const t = s.tasks.find((x) => x.id === taskId);
  if (!t) return { code: 'NOT_FOUND', message: 'No approval task', pointer: '/task' };
  switch (operation) {
    case 'approve':
    case 'reject':
      return notPending(s) ?? notHeld(c, t) ?? (isCurrent(s, t) ? null : conflict('The task is no longer current'));
    case 'claim':
      return notPending(s)
        ?? (t.assignee !== null ? conflict(t.assignee === c.id ? 'The task is yours already' : 'Someone has claimed the task') : null)
        ?? (c.id && t.candidates?.includes(c.id) ? null : forbidden('You are not among those who may claim the task'))
        ?? (OPEN.includes(t.status) ? null : conflict(`The task is ${t.status}`));
    case 'transfer':
      return notPending(s) ?? (c.isAdmin ? (t.status === 'pending' ? null : conflict(`The task is ${t.status}`)) : notHeld(c, t));
    case 'delegate':
      return notPending(s) ?? notHeld(c, t) ?? (t.kind === 'delegate' ? conflict('A delegated task is answered, not delegated again') : null);
    case 'addApprover':
      return notPending(s) ?? notHeld(c, t) ?? (t.kind === 'delegate' ? conflict('A delegated task adds no approvers') : null);
    case 'removeApprover':
      return notPending(s) ?? (c.isAdmin ? null : notHeld(c, t)) ?? (isCurrent(s, t) ? null : conflict('The task is no longer current'));
    case 'takeBack':
      return notPending(s)
        ?? (t.assignee !== c.id ? forbidden('The task is not yours') : null)
        ?? (t.status !== 'approved' ? conflict(`Only an approved task is taken back; this one is ${t.status}`) : null)
        ?? takeBackRefusal(s, t);
    case 'markRead':
      return (t.assignee !== c.id ? forbidden('The task is not yours') : null)
        ?? (t.kind !== 'cc' ? conflict('Only a CC is marked read') : null)
        ?? (t.read ? conflict('The task is read already') : null);
    case 'urge':
      return notPending(s)
        ?? (s.submitter === c.id || c.isAdmin ? null : forbidden('Only the submitter urges'))
        ?? (t.status === 'pending' ? null : conflict(`The task is ${t.status}`));
  }
}

/**
 * Every operation the caller may run on the request: request operations once, task operations per
 * task (with a reject's targets, the users a removal may take out, a jump's nodes). What the
 * studio's buttons show; the engine refuses everything else.
 */
export function availableActions(s: RequestState, c: Caller): Action[] {
  const out: Action[] = [];
  for (const operation of REQUEST_OPERATIONS) {
    if (refusal(s, c, operation)) continue;
    out.push(operation === 'jump' ? { operation, nodes: [...s.nodes] } : { operation });
  }
  for (const t of s.tasks) {
    for (const operation of TASK_OPERATIONS) {
      if (refusal(s, c, operation, t.id)) continue;
      if (operation === 'reject') out.push({ operation, task: t.id, targets: rejectTargets(s) });
      else if (operation === 'removeApprover') {
        const users = removableUsers(s, t);
        if (users.length) out.push({ operation, task: t.id, users });
      } else out.push({ operation, task: t.id });
    }
  }
  return out;
}
