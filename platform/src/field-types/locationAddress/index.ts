import { compositeType } from '../_shared/composite.ts';
import propertiesSchema from './locationAddress.schema.json' with { type: 'json' };

/**
 * A place: a point (`<name>__lat`, `<name>__lng`, double precision, as geolocation's) with the
 * address as people read it (`<name>__address`, text). Filters: `within: {lat, lng, km}` (the
 * geolocation filter: a bounding box on the columns, then the haversine distance), and each part.
 */
export const locationAddress = compositeType({
  name: 'locationAddress',
  label: { en: 'Location with address', 'zh-CN': '位置与地址' },
  propertiesSchema,
  typeName: 'LocationAddress',
  widget: 'locationAddress',
  // lat and lng first: the `within` filter reads the first two columns, as geolocation's.
  parts: [
    { name: 'lat', type: 'number', required: true, schema: { type: 'number', minimum: -90, maximum: 90 } },
    { name: 'lng', type: 'number', required: true, schema: { type: 'number', minimum: -180, maximum: 180 } },
    { name: 'address', type: 'text', schema: { type: 'string', maxLength: 500 } },
  ],
  operators: ['isNull', 'within'],
});
