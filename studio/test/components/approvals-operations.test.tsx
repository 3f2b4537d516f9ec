import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { describe, expect, it } from 'vitest';
import type { ApprovalRequest, ApprovalTask } from '../../src/approvals/api.ts';
import { actionsInView, type Action } from '../../src/approvals/operations.ts';
import { RequestActions } from '../../src/approvals/RequestActions.tsx';
import { createI18n } from '../../src/i18n/index.ts';
import { DesignProvider } from '../../src/ui/design/DesignProvider.tsx';

/**
 * The approval buttons come from the server's `actions` (the engine's rules,
 * runtime/src/approvals/available.ts, bound to the engine by runtime/test/approvals/available.test.ts):
 * the studio only picks, for the task in view, one action per operation and renders it.
 */
const at = (minute: number) => `2026-05-01T08:${String(minute).padStart(2, '0')}:00.000Z`;

function task(id: string, over: Partial<ApprovalTask>): ApprovalTask {
  return {
    id, node: 'finance', round: 2, kind: 'approver', status: 'pending', assignee: null, assigneeName: null, candidates: null, weight: 1,
    onBehalfOf: null, delegatedFrom: null, comment: null, createdAt: at(0), actedAt: null, readAt: null, urgedAt: null, ...over,
  };
}

const request: Pick<ApprovalRequest, 'id' | 'nodes' | 'tasks'> = {
  id: 'r1',
  nodes: [
    { id: 'manager', label: { en: 'Manager', zh: '经理' }, mode: 'any', threshold: null, state: 'approved', round: 1 },
    { id: 'finance', label: 'Finance', mode: 'all', threshold: null, state: 'current', round: 2 },
  ],
  tasks: [task('t-wang', { assignee: 'u-wang', assigneeName: 'Wang' }), task('t-zhou', { assignee: 'u-zhou', assigneeName: 'Zhou' })],
};

/** What the server serves the holder of t-wang (and, in the same request, a CC of theirs). */
const HOLDER: Action[] = [
  { operation: 'comment' }, { operation: 'terminate' },
  { operation: 'approve', task: 't-wang' }, { operation: 'reject', task: 't-wang', targets: ['@submitter', '@previous', 'manager'] },
  { operation: 'transfer', task: 't-wang' }, { operation: 'delegate', task: 't-wang' }, { operation: 'addApprover', task: 't-wang' },
  { operation: 'removeApprover', task: 't-wang', users: ['u-zhou'] }, { operation: 'markRead', task: 't-cc' },
];

const buttons = (actions: Action[], named?: string) => {
  render(<I18nextProvider i18n={createI18n('zh-CN')}><DesignProvider><RequestActions request={request} actions={actions} task={named} onDone={() => {}} /></DesignProvider></I18nextProvider>);
  return screen.getAllByRole('button').map((b) => b.textContent);
};

describe('actionsInView', () => {
  it('picks the named task\'s actions, else the caller\'s own task\'s, and the request\'s operations', () => {
    expect(actionsInView(HOLDER).task).toBe('t-wang');
    expect(actionsInView(HOLDER).buttons.map((a) => a.operation)).toEqual(['approve', 'reject', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'comment', 'terminate']);
    expect(actionsInView(HOLDER, 't-cc').buttons.map((a) => a.operation)).toEqual(['markRead', 'comment', 'terminate']);
  });

  it('with no task of the caller\'s in view (an admin), offers the first of each; urge stands for every task it may remind', () => {
    const admin: Action[] = [{ operation: 'transfer', task: 't-wang' }, { operation: 'transfer', task: 't-zhou' }, { operation: 'urge', task: 't-wang' }, { operation: 'urge', task: 't-zhou' }, { operation: 'jump', nodes: ['manager', 'finance'] }];
    const view = actionsInView(admin);
    expect(view.buttons).toEqual([{ operation: 'transfer', task: 't-wang' }, { operation: 'urge', task: 't-wang' }, { operation: 'jump', nodes: ['manager', 'finance'] }]);
    expect(view.urge).toEqual(['t-wang', 't-zhou']);
  });
});

describe('RequestActions', () => {
  it('shows a button for each served action of the task in view, in Chinese', () => {
    expect(buttons(HOLDER)).toEqual(['同意', '驳回', '转办', '委派', '加签', '减签', '沟通', '终止']);
  });

  it('shows nothing the server did not offer: a finished request\'s comment only, and no buttons at all for a stranger', () => {
    expect(buttons([{ operation: 'comment' }])).toEqual(['沟通']);
    cleanup();
    render(<I18nextProvider i18n={createI18n('en')}><DesignProvider><RequestActions request={request} actions={[]} onDone={() => {}} /></DesignProvider></I18nextProvider>);
    expect(screen.queryAllByRole('button')).toEqual([]);
  });

  it('asks only for what the server offers: the removable users served, by name', async () => {
    buttons(HOLDER);
    fireEvent.click(screen.getByRole('button', { name: '减签' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('Zhou')).toBeTruthy();
    expect(within(dialog).queryByText('Wang')).toBeNull();
  });

  it('offers a CC mark read on its own row', () => {
    expect(buttons(HOLDER, 't-cc')).toEqual(['已阅', '沟通', '终止']);
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
