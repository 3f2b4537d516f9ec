import { useInfiniteQuery, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Input, Space, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ObjectMeta } from '../api/metadata.ts';
import { useHasPlugin } from '../approvals/shared.ts';
import { useSession } from '../api/session.tsx';
import { addNote, followers, setFollowing, timeline, type TimelineEntry } from './api.ts';

/** The record page's timeline (the collaboration plugin installed): every source merged, newest first, a note box, follow/unfollow. */
export function TimelineSection({ object, id, objects }: { object: ObjectMeta; id: string; objects: ObjectMeta[] }) {
  const installed = useHasPlugin('collaboration');
  return installed ? <Timeline object={object} id={id} objects={objects} /> : null;
}

function Timeline({ object, id, objects }: { object: ObjectMeta; id: string; objects: ObjectMeta[] }) {
  const { t, i18n } = useTranslation('crm');
  const client = useQueryClient();
  const me = useSession().session?.user.id;
  const [note, setNote] = useState('');
  const [error, setError] = useState<string>();
  const key = ['crm', 'timeline', object.name, id];
  const pages = useInfiniteQuery({
    queryKey: key, initialPageParam: null as string | null,
    queryFn: ({ pageParam }) => timeline(object.name, id, pageParam),
    getNextPageParam: (last) => (last.hasNextPage ? last.endCursor : undefined),
  });
  const people = useQuery({ queryKey: ['crm', 'followers', object.name, id], queryFn: () => followers(object.name, id) });
  const following = !!me && (people.data ?? []).some((f) => f.id === me);
  const act = async (work: () => Promise<unknown>) => {
    setError(undefined);
    try { await work(); await client.invalidateQueries({ queryKey: ['crm'] }); } catch (e) { setError(e instanceof Error ? e.message : String(e)); }
  };
  const label = (o: string) => objects.find((x) => x.name === o)?.label ?? o;
  const fieldLabel = (o: string, f: string) => objects.find((x) => x.name === o)?.fields.find((x) => x.name === f)?.label ?? f;
  const describe = (e: TimelineEntry): string => {
    switch (e.type) {
      case 'activity': return `${label(e.data.object)}: ${e.data.title ?? ''}`;
      case 'note': return e.data.body;
      case 'conversion': return t('timeline.converted', { conversion: e.data.conversion });
      case 'approval': return `${e.data.flow} · ${e.data.action}${e.data.comment ? ` · ${e.data.comment}` : ''}`;
      case 'fieldChange': {
        const o = e.record?.object ?? object.name;
        if (e.data.action === 'update') return t('timeline.changed', { fields: (e.data.changes ?? []).map((c: { field: string }) => fieldLabel(o, c.field)).join(', ') });
        return t(`timeline.${e.data.action === 'create' ? 'created' : e.data.action === 'delete' ? 'deleted' : 'restored'}`);
      }
      default: return [e.data.action, e.data.reason, e.data.pool].filter(Boolean).join(' · ');
    }
  };
  const entries = pages.data?.pages.flatMap((p) => p.entries) ?? [];
  const when = (at: string) => new Date(at).toLocaleString(i18n.language);
  return (
    <section aria-labelledby="timeline-heading">
      <Card size="small" title={<h2 id="timeline-heading" className="card-heading">{t('timeline.section')}</h2>}
        extra={<Space>
          <span className="hint">{t('timeline.followers', { count: people.data?.length ?? 0 })}</span>
          <Button size="small" onClick={() => act(() => setFollowing(object.name, id, !following))}>{following ? t('timeline.unfollow') : t('timeline.follow')}</Button>
        </Space>}>
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input aria-label={t('timeline.note')} placeholder={t('timeline.note')} value={note} onChange={(e) => setNote(e.target.value)} />
          <Button disabled={!note.trim()} onClick={() => act(async () => { await addNote(object.name, id, note.trim()); setNote(''); })}>{t('timeline.addNote')}</Button>
        </Space.Compact>
        {error && <Alert type="error" showIcon role="alert" title={error} />}
        {pages.error && <Alert type="error" showIcon role="alert" title={(pages.error as Error).message} />}
        {pages.isSuccess && entries.length === 0 && <p className="hint">{t('timeline.empty')}</p>}
        <ol className="record-timeline" aria-label={t('timeline.section')} style={{ listStyle: 'none', padding: 0 }}>
          {entries.map((e) => (
            <li key={e.key} data-type={e.type} style={{ padding: '6px 0', borderBottom: '1px solid #f0f0f0' }}>
              <Tag>{t(`timeline.type.${e.type}`, { defaultValue: e.type })}</Tag>
              <span>{describe(e)}</span>
              {e.type === 'activity' && <> · <Link to={`/o/${e.data.object}/${e.data.id}`}>↗</Link></>}
              <div className="hint">
                {e.actor?.name ?? t('timeline.system')} · <time dateTime={e.at}>{when(e.at)}</time>
                {e.record && <> · <Link to={`/o/${e.record.object}/${e.record.id}`}>{t('timeline.from', { object: label(e.record.object) })}</Link></>}
              </div>
            </li>
          ))}
        </ol>
        {pages.hasNextPage && <Button size="small" loading={pages.isFetchingNextPage} onClick={() => pages.fetchNextPage()}>{t('timeline.more')}</Button>}
      </Card>
    </section>
  );
}
