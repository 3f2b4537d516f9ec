/**
 * How the studio presents the approval operations the server offers. WHICH operations apply to the
 * caller is the engine's answer alone (runtime/src/approvals/available.ts, served as `actions` on
 * every request and inbox entry); this module only picks, for the task in view, the one action of
 * each operation a button runs, in a stable order.
 */
export type Operation =
  | 'approve' | 'reject' | 'claim' | 'transfer' | 'delegate' | 'addApprover' | 'removeApprover' | 'takeBack'
  | 'markRead' | 'urge' | 'comment' | 'withdraw' | 'terminate' | 'jump';

/** The order of the buttons. */
export const OPERATIONS: Operation[] = ['approve', 'reject', 'claim', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'takeBack', 'markRead', 'urge', 'comment', 'withdraw', 'terminate', 'jump'];

/** An operation the caller may run, as served: on `task`, with a reject's `targets`, the removable `users`, a jump's `nodes`. */
export interface Action { operation: Operation; task?: string; targets?: string[]; users?: string[]; nodes?: string[] }

/** Operations on a task the caller holds or held themselves (which task a view is about when none is named). */
const OWN: Operation[] = ['approve', 'claim', 'takeBack', 'markRead'];

/**
 * The buttons for a view of the request: for each operation, its action on the task in view (the
 * named one, else the caller's own), else the request's, else — no task in view — the first offered.
 * `urge` stands for every task the caller may urge (one button reminds them all).
 */
export function actionsInView(actions: Action[], named?: string): { task?: string; buttons: Action[]; urge: string[] } {
  const task = named ?? actions.find((a) => OWN.includes(a.operation))?.task;
  const buttons: Action[] = [];
  for (const operation of OPERATIONS) {
    const mine = actions.filter((a) => a.operation === operation);
    const chosen = mine.find((a) => a.task !== undefined && a.task === task) ?? mine.find((a) => a.task === undefined) ?? (task === undefined || operation === 'urge' ? mine[0] : undefined);
    if (chosen) buttons.push(chosen);
  }
  return { task, buttons, urge: actions.filter((a) => a.operation === 'urge' && a.task).map((a) => a.task!) };
}
