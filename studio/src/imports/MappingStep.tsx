import { useMemo, useState } from 'react';
import { Alert, Button, Form, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { Select } from '../ui/design/Select.tsx';
import { matchOptions, targetOptions } from './field-options.ts';
import { mappingColumn, startImport, type Mapping } from './imports-api.ts';
import type { PickedFile } from './ImportPage.tsx';

/** The file's columns, each with a Select of the fields it may fill (suggested first), the match key, and Start. */
export function MappingStep({ object, objects, picked, onBack, onStarted }: {
  object: ObjectMeta; objects: ObjectMeta[]; picked: PickedFile; onBack(): void; onStarted(job: string): void;
}) {
  const { t } = useTranslation('imports');
  const [mapping, setMapping] = useState<Mapping>(picked.suggested);
  const [match, setMatch] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | Error | null>(null);
  const options = useMemo(() => targetOptions(object, objects, (key, values) => t(key, values ?? {})), [object, objects, t]);
  const used = new Set(Object.values(mapping).map((v) => v.split('.')[0]));
  const columns = picked.headers.filter((h) => h !== 'reason' && h !== '');
  const details = error instanceof ApiError ? error.details : [];
  const columnError = (column: string) => details.find((d) => mappingColumn(d.pointer) === column)?.message;
  const matchError = details.find((d) => d.pointer === '/match')?.message;
  // Errors with no row or field of their own (the file, the mapping as a whole, rights) show above the table.
  const general = error && (!(error instanceof ApiError) || details.every((d) => !mappingColumn(d.pointer) && d.pointer !== '/match')) ? error.message : null;

  const start = async () => {
    setError(null);
    if (Object.keys(mapping).length === 0) { setError(new Error(t('mapping.noneMapped'))); return; }
    setBusy(true);
    try {
      onStarted((await startImport(object.name, picked.file, mapping, match)).job);
    } catch (e) {
      setError(e instanceof Error ? e : new Error(String(e)));
    } finally {
      setBusy(false);
    }
  };
  const set = (column: string, target: string | null) => setMapping((m) => {
    const next = { ...m };
    if (target) next[column] = target; else delete next[column];
    return next;
  });

  return (
    <div className="import-mapping">
      <Typography.Paragraph>{t('mapping.intro', { file: picked.file.name })}</Typography.Paragraph>
      {general && <Alert type="error" showIcon role="alert" style={{ marginBottom: 16 }} title={general} />}
      <Table size="small" pagination={false} rowKey={(c) => c} dataSource={columns} style={{ marginBottom: 16 }}
        columns={[
          { title: t('mapping.column'), key: 'column', width: '40%', render: (_: unknown, c: string) => (
            <Space>{c}{picked.suggested[c] && picked.suggested[c] === mapping[c] && <Tag color="blue">{t('mapping.suggested')}</Tag>}</Space>
          ) },
          { title: t('mapping.field'), key: 'field', render: (_: unknown, c: string) => (
            <Form.Item style={{ margin: 0 }} validateStatus={columnError(c) ? 'error' : undefined} help={columnError(c)}>
              <Select aria-label={t('mapping.fieldOf', { column: c })} style={{ width: 320 }} showSearch={{ optionFilterProp: 'label' }}
                value={mapping[c] ?? ''} onChange={(v: string) => set(c, v || null)}
                options={[{ value: '', label: t('mapping.skip') }, ...options.map((o) => ({ ...o, disabled: o.value.split('.')[0] !== mapping[c]?.split('.')[0] && used.has(o.value.split('.')[0]) }))]} />
            </Form.Item>
          ) },
        ]} />
      <Form layout="vertical">
        <Form.Item label={t('mapping.match')} extra={t('mapping.matchHint')} validateStatus={matchError ? 'error' : undefined} help={matchError}>
          <Select aria-label={t('mapping.match')} style={{ width: 320 }} value={match ?? ''} onChange={(v: string) => setMatch(v || null)}
            options={[{ value: '', label: t('mapping.noMatch') }, ...matchOptions(object)]} />
        </Form.Item>
      </Form>
      <Space>
        <Button type="primary" loading={busy} onClick={() => void start()}>{t('mapping.start')}</Button>
        <Button onClick={onBack} disabled={busy}>{t('mapping.change')}</Button>
      </Space>
    </div>
  );
}
