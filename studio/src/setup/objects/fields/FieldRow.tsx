import { useSortable } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import type { FieldMeta } from '../../../api/metadata.ts';

interface Props {
  field: FieldMeta;
  typeLabel: string;
  index: number;
  count: number;
  onMove: (from: number, to: number) => void;
  onEdit: () => void;
  onDelete: () => void;
  onUsage: () => void;
}

/** One field in the fields table: a drag handle (mouse, touch or keyboard), move up/down, edit, delete, usage. */
export function FieldRow({ field, typeLabel, index, count, onMove, onEdit, onDelete, onUsage }: Props) {
  const { t } = useTranslation('setup');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: field.name });
  const style = { transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  const label = field.label;
  return (
    <tr ref={setNodeRef} style={style} className={isDragging ? 'dragging' : undefined} data-field={field.name}>
      <td>
        <button type="button" className="drag-handle" ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('fields.drag', { label })}>⠿</button>
      </td>
      <td>{label}</td>
      <td><code>{field.name}</code></td>
      <td>{typeLabel}</td>
      <td>{field.required ? t('fields.yes') : t('fields.no')}</td>
      <td>{field.unique ? t('fields.yes') : t('fields.no')}</td>
      <td>
        <div className="row-actions">
          <button type="button" onClick={() => onMove(index, index - 1)} disabled={index === 0} aria-label={t('fields.moveUp', { label })}>↑</button>
          <button type="button" onClick={() => onMove(index, index + 1)} disabled={index === count - 1} aria-label={t('fields.moveDown', { label })}>↓</button>
          <button type="button" onClick={onEdit} aria-label={t('fields.edit', { label })}>{t('common:actions.edit')}</button>
          <button type="button" onClick={onUsage} aria-label={t('fields.usage', { label })}>?</button>
          <button type="button" className="danger" onClick={onDelete} aria-label={t('fields.delete', { label })}>{t('common:actions.delete')}</button>
        </div>
      </td>
    </tr>
  );
}
