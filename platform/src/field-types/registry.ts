import type { FieldType } from './field-type.ts';
import { text } from './text/index.ts';
import { longText } from './longText/index.ts';
import { richText } from './richText/index.ts';
import { integer } from './integer/index.ts';
import { number } from './number/index.ts';
import { currency } from './currency/index.ts';
import { percent } from './percent/index.ts';
import { boolean } from './boolean/index.ts';
import { date } from './date/index.ts';
import { dateTime } from './dateTime/index.ts';
import { email } from './email/index.ts';
import { phone } from './phone/index.ts';
import { url } from './url/index.ts';
import { select } from './select/index.ts';
import { multiSelect } from './multiSelect/index.ts';
import { json } from './json/index.ts';
import { uuid } from './uuid/index.ts';
import { geolocation } from './geolocation/index.ts';
import { lookup } from './lookup/index.ts';
import { masterDetail } from './masterDetail/index.ts';
import { user } from './user/index.ts';
import { autoNumber } from './autoNumber/index.ts';
import { rating } from './rating/index.ts';
import { color } from './color/index.ts';
import { duration } from './duration/index.ts';
import { time } from './time/index.ts';
import { markdown } from './markdown/index.ts';
import { tags } from './tags/index.ts';
import { emails } from './emails/index.ts';
import { phones } from './phones/index.ts';
import { links } from './links/index.ts';
import { formula } from './formula/index.ts';
import { rollup } from './rollup/index.ts';
import { file } from './file/index.ts';
import { image } from './image/index.ts';
import { signature } from './signature/index.ts';
import { address } from './address/index.ts';
import { fullName } from './fullName/index.ts';
import { dateRange } from './dateRange/index.ts';
import { country } from './country/index.ts';
import { locationAddress } from './locationAddress/index.ts';
import { tree } from './tree/index.ts';
import { ipAddress } from './ipAddress/index.ts';
import { sequence } from './sequence/index.ts';
import { timeZone } from './timeZone/index.ts';
import { encrypted } from './encrypted/index.ts';
import { manyToMany } from './manyToMany/index.ts';
import type { ResolvedField } from '../metadata/definitions.ts';

/** Every field type the platform knows, in the order the studio lists them. */
export const FIELD_TYPES: readonly FieldType[] = [
  text, longText, richText, integer, number, currency, percent, boolean, date, dateTime, email, phone, url,
  select, multiSelect, json, uuid, geolocation, lookup, masterDetail, user, autoNumber,
  rating, color, duration, time, markdown, tags, emails, phones, links, formula, rollup, file, image, signature,
  address, fullName, dateRange, country, locationAddress, tree, ipAddress, sequence, timeZone, encrypted, manyToMany,
];

const byName = new Map(FIELD_TYPES.map((t) => [t.name, t]));

export function fieldType(name: string): FieldType {
  const type = byName.get(name);
  if (!type) throw new Error(`Unknown field type ${name}`);
  return type;
}

const derived = new Map<string, FieldType>();

/**
 * The type of one field as readers see it: a computed field (a formula) with the GraphQL type,
 * operators, widget and capabilities of a stored field of the type it reads as (its return type),
 * never unique. For every other field it is `fieldType(field.type)`.
 */
export function fieldTypeOf(field: ResolvedField): FieldType {
  const type = fieldType(field.type);
  const shown = type.readAs?.(field);
  if (!shown || !byName.has(shown.type)) return type;
  let out = derived.get(`${type.name}/${shown.type}`);
  if (!out) {
    const as = fieldType(shown.type);
    out = { ...type, graphql: as.graphql, operators: as.operators, widget: as.widget, capabilities: { ...as.capabilities, uniqueable: false } };
    derived.set(`${type.name}/${shown.type}`, out);
  }
  return out;
}

export function hasFieldType(name: string): boolean {
  return byName.has(name);
}

/** `multiSelect` → `MULTI_SELECT`: the GraphQL enum form of a type name. */
export function toEnumName(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** `MULTI_SELECT` → `multiSelect` */
export function fromEnumName(value: string): string {
  return value.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}
