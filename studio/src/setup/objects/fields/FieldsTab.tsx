import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type ObjectMeta } from '../../../api/metadata.ts';
import { reorderFields, useFieldTypes } from '../api.ts';
import { FormAlert } from '../ErrorText.tsx';
import { serverErrors } from '../errors.ts';
import { ConfirmDelete } from './ConfirmDelete.tsx';
import { FieldForm } from './FieldForm.tsx';
import { FieldRow } from './FieldRow.tsx';
import { FieldUsagePanel } from './FieldUsagePanel.tsx';

type Panel = { kind: 'new' } | { kind: 'edit' | 'delete' | 'usage'; field: string } | null;

/** The fields of an object: table, add/edit/delete, usage, and reordering by drag and drop or buttons (reorderFields). */
export function FieldsTab({ object }: { object: ObjectMeta }) {
  const { t } = useTranslation('setup');
  const types = useFieldTypes();
  const invalidate = useInvalidateMetadata();
  const [panel, setPanel] = useState<Panel>(null);
  const [pending, setPending] = useState<string[] | null>(null);
  const [status, setStatus] = useState('');
  const [problems, setProblems] = useState<string[]>([]);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const order = (pending ?? object.fields.map((f) => f.name)).filter((n) => byName.has(n));
  const typeLabel = (type: string) => types.data?.find((i) => i.type === type)?.label ?? type;

  const save = async (next: string[]) => {
    setPending(next);
    setProblems([]);
    setStatus('');
    try {
      await reorderFields(object.name, next);
      await invalidate();
      setStatus(t('fields.reordered'));
    } catch (error) {
      const { byPointer, general } = serverErrors(error, () => false);
      setProblems([...Object.values(byPointer), ...general]);
    } finally {
      setPending(null);
    }
  };
  const move = (from: number, to: number) => {
    if (to < 0 || to >= order.length || from === to) return;
    void save(arrayMove(order, from, to));
  };
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    if (over && active.id !== over.id) move(order.indexOf(String(active.id)), order.indexOf(String(over.id)));
  };
  const close = () => setPanel(null);
  const current = panel && panel.kind !== 'new' ? byName.get(panel.field) : undefined;

  return (
    <section aria-labelledby="fields-title">
      <h2 id="fields-title">{t('fields.title')}</h2>
      <div className="toolbar">
        <button type="button" className="primary" onClick={() => setPanel({ kind: 'new' })}>{t('fields.add')}</button>
        <span role="status" className="status">{status}</span>
      </div>
      <FormAlert title={t('errors.title')} messages={problems} />
      {panel?.kind === 'new' && <FieldForm key="new" object={object.name} onDone={close} onCancel={close} />}
      {panel?.kind === 'edit' && current && <FieldForm key={current.name} object={object.name} field={current} onDone={close} onCancel={close} />}
      {panel?.kind === 'delete' && current && <ConfirmDelete object={object.name} field={current} onDone={close} />}
      {panel?.kind === 'usage' && current && <FieldUsagePanel object={object} field={current} onClose={close} />}
      {order.length === 0 ? <p>{t('fields.empty')}</p> : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <table className="grid">
            <caption className="visually-hidden">{t('fields.table', { object: object.label })}</caption>
            <thead>
              <tr>
                {(['order', 'label', 'name', 'type', 'required', 'unique', 'actions'] as const).map((c) => <th key={c} scope="col">{t(`fields.columns.${c}`)}</th>)}
              </tr>
            </thead>
            <SortableContext items={order} strategy={verticalListSortingStrategy}>
              <tbody>
                {order.map((name, i) => {
                  const field = byName.get(name)!;
                  return (
                    <FieldRow key={name} field={field} typeLabel={typeLabel(field.type)} index={i} count={order.length} onMove={move}
                      onEdit={() => setPanel({ kind: 'edit', field: name })} onDelete={() => setPanel({ kind: 'delete', field: name })} onUsage={() => setPanel({ kind: 'usage', field: name })} />
                  );
                })}
              </tbody>
            </SortableContext>
          </table>
        </DndContext>
      )}
    </section>
  );
}
