import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';
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
      <label>
        {t('views.label')}{' '}
        <select value={currentId} onChange={(e) => choose(e.target.value)}>
          <option value="">{t('views.all')}</option>
          {(views.data ?? []).map((v) => <option key={v.id} value={v.id}>{v.name}{v.shared ? ' ●' : ''}</option>)}
        </select>
      </label>
      <label>{t('views.name')} <input value={name} onChange={(e) => setName(e.target.value)} required /></label>
      <label className="choice"><input type="checkbox" checked={shared} onChange={(e) => setShared(e.target.checked)} />{t('views.shared')}</label>
      <button type="submit" disabled={!name.trim()}>{t('views.save')}</button>
      {current?.mine && (
        <button type="button" className="danger" onClick={() => mutations.remove(current.id).then(() => choose(''), (e) => setMessage({ error: true, text: String(e.message ?? e) }))}>
          {t('views.delete')}
        </button>
      )}
      {message && <span role={message.error ? 'alert' : 'status'}>{message.text}</span>}
    </form>
  );
}
