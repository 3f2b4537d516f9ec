import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Input, Modal, Radio, Space, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/graphql.ts';
import type { ObjectMeta } from '../api/metadata.ts';
import { useHasPlugin } from '../approvals/shared.ts';
import { conversionOf, runConvert, type Conversion, type Duplicate, type PreviewTarget, type TargetInput } from './api.ts';

type Choice = { mode: 'create' | 'existing' | 'skip'; existing: string; values: Record<string, string> };

/** The record page's Convert button, for objects with an active conversion (the conversions plugin installed). */
export function ConvertButton({ object, id, name, objects }: { object: ObjectMeta; id: string; name: string; objects: ObjectMeta[] }) {
  const installed = useHasPlugin('conversions');
  const conversion = useQuery({ queryKey: ['crm', 'conversion', object.name], queryFn: () => conversionOf(object.name), enabled: installed, staleTime: 60_000 });
  if (!installed || !conversion.data || !object.access.update) return null;
  return <Convert conversion={conversion.data} object={object} id={id} name={name} objects={objects} />;
}

function Convert({ conversion, object, id, name, objects }: { conversion: Conversion; object: ObjectMeta; id: string; name: string; objects: ObjectMeta[] }) {
  const { t } = useTranslation('crm');
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Record<string, Choice>>({});
  const [allow, setAllow] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ message: string; duplicates?: Duplicate[]; target?: string }>();
  const [done, setDone] = useState<Record<string, { object: string; id: string | null; created: boolean }>>();
  const preview = useQuery({ queryKey: ['crm', 'preview', object.name, id], queryFn: () => runConvert(object.name, id, { preview: true }), enabled: open, staleTime: 0, gcTime: 0 });
  const label = (o: string) => objects.find((x) => x.name === o)?.label ?? o;
  const fieldLabel = (o: string, f: string) => objects.find((x) => x.name === o)?.fields.find((x) => x.name === f)?.label ?? f;
  const choice = (target: string): Choice => choices[target] ?? { mode: 'create', existing: '', values: {} };
  const set = (target: string, next: Partial<Choice>) => setChoices((c) => ({ ...c, [target]: { ...choice(target), ...next } }));
  const submit = async () => {
    setBusy(true);
    setError(undefined);
    try {
      const targets: Record<string, TargetInput> = {};
      for (const tg of conversion.targets) {
        const c = choice(tg.name);
        targets[tg.name] = c.mode === 'skip' ? { skip: true } : { ...(c.mode === 'existing' ? { existing: c.existing.trim() } : {}), ...(Object.keys(c.values).length ? { values: c.values } : {}) };
      }
      const res = await runConvert(object.name, id, { targets, allowDuplicates: allow });
      setDone(res.targets);
      await client.invalidateQueries({ queryKey: ['records'] });
      await client.invalidateQueries({ queryKey: ['crm'] });
    } catch (e) {
      const ext = e instanceof ApiError ? e.errors[0]?.extensions : undefined;
      setError({ message: e instanceof Error ? e.message : String(e), duplicates: ext?.duplicates as Duplicate[] | undefined, target: ext?.target as string | undefined });
    } finally {
      setBusy(false);
    }
  };
  const targets: Record<string, PreviewTarget> = preview.data?.targets ?? {};
  return (
    <>
      <Button type="primary" onClick={() => { setOpen(true); setDone(undefined); setError(undefined); }}>{t('convert.button')}</Button>
      <Modal open={open} title={t('convert.title', { name })} width={760} onCancel={() => setOpen(false)} destroyOnHidden
        footer={done ? [<Button key="close" onClick={() => setOpen(false)}>{t('convert.cancel')}</Button>]
          : [<Button key="cancel" onClick={() => setOpen(false)}>{t('convert.cancel')}</Button>, <Button key="run" type="primary" loading={busy} onClick={submit} disabled={!preview.data}>{t('convert.run')}</Button>]}>
        {preview.isLoading && <p role="status">{t('convert.loading')}</p>}
        {preview.error && <Alert type="error" showIcon role="alert" title={String((preview.error as Error).message)} />}
        {done && (
          <Alert type="success" showIcon role="status" title={t('convert.done')} description={
            <Space direction="vertical">
              {Object.entries(done).filter(([, v]) => v.id).map(([k, v]) => <Link key={k} to={`/o/${v.object}/${v.id}`} onClick={() => setOpen(false)}>{t('convert.open', { object: label(v.object) })}</Link>)}
            </Space>} />
        )}
        {!done && preview.data && conversion.targets.map((tg) => {
          const c = choice(tg.name);
          const p = targets[tg.name];
          const dups = [...(p?.duplicates ?? []), ...(error?.target === tg.name ? error.duplicates ?? [] : [])].filter((d, i, all) => all.findIndex((x) => x.id === d.id && x.rule === d.rule) === i);
          return (
            <Card key={tg.name} size="small" className="convert-target" title={<span>{label(tg.object)}{tg.required ? ` (${t('convert.required')})` : ''}</span>} aria-label={label(tg.object)} style={{ marginBottom: 12 }}>
              <Radio.Group value={c.mode} onChange={(e) => set(tg.name, { mode: e.target.value })} aria-label={label(tg.object)}>
                <Radio value="create">{t('convert.create')}</Radio>
                <Radio value="existing">{t('convert.existing')}</Radio>
                {!tg.required && <Radio value="skip">{t('convert.skip')}</Radio>}
              </Radio.Group>
              {c.mode === 'existing' && (
                <Input aria-label={t('convert.existingId', { object: label(tg.object) })} placeholder={t('convert.existingId', { object: label(tg.object) })} value={c.existing}
                  onChange={(e) => set(tg.name, { existing: e.target.value })} style={{ marginTop: 8 }} />
              )}
              {c.mode !== 'skip' && (
                <Table size="small" pagination={false} rowKey="field" style={{ marginTop: 8 }}
                  dataSource={Object.keys(tg.fields).filter((f) => !('target' in tg.fields[f])).map((f) => ({ field: f, value: c.values[f] ?? (p?.values?.[f] == null ? '' : String(p.values[f])) }))}
                  columns={[
                    { title: t('convert.field'), dataIndex: 'field', render: (f: string) => fieldLabel(tg.object, f) },
                    { title: t('convert.value'), dataIndex: 'value', render: (v: string, row: { field: string }) => (
                      <Input size="small" aria-label={`${label(tg.object)} ${fieldLabel(tg.object, row.field)}`} value={v} onChange={(e) => set(tg.name, { values: { ...c.values, [row.field]: e.target.value } })} />) },
                  ]} />
              )}
              {c.mode === 'create' && dups.length > 0 && (
                <div role="group" aria-label={`${t('convert.duplicates')}: ${label(tg.object)}`} style={{ marginTop: 8 }}>
                  <Alert type={dups.some((d) => d.action === 'BLOCK') ? 'error' : 'warning'} showIcon title={t('convert.duplicates')} description={
                    <ul>
                      {dups.map((d) => (
                        <li key={`${d.rule}-${d.id ?? 'hidden'}`}>
                          {d.id ? <Link to={`/o/${tg.object}/${d.id}`} target="_blank">{d.id.slice(0, 8)}</Link> : t('convert.hidden')} · {d.rule} ({d.action}) · {d.fields.map((f) => fieldLabel(tg.object, f)).join(', ')}
                          {d.id && <Button size="small" type="link" onClick={() => set(tg.name, { mode: 'existing', existing: d.id! })}>{t('convert.useThis')}</Button>}
                        </li>
                      ))}
                    </ul>} />
                </div>
              )}
            </Card>
          );
        })}
        {!done && preview.data && <Checkbox checked={allow} onChange={(e) => setAllow(e.target.checked)}>{t('convert.allowDuplicates')}</Checkbox>}
        {error && <Alert type="error" showIcon role="alert" title={t('convert.refused', { message: error.message })} style={{ marginTop: 8 }} />}
      </Modal>
    </>
  );
}
