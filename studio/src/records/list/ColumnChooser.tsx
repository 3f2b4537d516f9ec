import { ArrowLeftOutlined, ArrowRightOutlined, TableOutlined } from '../../ui/design/icons.tsx';
import { Button, Checkbox, Popover } from 'antd';
import { useTranslation } from 'react-i18next';
import type { ObjectMeta } from '../../api/metadata.ts';

interface Props {
  object: ObjectMeta;
  /** The columns shown now, in order. */
  shown: string[];
  onChange(columns: string[]): void;
}

/** Which fields the list shows, and in what order (a popover from the "Columns" button); a saved view keeps the choice. */
export function ColumnChooser({ object, shown, onChange }: Props) {
  const { t } = useTranslation('records');
  const labelOf = (name: string) => object.fields.find((f) => f.name === name)?.label ?? name;
  const move = (i: number, by: number) => {
    const next = [...shown];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    onChange(next);
  };
  const content = (
    <div className="column-chooser">
      <fieldset>
        <legend>{t('views.columnsShown')}</legend>
        <ol>
          {shown.map((name, i) => (
            <li key={name}>
              <span>{labelOf(name)}</span>
              <Button size="small" type="text" icon={<ArrowLeftOutlined />} aria-label={t('views.moveLeft', { field: labelOf(name) })} disabled={i === 0} onClick={() => move(i, -1)} />
              <Button size="small" type="text" icon={<ArrowRightOutlined />} aria-label={t('views.moveRight', { field: labelOf(name) })} disabled={i === shown.length - 1} onClick={() => move(i, 1)} />
            </li>
          ))}
        </ol>
      </fieldset>
      <fieldset>
        <legend>{t('views.columnsAvailable')}</legend>
        {object.fields.map((f) => (
          <Checkbox key={f.name} checked={shown.includes(f.name)} disabled={shown.length === 1 && shown.includes(f.name)}
            onChange={(e) => onChange(e.target.checked ? [...shown, f.name] : shown.filter((n) => n !== f.name))}>
            {t('views.showColumn', { field: f.label })}
          </Checkbox>
        ))}
      </fieldset>
    </div>
  );
  return (
    <Popover trigger="click" placement="bottomLeft" content={content}>
      <Button icon={<TableOutlined />}>{t('views.columns')}</Button>
    </Popover>
  );
}
