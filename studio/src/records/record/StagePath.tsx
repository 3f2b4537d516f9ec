import { LoadingOutlined } from '../../ui/design/icons.tsx';
import { Alert, App, Steps } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FieldMeta } from '../../api/metadata.ts';
import type { RecordData } from '../data/records-api.ts';

interface StagePathProps {
  field: FieldMeta;
  record: RecordData;
  /** Whether the user may update the record (else the path is read-only). */
  canMove: boolean;
  /** Saves the new value through the normal update (the save pipeline: validation, scripts, rights). */
  save(data: Record<string, unknown>): Promise<unknown>;
}

/**
 * The path of a stage-like select field (`stageField`): its options as steps, the record's value
 * current. Clicking a step saves that value through the normal update; a refusal (a validation
 * rule, a script, missing rights) shows under the path and the record keeps its stage.
 */
export function StagePath({ field, record, canMove, save }: StagePathProps) {
  const { t } = useTranslation('records');
  const { message } = App.useApp();
  const [moving, setMoving] = useState<string | null>(null);
  const [error, setError] = useState<string>();
  const options = field.options ?? [];
  const current = options.findIndex((o) => o.value === record[field.name]);
  const move = async (index: number) => {
    const to = options[index];
    if (!to || to.value === record[field.name] || moving) return;
    setMoving(to.value);
    setError(undefined);
    try {
      await save({ [field.name]: to.value });
      void message.success(t('record.stageMoved', { field: field.label, stage: to.label }));
    } catch (e) {
      setError(t('record.stageRefused', { stage: to.label, message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setMoving(null);
    }
  };
  return (
    <section aria-label={t('record.stagePath', { field: field.label })} className="stage-path">
      <Steps
        type="navigation"
        size="small"
        current={current}
        onChange={canMove ? (i) => void move(i) : undefined}
        items={options.map((o, i) => ({
          key: o.value,
          title: o.label,
          status: i < current ? 'finish' : i === current ? 'process' : 'wait',
          icon: moving === o.value ? <LoadingOutlined /> : undefined,
          // The step's name is its stage; the current one says so (rc-steps passes these to the item).
          'aria-label': o.label,
          'aria-current': i === current ? 'step' : undefined,
        }) as object)}
      />
      {error && <Alert type="error" showIcon role="alert" title={error} closable={{ onClose: () => setError(undefined) }} />}
    </section>
  );
}
