import { closestCorners, DndContext, KeyboardSensor, PointerSensor, useSensor, useSensors, type DragEndEvent, type DragOverEvent } from '@dnd-kit/core';
import { sortableKeyboardCoordinates } from '@dnd-kit/sortable';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useInvalidateMetadata, type ObjectMeta } from '../../../api/metadata.ts';
import { updateObject } from '../api.ts';
import { FormAlert } from '../ErrorText.tsx';
import { serverErrors } from '../errors.ts';
import * as model from './layout-model.ts';
import { ListColumnsEditor } from './ListColumnsEditor.tsx';
import { Palette } from './Palette.tsx';
import { SectionCard } from './SectionCard.tsx';

export interface LayoutActions {
  updateSection: (index: number, change: Partial<Pick<model.EditorSection, 'label' | 'columns'>>) => void;
  moveSection: (index: number, by: -1 | 1) => void;
  removeSection: (index: number) => void;
  shiftField: (field: string, by: -1 | 1) => void;
  placeField: (field: string, section: number, index?: number) => void;
  unplaceField: (field: string) => void;
  toggleFlag: (field: string, flag: 'required' | 'readOnly') => void;
}

/** The form layout editor (sections, fields dragged between them and from the palette) and the list columns editor. */
export function LayoutTab({ object }: { object: ObjectMeta }) {
  const { t, i18n } = useTranslation('setup');
  const invalidate = useInvalidateMetadata();
  const [state, setState] = useState(() => model.fromObject(object));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [general, setGeneral] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [saving, setSaving] = useState(false);
  const sensors = useSensors(useSensor(PointerSensor, { activationConstraint: { distance: 4 } }), useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }));

  const change = (next: (s: model.LayoutState) => model.LayoutState) => {
    setState(next);
    setErrors({});
    setStatus('');
  };
  const actions: LayoutActions = {
    updateSection: (i, c) => change((s) => model.updateSection(s, i, c)),
    moveSection: (i, by) => change((s) => model.moveSection(s, i, by)),
    removeSection: (i) => change((s) => model.removeSection(s, i)),
    shiftField: (f, by) => change((s) => model.shiftField(s, f, by)),
    placeField: (f, section, index) => change((s) => model.placeField(s, f, section, index)),
    unplaceField: (f) => change((s) => model.unplaceField(s, f)),
    toggleFlag: (f, flag) => change((s) => model.toggleFlag(s, f, flag)),
  };

  const byName = new Map(object.fields.map((f) => [f.name, f.label]));
  const labelOf = (name: string) => byName.get(name) ?? t('layout.systemField', { name });
  const sectionName = (i: number) => {
    const label = state.sections[i]?.label ?? {};
    return label[i18n.language] || label.en || Object.values(label)[0] || t('fields.usagePanel.untitledSection', { n: i + 1 });
  };
  const placed = model.placedNames(state);
  const unplaced = object.fields.map((f) => f.name).filter((n) => !placed.has(n));

  // Drag and drop across containers: `section:<key>` or `palette`; items are field names.
  const containerOf = (id: string) => {
    if (id === 'palette' || id.startsWith('section:')) return id;
    const s = model.sectionOf(state, id);
    return s >= 0 ? `section:${state.sections[s].key}` : 'palette';
  };
  const sectionIndex = (container: string) => state.sections.findIndex((s) => `section:${s.key}` === container);
  const dropAt = (active: string, overId: string, sameContainerOnly: boolean) => {
    const from = containerOf(active);
    const to = containerOf(overId);
    if (sameContainerOnly !== (from === to)) return;
    if (to === 'palette') {
      if (from !== 'palette') actions.unplaceField(active);
      return;
    }
    const s = sectionIndex(to);
    const index = overId === to ? undefined : state.sections[s].fields.findIndex((f) => f.field === overId);
    actions.placeField(active, s, index);
  };
  const onDragOver = ({ active, over }: DragOverEvent) => { if (over) dropAt(String(active.id), String(over.id), false); };
  const onDragEnd = ({ active, over }: DragEndEvent) => { if (over && active.id !== over.id) dropAt(String(active.id), String(over.id), true); };

  const save = async () => {
    setSaving(true);
    setGeneral([]);
    setStatus('');
    try {
      await updateObject(object.name, model.toInput(state));
      await invalidate();
      setStatus(t('layout.saved'));
    } catch (error) {
      const known = (p: string) => /^\/layout\/sections\/\d+(\/(label(\/.+)?|columns|fields\/\d+))?$/.test(p) || /^\/listColumns\/\d+(\/(width|field))?$/.test(p);
      const { byPointer, general: rest } = serverErrors(error, known);
      setErrors(byPointer);
      setGeneral(rest);
    } finally {
      setSaving(false);
    }
  };
  const errorAt = (pointer: string) => errors[pointer];

  return (
    <div>
      <FormAlert title={t('errors.title')} messages={general} />
      <h2>{t('layout.title')}</h2>
      <div className="toolbar">
        <Button type="primary" onClick={save} loading={saving}>{saving ? t('layout.saving') : t('layout.save')}</Button>
        <Button onClick={() => { setState(model.fromObject(object)); setErrors({}); setGeneral([]); }}>{t('layout.reset')}</Button>
        <Button onClick={() => change((s) => model.addSection(s, t('layout.newSection')))}>{t('layout.addSection')}</Button>
        <Typography.Text role="status" type="success" className="status">{status}</Typography.Text>
      </div>
      <DndContext sensors={sensors} collisionDetection={closestCorners} onDragOver={onDragOver} onDragEnd={onDragEnd}>
        <div className="layout-editor">
          <div>
            {state.sections.map((section, i) => (
              <SectionCard key={section.key} section={section} index={i} sections={state.sections} labelOf={labelOf} sectionName={sectionName} errorAt={errorAt} actions={actions} />
            ))}
          </div>
          <Palette fields={unplaced} labelOf={labelOf} sections={state.sections} sectionName={sectionName} onPlace={(f, s) => actions.placeField(f, s)} />
        </div>
      </DndContext>
      <ListColumnsEditor columns={state.columns} choices={[...object.fields.map((f) => f.name), ...model.SYSTEM_COLUMNS]} labelOf={labelOf} errorAt={errorAt}
        onAdd={(f) => change((s) => model.addColumn(s, f))} onRemove={(f) => change((s) => model.removeColumn(s, f))}
        onMove={(from, to) => change((s) => model.moveColumn(s, from, to))} onWidth={(f, w) => change((s) => model.setColumnWidth(s, f, w))} />
    </div>
  );
}
