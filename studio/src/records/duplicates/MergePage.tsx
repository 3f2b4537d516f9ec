import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Radio, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { useRecordObject, useRecordObjects } from '../../api/record-objects.ts';
import { recordTitle } from '../data/labels.ts';
import { recordsApi, type RecordData } from '../data/records-api.ts';
import { PageState } from '../PageState.tsx';
import { FieldValue } from '../record/FieldValue.tsx';

/** Fields a merge can choose a value for: not those the platform computes or assigns. */
const mergeable = (f: FieldMeta) => !f.capabilities.readOnly && !['formula', 'rollup'].includes(String(f.definition.type));
const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const isEmpty = (v: unknown) => v === null || v === undefined || v === '';

/** `/o/:object/merge?ids=a,b`: the merge screen for duplicates of one object. */
export function MergePage() {
  const params = useParams();
  const [search] = useSearchParams();
  const { object, isLoading, error } = useRecordObject(params.object);
  const ids = useMemo(() => (search.get('ids') ?? '').split(',').filter(Boolean), [search]);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return <MergeView key={ids.join(',')} object={object} ids={ids} />;
}

/**
 * Pick the master among the records (the oldest by default) and, per field whose values differ,
 * whose value it keeps (a radio per record); Merge calls `merge<Object>(masterId, duplicateIds,
 * fieldChoices)` — related records, history and shares move to the master, the others are deleted —
 * and goes to the master.
 */
function MergeView({ object, ids }: { object: ObjectMeta; ids: string[] }) {
  const { t } = useTranslation('duplicates');
  const objects = useRecordObjects().data ?? [];
  const navigate = useNavigate();
  const client = useQueryClient();
  const api = recordsApi(object, objects);
  const loaded = useQuery({
    queryKey: ['records', object.name, 'merge', ids],
    enabled: objects.length > 0 && ids.length > 1,
    queryFn: async () => (await api.getMany(ids)).sort((a, b) => String(a.createdAt).localeCompare(String(b.createdAt))),
  });
  const [masterPick, setMaster] = useState<string>();
  const [picks, setPicks] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string>();
  const [merging, setMerging] = useState(false);
  if (ids.length < 2) return <Alert type="error" role="alert" title={t('merge.notEnough')} />;
  if (!loaded.data) return <PageState loading={loaded.isLoading || objects.length === 0} error={loaded.error} />;
  const records = loaded.data;
  if (records.length < 2) return <Alert type="error" role="alert" title={t('merge.notEnough')} />;
  const master = masterPick ?? records[0].id;
  const masterRecord = records.find((r) => r.id === master)!;
  const fields = object.fields.filter(mergeable).filter((f) => records.some((r) => !isEmpty(r[f.name])));
  const differing = (f: FieldMeta) => records.some((r) => !same(r[f.name], records[0][f.name]));
  // By default the master keeps its own value, or takes the first other value where it has none.
  const chosen = (f: FieldMeta): string => picks[f.name] ?? (isEmpty(masterRecord[f.name]) ? records.find((r) => !isEmpty(r[f.name]))?.id ?? master : master);

  const submit = async () => {
    setFailure(undefined);
    setMerging(true);
    const fieldChoices = Object.fromEntries(fields.filter(differing).map((f) => [f.name, chosen(f)]).filter(([, id]) => id !== master));
    try {
      await api.merge(master, records.filter((r) => r.id !== master).map((r) => r.id), fieldChoices);
      await client.invalidateQueries({ queryKey: ['records', object.name] });
      navigate(`/o/${object.name}/${master}`);
    } catch (e) {
      setFailure(e instanceof Error ? e.message : String(e));
      setMerging(false);
    }
  };

  const title = (r: RecordData) => recordTitle(object, r);
  return (
    <section className="record-page merge-page">
      <Typography.Title level={1}>{t('merge.title', { object: object.pluralLabel })}</Typography.Title>
      <p>{t('merge.intro')}</p>
      <table className="merge-table">
        <thead>
          <tr>
            <th scope="col">{t('merge.field')}</th>
            {records.map((r) => <th key={r.id} scope="col">{title(r)}</th>)}
          </tr>
        </thead>
        <tbody>
          <tr>
            <th scope="row">{t('merge.master')}</th>
            {records.map((r) => (
              <td key={r.id}><Radio name="master" checked={r.id === master} onChange={() => { setMaster(r.id); setPicks({}); }}
                aria-label={`${t('merge.master')}: ${title(r)}`}>{t('merge.keep')}</Radio></td>
            ))}
          </tr>
          {fields.map((f) => (
            <tr key={f.name}>
              <th scope="row">{f.label}</th>
              {records.map((r) => (
                <td key={r.id}>
                  {differing(f)
                    ? <Radio name={`field-${f.name}`} checked={chosen(f) === r.id} onChange={() => setPicks({ ...picks, [f.name]: r.id })}
                      aria-label={`${f.label}: ${title(r)}`}><FieldValue field={f} record={r} /></Radio>
                    : <FieldValue field={f} record={r} />}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {failure && <Alert type="error" showIcon role="alert" title={failure} />}
      <div className="toolbar">
        <Button type="primary" onClick={submit} loading={merging}>{merging ? t('merge.merging') : t('merge.submit')}</Button>
        <Button onClick={() => navigate(-1)}>{t('merge.cancel')}</Button>
      </div>
    </section>
  );
}
