import { useQuery } from '@tanstack/react-query';
import { AutoComplete, Input } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { ApiError, dataApi } from '../../api/graphql.ts';
import { useObjects } from '../../api/metadata.ts';

interface Hit { object: string; id: string; title: string }

/** Search starts at 2 characters when the text holds a CJK character (trigrams of Chinese names), else at 3. */
export const searchable = (text: string): boolean => {
  const t = text.trim();
  return /[\u3400-\u9fff\uf900-\ufaff]/.test(t) ? t.length >= 2 : t.length >= 3;
};

/** Text settled for a moment (no request per keystroke). */
function useSettled(text: string, ms = 200): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), ms);
    return () => clearTimeout(timer);
  }, [text, ms]);
  return settled;
}

/**
 * The header's search box: records of every object the user may read whose name or searchable fields
 * contain the text (`search(text, first)` on /graphql), grouped by object, best first. Keyboard first:
 * "/" or Ctrl+K focuses it, arrows choose, Enter opens the record.
 */
export function GlobalSearch() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const objects = useObjects();
  const [text, setText] = useState('');
  const settled = useSettled(text);
  const box = useRef<{ focus(): void } | null>(null);
  const hits = useQuery({
    queryKey: ['search', settled],
    enabled: searchable(settled),
    queryFn: async () => (await dataApi<{ search: Hit[] }>('query Search($text: String!) { search(text: $text, first: 30) { object id title } }', { text: settled.trim() })).search,
    staleTime: 10_000,
  });
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const typing = e.target instanceof HTMLElement && (['INPUT', 'TEXTAREA', 'SELECT'].includes(e.target.tagName) || e.target.isContentEditable);
      if ((e.key === 'k' && (e.ctrlKey || e.metaKey)) || (e.key === '/' && !typing)) {
        e.preventDefault();
        box.current?.focus();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
  const labelOf = (name: string) => objects.data?.find((o) => o.name === name)?.pluralLabel ?? name;
  const groups = new Map<string, Hit[]>();
  for (const hit of hits.data ?? []) groups.set(hit.object, [...(groups.get(hit.object) ?? []), hit]);
  const options = [...groups].map(([object, list]) => ({
    label: labelOf(object),
    options: list.map((h) => ({ value: `${h.object}/${h.id}`, label: <span data-object={h.object}>{h.title}</span>, title: h.title })),
  }));
  const status = !searchable(settled) ? null
    : hits.isFetching && !hits.data ? t('search.searching')
      : hits.error ? (hits.error instanceof ApiError ? hits.error.message : String(hits.error))
        : hits.data?.length === 0 ? t('search.none', { text: settled.trim() }) : null;
  return (
    <div className="global-search" role="search">
      <AutoComplete
        ref={box as never}
        value={text}
        options={(status ? [{ value: '', label: status, disabled: true }] : options) as never}
        onSearch={setText}
        onChange={(v) => { if (!String(v).includes('/')) setText(String(v)); }}
        onSelect={(value: string) => {
          if (!value) return;
          setText('');
          navigate(`/o/${value}`);
        }}
        defaultActiveFirstOption
        popupMatchSelectWidth={360}
        style={{ width: 280 }}
      >
        <Input.Search aria-label={t('search.label')} placeholder={t('search.placeholder')} allowClear />
      </AutoComplete>
    </div>
  );
}
