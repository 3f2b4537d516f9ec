import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Input, Select, Space, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRecordObjects } from '../api/record-objects.ts';
import { allConversions, saveConversions, type Conversion, type Mapped } from './api.ts';

type Kind = 'field' | 'expr' | 'target' | 'value';
const kindOf = (m: Mapped): Kind => (Object.keys(m)[0] as Kind);
const textOf = (m: Mapped): string => { const v = Object.values(m)[0]; return typeof v === 'string' ? v : JSON.stringify(v); };
const make = (kind: Kind, text: string): Mapped => (kind === 'value' ? { value: text } : ({ [kind]: text } as Mapped));

/**
 * `/setup/conversions`: each conversion's targets as mapping tables (target field ← source field,
 * expression, created record or value), active flag and the lock; saved as the `conversions`
 * document (the server checks it against the model and answers with pointers).
 */
export function ConversionsPage() {
  const { t } = useTranslation('crm');
  const client = useQueryClient();
  const objects = useRecordObjects().data ?? [];
  const loaded = useQuery({ queryKey: ['crm', 'conversions'], queryFn: allConversions });
  const [items, setItems] = useState<Conversion[]>([]);
  const [status, setStatus] = useState<{ ok: boolean; text: string }>();
  useEffect(() => { if (loaded.data) setItems(structuredClone(loaded.data)); }, [loaded.data]);
  const label = (o: string) => objects.find((x) => x.name === o)?.label ?? o;
  const fieldsOf = (o: string) => (objects.find((x) => x.name === o)?.fields ?? []).map((f) => ({ value: f.name, label: f.label }));
  const update = (i: number, change: (c: Conversion) => void) => setItems((all) => all.map((c, j) => { if (j !== i) return c; const next = structuredClone(c); change(next); return next; }));
  const save = async () => {
    setStatus(undefined);
    try { await saveConversions(items); setStatus({ ok: true, text: t('setup.saved') }); await client.invalidateQueries({ queryKey: ['crm'] }); } catch (e) { setStatus({ ok: false, text: e instanceof Error ? e.message : String(e) }); }
  };
  return (
    <article>
      <div className="list-header">
        <Typography.Title level={1}>{t('setup.title')}</Typography.Title>
        <Button type="primary" onClick={save}>{t('setup.save')}</Button>
      </div>
      {status && <Alert type={status.ok ? 'success' : 'error'} showIcon role={status.ok ? 'status' : 'alert'} title={status.text} />}
      {loaded.isSuccess && items.length === 0 && <p className="hint">{t('setup.none')}</p>}
      {items.map((c, i) => (
        <Card key={c.name} size="small" style={{ marginTop: 12 }} title={<h2 className="card-heading">{c.label?.en ?? c.name} · {label(c.object)}</h2>}
          extra={<Space>
            <Checkbox checked={c.active !== false} onChange={(e) => update(i, (x) => { x.active = e.target.checked; })}>{t('setup.active')}</Checkbox>
            <Checkbox checked={!!c.source?.lock} onChange={(e) => update(i, (x) => { x.source = { ...(x.source ?? {}), lock: e.target.checked }; })}>{t('setup.lock')}</Checkbox>
          </Space>}>
          {c.targets.map((tg, k) => (
            <section key={tg.name} aria-label={`${t('setup.target')}: ${label(tg.object)}`} style={{ marginBottom: 12 }}>
              <h3>{t('setup.target')}: {label(tg.object)}</h3>
              <Table size="small" pagination={false} rowKey="field"
                dataSource={Object.entries(tg.fields).map(([field, m]) => ({ field, m }))}
                columns={[
                  { title: t('setup.targetField'), dataIndex: 'field', render: (f: string) => fieldsOf(tg.object).find((x) => x.value === f)?.label ?? f },
                  { title: t('setup.kind'), render: (_: unknown, row: { field: string; m: Mapped }) => (
                    <Select size="small" style={{ width: 150 }} value={kindOf(row.m)} aria-label={`${row.field} ${t('setup.kind')}`}
                      options={(['field', 'expr', 'target', 'value'] as Kind[]).map((v) => ({ value: v, label: t(`setup.kinds.${v}`) }))}
                      onChange={(v: Kind) => update(i, (x) => { x.targets[k].fields[row.field] = make(v, textOf(row.m)); })} />) },
                  { title: t('setup.source'), render: (_: unknown, row: { field: string; m: Mapped }) => (kindOf(row.m) === 'field'
                    ? <Select size="small" style={{ width: 220 }} showSearch value={textOf(row.m)} aria-label={`${row.field} ${t('setup.source')}`} options={fieldsOf(c.object)}
                        onChange={(v: string) => update(i, (x) => { x.targets[k].fields[row.field] = { field: v }; })} />
                    : <Input size="small" value={textOf(row.m)} aria-label={`${row.field} ${t('setup.source')}`}
                        onChange={(e) => update(i, (x) => { x.targets[k].fields[row.field] = make(kindOf(row.m), e.target.value); })} />) },
                  { title: '', render: (_: unknown, row: { field: string }) => <Button size="small" type="link" danger onClick={() => update(i, (x) => { delete x.targets[k].fields[row.field]; })}>{t('setup.remove')}</Button> },
                ]} />
              <Select size="small" style={{ width: 220, marginTop: 6 }} placeholder={t('setup.add')} aria-label={`${t('setup.add')}: ${label(tg.object)}`} value={null}
                options={fieldsOf(tg.object).filter((f) => !(f.value in tg.fields))}
                onChange={(f: string) => update(i, (x) => { x.targets[k].fields[f] = { field: fieldsOf(c.object).some((s) => s.value === f) ? f : fieldsOf(c.object)[0]?.value ?? 'name' }; })} />
            </section>
          ))}
        </Card>
      ))}
    </article>
  );
}
