import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type FieldMeta } from '../../../api/metadata.ts';
import { deleteField } from '../api.ts';
import { FormAlert } from '../ErrorText.tsx';
import { serverErrors } from '../errors.ts';

/** Asks before deleting a field (deleteField); focus starts on Cancel. */
export function ConfirmDelete({ object, field, onDone }: { object: string; field: FieldMeta; onDone: () => void }) {
  const { t } = useTranslation('setup');
  const invalidate = useInvalidateMetadata();
  const [busy, setBusy] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const cancel = useRef<HTMLButtonElement>(null);
  useEffect(() => cancel.current?.focus(), []);
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
    <div role="alertdialog" aria-labelledby={`${id}-title`} aria-describedby={`${id}-body`} className="panel editor-panel">
      <h2 id={`${id}-title`}>{t('fields.confirmDelete.title', { label: field.label })}</h2>
      <p id={`${id}-body`}>{t('fields.confirmDelete.body')}</p>
      <FormAlert title={t('errors.title')} messages={problems} />
      <div className="toolbar">
        <button type="button" className="danger" onClick={confirm} disabled={busy}>{t('fields.confirmDelete.confirm')}</button>
        <button type="button" ref={cancel} onClick={onDone}>{t('common:actions.cancel')}</button>
      </div>
    </div>
  );
}
