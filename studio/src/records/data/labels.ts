import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';

/** A label as metadata stores it (a string, or a map of languages), in the UI language. */
export function localizedLabel(label: string | Record<string, string> | undefined, language: string): string | undefined {
  if (label === undefined || typeof label === 'string') return label;
  return label[language] ?? label[language.replace('-', '_')] ?? label.en ?? Object.values(label)[0];
}

const NAME_TYPES = new Set(['text', 'email', 'phone', 'url', 'uuid']);

/** The field that names an object's records: `name` when there is one, else its first text-like field. */
export function nameField(object: ObjectMeta): FieldMeta | undefined {
  return object.fields.find((f) => f.name === 'name' && NAME_TYPES.has(f.type)) ?? object.fields.find((f) => NAME_TYPES.has(f.type));
}

/** How a record is called in the UI: its name field's value, else its id. */
export function recordTitle(object: ObjectMeta, record: Record<string, unknown> | null | undefined): string {
  if (!record) return '';
  const field = nameField(object);
  const value = field ? record[field.name] : undefined;
  return typeof value === 'string' && value !== '' ? value : String(record.id ?? '');
}
