import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';

interface Props {
  object: ObjectMeta;
  /** The columns shown now, in order. */
  shown: string[];
  onChange(columns: string[]): void;
}

/** Which fields the list shows, and in what order; a saved view keeps the choice. */
export function ColumnChooser({ object, shown, onChange }: Props) {
  const { t } = useTranslation('records');
  const labelOf = (name: string) => object.fields.find((f) => f.name === name)?.label ?? name;
  const move = (i: number, by: number) => {
    const next = [...shown];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  return (
    <details className="column-chooser">
      <summary>{t('views.columns')}</summary>
      <fieldset>
        <legend>{t('views.columnsShown')}</legend>
        <ol>
          {shown.map((name, i) => (
            <li key={name}>
              {labelOf(name)}{' '}
              <button type="button" className="link" aria-label={t('views.moveLeft', { field: labelOf(name) })} disabled={i === 0} onClick={() => move(i, -1)}>←</button>
              <button type="button" className="link" aria-label={t('views.moveRight', { field: labelOf(name) })} disabled={i === shown.length - 1} onClick={() => move(i, 1)}>→</button>
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>{t('views.columnsAvailable')}</legend>
        {object.fields.map((f) => (
          <label key={f.name} className="choice">
            <input type="checkbox" checked={shown.includes(f.name)} disabled={shown.length === 1 && shown.includes(f.name)}
              onChange={(e) => onChange(e.target.checked ? [...shown, f.name] : shown.filter((n) => n !== f.name))} />
            {t('views.showColumn', { field: f.label })}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
