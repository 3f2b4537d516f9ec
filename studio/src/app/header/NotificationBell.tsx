import { BellOutlined } from '@ant-design/icons';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Badge, Button, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { markRead, notifications } from '../../workflows/api.ts';
import '../../approvals/approvals.css';

/**
 * The header's bell (loaded on its own, when the workflows plugin is installed): the unread count of
 * the caller's in-app notifications (`notifications`), polled every 30 s and when the window regains
 * focus — one small query — and a list to open and mark read.
 */
export default function NotificationBell() {
  const { t, i18n } = useTranslation('workflows');
  const client = useQueryClient();
  const inbox = useQuery({ queryKey: ['notifications'], queryFn: notifications, refetchInterval: 30_000, refetchOnWindowFocus: true, staleTime: 10_000 });
  const unread = inbox.data?.unread ?? 0;
  const mark = async (ids?: string[]) => {
    await markRead(ids);
    await client.invalidateQueries({ queryKey: ['notifications'] });
  };
  const list = (
    <div className="notification-list">
      {inbox.data?.nodes.length ? (
        <ul aria-label={t('bell.label')}>
          {inbox.data.nodes.map((n) => (
            <li key={n.id} className={n.readAt ? 'read' : 'unread'} data-notification={n.id}>
              <div><strong>{n.title}</strong></div>
              {n.body && <div>{n.body}</div>}
              <div className="hint">
                <time dateTime={n.createdAt}>{new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'short' }).format(new Date(n.createdAt))}</time>
                {n.object && n.recordId && <> · <Link to={`/o/${n.object}/${n.recordId}`} onClick={() => !n.readAt && void mark([n.id])}>{t('bell.open')}</Link></>}
                {!n.readAt && <> · <Button type="link" size="small" onClick={() => void mark([n.id])}>{t('bell.markOne')}</Button></>}
              </div>
            </li>
          ))}
        </ul>
      ) : <p className="hint">{t('bell.empty')}</p>}
      {unread > 0 && <Button size="small" onClick={() => void mark()}>{t('bell.markAll')}</Button>}
    </div>
  );
  return (
    <Popover content={list} title={t('bell.label')} trigger="click" placement="bottomRight">
      <Button type="text" aria-label={`${t('bell.label')}: ${t('bell.unread', { count: unread })}`} data-testid="notification-bell" data-unread={unread}>
        <Badge count={unread} size="small"><BellOutlined aria-hidden style={{ fontSize: 18 }} /></Badge>
      </Button>
    </Popover>
  );
}
