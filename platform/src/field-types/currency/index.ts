import type { FieldType } from '../field-type.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { nullable, ORDERED } from '../_shared/single-column.ts';
import { checkScale, numericBound, numericSqlType } from '../_shared/numeric.ts';
import { defaultParts, partColumn, partName } from '../_shared/part-column.ts';
import propertiesSchema from './currency.schema.json' with { type: 'json' };

const code = (field: ResolvedField): string => field.currencyCode ?? 'USD';

/** A money amount in two columns: `<name>` numeric(p, s) and `<name>__currency` (ISO 4217 code). */
export const currency: FieldType = {
  name: 'currency',
  label: { en: 'Currency', 'zh-CN': '货币' },
  propertiesSchema,
  resolve: (field) => ({ precision: 18, scale: 2, currencyCode: 'USD', ...field }),
  check: checkScale,
  columns: (field) => [
    partColumn(field, field.name, 'amount', numericSqlType(field), defaultParts(field)?.amount),
    partColumn(field, partName(field, 'currency'), 'currency', 'text', defaultParts(field)?.currency ?? code(field)),
  ],
  valueSchema: (field) => nullable(field, {
    type: 'object',
    required: ['amount'],
    properties: {
      amount: { type: 'number', exclusiveMinimum: -numericBound(field), exclusiveMaximum: numericBound(field) },
      currency: { type: 'string', pattern: '^[A-Z]{3}$' },
    },
    additionalProperties: false,
  }),
  graphql: 'Currency',
  operators: ORDERED,
  widget: 'currency',
  capabilities: { sortable: true, filterable: true, groupable: false, uniqueable: false, aggregates: ['sum', 'avg', 'min', 'max'] },
  outputSql: ([a, b]) => `case when ${a} is null then null else json_build_object('amount', ${a}, 'currency', ${b}) end`,
  toColumns: (value, field) => {
    if (value === null || value === undefined) return [null, null];
    const { amount, currency } = value as { amount: number; currency?: string };
    return [amount ?? null, currency ?? code(field)];
  },
  fromColumns: ([amount, currency], field) =>
    amount === null || amount === undefined ? null : { amount: Number(amount), currency: currency ?? code(field) },
};
