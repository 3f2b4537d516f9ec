import { ArrowDownOutlined, ArrowUpOutlined, DeleteOutlined } from '../../../ui/design/icons.tsx';
import { useDroppable } from '@dnd-kit/core';
import { Button, Input } from 'antd';
import { SortableContext, rectSortingStrategy } from '@dnd-kit/sortable';
import { useTranslation } from 'react-i18next';
import { ErrorText } from '../ErrorText.tsx';
import { Select } from '../../../ui/design/Select.tsx';
import { LayoutItem } from './LayoutItem.tsx';
import type { EditorSection } from './layout-model.ts';
import type { LayoutActions } from './LayoutTab.tsx';

interface Props {
  section: EditorSection;
  index: number;
  sections: EditorSection[];
  labelOf: (field: string) => string;
  sectionName: (i: number) => string;
  errorAt: (pointer: string) => string | undefined;
  actions: LayoutActions;
}

/** One form section: label (en, zh-CN), columns, order and removal, and its fields as a drop target. */
export function SectionCard({ section, index, sections, labelOf, sectionName, errorAt, actions }: Props) {
  const { t } = useTranslation('setup');
  const { setNodeRef, isOver } = useDroppable({ id: `section:${section.key}` });
  const n = index + 1;
  const base = `/layout/sections/${index}`;
  const id = `section-${section.key}`;
  const input = (locale: 'en' | 'zh-CN', text: string) => {
    const error = errorAt(`${base}/label${locale === 'en' ? '' : '/zh-CN'}`) ?? (locale === 'en' ? errorAt(`${base}/label/en`) : undefined);
    return (
      <div className="form-row">
        <label htmlFor={`${id}-label-${locale}`}>{text}</label>
        <Input id={`${id}-label-${locale}`} value={section.label[locale] ?? ''} onChange={(e) => actions.updateSection(index, { label: { ...section.label, [locale]: e.target.value } })}
          aria-invalid={error ? true : undefined} status={error ? 'error' : undefined} aria-describedby={error ? `${id}-label-${locale}-error` : undefined} />
        <ErrorText id={`${id}-label-${locale}-error`} message={error} />
      </div>
    );
  };
  const columnsError = errorAt(`${base}/columns`);
  return (
    <section className="layout-section" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('layout.sectionHeading', { n, label: sectionName(index) })}</h3>
      <div className="layout-section-head">
        {input('en', t('layout.sectionLabel', { n }))}
        {input('zh-CN', t('layout.sectionLabelZh', { n }))}
        <div className="form-row">
          <label htmlFor={`${id}-columns`}>{t('layout.sectionColumns', { n })}</label>
          <Select<number> id={`${id}-columns`} value={section.columns} onChange={(columns) => actions.updateSection(index, { columns })} aria-invalid={columnsError ? true : undefined}
            options={[1, 2, 3].map((c) => ({ value: c, label: String(c) }))} />
          <ErrorText id={`${id}-columns-error`} message={columnsError} />
        </div>
        <Button icon={<ArrowUpOutlined />} onClick={() => actions.moveSection(index, -1)} disabled={index === 0} aria-label={t('layout.moveSectionUp', { n })} />
        <Button icon={<ArrowDownOutlined />} onClick={() => actions.moveSection(index, 1)} disabled={index === sections.length - 1} aria-label={t('layout.moveSectionDown', { n })} />
        <Button danger icon={<DeleteOutlined />} onClick={() => actions.removeSection(index)} aria-label={t('layout.removeSection', { n })} />
      </div>
      <SortableContext id={`section:${section.key}`} items={section.fields.map((f) => f.field)} strategy={rectSortingStrategy}>
        <ul ref={setNodeRef} className={`layout-drop cols-${section.columns}${isOver ? ' over' : ''}`} aria-label={sectionName(index)}>
          {section.fields.length === 0 && <li className="hint">{t('layout.emptySection')}</li>}
          {section.fields.map((entry, i) => (
            <LayoutItem key={entry.field} entry={entry} label={labelOf(entry.field)} sections={sections} section={index} index={i} count={section.fields.length}
              error={errorAt(`${base}/fields/${i}`)} errorId={`${id}-field-${i}-error`} sectionName={sectionName}
              onShift={(by) => actions.shiftField(entry.field, by)} onMoveTo={(s) => actions.placeField(entry.field, s)}
              onUnplace={() => actions.unplaceField(entry.field)} onToggle={(flag) => actions.toggleFlag(entry.field, flag)} />
          ))}
        </ul>
      </SortableContext>
    </section>
  );
}
