import type { FieldType } from '../field-type.ts';
import { nullable, notValidAs, ORDERED, singleColumn } from '../_shared/single-column.ts';
import propertiesSchema from './ipAddress.schema.json' with { type: 'json' };

/**
 * An IPv4 or IPv6 host address in an `inet` column: PostgreSQL checks it, compares it as an
 * address (10.0.0.9 < 10.0.0.10, unlike text) and reads it back in its canonical form (IPv6 lower
 * case and shortened: `2001:DB8:0::1` → `2001:db8::1`), which is the form filters compare.
 */
export const ipAddress: FieldType = {
  name: 'ipAddress',
  label: { en: 'IP address', 'zh-CN': 'IP 地址' },
  propertiesSchema,
  columns: (field) => singleColumn(field, 'inet'),
  valueSchema: (field) => nullable(field, { type: 'string', anyOf: [{ format: 'ipv4' }, { format: 'ipv6' }] }),
  graphql: 'String',
  // An inet's text carries its netmask (`10.0.0.1/32`); host() is the address as the API reads it.
  expressionRead: (column) => `host(${column})`,
  operators: ORDERED,
  widget: 'ipAddress',
  capabilities: { sortable: true, filterable: true, groupable: true, uniqueable: true, aggregates: ['countDistinct', 'min', 'max'] },
  rejectsText: (_field, value) => notValidAs(value, 'inet'),
  toColumns: (value) => [value ?? null],
  fromColumns: ([value]) => (value === null || value === undefined ? null : String(value)),
};
