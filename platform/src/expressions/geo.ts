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

/**
 * Coordinates are read to the nano-degree (0.1 mm on the ground): PostgreSQL refuses a float8
 * product that underflows to zero, and a coordinate such as 1e-200 would make one. Rounded to the
 * nearest, ties to even, as PostgreSQL's round(float8) (C's rint) does.
 */
export const COORDINATE_SCALE = 1e9;
export const coordinate = (degrees: number): number => rint(degrees * COORDINATE_SCALE) / COORDINATE_SCALE;

/** The nearest integer, ties to even (`x - floor(x)` is exact for every double). */
export function rint(x: number): number {
  const floor = Math.floor(x);
  const fraction = x - floor;
  const nearest = fraction !== 0.5 ? (fraction < 0.5 ? floor : floor + 1) : floor % 2 === 0 ? floor : floor + 1;
  // C keeps the sign of a negative number rounded to zero.
  return nearest === 0 && x < 0 ? -0 : nearest;
}

export function haversine(p: Geo, q: Geo): number {
  const [lat1, lng1, lat2, lng2] = [coordinate(p.lat), coordinate(p.lng), coordinate(q.lat), coordinate(q.lng)];
  const dLat = (lat2 - lat1) * RADIANS_PER_DEGREE;
  const dLng = (lng2 - lng1) * RADIANS_PER_DEGREE;
  const s1 = Math.sin(dLat / 2);
  const s2 = Math.sin(dLng / 2);
  const h = s1 * s1 + Math.cos(lat1 * RADIANS_PER_DEGREE) * Math.cos(lat2 * RADIANS_PER_DEGREE) * s2 * s2;
  return EARTH_DIAMETER_M * Math.asin(Math.min(1, Math.sqrt(h)));
}

export function distanceMetres(p: Geo, q: Geo): Num {
  return new Num(haversine(p, q).toPrecision(15)).toDecimalPlaces(3);
}
