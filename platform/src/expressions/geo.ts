import { Num } from './numbers.ts';

/** A geolocation's value: degrees of latitude and longitude. */
export interface Geo {
  lat: number;
  lng: number;
}

/**
 * DISTANCE: the haversine great-circle distance in metres on a sphere of the Earth's mean radius
 * (6,371,008.8 m, IUGG). The SQL back end writes the very same floating-point operations in the
 * same order with the same constants (sql.ts), and both round the result alike — to 15 significant
 * digits (how PostgreSQL turns a float8 into a numeric), then to the millimetre — so the two agree
 * to the digit whatever last bit a platform's sin or cos differs by.
 */
export const EARTH_DIAMETER_M = 12742017.6;
/** π/180 as one literal both back ends parse to the same double (PostgreSQL's radians() uses another). */
export const RADIANS_PER_DEGREE = 0.017453292519943295;

export function haversine(p: Geo, q: Geo): number {
  const dLat = (q.lat - p.lat) * RADIANS_PER_DEGREE;
  const dLng = (q.lng - p.lng) * RADIANS_PER_DEGREE;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(p.lat * RADIANS_PER_DEGREE) * Math.cos(q.lat * RADIANS_PER_DEGREE) * s2 * s2;
  return EARTH_DIAMETER_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distanceMetres(p: Geo, q: Geo): Num {
  return new Num(haversine(p, q).toPrecision(15)).toDecimalPlaces(3);
}
