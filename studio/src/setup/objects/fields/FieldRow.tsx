import { HolderOutlined } from '../../../ui/design/icons.tsx';
import { useSortable } from '@dnd-kit/sortable';
import { Button } from 'antd';
import { createContext, useContext, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';

type Sortable = Pick<ReturnType<typeof useSortable>, 'attributes' | 'listeners' | 'setActivatorNodeRef'>;
const RowContext = createContext<Partial<Sortable>>({});

/**
 * A row of the fields table (antd Table's body row): sortable by dnd-kit (mouse, touch or keyboard
 * from its handle); `data-field` names the field. The handle lives in a cell and reaches the row
 * through a context, as antd's "drag sorting with handle" table does it.
 */
export function SortableFieldRow(props: HTMLAttributes<HTMLTableRowElement> & { 'data-row-key': string }) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: props['data-row-key'] });
  const style = { ...props.style, transform: transform ? `translate3d(0, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  return (
    <RowContext.Provider value={{ attributes, listeners, setActivatorNodeRef }}>
      <tr {...props} ref={setNodeRef} style={style} className={`${props.className ?? ''}${isDragging ? ' dragging' : ''}`} data-field={props['data-row-key']} />
    </RowContext.Provider>
  );
}

/** The drag handle of the row it sits in. */
export function DragHandle({ label }: { label: string }) {
  const { t } = useTranslation('setup');
  const { attributes, listeners, setActivatorNodeRef } = useContext(RowContext);
  return <Button type="text" size="small" className="drag-handle" icon={<HolderOutlined />} ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('fields.drag', { label })} />;
}
