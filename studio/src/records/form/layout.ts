import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { localizedLabel } from '../data/labels.ts';

export interface FormField {
  meta: FieldMeta;
  /** Required by the field's definition or by the layout. */
  required: boolean;
  readOnly: boolean;
}

export interface FormSection {
  label: string | undefined;
  columns: number;
  fields: FormField[];
}

/** The object's layout as sections of resolved fields; without a layout, one two-column section of every field. */
export function formSections(object: ObjectMeta, language: string): FormSection[] {
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  if (!object.layout?.sections?.length) {
    return [{ label: undefined, columns: 2, fields: object.fields.map((meta) => ({ meta, required: alwaysRequired(meta), readOnly: assigned(meta) })) }];
  }
  return object.layout.sections.map((s) => ({
    label: localizedLabel(s.label, language),
    columns: Math.min(Math.max(s.columns ?? 2, 1), 4),
    fields: s.fields.flatMap((lf) => {
      const meta = byName.get(lf.field);
      return meta ? [{ meta, required: alwaysRequired(meta) || lf.required === true, readOnly: lf.readOnly === true || assigned(meta) }] : [];
    }),
  }));
}

/** Values the platform assigns (an auto-number) are shown, never edited nor sent. */
// The platform assigns (auto-numbers) or computes (formulas) the value: shown, never sent.
const assigned = (meta: FieldMeta) => meta.capabilities.readOnly === true || meta.definition?.type === 'formula';

/** masterDetail is always required (a detail cannot exist without its master). */
const alwaysRequired = (meta: FieldMeta) => meta.required || meta.type === 'masterDetail';

export const formFields = (sections: FormSection[]): FormField[] => sections.flatMap((s) => s.fields);
