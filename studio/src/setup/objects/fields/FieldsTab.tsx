import { DeleteOutlined, EditOutlined, PlusOutlined, QuestionCircleOutlined, ArrowDownOutlined, ArrowUpOutlined } from '../../../ui/design/icons.tsx';
import { closestCenter, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { arrayMove, SortableContext, sortableKeyboardCoordinates, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, Empty, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type FieldMeta, type ObjectMeta } from '../../../api/metadata.ts';
import { reorderFields, useFieldTypes } from '../api.ts';
import { FormAlert } from '../ErrorText.tsx';
import { serverErrors } from '../errors.ts';
import { ConfirmDelete } from './ConfirmDelete.tsx';
import { FieldForm } from './FieldForm.tsx';
import { DragHandle, SortableFieldRow } from './FieldRow.tsx';
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
  const yesNo = (on: boolean) => (on ? <Tag color="blue">{t('fields.yes')}</Tag> : t('fields.no'));
  const rows = order.map((name) => byName.get(name)!);
  const columns = [
    { key: 'order', title: t('fields.columns.order'), width: 56, render: (_: unknown, f: FieldMeta) => <DragHandle label={f.label} /> },
    { key: 'label', title: t('fields.columns.label'), dataIndex: 'label' },
    { key: 'name', title: t('fields.columns.name'), render: (_: unknown, f: FieldMeta) => <Typography.Text code>{f.name}</Typography.Text> },
    { key: 'type', title: t('fields.columns.type'), render: (_: unknown, f: FieldMeta) => typeLabel(f.type) },
    { key: 'required', title: t('fields.columns.required'), render: (_: unknown, f: FieldMeta) => yesNo(f.required) },
    { key: 'unique', title: t('fields.columns.unique'), render: (_: unknown, f: FieldMeta) => yesNo(f.unique) },
    {
      key: 'actions', title: t('fields.columns.actions'), render: (_: unknown, f: FieldMeta, i: number) => (
        <Space size={2} wrap className="row-actions">
          <Button size="small" type="text" icon={<ArrowUpOutlined />} onClick={() => move(i, i - 1)} disabled={i === 0} aria-label={t('fields.moveUp', { label: f.label })} />
          <Button size="small" type="text" icon={<ArrowDownOutlined />} onClick={() => move(i, i + 1)} disabled={i === order.length - 1} aria-label={t('fields.moveDown', { label: f.label })} />
          <Button size="small" icon={<EditOutlined />} onClick={() => setPanel({ kind: 'edit', field: f.name })} aria-label={t('fields.edit', { label: f.label })}>{t('common:actions.edit')}</Button>
          <Button size="small" type="text" icon={<QuestionCircleOutlined />} onClick={() => setPanel({ kind: 'usage', field: f.name })} aria-label={t('fields.usage', { label: f.label })} />
          <Button size="small" danger icon={<DeleteOutlined />} onClick={() => setPanel({ kind: 'delete', field: f.name })} aria-label={t('fields.delete', { label: f.label })}>{t('common:actions.delete')}</Button>
        </Space>
      ),
    },
  ];
  return (
    <section aria-labelledby="fields-title">
      <h2 id="fields-title">{t('fields.title')}</h2>
      <div className="toolbar">
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setPanel({ kind: 'new' })}>{t('fields.add')}</Button>
        <Typography.Text role="status" type="success" className="status">{status}</Typography.Text>
      </div>
      <FormAlert title={t('errors.title')} messages={problems} />
      {panel?.kind === 'new' && <FieldForm key="new" object={object.name} onDone={close} onCancel={close} />}
      {panel?.kind === 'edit' && current && <FieldForm key={current.name} object={object.name} field={current} onDone={close} onCancel={close} />}
      {panel?.kind === 'delete' && current && <ConfirmDelete object={object.name} field={current} onDone={close} />}
      {panel?.kind === 'usage' && current && <FieldUsagePanel object={object} field={current} onClose={close} />}
      {order.length === 0 ? <Empty description={t('fields.empty')} /> : (
        <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
          <SortableContext items={order} strategy={verticalListSortingStrategy}>
            <Table<FieldMeta> size="small" rowKey="name" pagination={false} dataSource={rows} columns={columns} components={{ body: { row: SortableFieldRow } }}
              aria-label={t('fields.table', { object: object.label })} scroll={{ x: 'max-content' }} />
          </SortableContext>
        </DndContext>
      )}
    </section>
  );
}
