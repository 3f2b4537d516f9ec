import { OBJECT_ITEM, NAME_PATTERN as NAME } from '../schema-parts.ts';

/**
 * A web-to-lead form as documents carry it (metadata kind `webForms`): the object a post creates,
 * the form's inputs (each mapped to a field, required or not, labelled in the studio's languages),
 * the pool its records enter, the honeypot input, rate limits per client address and per form, the
 * origins that may post from a script (CORS) and what the visitor sees after posting.
 */
export interface WebFormField {
  /** The record's field the input fills. */
  field: string;
  /** The input's name in the post (default: the field's name). */
  name?: string;
  required?: boolean;
  label?: { en: string; zh?: string };
}

export type RatePeriod = 'minute' | 'hour';
export interface Rate { count: number; per: RatePeriod }

export interface WebFormItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  fields: WebFormField[];
  /** The pool the records enter (absent: the object's default pool); dispatch and assignment rules apply as on any create. */
  pool?: string;
  /** An input no person fills (hidden by the snippet): a post that fills it answers as a success and stores nothing. */
  honeypot?: string;
  rateLimit?: { perIp?: Rate; perForm?: Rate };
  /** Origins (`https://example.com`) a script may post from; a plain HTML form needs none. */
  allowedOrigins?: string[];
  /** Where a browser's form post goes after success (303), else `successMessage` is answered. */
  successRedirect?: string;
  successMessage?: { en: string; zh?: string };
  /** Values written with every post (a channel, a source), not posted. */
  set?: Record<string, string | number | boolean>;
  active?: boolean;
}

/** Defaults when a form names no limits: a visitor is a person, a form is not a bulk API. */
export const DEFAULT_RATE = { perIp: { count: 10, per: 'minute' }, perForm: { count: 6000, per: 'hour' } } as const;

const RATE = {
  type: 'object', required: ['count', 'per'], additionalProperties: false,
  properties: { count: { type: 'integer', minimum: 1, maximum: 1_000_000 }, per: { enum: ['minute', 'hour'] } },
};
const TEXT = { type: 'object', required: ['en'], additionalProperties: false, properties: { en: { type: 'string', minLength: 1, maxLength: 500 }, zh: { type: 'string', maxLength: 500 } } };
const INPUT_NAME = '^[A-Za-z_][A-Za-z0-9_-]{0,62}$';

/** The JSON Schema of one web form (`tessera:webForm`, published at GET /metadata/schema). */
export const webFormSchema = {
  title: 'Web form',
  description: 'A public web-to-lead form: POST /forms/<tenant slug>/<form name> (JSON or urlencoded) creates a record of its object through the save pipeline (validation, duplicate rules, reactivation, pools, dispatch), spam held off by rate limits and a honeypot.',
  type: 'object',
  required: ['name', 'object', 'fields'],
  additionalProperties: false,
  properties: {
    ...OBJECT_ITEM,
    fields: {
      type: 'array', minItems: 1, maxItems: 100,
      items: {
        type: 'object', required: ['field'], additionalProperties: false,
        properties: { field: { type: 'string', pattern: NAME }, name: { type: 'string', pattern: INPUT_NAME }, required: { type: 'boolean' }, label: TEXT },
      },
    },
    pool: { type: 'string', pattern: NAME },
    honeypot: { type: 'string', pattern: INPUT_NAME },
    rateLimit: { type: 'object', additionalProperties: false, properties: { perIp: RATE, perForm: RATE } },
    allowedOrigins: { type: 'array', maxItems: 50, items: { type: 'string', pattern: '^https?://[^/\\s]+$' } },
    successRedirect: { type: 'string', pattern: '^https?://\\S+$', maxLength: 2000 },
    successMessage: TEXT,
    set: { type: 'object', maxProperties: 50, additionalProperties: { type: ['string', 'number', 'boolean'] } },
    active: { type: 'boolean' },
  },
};
