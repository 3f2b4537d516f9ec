import { compositeType } from '../_shared/composite.ts';
import propertiesSchema from './address.schema.json' with { type: 'json' };

const line = (maxLength: number) => ({ type: 'string', maxLength });

/**
 * A postal address in five text columns (`<name>__street`, `__city`, `__region`, `__postalCode`,
 * `__country`, the country an ISO 3166-1 alpha-2 code); each part filters as text
 * (`{address: {city: {eq: "Paris"}, postalCode: {startsWith: "75"}}}`). A required address needs
 * a city and a country; the other parts stay optional (many addresses have no region or postcode).
 */
export const address = compositeType({
  name: 'address',
  label: { en: 'Address', 'zh-CN': '地址' },
  propertiesSchema,
  typeName: 'Address',
  widget: 'address',
  parts: [
    { name: 'street', type: 'text', schema: line(500) },
    { name: 'city', type: 'text', required: true, schema: line(200) },
    { name: 'region', type: 'text', schema: line(200) },
    { name: 'postalCode', type: 'text', schema: line(20) },
    { name: 'country', type: 'text', required: true, schema: { type: 'string', pattern: '^[A-Z]{2}$' } },
  ],
});
