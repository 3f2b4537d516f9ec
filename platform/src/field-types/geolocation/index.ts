import type { FieldType } from '../field-type.ts';
import { nullable } from '../_shared/single-column.ts';
import { defaultParts, partColumn, partName } from '../_shared/part-column.ts';
import propertiesSchema from './geolocation.schema.json' with { type: 'json' };

/** A point on Earth in two `double precision` columns, `<name>__lat` and `<name>__lng` (no `<name>` column). */
export const geolocation: FieldType = {
  name: 'geolocation',
  label: { en: 'Geolocation', 'zh-CN': '地理位置' },
  propertiesSchema,
  columns: (field) => [
    partColumn(field, partName(field, 'lat'), 'lat', 'double precision', defaultParts(field)?.lat),
    partColumn(field, partName(field, 'lng'), 'lng', 'double precision', defaultParts(field)?.lng),
  ],
  valueSchema: (field) => nullable(field, {
    type: 'object',
    required: ['lat', 'lng'],
    properties: { lat: { type: 'number', minimum: -90, maximum: 90 }, lng: { type: 'number', minimum: -180, maximum: 180 } },
    additionalProperties: false,
  }),
  graphql: 'GeoPoint',
  operators: ['isNull', 'within'],
  widget: 'geolocation',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  outputSql: ([a, b]) => `case when ${a} is null then null else json_build_object('lat', ${a}, 'lng', ${b}) end`,
  toColumns: (value) => {
    if (value === null || value === undefined) return [null, null];
    const { lat, lng } = value as { lat: number; lng: number };
    return [lat, lng];
  },
  fromColumns: ([lat, lng]) =>
    lat === null || lat === undefined || lng === null || lng === undefined ? null : { lat: Number(lat), lng: Number(lng) },
};
