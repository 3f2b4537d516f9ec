import { Alert, Button } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import type { ObjectMeta } from '../../api/metadata.ts';
import type { RecordData } from '../data/records-api.ts';
import { DuplicateList } from './DuplicateList.tsx';
import { duplicateProbe, findDuplicates, matchIds, mergePath, type DuplicateMatch } from './duplicates.ts';

/** The record page's Find duplicates action: `findDuplicates` over the record's values, the matches with Merge. */
export function FindDuplicates({ object, record }: { object: ObjectMeta; record: RecordData }) {
  const { t } = useTranslation('duplicates');
  const navigate = useNavigate();
  const [found, setFound] = useState<DuplicateMatch[] | { error: string }>();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      setFound(await findDuplicates(object.name, duplicateProbe(record, object.fields.map((f) => f.name)), record.id));
    } catch (e) {
      setFound({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const button = <Button onClick={run} loading={busy}>{t('warning.find')}</Button>;
  let panel = null;
  if (found && 'error' in found) panel = <Alert type="error" showIcon role="alert" title={found.error} />;
  else if (found && found.length === 0) panel = <Alert type="success" showIcon role="status" title={t('warning.none')} />;
  else if (found) {
    const ids = matchIds(found);
    panel = (
      <DuplicateList object={object} matches={found} blocked={false} title={t('warning.found')}>
        {ids.length > 0 && object.access.delete && <Button onClick={() => navigate(mergePath(object.name, [record.id, ...ids]))}>{t('warning.merge')}</Button>}
      </DuplicateList>
    );
  }
  return <div className="find-duplicates">{button}{panel}</div>;
}
