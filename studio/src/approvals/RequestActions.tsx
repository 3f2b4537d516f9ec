import { Alert, Button, Input, Modal, Radio, Space } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordPicker, type Choice } from '../records/widgets/RecordPicker.tsx';
import { searchUsers } from '../records/widgets/ReferenceInputs.tsx';
import { Select } from '../ui/design/Select.tsx';
import { runApproval, type ApprovalRequest } from './api.ts';
import { actionsInView, type Action, type Operation } from './operations.ts';
import { labelText, refusal } from './shared.ts';

/** Operations that ask for something first (a comment, a user, a node) open a dialog; the others run at once. */
const WITH_FORM = new Set<Operation>(['approve', 'reject', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'comment', 'terminate', 'jump', 'withdraw']);
const DANGER = new Set<Operation>(['reject', 'terminate', 'withdraw']);

interface FormState { comment: string; toNode: string; user: Choice | null; position: 'BEFORE' | 'AFTER' | 'PARALLEL'; removeUser: string }
const EMPTY: FormState = { comment: '', toNode: '@submitter', user: null, position: 'AFTER', removeUser: '' };

/**
 * A button for each operation the server offers the caller on a request (its served `actions`: the
 * engine's rules, runtime/src/approvals/available.ts), on the task in view (`task`: an inbox row's;
 * else the caller's own); the ones that need input ask in a dialog, offering only the reject targets,
 * removable users and jump nodes served. A refusal (a race) shows the server's code and message
 * (LOCKED, FORBIDDEN, CONFLICT…). `onDone` refreshes what shows the request.
 */
export function RequestActions({ request, actions, task: named, onDone }: { request: Pick<ApprovalRequest, 'id' | 'nodes' | 'tasks'>; actions: Action[]; task?: string; onDone(): Promise<unknown> | void }) {
  const { t, i18n } = useTranslation('approvals');
  const ids = useId();
  const view = actionsInView(actions, named);
  const action = (op: Operation) => view.buttons.find((a) => a.operation === op);
  const [open, setOpen] = useState<Operation | null>(null);
  const [form, setForm] = useState<FormState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const userName = (id: string) => request.tasks.find((x) => x.assignee === id)?.assigneeName ?? id;
  const nodeName = (id: string) => labelText(request.nodes.find((n) => n.id === id)?.label, i18n.language, id);

  const run = async (op: Operation) => {
    const taskId = action(op)?.task;
    const comment = form.comment.trim() || null;
    switch (op) {
      case 'approve': return runApproval('approve', { task: taskId, comment });
      case 'reject': return runApproval('reject', { task: taskId, comment, toNode: form.toNode });
      case 'claim': return runApproval('claim', { task: taskId });
      case 'transfer': return runApproval('transfer', { task: taskId, to: form.user?.id });
      case 'delegate': return runApproval('delegate', { task: taskId, to: form.user?.id });
      case 'addApprover': return runApproval('addApprover', { task: taskId, users: [form.user?.id], position: form.position });
      case 'removeApprover': return runApproval('removeApprover', { task: taskId, user: form.removeUser });
      case 'takeBack': return runApproval('takeBack', { task: taskId });
      case 'markRead': return runApproval('markApprovalRead', { task: taskId });
      case 'comment': return runApproval('commentApproval', { request: request.id, comment: form.comment.trim(), ask: form.user?.id ?? null });
      case 'withdraw': return runApproval('withdraw', { request: request.id });
      case 'terminate': return runApproval('terminate', { request: request.id, comment });
      case 'jump': return runApproval('jumpApprovalRequest', { request: request.id, toNode: form.toNode });
      case 'urge': {
        // Every task the caller may urge: their holders are reminded.
        for (const x of view.urge) await runApproval('urge', { task: x });
      }
    }
  };
  const act = async (op: Operation) => {
    setBusy(true);
    setError(undefined);
    try {
      await run(op);
      setOpen(null);
      setForm(EMPTY);
      await onDone();
    } catch (e) {
      setError(refusal(e, t));
    } finally {
      setBusy(false);
    }
  };
  const start = (op: Operation) => {
    setError(undefined);
    if (!WITH_FORM.has(op)) return void act(op);
    setForm({ ...EMPTY, toNode: op === 'jump' ? action(op)?.nodes?.[0] ?? '' : '@submitter', removeUser: action('removeApprover')?.users?.[0] ?? '' });
    setOpen(op);
  };
  const ready = open === null ? false
    : ['transfer', 'delegate', 'addApprover'].includes(open) ? !!form.user
    : open === 'comment' ? form.comment.trim().length > 0
    : open === 'removeApprover' ? !!form.removeUser : true;

  const fields = () => {
    const commentBox = (label = t('form.comment')) => (
      <div className="approval-field"><label htmlFor={`${ids}-comment`}>{label}</label>
        <Input.TextArea id={`${ids}-comment`} value={form.comment} onChange={(e) => set({ comment: e.target.value })} rows={3} maxLength={4000} /></div>
    );
    const userPicker = (label: string) => (
      <div className="approval-field"><label>{label}</label>
        <RecordPicker aria-label={label} label={label} value={form.user?.id ?? ''} valueLabel={form.user?.label} search={searchUsers} onChange={(user) => set({ user })} /></div>
    );
    const nodePicker = (label: string, choices: { value: string; label: string }[]) => (
      <div className="approval-field"><label htmlFor={`${ids}-node`}>{label}</label>
        <Select id={`${ids}-node`} aria-label={label} value={form.toNode} onChange={(toNode) => set({ toNode })} options={choices} style={{ minWidth: 240 }} /></div>
    );
    switch (open) {
      case 'approve': case 'terminate': return commentBox();
      case 'reject': return <>{nodePicker(t('form.toNode'), (action('reject')?.targets ?? ['@submitter']).map((v) => ({ value: v, label: v === '@submitter' ? t('form.submitter') : v === '@previous' ? t('form.previous') : nodeName(v) })))}{commentBox()}</>;
      case 'transfer': case 'delegate': return userPicker(t('form.user'));
      case 'addApprover': return (
        <>{userPicker(t('form.users'))}
          <fieldset className="approval-field"><legend>{t('form.position')}</legend>
            <Radio.Group value={form.position} onChange={(e) => set({ position: e.target.value })}
              options={(['BEFORE', 'AFTER', 'PARALLEL'] as const).map((p) => ({ value: p, label: t(`form.${p.toLowerCase()}`) }))} /></fieldset></>
      );
      case 'removeApprover': return (
        <div className="approval-field"><label htmlFor={`${ids}-remove`}>{t('form.user')}</label>
          <Select id={`${ids}-remove`} aria-label={t('form.user')} value={form.removeUser} onChange={(removeUser) => set({ removeUser })} style={{ minWidth: 240 }}
            options={(action('removeApprover')?.users ?? []).map((u) => ({ value: u, label: userName(u) }))} /></div>
      );
      case 'comment': return <>{commentBox()}{userPicker(t('form.ask'))}</>;
      case 'jump': return nodePicker(t('form.node'), (action('jump')?.nodes ?? []).map((n) => ({ value: n, label: nodeName(n) })));
      default: return null;
    }
  };

  return (
    <div className="approval-actions">
      <Space wrap role="toolbar" aria-label={t('columns.actions')}>
        {view.buttons.map(({ operation: op }) => (
          <Button key={op} type={op === 'approve' ? 'primary' : 'default'} danger={DANGER.has(op)} onClick={() => start(op)} loading={busy && open === null}>{t(`op.${op}`)}</Button>
        ))}
      </Space>
      {error && open === null && <Alert type="error" showIcon role="alert" title={error} className="form-alert" />}
      <Modal open={open !== null} title={open ? t(`op.${open}`) : ''} okText={t('form.ok')} cancelText={t('form.cancel')} destroyOnHidden
        onCancel={() => { setOpen(null); setError(undefined); }} onOk={() => open && void act(open)}
        okButtonProps={{ disabled: !ready, loading: busy, danger: open ? DANGER.has(open) : false }}>
        <div className="approval-form">{fields()}</div>
        {error && <Alert type="error" showIcon role="alert" title={error} />}
      </Modal>
    </div>
  );
}
