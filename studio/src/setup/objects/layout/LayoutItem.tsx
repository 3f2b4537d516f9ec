import { useSortable } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
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
      <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('layout.drag', { label })}>⠿</button>
      <span className="name">{label}</span>
      <label><input type="checkbox" checked={entry.required === true} onChange={() => onToggle('required')} aria-label={t('layout.requiredHere', { label })} />{t('layout.requiredShort')}</label>
      <label><input type="checkbox" checked={entry.readOnly === true} onChange={() => onToggle('readOnly')} aria-label={t('layout.readOnlyHere', { label })} />{t('layout.readOnlyShort')}</label>
      <button type="button" onClick={() => onShift(-1)} disabled={index === 0} aria-label={t('layout.moveUp', { label })}>↑</button>
      <button type="button" onClick={() => onShift(1)} disabled={index === count - 1} aria-label={t('layout.moveDown', { label })}>↓</button>
      <label htmlFor={`${id}-section`} className="visually-hidden">{t('layout.moveTo', { label })}</label>
      <select id={`${id}-section`} value={section} onChange={(e) => onMoveTo(Number(e.target.value))}>
        {sections.map((s, i) => <option key={s.key} value={i}>{sectionName(i)}</option>)}
      </select>
      <button type="button" onClick={onUnplace} aria-label={t('layout.unplace', { label })}>✕</button>
      <ErrorText id={errorId} message={error} />
    </li>
  );
}
