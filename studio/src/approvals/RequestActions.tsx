import { Alert, Button, Input, Modal, Radio, Space } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordPicker, type Choice } from '../records/widgets/RecordPicker.tsx';
import { searchUsers } from '../records/widgets/ReferenceInputs.tsx';
import { Select } from '../ui/design/Select.tsx';
import { runApproval, type ApprovalRequest, type ApprovalTask } from './api.ts';
import { availableOperations, OPERATIONS, rejectTargets, removableApprovers, type Caller, type Operation } from './operations.ts';
import { labelText, refusal } from './shared.ts';

/** Operations that ask for something first (a comment, a user, a node) open a dialog; the others run at once. */
const WITH_FORM = new Set<Operation>(['approve', 'reject', 'transfer', 'delegate', 'addApprover', 'removeApprover', 'comment', 'terminate', 'jump', 'withdraw']);
const DANGER = new Set<Operation>(['reject', 'terminate', 'withdraw']);

interface FormState { comment: string; toNode: string; user: Choice | null; position: 'BEFORE' | 'AFTER' | 'PARALLEL'; removeUser: string }
const EMPTY: FormState = { comment: '', toNode: '@submitter', user: null, position: 'AFTER', removeUser: '' };

/**
 * Every operation the engine offers on a request, each enabled only when it applies to the caller
 * (`availableOperations`); the ones that need input ask in a dialog. A refusal shows the server's code
 * and message (LOCKED, FORBIDDEN, CONFLICT…). `onDone` refreshes what shows the request.
 */
export function RequestActions({ request, caller, task, onDone }: { request: ApprovalRequest; caller: Caller; task?: ApprovalTask; onDone(): Promise<unknown> | void }) {
  const { t, i18n } = useTranslation('approvals');
  const ids = useId();
  const ops = availableOperations(request, caller, task);
  const [open, setOpen] = useState<Operation | null>(null);
  const [form, setForm] = useState<FormState>(EMPTY);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const set = (patch: Partial<FormState>) => setForm((f) => ({ ...f, ...patch }));
  const nodeName = (id: string) => labelText(request.nodes.find((n) => n.id === id)?.label, i18n.language, id);

  const run = async (op: Operation) => {
    const taskId = task?.id;
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
        // The holders of every open task of the current node are reminded.
        const current = request.nodes.find((n) => n.id === request.node)?.round;
        for (const x of request.tasks.filter((x) => x.node === request.node && x.round === current && x.status === 'pending' && x.kind !== 'cc')) await runApproval('urge', { task: x.id });
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
    setForm({ ...EMPTY, toNode: op === 'jump' ? request.nodes[0]?.id ?? '' : '@submitter', removeUser: task ? removableApprovers(request, task)[0]?.assignee ?? '' : '' });
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
      case 'reject': return <>{nodePicker(t('form.toNode'), rejectTargets(request).map((v) => ({ value: v, label: v === '@submitter' ? t('form.submitter') : v === '@previous' ? t('form.previous') : nodeName(v) })))}{commentBox()}</>;
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
            options={task ? removableApprovers(request, task).map((x) => ({ value: x.assignee!, label: x.assigneeName ?? x.assignee! })) : []} /></div>
      );
      case 'comment': return <>{commentBox()}{userPicker(t('form.ask'))}</>;
      case 'jump': return nodePicker(t('form.node'), request.nodes.map((n) => ({ value: n.id, label: nodeName(n.id) })));
      default: return null;
    }
  };

  return (
    <div className="approval-actions">
      <Space wrap role="toolbar" aria-label={t('columns.actions')}>
        {OPERATIONS.filter((op) => ops.has(op)).map((op) => (
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
