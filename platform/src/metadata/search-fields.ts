import { fieldType, hasFieldType } from '../field-types/registry.ts';
import type { ResolvedField } from './definitions.ts';

/** Types a record can be called by: one line of text. */
const TITLE_TYPES = new Set(['text', 'email', 'phone', 'url']);

const canSearch = (field: ResolvedField) => hasFieldType(field.type) && fieldType(field.type).capabilities.searchable === true;

/**
 * The field that names an object's records (search hits, lookups and history show it): `name` when
 * it is one line of text, else the first text, e-mail, phone or URL field; none when it has none.
 * The studio names records the same way.
 */
export function titleField(object: { fields: readonly ResolvedField[] }): ResolvedField | undefined {
  const isTitle = (f: ResolvedField) => TITLE_TYPES.has(f.type);
  return object.fields.find((f) => f.name === 'name' && isTitle(f)) ?? object.fields.find(isTitle);
}

/**
 * The fields global search matches, in field order: the title field unless it says
 * `searchable: false`, and every field of a searchable type (text, longText, email, phone, url)
 * flagged `searchable: true`. Each has a trigram index (`sr_<field id>`), kept by the metadata engine.
 */
export function searchFields(object: { fields: readonly ResolvedField[] }): ResolvedField[] {
  const title = titleField(object);
  return object.fields.filter((f) => canSearch(f) && (f.searchable === true || (f === title && f.searchable !== false)));
}
