import { HolderOutlined } from '../../../ui/design/icons.tsx';
import { useDroppable } from '@dnd-kit/core';
import { SortableContext, useSortable, verticalListSortingStrategy } from '@dnd-kit/sortable';
import { Button, Card } from 'antd';
import { useState } from 'react';
import { Select } from '../../../ui/design/Select.tsx';
import { useTranslation } from 'react-i18next';
import type { EditorSection } from './layout-model.ts';

function PaletteItem({ field, label, sections, sectionName, onPlace }: { field: string; label: string; sections: EditorSection[]; sectionName: (i: number) => string; onPlace: (section: number) => void }) {
  const { t } = useTranslation('setup');
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id: field });
  const [section, setSection] = useState(0);
  const style = { transform: transform ? `translate3d(${Math.round(transform.x)}px, ${Math.round(transform.y)}px, 0)` : undefined, transition };
  const id = `palette-${field}`;
  return (
    <li ref={setNodeRef} style={style} className={`layout-item${isDragging ? ' dragging' : ''}`} data-field={field}>
      <Button type="text" size="small" className="drag-handle" icon={<HolderOutlined />} ref={setActivatorNodeRef} {...attributes} {...listeners} aria-label={t('layout.drag', { label })} />
      <span className="name">{label}</span>
      {sections.length > 0 && (
        <>
          <label htmlFor={`${id}-section`} className="visually-hidden">{t('layout.placeIn', { label })}</label>
          <Select<number> id={`${id}-section`} size="small" value={Math.min(section, sections.length - 1)} onChange={setSection} options={sections.map((s, i) => ({ value: i, label: sectionName(i) }))} />
          <Button size="small" onClick={() => onPlace(Math.min(section, sections.length - 1))}>{t('layout.place', { label })}</Button>
        </>
      )}
    </li>
  );
}

/** The fields not on the form: drag them into a section, or choose a section and place them. */
export function Palette({ fields, labelOf, sections, sectionName, onPlace }: { fields: string[]; labelOf: (f: string) => string; sections: EditorSection[]; sectionName: (i: number) => string; onPlace: (field: string, section: number) => void }) {
  const { t } = useTranslation('setup');
  const { setNodeRef } = useDroppable({ id: 'palette' });
  return (
    <aside className="layout-palette" aria-labelledby="palette-title">
      <Card size="small" title={<h3 id="palette-title" className="card-heading">{t('layout.palette')}</h3>}>
      <SortableContext id="palette" items={fields} strategy={verticalListSortingStrategy}>
        <ul ref={setNodeRef} className="layout-drop" aria-labelledby="palette-title">
          {fields.length === 0 && <li className="hint">{t('layout.paletteEmpty')}</li>}
          {fields.map((f) => <PaletteItem key={f} field={f} label={labelOf(f)} sections={sections} sectionName={sectionName} onPlace={(s) => onPlace(f, s)} />)}
        </ul>
      </SortableContext>
      </Card>
    </aside>
  );
}
