import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, HolderOutlined } from '../../../ui/design/icons.tsx';
import { useSortable } from '@dnd-kit/sortable';
import { Button, Checkbox } from 'antd';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import { Select } from '../../../ui/design/Select.tsx';
import type { EditorSection, PlacedField } from './layout-model.ts';

interface Props {
  entry: PlacedField;
  label: string;
  sections: EditorSection[];
  section: number;
  index: number;
  count: number;
  error?: string;
  errorId: string;
  sectionName: (i: number) => string;
  onShift: (by: -1 | 1) => void;
  onMoveTo: (section: number) => void;
  onUnplace: () => void;
  onToggle: (flag: 'required' | 'readOnly') => void;
}

/** A field on the form: drag handle, up/down, section choice, remove, and this form's required/read-only toggles. */
export function LayoutItem({ entry, label, sections, section, index, count, error, errorId, sectionName, onShift, onMoveTo, onUnplace, onToggle }: Props) {
  const { t } = useTranslation('setup');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: entry.field });
  const style = { transform: transform ? `translate3d(${Math.round(transform.x)}px, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  const id = `layout-${entry.field}`;
  return (
    <li ref={setNodeRef} style={style} className={`layout-item${isDragging ? ' dragging' : ''}`} data-field={entry.field} aria-invalid={error ? true : undefined} aria-describedby={error ? errorId : undefined}>
      <Button type="text" size="small" className="drag-handle" icon={<HolderOutlined />} ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('layout.drag', { label })} />
      <span className="name">{label}</span>
      <Checkbox checked={entry.required === true} onChange={() => onToggle('required')} aria-label={t('layout.requiredHere', { label })}>{t('layout.requiredShort')}</Checkbox>
      <Checkbox checked={entry.readOnly === true} onChange={() => onToggle('readOnly')} aria-label={t('layout.readOnlyHere', { label })}>{t('layout.readOnlyShort')}</Checkbox>
      <Button size="small" type="text" icon={<ArrowUpOutlined />} onClick={() => onShift(-1)} disabled={index === 0} aria-label={t('layout.moveUp', { label })} />
      <Button size="small" type="text" icon={<ArrowDownOutlined />} onClick={() => onShift(1)} disabled={index === count - 1} aria-label={t('layout.moveDown', { label })} />
      <label htmlFor={`${id}-section`} className="visually-hidden">{t('layout.moveTo', { label })}</label>
      <Select<number> id={`${id}-section`} size="small" value={section} onChange={onMoveTo} options={sections.map((s, i) => ({ value: i, label: sectionName(i) }))} />
      <Button size="small" type="text" icon={<CloseOutlined />} onClick={onUnplace} aria-label={t('layout.unplace', { label })} />
      <ErrorText id={errorId} message={error} />
    </li>
  );
}
