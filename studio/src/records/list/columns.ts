import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';

export interface Column {
  field: FieldMeta;
  width: number;
}

const DEFAULT_COUNT = 6;
const WIDE = new Set(['longText', 'richText', 'json', 'multiSelect', 'markdown', 'tags', 'emails', 'phones', 'links']);

/** The columns of a list: a saved view's, else the object's listColumns, else its first fields. */
export function listColumns(object: ObjectMeta, chosen?: string[] | null): Column[] {
  const byName = new Map(object.fields.map((f) => [f.name, f]));
  const spec = chosen?.length
    ? chosen.map((field) => ({ field, width: undefined as number | undefined }))
    : object.listColumns?.length ? object.listColumns : object.fields.slice(0, DEFAULT_COUNT).map((f) => ({ field: f.name, width: undefined }));
  return spec.flatMap((c) => {
    const field = byName.get(c.field);
    return field ? [{ field, width: c.width ?? (WIDE.has(field.type) ? 260 : 180) }] : [];
  });
}
