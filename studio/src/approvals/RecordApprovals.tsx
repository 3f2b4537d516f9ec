import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Modal } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../api/metadata.ts';
import { Select } from '../ui/design/Select.tsx';
import { approvalRequests, flowsFor, runApproval } from './api.ts';
import { useApprovalRefresh } from './RequestDrawer.tsx';
import { RequestActions } from './RequestActions.tsx';
import { eventUsers, RequestTimeline } from './RequestTimeline.tsx';
import { labelText, refusal, useHasPlugin, useNames } from './shared.ts';
import './approvals.css';

/**
 * The record page's approvals (when the approvals plugin is installed): the record's requests as
 * timelines with the operations that apply to the caller, "Submit for approval" (a flow chosen when
 * several apply), and the lock while a request is pending (writes refused with LOCKED, admins excepted).
 */
export function RecordApprovals({ object, id, name }: { object: ObjectMeta; id: string; name: string }) {
  const installed = useHasPlugin('approvals');
  return installed ? <Approvals object={object} id={id} name={name} /> : null;
}

function Approvals({ object, id, name }: { object: ObjectMeta; id: string; name: string }) {
  const { t } = useTranslation('approvals');
  const refresh = useApprovalRefresh();
  const requests = useQuery({ queryKey: ['approvals', 'requests', object.name, id], queryFn: () => approvalRequests(object.name, id) });
  const names = useNames((requests.data ?? []).flatMap(eventUsers), [], [object]);
  const pending = requests.data?.find((r) => r.status === 'pending');
  return (
    <section aria-labelledby="approvals-heading" className="record-approvals">
      <Card size="small" title={<h2 id="approvals-heading" className="card-heading">{t('section')}</h2>}
        extra={!pending && requests.isSuccess ? <SubmitForApproval object={object} id={id} name={name} onDone={() => refresh(object.name)} /> : null}>
        {pending && <Alert type="warning" showIcon role="status" className="approval-locked" data-testid="approval-locked" title={t('locked')} />}
        {requests.error && <p role="alert">{refusal(requests.error, t)}</p>}
        {requests.data?.length === 0 && <p className="hint">{t('none')}</p>}
        {requests.data?.map((r) => (
          <div key={r.id}>
            {r.status === 'pending' && <RequestActions request={r} actions={r.actions} onDone={() => refresh(object.name)} />}
            <RequestTimeline request={r} names={names} />
          </div>
        ))}
      </Card>
    </section>
  );
}

/** "Submit for approval": the flow to use when several apply to the record (the server evaluates their entry criteria), else the one that does. */
function SubmitForApproval({ object, id, name, onDone }: { object: ObjectMeta; id: string; name: string; onDone(): Promise<unknown> }) {
  const { t, i18n } = useTranslation('approvals');
  const selectId = useId();
  const [open, setOpen] = useState(false);
  const [flow, setFlow] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const flows = useQuery({ queryKey: ['approvals', 'flows', object.name, id], queryFn: () => flowsFor(object.name, id), enabled: open });
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await runApproval('submitForApproval', { object: object.name, id, flow: flow || null });
      setOpen(false);
      await onDone();
    } catch (e) {
      setError(refusal(e, t));
    } finally {
      setBusy(false);
    }
  };
  const choices = [{ value: '', label: t('firstApplicable') }, ...(flows.data ?? []).map((f) => ({ value: f.name, label: labelText(f.label, i18n.language, f.name) }))];
  return (
    <>
      <Button type="primary" onClick={() => { setOpen(true); setError(undefined); setFlow(''); }}>{t('submit')}</Button>
      <Modal open={open} title={t('submitTitle', { name })} okText={t('submit')} cancelText={t('form.cancel')} onCancel={() => setOpen(false)}
        onOk={() => void submit()} okButtonProps={{ loading: busy, disabled: flows.data?.length === 0 }} destroyOnHidden>
        {(flows.data?.length ?? 0) > 1 && (
          <div className="approval-field"><label htmlFor={selectId}>{t('chooseFlow')}</label>
            <Select id={selectId} aria-label={t('chooseFlow')} value={flow} onChange={setFlow} options={choices} style={{ minWidth: 260 }} /></div>
        )}
        {flows.data?.length === 0 && <Alert type="warning" showIcon role="status" title={t('noFlow')} />}
        {error && <Alert type="error" showIcon role="alert" title={error} />}
      </Modal>
    </>
  );
}
