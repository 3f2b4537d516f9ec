import type { Webhook, WebhookEvent } from './api.ts';

/**
 * The webhook form's values and their translation to and from the stored item (the JSON Schema in
 * runtime/src/webhooks/definition.ts). The secret is never put in the form: `secret` holds only a new
 * one typed by the user; left empty on an edit, the item keeps the stored one. What the form does not
 * edit (label, description) is kept from the item edited.
 */
export interface Values {
  name: string; object: string; events: WebhookEvent[]; fields: string[]; url: string;
  /** A new secret, or '' to keep the stored one. */
  secret: string;
  active: boolean; maxAttempts: string; retryDelaySeconds: string; timeoutSeconds: string;
}

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

export function toValues(hook?: Webhook): Values {
  return {
    name: hook?.name ?? '', object: hook?.object ?? '', events: hook?.events ?? ['create', 'update'], fields: hook?.fields ?? [], url: hook?.url ?? '',
    secret: '', active: hook?.active !== false,
    maxAttempts: str(hook?.maxAttempts), retryDelaySeconds: str(hook?.retryDelaySeconds), timeoutSeconds: str(hook?.timeoutSeconds),
  };
}

/** The form's values as the kind's item, over `base` (the webhook edited). Blank numbers fall back to the engine's defaults. */
export function toWebhook(v: Values, base?: Webhook): Webhook {
  const item: Record<string, unknown> = { ...(base ?? {}), name: v.name.trim(), object: v.object, events: v.events, url: v.url.trim(), active: v.active };
  item.secret = v.secret !== '' ? v.secret : (base?.secret ?? '');
  if (v.fields.length) item.fields = v.fields; else delete item.fields;
  for (const key of ['maxAttempts', 'retryDelaySeconds', 'timeoutSeconds'] as const) {
    const text = v[key].trim();
    if (text === '') delete item[key]; else item[key] = Number(text);
  }
  return item as Webhook;
}

/** A random secret (32 URL-safe characters) for a new webhook. */
export function newSecret(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(24));
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_');
}
