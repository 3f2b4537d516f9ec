import { Button, Modal } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type FieldMeta } from '../../../api/metadata.ts';
import { deleteField } from '../api.ts';
import { FormAlert } from '../ErrorText.tsx';
import { serverErrors } from '../errors.ts';

/** Asks before deleting a field (deleteField), in a modal; focus starts on Cancel; a refusal stays in it. */
export function ConfirmDelete({ object, field, onDone }: { object: string; field: FieldMeta; onDone: () => void }) {
  const { t } = useTranslation('setup');
  const invalidate = useInvalidateMetadata();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => { const timer = setTimeout(() => cancel.current?.focus(), 0); return () => clearTimeout(timer); }, []);
  const confirm = async () => {
    setBusy(true);
    try {
      await deleteField(object, field.name);
      await invalidate();
      onDone();
    } catch (error) {
      const { byPointer, general } = serverErrors(error, () => false);
      setProblems([...Object.values(byPointer), ...general]);
      setBusy(false);
    }
  };
  const id = `delete-field-${field.name}`;
  return (
    <Modal open title={<span id={`${id}-title`}>{t('fields.confirmDelete.title', { label: field.label })}</span>} onCancel={onDone} footer={null} destroyOnHidden>
      <p id={`${id}-body`}>{t('fields.confirmDelete.body')}</p>
      <FormAlert title={t('errors.title')} messages={problems} />
      <div className="toolbar">
        <Button danger type="primary" onClick={confirm} loading={busy}>{t('fields.confirmDelete.confirm')}</Button>
        <Button ref={cancel} onClick={onDone}>{t('common:actions.cancel')}</Button>
      </div>
    </Modal>
  );
}
