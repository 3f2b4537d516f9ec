import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { localizedLabel } from '../data/labels.ts';

export interface FormField {
  meta: FieldMeta;
  /** Required by the field's definition or by the layout. */
  required: boolean;
  readOnly: boolean;
  /** Creating, and the server computes the value when the input leaves it out (a default expression): an empty input is not sent. */
  serverDefault?: boolean;
}

export interface FormSection {
  label: string | undefined;
  columns: number;
  fields: FormField[];
}

/**
 * The object's layout as sections of resolved fields; without a layout, one two-column section of every
 * field. `creating`: the form makes a new record, so a required field with a default expression may be
 * left empty (the form leaves empty inputs out of a create, and the server fills it).
 */
export function formSections(object: ObjectMeta, language: string, { creating = false }: { creating?: boolean } = {}): FormSection[] {
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const alwaysRequired = (meta: FieldMeta) => (meta.required && !(creating && filledByServer(meta))) || meta.type === 'masterDetail';
  if (!object.layout?.sections?.length) {
    return [{ label: undefined, columns: 2, fields: object.fields.map((meta) => ({ meta, required: alwaysRequired(meta), readOnly: assigned(meta), serverDefault: creating && filledByServer(meta) })) }];
  }
  return object.layout.sections.map((s) => ({
    label: localizedLabel(s.label, language),
    columns: Math.min(Math.max(s.columns ?? 2, 1), 4),
    fields: s.fields.flatMap((lf) => {
      const meta = byName.get(lf.field);
      return meta ? [{ meta, required: alwaysRequired(meta) || (lf.required === true && !(creating && filledByServer(meta))), readOnly: lf.readOnly === true || assigned(meta), serverDefault: creating && filledByServer(meta) }] : [];
    }),
  }));
}

/** Values the platform assigns (an auto-number) are shown, never edited nor sent. */
// The platform assigns (auto-numbers) or computes (formulas) the value: shown, never sent.
const assigned = (meta: FieldMeta) => meta.capabilities.readOnly === true || meta.definition?.type === 'formula';

/** A field whose value the server computes on create when the input leaves it out (`defaultExpression`). masterDetail is always required. */
const filledByServer = (meta: FieldMeta) => typeof meta.definition?.defaultExpression === 'string' && meta.definition.defaultExpression !== '';

export const formFields = (sections: FormSection[]): FormField[] => sections.flatMap((s) => s.fields);
