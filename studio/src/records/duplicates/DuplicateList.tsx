import { useQuery } from '@tanstack/react-query';
import { Alert } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { ObjectMeta } from '../../api/metadata.ts';
import { useRecordObjects } from '../../api/record-objects.ts';
import { recordTitle } from '../data/labels.ts';
import { recordsApi } from '../data/records-api.ts';
import { matchIds, type DuplicateMatch } from './duplicates.ts';

/**
 * The duplicates a rule found, each a link to the record (named by its title), with the fields that
 * matched and the score; one line for records the user may not see. `actions`: Save anyway, Merge.
 */
export function DuplicateList({ object, matches, blocked, title, children }: { object: ObjectMeta; matches: readonly DuplicateMatch[]; blocked: boolean; title?: string; children?: ReactNode }) {
  const { t } = useTranslation('duplicates');
  const objects = useRecordObjects().data ?? [];
  const ids = matchIds(matches);
  const records = useQuery({
    queryKey: ['records', object.name, 'duplicates', ids],
    enabled: ids.length > 0 && objects.length > 0,
    queryFn: () => recordsApi(object, objects).getMany(ids),
  });
  const label = (field: string) => object.fields.find((f) => f.name === field)?.label ?? field;
  const name = (id: string) => {
    const r = records.data?.find((x) => x.id === id);
    return r ? recordTitle(object, r) : id;
  };
  return (
    <Alert role="alert" type={blocked ? 'error' : 'warning'} showIcon className="duplicate-warning"
      title={title ?? (blocked ? t('warning.blockTitle') : t('warning.warnTitle'))}
      description={(
        <>
          <p>{blocked ? t('warning.blockText') : t('warning.warnText')}</p>
          <ul aria-label={t('warning.found')}>
            {matches.map((m, i) => {
              const fields = m.fields.map(label).join(', ');
              if (!m.id) return <li key={i}>{t('warning.hidden', { fields, rule: m.rule })}</li>;
              return <li key={i}><Link to={`/o/${object.name}/${m.id}`}>{name(m.id)}</Link>: {t('warning.match', { fields, rule: m.rule, score: `${Math.round((m.score ?? 1) * 100)}%` })}</li>;
            })}
          </ul>
          {children && <div className="toolbar">{children}</div>}
        </>
      )} />
  );
}
