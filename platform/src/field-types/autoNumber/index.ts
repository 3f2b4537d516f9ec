import type { FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { nullable, passThrough, TEXTUAL } from '../_shared/single-column.ts';
import { datePartsAt, parseFormat, periodKey, render, type ParsedFormat } from './format.ts';
import { fillSql, reserve } from './counters.ts';
import propertiesSchema from './autoNumber.schema.json' with { type: 'json' };

const parsedFormats = new Map<string, ParsedFormat>();

/** The field's parsed format (checked when the field was saved, so it parses). */
function formatOf(field: ResolvedField): ParsedFormat {
  const format = String(field.format ?? '');
  let parsed = parsedFormats.get(format);
  if (!parsed) {
    const result = parseFormat(format);
    if (!result.parsed) throw new Error(`${field.name}: invalid auto-number format ${JSON.stringify(format)}`);
    parsed = result.parsed;
    if (parsedFormats.size > 1000) parsedFormats.clear();
    parsedFormats.set(format, parsed);
  }
  return parsed;
}

/**
 * A number the platform gives each new record, e.g. `INV-2026-00042` (format.ts), stored as `text`
 * under a unique index. Clients and scripts never write it (`readOnly`); a create reserves its
 * batch's numbers, consecutive in input order, with one statement on the field's counter
 * (counters.ts: gapless, never reused, creates of one counter serialised). Adding the field to an
 * object with records numbers them in (createdAt, id) order.
 */
export const autoNumber: FieldType = {
  name: 'autoNumber',
  label: { en: 'Auto-number', 'zh-CN': '自动编号' },
  propertiesSchema,
  // Always unique; `required` is left as authored so that check() can refuse it.
  resolve: (field) => ({ ...field, unique: true }),
  check: (field) => [
    // A missing or non-string format is the properties schema's to report.
    ...(typeof field.format === 'string' ? parseFormat(field.format).problems : []),
    ...(field.required ? [{ pointer: '/required', message: 'an auto-number is assigned by the platform: it is never given, so it cannot be required' }] : []),
    ...(field.defaultValue !== undefined ? [{ pointer: '/defaultValue', message: 'an auto-number has no default: the platform assigns it' }] : []),
  ],
  // NOT NULL: every record has its number (existing ones are numbered when the field is added).
  columns: (field) => [{ column: field.name, sqlType: 'text', notNull: true }],
  valueSchema: (field) => nullable(field, { type: 'string', maxLength: 255 }),
  graphql: 'String',
  operators: TEXTUAL,
  widget: 'autoNumber',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: true, searchable: true, readOnly: true, aggregates: ['countDistinct', 'min', 'max'] },
  assign: {
    async next(field, target, count) {
      const parsed = formatOf(field);
      const date = datePartsAt(target.now, target.timeZone);
      const first = await reserve(target.db, target.schema, target.fieldId, periodKey(parsed.period, date), count);
      return Array.from({ length: count }, (_, i) => render(parsed, first + i, date));
    },
    fillSql: (field, target) => fillSql(formatOf(field), field.name, target),
  },
  ...passThrough,
};
