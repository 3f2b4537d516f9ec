import { useQuery } from '@tanstack/react-query';
import { evaluate, type CheckedExpression } from '@tessera/platform/expressions';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { dataApi } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { recordTitle } from '../records/data/labels.ts';
import type { RecordData } from '../records/data/records-api.ts';
import { Select } from '../ui/design/Select.tsx';
import { fieldRefs } from './model.ts';
import { previewSelection } from './preview-record.ts';

/** Sample records offered for the preview: the first of the object's list. */
const SAMPLES = 20;

/**
 * The expression's value over one of the object's records (the first, or the one picked), computed
 * in the browser by the platform's JavaScript back end — the same semantics as the SQL the server
 * runs — so the admin sees the result as they type. The records are read with the lookups the
 * expression follows.
 */
export function ExpressionPreview({ objects, object, expression }: { objects: readonly ObjectMeta[]; object: string; expression: CheckedExpression | null }) {
  const { t } = useTranslation('expressions');
  const meta = objects.find((o) => o.name === object);
  const selection = useMemo(() => (meta ? previewSelection(meta, objects, expression ? fieldRefs(expression.root) : []) : ''), [meta, objects, expression]);
  const samples = useQuery({
    queryKey: ['expressionPreview', object, selection],
    enabled: Boolean(meta?.api?.many),
    placeholderData: (previous) => previous,
    queryFn: async () => (await dataApi<Record<string, { nodes: RecordData[] }>>(`{ ${meta!.api.many}(first: ${SAMPLES}) { nodes { ${selection} } } }`))[meta!.api.many].nodes,
  });
  const [picked, setPicked] = useState<string>();
  const records = samples.data ?? [];
  const record = records.find((r) => r.id === picked) ?? records[0];

  let shown: { text: string; error?: boolean };
  if (!expression) shown = { text: t('previewWaiting') };
  else if (samples.error) shown = { text: t('previewFailed', { message: (samples.error as Error).message }), error: true };
  else if (!record) shown = { text: samples.isLoading ? '…' : t('previewNoRecord') };
  else {
    try {
      const value = evaluate(expression, record, { now: new Date() });
      shown = { text: value === null ? t('previewEmpty') : typeof value === 'object' ? JSON.stringify(value) : String(value) };
    } catch (error) {
      shown = { text: t('previewFailed', { message: (error as Error).message }), error: true };
    }
  }
  return (
    <div className="expression-preview">
      <span>{t('preview')}</span>
      {records.length > 1 && meta && (
        <Select aria-label={t('sample')} size="small" value={record?.id} onChange={(id: string) => setPicked(id)}
          options={records.map((r) => ({ value: r.id, label: recordTitle(meta, r) }))} />
      )}
      {records.length === 1 && meta && <span className="hint">{t('previewOn', { record: recordTitle(meta, records[0]) })}</span>}
      <output aria-label={t('preview')} aria-live="polite" className={shown.error ? 'error-text' : undefined}>{shown.text}</output>
    </div>
  );
}
