import type { DefinitionProblem, FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { shortId } from '../../util/short-id.ts';
import propertiesSchemaFile from './manyToMany.schema.json' with { type: 'json' };
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const propertiesSchema = withApiNames(propertiesSchemaFile);

/** The junction table of the field with this id, as the model reads it (= storage's `ddlNames.junctionTable`). */
export const junctionTable = (fieldId: string): string => `mm_${shortId(fieldId)}`;

const IDS = { type: 'array', items: { type: 'string', format: 'uuid' }, maxItems: 1000 };

/** A change of a many-to-many's links: `set` replaces them all, then `add` and `remove` (each at most 1000 ids). */
export interface LinksChange {
  set?: string[];
  add?: string[];
  remove?: string[];
}

/**
 * A value as written: an array replaces the whole set of links; `{set, add, remove}` changes it
 * (nulls meaning absent, as GraphQL inputs send them). Ids are lower-cased and given once.
 */
export function linksChange(value: unknown): LinksChange {
  const norm = (ids: unknown) => (Array.isArray(ids) ? [...new Set(ids.map((id) => String(id).toLowerCase()))] : undefined);
  if (value === null) return { set: [] };
  if (Array.isArray(value)) return { set: norm(value) };
  const v = (value ?? {}) as Record<string, unknown>;
  const out: LinksChange = {};
  for (const key of ['set', 'add', 'remove'] as const) {
    const ids = norm(v[key]);
    if (ids) out[key] = ids;
  }
  return out;
}

export const isManyToMany = (field: ResolvedField): boolean => field.type === 'manyToMany';

/**
 * Links to any number of records of `target`, and from each of them back (many-to-many). It owns
 * no column: its links are rows of a junction table the field makes (metadata/apply/junctions.ts:
 * source id, target id, who linked them when; named after the field's id), read as a connection of
 * target records on the source and, on the target, as the reverse connection `relationName`
 * (model/relations.ts); filtered through the relation (`tagsSome`, `tagsNone`, `tagsEvery`).
 * Written by every write path (operations/links.ts): an array sets the whole set; `{add, remove}`
 * (or `{set}`) changes it.
 */
export const manyToMany: FieldType = {
  name: 'manyToMany',
  label: { en: 'Many-to-many', 'zh-CN': '多对多关系' },
  propertiesSchema,
  check: (field) => {
    const problems: DefinitionProblem[] = [];
    if (field.required) problems.push({ pointer: '/required', message: 'a many-to-many relation cannot be required' });
    if (field.unique) problems.push({ pointer: '/unique', message: 'a many-to-many relation cannot be unique' });
    if (field.defaultValue !== undefined) problems.push({ pointer: '/defaultValue', message: 'a many-to-many relation has no default value' });
    return problems;
  },
  columns: () => [],
  valueSchema: () => ({
    anyOf: [
      IDS,
      { type: 'null' },
      { type: 'object', additionalProperties: false, properties: { set: { anyOf: [IDS, { type: 'null' }] }, add: { anyOf: [IDS, { type: 'null' }] }, remove: { anyOf: [IDS, { type: 'null' }] } } },
    ],
  }),
  graphql: 'Links',
  operators: [],
  widget: 'manyToMany',
  // Filtered through its relation (`<field>Some/None/Every`), not as a value.
  capabilities: { sortable: false, filterable: false, groupable: false, uniqueable: false, aggregates: [] },
  links: true,
  toColumns: () => [],
  fromColumns: () => null,
};
