import { useQuery } from '@tanstack/react-query';
import { Badge, Card } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { dataApi } from '../../api/graphql.ts';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { nameField, recordTitle } from '../data/labels.ts';

const SHOWN = 10;

/** Every lookup or master-detail field of any object that points at `object` (the record's reverse relations). */
export function reverseLookups(object: ObjectMeta, objects: ObjectMeta[]): { source: ObjectMeta; field: FieldMeta }[] {
  return objects.flatMap((source) => source.fields
    .filter((f) => (f.type === 'lookup' || f.type === 'masterDetail' || f.type === 'tree' || f.type === 'manyToMany') && f.target === object.name)
    .map((field) => ({ source, field })));
}

function RelatedList({ source, field, id }: { source: ObjectMeta; field: FieldMeta; id: string }) {
  const { t } = useTranslation('records');
  const name = nameField(source);
  const related = useQuery({
    queryKey: ['records', source.name, 'related', field.name, id],
    queryFn: async () => (await dataApi(
      `query($f: ${source.api.filter}) { ${source.api.many}(filter: $f, first: ${SHOWN}) { totalCount nodes { id${name ? ` ${name.name}` : ''} } } }`,
      // A many-to-many: the records whose links include this one (`<field>Some`).
      { f: field.type === 'manyToMany' ? { [`${field.name}Some`]: { id: { eq: id } } } : { [field.name]: { id: { eq: id } } } },
    ))[source.api.many] as { totalCount: number; nodes: Record<string, unknown>[] },
  });
  const heading = t('record.relatedList', { object: source.pluralLabel, field: field.label });
  return (
    <section aria-label={heading}>
      <Card size="small" title={<h3 className="card-heading">{heading} {related.data && <Badge count={related.data.totalCount} showZero color="#8c8c8c" />}</h3>}>
      {related.error ? <p role="alert">{String((related.error as Error).message)}</p> : null}
      {related.data?.nodes.length === 0 && <p className="hint">{t('record.noRelated')}</p>}
      <ul>
        {related.data?.nodes.map((n) => <li key={String(n.id)}><Link to={`/o/${source.name}/${n.id}`}>{recordTitle(source, n)}</Link></li>)}
      </ul>
      {related.data && related.data.totalCount > SHOWN && (
        <p className="hint">{t('record.moreRelated', { shown: SHOWN, total: related.data.totalCount })}</p>
      )}
      </Card>
    </section>
  );
}

/** The records of other objects that point at this one, one list per lookup field. */
export function RelatedLists({ object, objects, id }: { object: ObjectMeta; objects: ObjectMeta[]; id: string }) {
  const { t } = useTranslation('records');
  const lists = reverseLookups(object, objects);
  if (lists.length === 0) return null;
  return (
    <section aria-labelledby="related-heading" className="related-lists">
      <h2 id="related-heading">{t('record.related')}</h2>
      {lists.map(({ source, field }) => <RelatedList key={`${source.name}.${field.name}`} source={source} field={field} id={id} />)}
    </section>
  );
}
