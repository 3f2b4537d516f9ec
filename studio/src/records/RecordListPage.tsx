import { useQueryClient } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PlusOutlined } from '../ui/design/icons.tsx';
import { Alert, Empty, Typography } from 'antd';
import { useParams } from 'react-router';
import { type ObjectMeta } from '../api/metadata.ts';
import { useRecordObject, useRecordObjects } from '../api/record-objects.ts';
import { recordTitle } from './data/labels.ts';
import { recordsApi, type RecordData } from './data/records-api.ts';
import { BulkBar } from './list/BulkBar.tsx';
import { listColumns } from './list/columns.ts';
import { ColumnChooser } from './list/ColumnChooser.tsx';
import { ExportButton } from './list/ExportButton.tsx';
import { ImportButton } from '../imports/ImportButton.tsx';
import { FilterBuilder } from './list/FilterBuilder.tsx';
import { filterOf, type Condition } from '../ui/filter-model.ts';
import { RecordGrid, type Sort } from './list/RecordGrid.tsx';
import { SavedViews, type ViewState } from './list/SavedViews.tsx';
import { useRecordPages } from './list/use-record-pages.ts';
import { ButtonLink } from '../ui/design/ButtonLink.tsx';
import { PageState } from './PageState.tsx';
import { useLiveRecords } from '../api/live.ts';
import { useSession } from '../api/session.tsx';
import './records.css';

/** `/o/:object`: the object's records, filtered, sorted, paged as the user scrolls, edited in place. */
export function RecordListPage() {
  const params = useParams();
  const { object, isLoading, error } = useRecordObject(params.object);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return <RecordList key={object.name} object={object} />;
}

function RecordList({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation('records');
  const objects = useRecordObjects().data ?? [];
  const client = useQueryClient();
  const me = useSession().session?.user.id ?? null;
  const [view, setView] = useState<ViewState>({ conditions: [], sort: null, columns: null });
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const columns = useMemo(() => listColumns(object, view.columns), [object, view.columns]);
  const query = useMemo(() => ({
    filter: filterOf(object.fields, view.conditions, { me }),
    orderBy: view.sort ? [{ [view.sort.field]: view.sort.direction }] : [],
    columns: columns.map((c) => c.field.name),
  }), [object, view, columns, me]);
  const pages = useRecordPages(object, objects, query);
  const rows = useMemo(() => pages.data?.pages.flatMap((p) => p.nodes) ?? [], [pages.data]);
  const total = pages.data?.pages[0]?.totalCount ?? 0;
  const api = recordsApi(object, objects);
  const refresh = () => client.invalidateQueries({ queryKey: ['records', object.name] });
  // Another user's writes show without a reload (unfiltered: a record leaving the filter must leave the list too).
  useLiveRecords(object.name);

  const save = async (id: string, data: Record<string, unknown>): Promise<RecordData> => {
    const saved = await api.update(id, data);
    // The edited row changes in place: no reload of the pages already scrolled through.
    client.setQueriesData({ queryKey: ['records', object.name, 'list'] }, (old: any) => old && {
      ...old, pages: old.pages.map((p: any) => ({ ...p, nodes: p.nodes.map((n: RecordData) => (n.id === id ? { ...n, ...saved } : n)) })),
    });
    return saved;
  };
  const onSort = (field: string) => setView((v) => ({
    ...v, sort: v.sort?.field === field ? (v.sort.direction === 'ASC' ? { field, direction: 'DESC' } : null) : { field, direction: 'ASC' },
  }));
  const onSelect = (ids: string[], on: boolean) => setSelected((s) => {
    const next = new Set(s);
    for (const id of ids) if (on) next.add(id); else next.delete(id);
    return next;
  });

  return (
    <section className="list-page">
      <div className="list-header">
        <Typography.Title level={1}>{object.pluralLabel}</Typography.Title>
        {object.fields.some((f) => f.type === 'select' && f.options?.length) && <ButtonLink to={`/o/${object.name}/board`}>{t('board:board')}</ButtonLink>}
        {object.access.create && <ButtonLink type="primary" icon={<PlusOutlined />} to={`/o/${object.name}/new`}>{t('list.new', { object: object.label })}</ButtonLink>}
      </div>
      <div className="list-tools">
        <SavedViews object={object} state={view} onLoad={(v) => { setView(v); setSelected(new Set()); }} />
        <ColumnChooser object={object} shown={columns.map((c) => c.field.name)} onChange={(names) => setView((v) => ({ ...v, columns: names }))} />
        <ExportButton object={object.name} filter={query.filter} columns={query.columns} />
        <ImportButton object={object.name} canCreate={object.access.create} />
      </div>
      <FilterBuilder object={object} conditions={view.conditions} onApply={(conditions: Condition[]) => { setView((v) => ({ ...v, conditions })); setSelected(new Set()); }} />
      {selected.size > 0 && (
        <BulkBar object={object} count={selected.size}
          update={async (data) => { await api.updateMany([...selected], data); await refresh(); }}
          remove={async () => { await api.deleteMany([...selected]); setSelected(new Set()); await refresh(); }}
          changeOwner={async (owner) => {
            const asked = [...selected];
            const changed = new Set(await api.setOwner(asked, owner));
            await refresh();
            const names = new Map(rows.map((r) => [r.id, recordTitle(object, r)]));
            return { changed: changed.size, skipped: asked.filter((id) => !changed.has(id)).map((id) => names.get(id) ?? id) };
          }} />
      )}
      <Typography.Text type="secondary" className="hint" role="status">{pages.isLoading ? t('list.loadingMore') : t('list.count', { loaded: rows.length.toLocaleString(i18n.language), total: total.toLocaleString(i18n.language) })}</Typography.Text>
      {pages.error ? <Alert type="error" showIcon role="alert" title={pages.error instanceof Error ? pages.error.message : String(pages.error)} /> : null}
      {!pages.isLoading && rows.length === 0 && !pages.error && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('list.empty')} />}
      <RecordGrid object={object} columns={columns} rows={rows} total={total} hasNextPage={Boolean(pages.hasNextPage)}
        loadingMore={pages.isFetchingNextPage} loadMore={() => void pages.fetchNextPage()} sort={view.sort as Sort}
        onSort={onSort} selected={selected} onSelect={onSelect} save={save} />
    </section>
  );
}
