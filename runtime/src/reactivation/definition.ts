import { NAME_PATTERN } from '../schema-parts.ts';
/**
 * A reactivation (metadata kind `reactivations`): a re-inquiry — a create (GraphQL, bulk, import, web
 * form, scripts) that a duplicate rule of the object matches to an existing record — of a record in
 * a public pool, or marked dormant, reactivates that record instead of creating a duplicate: the
 * inquiry's values are merged into it, a note (an activity record) added, it returns to its last
 * owner (within their cap) or stays in its public pool, and its last owner's team is notified.
 */
export interface ReactivationItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  object: string;
  active?: boolean;
  /** The duplicate rules whose matches count (absent: every active rule of the object). */
  rules?: string[];
  /** A record is dormant when this field holds one of the values (besides being in a public pool). */
  dormant?: { field: string; values: (string | number | boolean)[] };
  /** Fields the inquiry's values overwrite (when it has one); the others fill only what is empty. */
  update?: string[];
  /** Values set on the reactivated record (`status: "New"`). */
  set?: Record<string, unknown>;
  /** An activity record added to it: `field` is its lookup to the object; `values` its other values (`"$now"`: the clock's instant); `textField` receives a summary of the inquiry. */
  note?: { object: string; field: string; values?: Record<string, unknown>; textField?: string };
  /** `lastOwner` (default): back to the owner before it was recycled or released, when under their cap; `pool`: it stays in its public pool. */
  returnTo?: 'lastOwner' | 'pool';
  /** Users notified besides the last owner (the team: e.g. its manager). */
  notify?: string[];
}

const NAME = { type: 'string', pattern: NAME_PATTERN };

/** The JSON Schema of one reactivation (`tessera:reactivation`, published at GET /metadata/schema). */
export const reactivationSchema = {
  title: 'Reactivation',
  description: 'A re-inquiry (a duplicate-rule match on create) of a record in a public pool or marked dormant reactivates it: values merged, a note added, back to its last owner, the team notified.',
  type: 'object',
  required: ['name', 'object'],
  additionalProperties: false,
  properties: {
    name: NAME,
    label: { $ref: 'tessera:label' },
    object: NAME,
    active: { type: 'boolean', default: true },
    rules: { type: 'array', maxItems: 20, items: { type: 'string', minLength: 1, maxLength: 200 } },
    dormant: {
      type: 'object', required: ['field', 'values'], additionalProperties: false,
      properties: { field: NAME, values: { type: 'array', minItems: 1, maxItems: 50, items: { type: ['string', 'number', 'boolean'] } } },
    },
    update: { type: 'array', maxItems: 200, items: NAME },
    set: { type: 'object', maxProperties: 50, propertyNames: NAME },
    note: {
      type: 'object', required: ['object', 'field'], additionalProperties: false,
      properties: { object: NAME, field: NAME, values: { type: 'object', maxProperties: 50, propertyNames: NAME }, textField: NAME },
    },
    returnTo: { enum: ['lastOwner', 'pool'] },
    notify: { type: 'array', maxItems: 100, items: { type: 'string', format: 'uuid' } },
  },
} as const;
