import { OBJECT_ITEM, NAME_PATTERN as NAME } from '../schema-parts.ts';

export type WebhookEvent = 'create' | 'update' | 'delete' | 'restore';

/** An outbound webhook as documents carry it (metadata kind `webhooks`). */
export interface WebhookItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  events: WebhookEvent[];
  /** Updates only when one of these fields changed (absent: any change). */
  fields?: string[];
  url: string;
  /** The HMAC-SHA256 key of `X-Tessera-Signature`. */
  secret: string;
  active?: boolean;
  /** Tries per delivery, the first included (default 8). */
  maxAttempts?: number;
  /** Delay before the first retry, doubled per further one (default 10 s, at most 1 h apart). */
  retryDelaySeconds?: number;
  /** A response slower than this is a failed attempt (default 10 s). */
  timeoutSeconds?: number;
}

export const DEFAULT_ATTEMPTS = 8;
export const DEFAULT_RETRY_DELAY_SECONDS = 10;
export const MAX_RETRY_DELAY_SECONDS = 3600;
export const DEFAULT_TIMEOUT_SECONDS = 10;

/** The JSON Schema of one webhook (`tessera:webhook`, published at GET /metadata/schema). */
export const webhookSchema = {
  title: 'Webhook',
  description: 'An HTTP POST, HMAC-signed, of each change of an object\'s records (by event, optionally only when given fields change), retried with backoff, logged.',
  type: 'object',
  required: ['name', 'object', 'events', 'url', 'secret'],
  additionalProperties: false,
  properties: {
    ...OBJECT_ITEM,
    events: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['create', 'update', 'delete', 'restore'] } },
    fields: { type: 'array', minItems: 1, maxItems: 200, uniqueItems: true, items: { type: 'string', pattern: NAME }, description: 'Updates are delivered only when one of these changed.' },
    url: { type: 'string', pattern: '^https?://[^\\s]+$', maxLength: 2000, description: 'http or https; private and loopback addresses are refused unless the platform allows them (TESSERA_WEBHOOKS_ALLOW_PRIVATE).' },
    secret: { type: 'string', minLength: 16, maxLength: 200 },
    active: { type: 'boolean', default: true },
    maxAttempts: { type: 'integer', minimum: 1, maximum: 20 },
    retryDelaySeconds: { type: 'integer', minimum: 1, maximum: MAX_RETRY_DELAY_SECONDS },
    timeoutSeconds: { type: 'integer', minimum: 1, maximum: 60 },
  },
} as const;
