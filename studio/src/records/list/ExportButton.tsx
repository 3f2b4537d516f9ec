import { useQuery } from '@tanstack/react-query';
import { Button, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphql } from '../../api/graphql.ts';

interface ExportJob { status: 'queued' | 'running' | 'done' | 'failed'; rowsDone: number; error: string | null; file: { url: string; name: string } | null }

/**
 * Exports the list as it is shown (its filter and columns) to CSV through the server's export job
 * (startExport: the user's own rights), shows its progress, then a link to the file.
 */
export function ExportButton({ object, filter, columns }: { object: string; filter: Record<string, unknown> | null; columns: string[] }) {
  const { t } = useTranslation('records');
  const [id, setId] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const job = useQuery({
    queryKey: ['export', id],
    enabled: id !== null,
    queryFn: async () => (await graphql<{ exportJob: ExportJob }>('/graphql', 'query($id: ID!) { exportJob(id: $id) }', { id })).exportJob,
    refetchInterval: (q) => (q.state.data?.status === 'done' || q.state.data?.status === 'failed' ? false : 500),
  });
  const start = async () => {
    setError(null);
    try {
      const data = await graphql<{ startExport: { id: string } }>('/graphql', 'mutation($o: String!, $f: JSON, $c: [String!]) { startExport(object: $o, filter: $f, columns: $c, format: CSV) }', { o: object, f: filter, c: columns });
      setId(data.startExport.id);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  const state = job.data;
  const busy = id !== null && (!state || state.status === 'queued' || state.status === 'running');
  return (
    <Space>
      <Button onClick={() => void start()} loading={busy}>{t('export.button')}</Button>
      {busy && <Typography.Text role="status">{t('export.progress', { rows: state?.rowsDone ?? 0 })}</Typography.Text>}
      {state?.status === 'done' && state.file && <a href={state.file.url} download={state.file.name}>{t('export.download', { rows: state.rowsDone })}</a>}
      {(state?.status === 'failed' || error) && <Typography.Text type="danger" role="alert">{t('export.failed', { message: error ?? state?.error ?? '' })}</Typography.Text>}
    </Space>
  );
}
