import { render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalTask } from '../../src/approvals/api.ts';
import { availableOperations, rejectTargets, removableApprovers, taskOfCaller, type Operation } from '../../src/approvals/operations.ts';
import { RequestActions } from '../../src/approvals/RequestActions.tsx';
import { createI18n } from '../../src/i18n/index.ts';
import { DesignProvider } from '../../src/ui/design/DesignProvider.tsx';

/**
 * Which approval operations the inbox and the record page offer a caller: the engine's own
 * conditions (runtime/src/approvals/operations.ts), so a button is enabled only when the server
 * would take the operation — holder, claimer, submitter, CC, admin, a finished request.
 */
const REP = 'u-rep', LI = 'u-li', WANG = 'u-wang', ZHOU = 'u-zhou', ADMIN = 'u-admin', CC = 'u-cc', OTHER = 'u-other';
const at = (minute: number) => `2026-05-01T08:${String(minute).padStart(2, '0')}:00.000Z`;

function task(id: string, over: Partial<ApprovalTask>): ApprovalTask {
  return {
    id, node: 'finance', round: 2, kind: 'approver', status: 'pending', assignee: null, assigneeName: null, candidates: null, weight: 1,
    onBehalfOf: null, delegatedFrom: null, comment: null, createdAt: at(0), actedAt: null, readAt: null, urgedAt: null, ...over,
  };
}

/** Node 1 (manager, approved by Li at :05), node 2 (finance, current: Wang and Zhou open, a group task), a CC. */
function request(over: Partial<ApprovalRequest> = {}, tasks?: ApprovalTask[]): ApprovalRequest {
  return {
    id: 'r1', flow: 'orderApproval', version: 1, status: 'pending', node: 'finance', submitter: REP, createdAt: at(0), finishedAt: null, events: [],
    nodes: [
      { id: 'manager', label: 'Manager', mode: 'any', threshold: null, state: 'approved', round: 1 },
      { id: 'finance', label: 'Finance', mode: 'all', threshold: null, state: 'current', round: 2 },
      { id: 'board', label: 'Board', mode: 'vote', threshold: 0.66, state: 'notReached', round: null },
    ],
    tasks: tasks ?? [
      task('t-li', { node: 'manager', round: 1, assignee: LI, status: 'approved', actedAt: at(5) }),
      task('t-wang', { assignee: WANG }),
      task('t-zhou', { assignee: ZHOU }),
      task('t-group', { candidates: [OTHER, WANG] }),
      task('t-cc', { node: '@request', round: 0, kind: 'cc', status: 'cc', assignee: CC }),
    ],
    ...over,
  };
}
const ops = (r: ApprovalRequest, caller: string, taskId?: string, isAdmin = false) =>
  [...availableOperations(r, { id: caller, isAdmin }, taskId ? r.tasks.find((x) => x.id === taskId) : taskOfCaller(r, { id: caller, isAdmin }))].sort();
const sorted = (...o: Operation[]) => [...o].sort();

describe('approval operations that apply to the caller', () => {
  it('gives the holder of a current task approve, reject, transfer, delegate, add and remove approver, terminate and comment', () => {
    expect(ops(request(), WANG)).toEqual(sorted('approve', 'reject', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'terminate', 'comment'));
  });

  it('lets a group member claim a shared task (and nothing of a holder\'s until claimed)', () => {
    expect(ops(request(), OTHER)).toEqual(sorted('claim', 'comment'));
    expect(ops(request(), WANG, 't-group')).toEqual(sorted('claim', 'comment', 'terminate'));
  });

  it('gives the submitter withdraw, urge and comment; an admin also terminate, jump and transfer of someone else\'s task', () => {
    expect(ops(request(), REP)).toEqual(sorted('withdraw', 'urge', 'comment'));
    expect(ops(request(), ADMIN, 't-wang', true)).toEqual(sorted('withdraw', 'urge', 'comment', 'terminate', 'jump', 'transfer'));
  });

  it('lets an approver take back while nobody after them acted, and not once someone did', () => {
    expect(ops(request(), LI)).toEqual(sorted('takeBack', 'comment'));
    const acted = request({}, [...request().tasks.map((x) => (x.id === 't-zhou' ? { ...x, status: 'approved' as const, actedAt: at(9) } : x))]);
    expect(ops(acted, LI)).toEqual(sorted('comment'));
  });

  it('offers a CC mark read until read, and nothing else', () => {
    expect(ops(request(), CC)).toEqual(sorted('markRead', 'comment'));
    const read = request({}, request().tasks.map((x) => (x.id === 't-cc' ? { ...x, readAt: at(7) } : x)));
    expect(ops(read, CC)).toEqual(sorted('comment'));
  });

  it('gives a delegate approve and reject but no delegating again or adding approvers', () => {
    const r = request({}, [...request().tasks, task('t-del', { kind: 'delegate', assignee: OTHER, delegatedFrom: 't-zhou' })]);
    expect(ops(r, OTHER, 't-del')).toEqual(sorted('approve', 'reject', 'transfer', 'removeApprover', 'terminate', 'comment'));
  });

  it('offers only comment on a finished request, and nothing to someone outside it', () => {
    expect(ops(request({ status: 'approved', node: null }), WANG)).toEqual(sorted('comment'));
    expect(ops(request(), 'u-stranger')).toEqual([]);
  });

  it('sends a reject to the submitter, the previous node or any earlier node; never removes the last approver', () => {
    expect(rejectTargets(request())).toEqual(['@submitter', '@previous', 'manager']);
    expect(rejectTargets(request({ node: 'manager' }))).toEqual(['@submitter']);
    const r = request();
    expect(removableApprovers(r, r.tasks.find((x) => x.id === 't-wang')!).map((x) => x.assignee)).toEqual([ZHOU]);
    const alone = request({}, [task('t-wang', { assignee: WANG })]);
    expect(removableApprovers(alone, alone.tasks[0])).toEqual([]);
  });
});

describe('RequestActions', () => {
  it('shows a button for each operation that applies, in Chinese', () => {
    const r = request();
    render(<I18nextProvider i18n={createI18n('zh-CN')}><DesignProvider><RequestActions request={r} caller={{ id: WANG, isAdmin: false }} task={r.tasks[1]} onDone={() => {}} /></DesignProvider></I18nextProvider>);
    const names = screen.getAllByRole('button').map((b) => b.textContent);
    expect(names).toEqual(['同意', '驳回', '转办', '委派', '加签', '减签', '沟通', '终止']);
  });
});

describe('approvals and workflows strings', () => {
  const keys = (o: object, prefix = ''): string[] => Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`])).sort();
  it('has every string in English and Chinese, and every operation a label in both', async () => {
    const { approvals } = await import('../../src/approvals/i18n.ts');
    const { workflows } = await import('../../src/workflows/i18n.ts');
    for (const ns of [approvals, workflows]) expect(keys(ns['zh-CN'])).toEqual(keys(ns.en));
    for (const op of ['approve', 'reject', 'claim', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'takeBack', 'markRead', 'urge', 'comment', 'withdraw', 'terminate', 'jump']) {
      expect(approvals['zh-CN'].op[op as keyof typeof approvals.en.op], op).toBeTruthy();
    }
  });
});
