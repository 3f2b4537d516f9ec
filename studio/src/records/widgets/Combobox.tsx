import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface Choice {
  id: string;
  label: string;
}

interface ComboboxProps {
  id: string;
  /** The field's label: names the clear button and the list. */
  label: string;
  value: string;
  /** The chosen record's label, when known. */
  valueLabel: string | undefined;
  search(text: string): Promise<Choice[]>;
  onChange(choice: Choice | null): void;
  onBlur?(): void;
  invalid: boolean;
  describedBy: string | undefined;
  readOnly: boolean;
  required: boolean;
  /** For a picker without a <label> of its own (e.g. in the filter builder). */
  ariaLabel?: string;
}

/** Search-as-you-type picker (ARIA combobox with a listbox): type, arrow to a choice, Enter or click to pick. */
export function Combobox(p: ComboboxProps) {
  const { t } = useTranslation('records');
  const listId = useId();
  const [text, setText] = useState(p.valueLabel ?? p.value);
  const [open, setOpen] = useState(false);
  const [choices, setChoices] = useState<Choice[]>([]);
  const [active, setActive] = useState(-1);
  const [loading, setLoading] = useState(false);
  const request = useRef(0);

  useEffect(() => setText(p.valueLabel ?? p.value), [p.value, p.valueLabel]);

  const runSearch = (q: string) => {
    const mine = ++request.current;
    setLoading(true);
    p.search(q).then(
      (found) => { if (mine === request.current) { setChoices(found); setActive(found.length ? 0 : -1); setLoading(false); } },
      () => { if (mine === request.current) { setChoices([]); setLoading(false); } },
    );
  };
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => runSearch(text === (p.valueLabel ?? p.value) ? '' : text), 200);
    return () => clearTimeout(timer);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [text, open]);

  const pick = (choice: Choice) => {
    p.onChange(choice);
    setText(choice.label);
    setOpen(false);
  };

  return (
    <span className="combobox">
      <input
        id={p.id}
        role="combobox"
        aria-label={p.ariaLabel}
        aria-expanded={open}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={open && active >= 0 ? `${listId}-${active}` : undefined}
        aria-invalid={p.invalid || undefined}
        aria-describedby={p.describedBy}
        aria-required={p.required || undefined}
        disabled={p.readOnly}
        autoComplete="off"
        value={text}
        onChange={(e) => { setText(e.target.value); setOpen(true); }}
        onFocus={() => setOpen(true)}
        onBlur={() => { setTimeout(() => setOpen(false), 150); p.onBlur?.(); }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); setOpen(true); setActive((a) => Math.min(a + 1, choices.length - 1)); }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((a) => Math.max(a - 1, 0)); }
          else if (e.key === 'Enter' && open && active >= 0 && choices[active]) { e.preventDefault(); pick(choices[active]); }
          else if (e.key === 'Escape') setOpen(false);
        }}
      />
      {p.value && !p.readOnly && (
        <button type="button" className="link" aria-label={t('form.clear', { field: p.label })} onClick={() => { p.onChange(null); setText(''); }}>×</button>
      )}
      <ul id={listId} role="listbox" aria-label={t('form.choices', { field: p.label })} hidden={!open} className="combobox-list">
        {loading && <li role="presentation" className="hint">{t('form.searching')}</li>}
        {!loading && choices.length === 0 && <li role="presentation" className="hint">{t('form.noMatches')}</li>}
        {choices.map((c, i) => (
          <li key={c.id} id={`${listId}-${i}`} role="option" aria-selected={i === active} className={i === active ? 'active' : undefined}
            onMouseDown={(e) => { e.preventDefault(); pick(c); }}>
            {c.label}
          </li>
        ))}
      </ul>
    </span>
  );
}
