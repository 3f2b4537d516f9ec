import { ArrowDownOutlined, ArrowUpOutlined, CloseOutlined, HolderOutlined, PlusOutlined } from '../../../ui/design/icons.tsx';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { SortableContext, sortableKeyboardCoordinates, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, Card, InputNumber } from 'antd';
import { useState } from 'react';
import { Select } from '../../../ui/design/Select.tsx';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import type { ListColumn } from './layout-model.ts';

interface Props {
  columns: ListColumn[];
  choices: string[];
  labelOf: (field: string) => string;
  errorAt: (pointer: string) => string | undefined;
  onAdd: (field: string) => void;
  onRemove: (field: string) => void;
  onMove: (from: number, to: number) => void;
  onWidth: (field: string, width: number | undefined) => void;
}

function ColumnRow({ column, index, count, label, errorAt, onRemove, onMove, onWidth }: { column: ListColumn; index: number; count: number; label: string } & Pick<Props, 'errorAt' | 'onRemove' | 'onMove' | 'onWidth'>) {
  const { t } = useTranslation('setup');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: column.field });
  const style = { transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  const id = `column-${column.field}`;
  const fieldError = errorAt(`/listColumns/${index}/field`) ?? errorAt(`/listColumns/${index}`);
  const widthError = errorAt(`/listColumns/${index}/width`);
  return (
    <li ref={setNodeRef} style={style} className={`layout-item${isDragging ? ' dragging' : ''}`} data-column={column.field}>
      <Button type="text" size="small" className="drag-handle" icon={<HolderOutlined />} ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('layout.dragColumn', { label })} />
      <span className="name">{label}</span>
      <label htmlFor={`${id}-width`}>{t('layout.columnWidth', { label })}</label>
      <InputNumber<number> id={`${id}-width`} className="column-width" value={column.width ?? null} onChange={(v) => onWidth(column.field, v ?? undefined)}
        aria-invalid={widthError ? true : undefined} status={widthError ? 'error' : undefined} aria-describedby={widthError ? `${id}-width-error` : undefined} />
      <Button size="small" type="text" icon={<ArrowUpOutlined />} onClick={() => onMove(index, index - 1)} disabled={index === 0} aria-label={t('layout.columnUp', { label })} />
      <Button size="small" type="text" icon={<ArrowDownOutlined />} onClick={() => onMove(index, index + 1)} disabled={index === count - 1} aria-label={t('layout.columnDown', { label })} />
      <Button size="small" type="text" icon={<CloseOutlined />} onClick={() => onRemove(column.field)} aria-label={t('layout.removeColumn', { label })} />
      <ErrorText id={`${id}-width-error`} message={widthError} />
      <ErrorText id={`${id}-field-error`} message={fieldError} />
    </li>
  );
}

/** The list view's default columns: choose, order (drag or buttons) and size them. */
export function ListColumnsEditor({ columns, choices, labelOf, errorAt, onAdd, onRemove, onMove, onWidth }: Props) {
  const { t } = useTranslation('setup');
  const [choice, setChoice] = useState('');
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));
  const ids = columns.map((c) => c.field);
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) onMove(ids.indexOf(String(active.id)), ids.indexOf(String(over.id)));
  };
  const available = choices.filter((c) => !ids.includes(c));
  const selected = available.includes(choice) ? choice : available[0] ?? '';
  return (
    <section className="columns-editor" aria-labelledby="columns-title">
      <Card size="small" title={<h2 id="columns-title" className="card-heading">{t('layout.columnsTitle')}</h2>}>
      {columns.length === 0 && <p className="hint">{t('layout.columnsEmpty')}</p>}
      <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
        <SortableContext items={ids} strategy={verticalListSortingStrategy}>
          <ul className="layout-drop" aria-labelledby="columns-title">
            {columns.map((c, i) => (
              <ColumnRow key={c.field} column={c} index={i} count={columns.length} label={labelOf(c.field)} errorAt={errorAt} onRemove={onRemove} onMove={onMove} onWidth={onWidth} />
            ))}
          </ul>
        </SortableContext>
      </DndContext>
      {available.length > 0 && (
        <div className="toolbar">
          <label htmlFor="column-to-add">{t('layout.columnToAdd')}</label>
          <Select id="column-to-add" className="column-choice" value={selected} onChange={setChoice} options={available.map((f) => ({ value: f, label: labelOf(f) }))} />
          <Button icon={<PlusOutlined />} onClick={() => selected && onAdd(selected)}>{t('layout.addColumn')}</Button>
        </div>
      )}
      </Card>
    </section>
  );
}
