import type { DefinitionProblem, FieldType } from '../field-type.ts';
import { EQUALITY, nullable, singleColumn } from '../_shared/single-column.ts';
import propertiesSchema from './timeZone.schema.json' with { type: 'json' };

/** The IANA zones this runtime names (canonical names, as Intl lists them), and UTC. */
let zones: Set<string> | undefined;
const known = (name: string): boolean => (zones ??= new Set([...Intl.supportedValuesOf('timeZone'), 'UTC'])).has(name);

const problems = (value: unknown, pointer: string): DefinitionProblem[] =>
  typeof value === 'string' && !known(value) ? [{ pointer, message: `${JSON.stringify(value)} is not an IANA time zone (such as Asia/Shanghai)` }] : [];

/**
 * An IANA time zone (`Asia/Shanghai`, `Europe/Paris`, `UTC`) in a `text` column: a contact's or a
 * site's zone, for scheduling across regions. Only the canonical names Intl lists are taken (no
 * aliases, abbreviations or offsets: one spelling per zone, so equality filters and groups are
 * exact). The studio lists them with their current offset.
 */
export const timeZone: FieldType = {
  name: 'timeZone',
  label: { en: 'Time zone', 'zh-CN': '时区' },
  propertiesSchema,
  check: (field) => problems(field.defaultValue, '/defaultValue'),
  columns: (field) => singleColumn(field, 'text'),
  valueSchema: (field) => nullable(field, { type: 'string', minLength: 1, maxLength: 64 }),
  checkValue: (value) => problems(value, ''),
  graphql: 'String',
  operators: EQUALITY,
  widget: 'timeZone',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: false, aggregates: ['countDistinct'] },
  toColumns: (value) => [value ?? null],
  fromColumns: ([value]) => value ?? null,
};
