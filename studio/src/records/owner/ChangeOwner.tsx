import { Alert, Button, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { UserSwitchOutlined } from '../../ui/design/icons.tsx';
import { OwnerPicker, useOwnerChoice } from './OwnerPicker.tsx';

interface ChangeOwnerProps {
  /** The record's name, for the button's and the dialog's names. */
  name: string;
  owner: { id: string; name: string | null } | null | undefined;
  canChange: boolean;
  /** Saves `owner` (an update of the record's `owner`); throws the API's error when refused. */
  save(owner: string): Promise<void>;
}

/**
 * The record's owner and, for those with the update right on the object, a Change owner dialog: a
 * user picked from the directory, saved as an ordinary update (the save pipeline checks the record
 * right; a refusal is shown in the dialog with the server's message), audited like any change.
 */
export function ChangeOwner({ name, owner, canChange, save }: ChangeOwnerProps) {
  const { t } = useTranslation('records');
  const [open, setOpen] = useState(false);
  const [choice, setChoice] = useOwnerChoice();
  const [error, setError] = useState<string>();
  const [busy, setBusy] = useState(false);
  const close = () => { setOpen(false); setChoice(null); setError(undefined); };
  const submit = async () => {
    if (!choice) return;
    setBusy(true);
    setError(undefined);
    try {
      await save(choice.id);
      close();
    } catch (e) {
      setError(t('owner.refused', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="record-owner">
      <Typography.Text type="secondary">{t('owner.label')}:</Typography.Text>{' '}
      <Typography.Text strong data-testid="record-owner">{owner?.name ?? t('record.empty')}</Typography.Text>
      {canChange && (
        <Button size="small" type="link" icon={<UserSwitchOutlined />} aria-label={t('owner.changeNamed', { name })} onClick={() => setOpen(true)}>
          {t('owner.change')}
        </Button>
      )}
      <Modal open={open} title={t('owner.dialogTitle', { name })} okText={t('owner.save')} cancelText={t('form.cancel')} onCancel={close}
        onOk={() => void submit()} okButtonProps={{ disabled: !choice, loading: busy }} destroyOnHidden>
        <div className="owner-dialog">
          <label className="hint">{t('owner.newOwner')}</label>
          <OwnerPicker value={choice} onChange={setChoice} />
          {error && <Alert type="error" showIcon role="alert" title={error} />}
        </div>
      </Modal>
    </div>
  );
}
