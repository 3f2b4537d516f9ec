import type { ApprovalRequest, ApprovalTask } from './api.ts';

/**
 * Which approval operations apply to the caller, for one request (and the task of theirs the inbox
 * row or the timeline points at). The same conditions the engine checks (runtime/src/approvals/
 * operations.ts), so a button is enabled only when the server would take it; the server still
 * decides (a race shows its refusal).
 */
export type Operation =
  | 'approve' | 'reject' | 'claim' | 'transfer' | 'delegate' | 'addApprover' | 'removeApprover' | 'takeBack'
  | 'markRead' | 'urge' | 'comment' | 'withdraw' | 'terminate' | 'jump';

export const OPERATIONS: Operation[] = ['approve', 'reject', 'claim', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'takeBack', 'markRead', 'urge', 'comment', 'withdraw', 'terminate', 'jump'];

export interface Caller { id: string; isAdmin: boolean }

const OPEN = new Set(['pending', 'waiting', 'delegated']);
const APPROVER = new Set(['approver', 'added']);

/** The round of the request's current node (tasks of earlier rounds are history). */
export function currentRound(request: ApprovalRequest): number | null {
  return request.nodes.find((n) => n.id === request.node)?.round ?? null;
}

const isCurrent = (request: ApprovalRequest, task: ApprovalTask) => task.node === request.node && task.round === currentRound(request);

/**
 * The caller's task to act on in this request: the one named (an inbox row's), else a pending one
 * they hold or may claim in the current node, else their latest approved one (to take back), else
 * an unread CC.
 */
export function taskOfCaller(request: ApprovalRequest, caller: Caller, named?: string): ApprovalTask | undefined {
  const tasks = request.tasks;
  if (named) { const t = tasks.find((x) => x.id === named); if (t) return t; }
  const mine = tasks.filter((t) => t.assignee === caller.id);
  return mine.find((t) => t.status === 'pending' && t.kind !== 'cc' && isCurrent(request, t))
    ?? tasks.find((t) => t.assignee === null && t.status === 'pending' && t.candidates?.includes(caller.id) && isCurrent(request, t))
    ?? [...mine].reverse().find((t) => t.status === 'approved')
    ?? mine.find((t) => t.kind === 'cc' && !t.readAt);
}

/** Users of the current node whose approval may be removed (减签) by the holder of `task`. */
export function removableApprovers(request: ApprovalRequest, task: ApprovalTask): ApprovalTask[] {
  const node = request.tasks.filter((t) => isCurrent(request, t) && APPROVER.has(t.kind));
  const counted = node.filter((t) => !['transferred', 'removed', 'cancelled'].includes(t.status));
  const open = node.filter((t) => t.id !== task.id && t.assignee && t.assignee !== task.assignee && OPEN.has(t.status));
  // The last approver of a node is never removed: at least one other must stay.
  return counted.length > 1 ? open : [];
}

/** Nodes a reject may send the request back to: the submitter, the previous node, any earlier node. */
export function rejectTargets(request: ApprovalRequest): string[] {
  const at = request.nodes.findIndex((n) => n.id === request.node);
  return ['@submitter', ...(at > 0 ? ['@previous'] : []), ...request.nodes.slice(0, Math.max(0, at)).map((n) => n.id)];
}

/** Whether the approved `task` may be taken back (拿回): nobody acted after it, and it is of the current or the previous node. */
function canTakeBack(request: ApprovalRequest, task: ApprovalTask): boolean {
  if (task.status !== 'approved' || !task.actedAt) return false;
  const acted = Date.parse(task.actedAt);
  const later = request.tasks.some((t) => t.id !== task.id && t.kind !== 'cc' && (t.status === 'approved' || t.status === 'rejected') && t.actedAt && Date.parse(t.actedAt) > acted);
  if (later) return false;
  if (isCurrent(request, task)) return true;
  const at = request.nodes.findIndex((n) => n.id === task.node);
  const now = request.nodes.findIndex((n) => n.id === request.node);
  return at >= 0 && at === now - 1 && task.round === request.nodes[at].round;
}

/** Every operation that applies to the caller on this request, given the task of theirs in view (if any). */
export function availableOperations(request: ApprovalRequest, caller: Caller, task?: ApprovalTask): Set<Operation> {
  const ops = new Set<Operation>();
  const pending = request.status === 'pending';
  const submitter = request.submitter === caller.id;
  const involved = submitter || caller.isAdmin || request.tasks.some((t) => t.assignee === caller.id || t.candidates?.includes(caller.id));
  if (involved) ops.add('comment');
  if (task?.kind === 'cc' && task.assignee === caller.id && !task.readAt) ops.add('markRead');
  if (!pending) return ops;
  if (submitter || caller.isAdmin) ops.add('withdraw');
  const openTasks = request.tasks.filter((t) => isCurrent(request, t) && t.kind !== 'cc' && OPEN.has(t.status));
  if ((submitter || caller.isAdmin) && openTasks.some((t) => t.status === 'pending')) ops.add('urge');
  const holdsCurrent = request.tasks.some((t) => t.assignee === caller.id && t.status === 'pending' && t.kind !== 'cc' && isCurrent(request, t));
  if (caller.isAdmin || holdsCurrent) ops.add('terminate');
  if (caller.isAdmin) ops.add('jump');
  if (!task || task.kind === 'cc') return ops;
  const holds = task.assignee === caller.id && task.status === 'pending';
  if (task.assignee === null && task.status === 'pending' && task.candidates?.includes(caller.id)) ops.add('claim');
  if (holds && isCurrent(request, task)) { ops.add('approve'); ops.add('reject'); }
  if (holds || (caller.isAdmin && task.status === 'pending' && task.assignee !== null)) ops.add('transfer');
  if (holds && task.kind !== 'delegate') { ops.add('delegate'); ops.add('addApprover'); }
  if (holds && isCurrent(request, task) && removableApprovers(request, task).length) ops.add('removeApprover');
  if (task.assignee === caller.id && canTakeBack(request, task)) ops.add('takeBack');
  return ops;
}
