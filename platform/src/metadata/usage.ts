import type { TenantCatalog } from './catalog.ts';
import { referencesTo } from './catalog.ts';
import type { LabelInput } from './label.ts';

/** Where one field of an object is used in the metadata: what deleting or renaming it would touch. */
export interface FieldUsage {
  object: string;
  field: string;
  /** The form layout sections that place the field (index in the layout, and label). */
  layoutSections: { section: number; label: LabelInput | null; required: boolean; readOnly: boolean }[];
  /** Its place among the list columns (0-based), or null. */
  listColumn: number | null;
  /** The object's composite indexes over the field. */
  indexes: string[];
  /** Lookups and master-detail fields of any object that target the field's object. */
  lookups: { object: string; field: string }[];
}

/** The usage of `object.field`, derived from the live catalog; null when there is no such field. */
export function fieldUsage(catalog: TenantCatalog, object: string, field: string): FieldUsage | null {
  const holder = catalog.objects.get(object);
  if (!holder || !holder.fields.has(field)) return null;
  const definition = holder.definition;
  const layoutSections: FieldUsage['layoutSections'] = [];
  definition.layout?.sections.forEach((section, i) => {
    const entry = section.fields.find((e) => e.field === field);
    if (entry) layoutSections.push({ section: i, label: section.label ?? null, required: entry.required === true, readOnly: entry.readOnly === true });
  });
  const column = definition.listColumns?.findIndex((c) => c.field === field) ?? -1;
  return {
    object,
    field,
    layoutSections,
    listColumn: column >= 0 ? column : null,
    indexes: definition.indexes.filter((i) => i.fields.includes(field)).map((i) => i.name),
    lookups: referencesTo(catalog, object),
  };
}
