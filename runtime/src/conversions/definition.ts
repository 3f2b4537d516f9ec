import { NAME_PATTERN } from '../schema-parts.ts';
/** Where a mapped value comes from: a source field, an expression over the source, a created (or picked) target's id, or a constant. */
export type MappedValue = { field: string } | { expr: string } | { target: string } | { value: unknown };

export interface ConversionTarget {
  /** The target's name in the conversion (`account`): what input and lookups call it. */
  name: string;
  object: string;
  /** A required target is always created or picked; an optional one may be skipped (`skip: true`). */
  required?: boolean;
  /** Target field → where its value comes from. */
  fields: Record<string, MappedValue>;
}

export interface ConversionMove {
  /** The child object whose records move (activities, tasks…). */
  object: string;
  /** Its lookup to the source object. */
  lookup: string;
  /** Its lookups to set: child field → target name. */
  set: Record<string, string>;
}

export interface ConversionItem extends Record<string, unknown> {
  name: string;
  object: string;
  label?: { en: string; zh?: string };
  active?: boolean;
  targets: ConversionTarget[];
  /** What happens to the source: field values set (`status: {value: "converted"}`), lookups to targets filled (`convertedAccount: {target: "account"}`), locked. */
  source?: { set?: Record<string, MappedValue>; lock?: boolean };
  moves?: ConversionMove[];
}

const NAME = { type: 'string', pattern: NAME_PATTERN };
const mapped = {
  oneOf: [
    { type: 'object', additionalProperties: false, required: ['field'], properties: { field: NAME } },
    { type: 'object', additionalProperties: false, required: ['expr'], properties: { expr: { type: 'string', minLength: 1, maxLength: 4000 } } },
    { type: 'object', additionalProperties: false, required: ['target'], properties: { target: NAME } },
    { type: 'object', additionalProperties: false, required: ['value'], properties: { value: {} } },
  ],
};
const label = { type: 'object', additionalProperties: false, required: ['en'], properties: { en: { type: 'string', maxLength: 200 }, zh: { type: 'string', maxLength: 200 } } };

/** The JSON Schema of one conversion (the kind `conversions`), published at GET /metadata/schema. */
export const conversionSchema = {
  title: 'Conversion',
  description: 'Converts a record (a lead) into records of other objects (account, contact, opportunity) by a field mapping, in one transaction through the save pipeline.',
  type: 'object',
  additionalProperties: false,
  required: ['name', 'object', 'targets'],
  properties: {
    name: NAME,
    object: NAME,
    label,
    active: { type: 'boolean', default: true },
    targets: {
      type: 'array', minItems: 1, maxItems: 10,
      items: {
        type: 'object', additionalProperties: false, required: ['name', 'object', 'fields'],
        properties: { name: NAME, object: NAME, required: { type: 'boolean' }, fields: { type: 'object', maxProperties: 200, propertyNames: NAME, additionalProperties: mapped } },
      },
    },
    source: {
      type: 'object', additionalProperties: false,
      properties: { set: { type: 'object', maxProperties: 50, propertyNames: NAME, additionalProperties: mapped }, lock: { type: 'boolean' } },
    },
    moves: {
      type: 'array', maxItems: 20,
      items: {
        type: 'object', additionalProperties: false, required: ['object', 'lookup', 'set'],
        properties: { object: NAME, lookup: NAME, set: { type: 'object', maxProperties: 20, propertyNames: NAME, additionalProperties: NAME } },
      },
    },
  },
} as const;

export const isField = (v: MappedValue): v is { field: string } => 'field' in v;
export const isExpr = (v: MappedValue): v is { expr: string } => 'expr' in v;
export const isTarget = (v: MappedValue): v is { target: string } => 'target' in v;
