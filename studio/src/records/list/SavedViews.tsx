import { Button, Input, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
import { Select } from '../../ui/design/Select.tsx';
import { useListViews, useViewMutations, type SavedView } from '../data/views-api.ts';
import type { Condition } from '../../ui/filter-model.ts';
import type { Sort } from './RecordGrid.tsx';

/** What a saved view holds: filters, sort and columns (null: the object's default columns). */
export interface ViewState {
  conditions: Condition[];
  sort: Sort;
  columns: string[] | null;
}

const stateOf = (v: SavedView): ViewState => ({ conditions: (v.filters as Condition[]) ?? [], sort: (v.sort as Sort) ?? null, columns: v.columns ?? null });

/** Pick a saved view (own or shared), save the current filters/sort/columns under a name, delete one's own. */
export function SavedViews({ object, state, onLoad }: { object: ObjectMeta; state: ViewState; onLoad(v: ViewState): void }) {
  const { t } = useTranslation('records');
  const views = useListViews(object.name);
  const mutations = useViewMutations(object.name);
  const [currentId, setCurrentId] = useState('');
  const [name, setName] = useState('');
  const [shared, setShared] = useState(false);
  const [message, setMessage] = useState<{ error: boolean; text: string }>();
  const current = views.data?.find((v) => v.id === currentId);

  const choose = (id: string) => {
    setCurrentId(id);
    setMessage(undefined);
    const view = views.data?.find((v) => v.id === id);
    setName(view?.name ?? '');
    setShared(view?.shared ?? false);
    onLoad(view ? stateOf(view) : { conditions: [], sort: null, columns: null });
  };
  const save = async () => {
    try {
      const sameView = current && current.mine && current.name === name.trim();
      const saved = await mutations.save({ id: sameView ? current.id : undefined, name, shared, filters: state.conditions, sort: state.sort, columns: state.columns });
      setCurrentId(saved.id);
      setMessage({ error: false, text: t('views.saved') });
    } catch (e) {
      setMessage({ error: true, text: e instanceof Error ? e.message : String(e) });
    }
  };
  return (
    <form className="filter-row saved-views" aria-label={t('views.label')} onSubmit={(e) => { e.preventDefault(); void save(); }}>
      <label htmlFor={`view-${object.name}`}>{t('views.label')}</label>
      <Select id={`view-${object.name}`} value={currentId} onChange={choose} className="view-select"
        options={[{ value: '', label: t('views.all') }, ...(views.data ?? []).map((v) => ({ value: v.id, label: `${v.name}${v.shared ? ' ●' : ''}`, title: v.name }))]} />
      <label htmlFor={`view-name-${object.name}`}>{t('views.name')}</label>
      <Input id={`view-name-${object.name}`} className="view-name" value={name} onChange={(e) => setName(e.target.value)} required />
      <span className="switch-label">
        <Switch id={`view-shared-${object.name}`} size="small" checked={shared} onChange={setShared} />
        <label htmlFor={`view-shared-${object.name}`}>{t('views.shared')}</label>
      </span>
      <Button htmlType="submit" disabled={!name.trim()}>{t('views.save')}</Button>
      {current?.mine && (
        <Button danger onClick={() => mutations.remove(current.id).then(() => choose(''), (e) => setMessage({ error: true, text: String(e.message ?? e) }))}>
          {t('views.delete')}
        </Button>
      )}
      {message && <Typography.Text role={message.error ? 'alert' : 'status'} type={message.error ? 'danger' : 'success'}>{message.text}</Typography.Text>}
    </form>
  );
}
