import { buildModel, changeCatalog, documentItems, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { webhookSchema, type WebhookItem } from './definition.ts';
import { urlProblem } from './target.ts';

/** What JSON Schema cannot check: the object and fields exist, the URL is a target the platform may reach. */
export function checkWebhook(model: SchemaModel, hook: WebhookItem): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const object = model.objects.get(hook.object);
  if (!object) problems.push({ pointer: '/object', message: `there is no object "${hook.object}"` });
  else (hook.fields ?? []).forEach((f, i) => { if (!object.catalog.definition.fields.some((d) => d.name === f)) problems.push({ pointer: `/fields/${i}`, message: `${hook.object} has no field "${f}"` }); });
  if (hook.fields?.length && !hook.events.includes('update')) problems.push({ pointer: '/fields', message: 'fields filter updates: add the update event' });
  const problem = urlProblem(hook.url);
  if (problem) problems.push({ pointer: '/url', message: problem });
  return problems;
}

async function check(tx: ChangeTx, items: WebhookItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  return items.flatMap((h, i) => checkWebhook(model, h).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
}

function uses(hook: WebhookItem): Reference[] {
  return [
    { target: { kind: 'object', name: hook.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' },
    ...(hook.fields ?? []).map((f, i): Reference => ({ target: { kind: 'field', name: `${hook.object}.${f}` }, pointer: `/fields/${i}`, onDelete: 'prune', onRename: 'follow' })),
  ];
}

/** Webhooks, the metadata kind `webhooks` (documentItems): a save bumps the metadata version, so the subscriber reads them from the cached model. */
export function webhookKind(): MetadataKind<WebhookItem> {
  return documentItems<WebhookItem>({
    name: 'webhook', documentKey: 'webhooks', schema: webhookSchema as unknown as Record<string, unknown>,
    after: ['object'], check, uses, normalize: (h) => ({ ...h, active: h.active ?? true }),
    // The signing secret is written, never read back (pulls, the studio, the history see SECRET_KEPT).
    secrets: ['secret'],
  });
}
