import { DndContext, KeyboardSensor, PointerSensor, useDraggable, useDroppable, useSensor, useSensors, type DragEndEvent } from '@dnd-kit/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Card, Segmented, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { useRecordObject, useRecordObjects } from '../../api/record-objects.ts';
import { Select } from '../../ui/design/Select.tsx';
import { formatValue } from '../data/format.ts';
import { highlightFields, stageField } from '../data/highlights.ts';
import { recordTitle } from '../data/labels.ts';
import { recordsApi, type RecordData } from '../data/records-api.ts';
import { PageState } from '../PageState.tsx';
import { boardColumns, groupingFields, loadBoard, measureField, type BoardColumn, type BoardData } from './board-api.ts';
import './board.css';

/** A column's key as a drop target's id (null, records without a value, has one too). */
const NONE = '\u0000none';
const idOf = (key: string | null) => key ?? NONE;
const keyOf = (id: string) => (id === NONE ? null : id);

/** `/o/:object/board`: the object's records as cards in columns, one per option of a select field; dragging a card changes the value. */
export function BoardPage() {
  const params = useParams();
  const { object, isLoading, error } = useRecordObject(params.object);
  if (!object) return <PageState loading={isLoading} error={error} />;
  return <Board key={object.name} object={object} />;
}

function Board({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation('board');
  const { t: tc } = useTranslation('records');
  const objects = useRecordObjects().data ?? [];
  const navigate = useNavigate();
  const [search, setSearch] = useSearchParams();
  const fields = groupingFields(object);
  const field = fields.find((f) => f.name === search.get('field')) ?? stageField(object) ?? fields[0];
  const measure = measureField(object);
  const columns = useMemo(() => (field ? boardColumns(field, t('none')) : []), [field, t]);
  const client = useQueryClient();
  const key = ['records', object.name, 'board', field?.name, i18n.language];
  const board = useQuery({ queryKey: key, enabled: Boolean(field), queryFn: () => loadBoard(object, objects, field!, columns, measure) });
  const [notice, setNotice] = useState<{ type: 'success' | 'error'; text: string } | null>(null);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 5 } }), useSensor(KeyboardSensor));
  const words = { yes: tc('record.yes'), no: tc('record.no'), empty: '' };

  if (!field) {
    return (
      <section className="board-page">
        <Typography.Title level={1}>{t('title', { object: object.label })}</Typography.Title>
        <Alert type="info" showIcon title={t('noSelect')} />
      </section>
    );
  }

  const move = async (event: DragEndEvent) => {
    const id = String(event.active.id);
    const to = event.over ? keyOf(String(event.over.id)) : undefined;
    const data = board.data;
    if (to === undefined || !data) return;
    const from = [...data.cards].find(([, cards]) => cards.some((c) => c.id === id))?.[0];
    if (from === undefined || from === to) return;
    const record = data.cards.get(from)!.find((c) => c.id === id)!;
    const column = columns.find((c) => c.key === to)!;
    const title = recordTitle(object, record);
    // The card moves at once; the save pipeline decides, and a refusal puts it back with its reason.
    client.setQueryData<BoardData>(key, (old) => old && moved(old, record, from, to));
    try {
      await recordsApi(object, objects).update(id, { [field.name]: to });
      setNotice({ type: 'success', text: t('moved', { record: title, column: column.label }) });
    } catch (e) {
      client.setQueryData<BoardData>(key, (old) => old && moved(old, record, to, from));
      setNotice({ type: 'error', text: t('refused', { record: title, column: column.label, message: e instanceof Error ? e.message : String(e) }) });
    }
    await client.invalidateQueries({ queryKey: ['records', object.name] });
  };

  return (
    <section className="board-page">
      <div className="list-header">
        <Typography.Title level={1}>{t('title', { object: object.label })}</Typography.Title>
        <Space wrap>
          <Segmented value="board" options={[{ value: 'list', label: t('list') }, { value: 'board', label: t('board') }]}
            onChange={(v) => { if (v === 'list') navigate(`/o/${object.name}`); }} />
          {fields.length > 1 && (
            <Select<string> aria-label={t('groupBy')} value={field.name} style={{ minWidth: 160 }}
              options={fields.map((f) => ({ value: f.name, label: f.label }))}
              onChange={(name) => setSearch((s) => { s.set('field', name); return s; })} />
          )}
        </Space>
      </div>
      {notice && <Alert type={notice.type} showIcon role={notice.type === 'error' ? 'alert' : 'status'} title={notice.text} closable onClose={() => setNotice(null)} className="board-notice" />}
      {board.error ? <Alert type="error" showIcon role="alert" title={board.error instanceof Error ? board.error.message : String(board.error)} /> : null}
      {board.isPending ? <PageState loading error={null} /> : board.data && (
        <DndContext sensors={sensors} onDragEnd={(e) => void move(e)}>
          <div className="board-columns" role="list" aria-label={t('title', { object: object.label })}>
            {columns.map((column) => (
              <Column key={idOf(column.key)} column={column} data={board.data!} measure={measure} language={i18n.language}
                render={(record) => <RecordCard key={record.id} record={record} object={object} draggable={object.access.update} fields={highlightFields(object).filter((f) => f.name !== field.name).slice(0, 2)} words={words} language={i18n.language} />} />
            ))}
          </div>
        </DndContext>
      )}
    </section>
  );
}

/** The board with one card moved from one column to another (counts and totals follow). */
function moved(data: BoardData, record: RecordData, from: string | null, to: string | null): BoardData {
  const cards = new Map(data.cards);
  cards.set(from, (cards.get(from) ?? []).filter((c) => c.id !== record.id));
  cards.set(to, [record, ...(cards.get(to) ?? [])]);
  const counts = new Map(data.counts);
  counts.set(from, (counts.get(from) ?? 1) - 1);
  counts.set(to, (counts.get(to) ?? 0) + 1);
  return { ...data, cards, counts };
}

function Column({ column, data, measure, language, render }: { column: BoardColumn; data: BoardData; measure: FieldMeta | undefined; language: string; render: (record: RecordData) => React.ReactNode }) {
  const { t } = useTranslation('board');
  const { setNodeRef, isOver } = useDroppable({ id: idOf(column.key) });
  const cards = data.cards.get(column.key) ?? [];
  const count = data.counts.get(column.key) ?? 0;
  const sum = data.sums.get(column.key) ?? 0;
  const total = measure ? formatValue(measure, measure.type === 'currency' ? { amount: sum, currency: measure.currencyCode ?? undefined } : sum, language, { yes: '', no: '', empty: '0' }) : null;
  return (
    <section ref={setNodeRef} className={`board-column${isOver ? ' over' : ''}`} role="listitem" aria-label={column.label} data-column={column.key ?? ''}>
      <header className="board-column-header">
        <Space size={4}>
          {column.color ? <Tag color={column.color}>{column.label}</Tag> : <Typography.Text strong>{column.label}</Typography.Text>}
          <Typography.Text type="secondary" className="board-count">{t('count', { count })}</Typography.Text>
        </Space>
        {total !== null && <Typography.Text type="secondary" className="board-total">{t('total', { field: measure!.label, value: total })}</Typography.Text>}
      </header>
      <ul className="board-cards" aria-label={column.label}>
        {cards.map(render)}
      </ul>
      {count > cards.length && <Typography.Text type="secondary">{t('more', { count: count - cards.length })}</Typography.Text>}
    </section>
  );
}

function RecordCard({ record, object, draggable, fields, words, language }: { record: RecordData; object: ObjectMeta; draggable: boolean; fields: FieldMeta[]; words: { yes: string; no: string; empty: string }; language: string }) {
  const { t } = useTranslation('board');
  const { attributes, listeners, setNodeRef, transform, isDragging } = useDraggable({ id: record.id, disabled: !draggable });
  const title = recordTitle(object, record);
  const style = transform ? { transform: `translate3d(${transform.x}px, ${transform.y}px, 0)`, zIndex: 10 } : undefined;
  return (
    <li ref={setNodeRef} style={style} className={`board-card${isDragging ? ' dragging' : ''}`} data-id={record.id}>
      <Card size="small">
        <div className="board-card-title">
          {draggable && <button type="button" className="board-handle" aria-label={t('move', { record: title })} {...attributes} {...listeners}>⠿</button>}
          <Link to={`/o/${object.name}/${record.id}`} aria-label={t('open', { record: title })}>{title}</Link>
        </div>
        {fields.map((f) => {
          const text = formatValue(f, record[f.name], language, words);
          return text ? <div key={f.name} className="board-card-field"><Typography.Text type="secondary">{f.label}: </Typography.Text>{text}</div> : null;
        })}
      </Card>
    </li>
  );
}
