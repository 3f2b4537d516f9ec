import type { ObjectMeta } from '../../../api/metadata.ts';

/** A field placed on the form, with this form's own tightening. */
export interface PlacedField { field: string; required?: boolean; readOnly?: boolean }

/** A section as the editor holds it: a stable key for drag and drop, labels by locale, 1–3 columns. */
export interface EditorSection { key: string; label: Record<string, string>; columns: number; fields: PlacedField[] }
export interface ListColumn { field: string; width?: number }
export interface LayoutState { sections: EditorSection[]; columns: ListColumn[]; hadColumns: boolean }

/** System fields a list may show as columns. */
export const SYSTEM_COLUMNS = ['createdAt', 'updatedAt', 'ownerId'] as const;

let next = 0;
export const newKey = () => `s${++next}`;

function labelMap(label: unknown): Record<string, string> {
  if (typeof label === 'string') return { en: label };
  return { ...((label ?? {}) as Record<string, string>) };
}

/** The object's layout and list columns as editor state; without a layout, one two-column section with every field. */
export function fromObject(object: ObjectMeta): LayoutState {
  const sections = object.layout
    ? object.layout.sections.map((s) => ({ key: newKey(), label: labelMap(s.label), columns: s.columns ?? 2, fields: s.fields.map((f) => ({ ...f })) }))
    : [{ key: newKey(), label: {}, columns: 2, fields: object.fields.map((f) => ({ field: f.name })) }];
  return { sections, columns: (object.listColumns ?? []).map((c) => ({ ...c })), hadColumns: object.listColumns !== null };
}

/** The updateObject input: `{layout, listColumns}` (list columns only once there are some, or there were). */
export function toInput(state: LayoutState): Record<string, unknown> {
  const layout = {
    sections: state.sections.map((s) => {
      const label = Object.fromEntries(Object.entries(s.label).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v));
      return {
        ...(Object.keys(label).length ? { label } : {}),
        columns: s.columns,
        fields: s.fields.map((f) => ({ field: f.field, ...(f.required ? { required: true } : {}), ...(f.readOnly ? { readOnly: true } : {}) })),
      };
    }),
  };
  const input: Record<string, unknown> = { layout };
  if (state.columns.length || state.hadColumns) input.listColumns = state.columns.map((c) => ({ field: c.field, ...(c.width !== undefined ? { width: c.width } : {}) }));
  return input;
}

export const placedNames = (state: LayoutState) => new Set(state.sections.flatMap((s) => s.fields.map((f) => f.field)));

/** The section holding a field, as its index, or -1 (not placed). */
export const sectionOf = (state: LayoutState, field: string) => state.sections.findIndex((s) => s.fields.some((f) => f.field === field));

function without(state: LayoutState, field: string): { sections: EditorSection[]; entry: PlacedField } {
  let entry: PlacedField = { field };
  const sections = state.sections.map((s) => {
    const found = s.fields.find((f) => f.field === field);
    if (!found) return s;
    entry = found;
    return { ...s, fields: s.fields.filter((f) => f.field !== field) };
  });
  return { sections, entry };
}

/** Puts a field (placed or not) into a section at an index (default: the end). */
export function placeField(state: LayoutState, field: string, section: number, index?: number): LayoutState {
  const { sections, entry } = without(state, field);
  return {
    ...state,
    sections: sections.map((s, i) => {
      if (i !== section) return s;
      const fields = [...s.fields];
      fields.splice(index === undefined ? fields.length : Math.max(0, Math.min(index, fields.length)), 0, entry);
      return { ...s, fields };
    }),
  };
}

export const unplaceField = (state: LayoutState, field: string): LayoutState => ({ ...state, sections: without(state, field).sections });

/** Moves a field up (-1) or down (+1) within its section. */
export function shiftField(state: LayoutState, field: string, by: -1 | 1): LayoutState {
  const s = sectionOf(state, field);
  if (s < 0) return state;
  const index = state.sections[s].fields.findIndex((f) => f.field === field);
  const to = index + by;
  if (to < 0 || to >= state.sections[s].fields.length) return state;
  return placeField(state, field, s, to);
}

export function toggleFlag(state: LayoutState, field: string, flag: 'required' | 'readOnly'): LayoutState {
  return { ...state, sections: state.sections.map((s) => ({ ...s, fields: s.fields.map((f) => (f.field === field ? { ...f, [flag]: !f[flag] } : f)) })) };
}

export const addSection = (state: LayoutState, label: string): LayoutState =>
  ({ ...state, sections: [...state.sections, { key: newKey(), label: { en: label }, columns: 2, fields: [] }] });

/** Removes a section; its fields go back to the unplaced fields. */
export const removeSection = (state: LayoutState, index: number): LayoutState => ({ ...state, sections: state.sections.filter((_, i) => i !== index) });

export function moveSection(state: LayoutState, index: number, by: -1 | 1): LayoutState {
  const to = index + by;
  if (to < 0 || to >= state.sections.length) return state;
  const sections = [...state.sections];
  const [moved] = sections.splice(index, 1);
  sections.splice(to, 0, moved);
  return { ...state, sections };
}

export const updateSection = (state: LayoutState, index: number, change: Partial<Pick<EditorSection, 'label' | 'columns'>>): LayoutState =>
  ({ ...state, sections: state.sections.map((s, i) => (i === index ? { ...s, ...change } : s)) });

export const addColumn = (state: LayoutState, field: string): LayoutState =>
  (state.columns.some((c) => c.field === field) ? state : { ...state, columns: [...state.columns, { field }] });
export const removeColumn = (state: LayoutState, field: string): LayoutState => ({ ...state, columns: state.columns.filter((c) => c.field !== field) });
export function moveColumn(state: LayoutState, from: number, to: number): LayoutState {
  if (to < 0 || to >= state.columns.length || from === to) return state;
  const columns = [...state.columns];
  const [moved] = columns.splice(from, 1);
  columns.splice(to, 0, moved);
  return { ...state, columns };
}
export const setColumnWidth = (state: LayoutState, field: string, width: number | undefined): LayoutState =>
  ({ ...state, columns: state.columns.map((c) => (c.field === field ? { field: c.field, ...(width !== undefined ? { width } : {}) } : c)) });
