import { Alert, Button, Input, Modal } from 'antd';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { RecordPicker, type Choice } from '../records/widgets/RecordPicker.tsx';
import { searchUsers } from '../records/widgets/ReferenceInputs.tsx';
import { runApproval } from './api.ts';
import { refusal } from './shared.ts';

/** The out-of-office delegation period (`setApprovalDelegation`): from–until, the caller's approval tasks go to a stand-in. */
export function OutOfOffice() {
  const { t } = useTranslation('approvals');
  const id = useId();
  const [open, setOpen] = useState(false);
  const [to, setTo] = useState<Choice | null>(null);
  const [from, setFrom] = useState('');
  const [until, setUntil] = useState('');
  const [message, setMessage] = useState<{ type: 'success' | 'error'; text: string }>();
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    try {
      await runApproval('setApprovalDelegation', { to: to?.id, from: new Date(from).toISOString(), until: new Date(until).toISOString() });
      setMessage({ type: 'success', text: t('outOfOffice.saved') });
    } catch (e) {
      setMessage({ type: 'error', text: refusal(e, t) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <Button onClick={() => { setOpen(true); setMessage(undefined); }}>{t('outOfOffice.title')}</Button>
      <Modal open={open} title={t('outOfOffice.title')} onCancel={() => setOpen(false)} okText={t('outOfOffice.save')} cancelText={t('form.cancel')}
        onOk={() => void save()} okButtonProps={{ disabled: !to || !from || !until, loading: busy }} destroyOnHidden>
        <p className="hint">{t('outOfOffice.hint')}</p>
        <div className="approval-form">
          <div className="approval-field"><label>{t('outOfOffice.to')}</label>
            <RecordPicker aria-label={t('outOfOffice.to')} label={t('outOfOffice.to')} value={to?.id ?? ''} valueLabel={to?.label} search={searchUsers} onChange={setTo} /></div>
          <div className="approval-field"><label htmlFor={`${id}-from`}>{t('outOfOffice.from')}</label>
            <Input id={`${id}-from`} type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} /></div>
          <div className="approval-field"><label htmlFor={`${id}-until`}>{t('outOfOffice.until')}</label>
            <Input id={`${id}-until`} type="datetime-local" value={until} onChange={(e) => setUntil(e.target.value)} /></div>
        </div>
        {message && <Alert type={message.type} showIcon role={message.type === 'error' ? 'alert' : 'status'} title={message.text} />}
      </Modal>
    </>
  );
}
