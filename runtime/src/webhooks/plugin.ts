import { definePlugin, type Plugin, type PluginServices } from '@tessera/platform';
import { deliver, deliveriesSubscriber, listDeliveries, replay, type DeliverPayload } from './deliver.ts';
import { webhookKind } from './kind.ts';
import { migrations } from './tables.ts';

/**
 * Outbound webhooks as a plugin: the kind `webhooks`; a change-event subscriber that records one
 * delivery per (webhook, event) with a stable id and enqueues its job in the same transaction;
 * the job POSTs it signed (HMAC-SHA256) and retries with backoff, logging every attempt;
 * `webhookDeliveries` and `replayWebhookDelivery` for the studio. Setup needs manageMetadata.
 */
export function createWebhooksPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  const services = () => held.services!;
  return definePlugin({
    name: 'webhooks', version: '0.1.0', label: { en: 'Webhooks', zh: 'Webhook' }, after: ['events'],
    description: 'Outbound webhooks: signed HTTP POSTs of record changes, retried with backoff, with a delivery log and replay.',
    metadataKinds: [webhookKind()],
    migrations,
    subscribers: [deliveriesSubscriber(services)],
    jobs: [{
      name: 'deliver', options: { concurrency: 4, maxAttempts: 5, timeoutSeconds: 120, backoff: { delaySeconds: 2, exponential: true } },
      async run(p: DeliverPayload, ctx) { await deliver(ctx, ctx.tx, p, ctx.signal); },
    }],
    queries: [{
      name: 'webhookDeliveries', capability: 'manageMetadata',
      description: 'A webhook\'s deliveries, newest first, each with its attempts (response code, duration, error); `after`: the previous page\'s endCursor.',
      args: { webhook: { type: 'String', required: true }, first: { type: 'Int' }, after: { type: 'String' } },
      input: { type: 'object', additionalProperties: false, required: ['webhook'], properties: { webhook: { type: 'string' }, first: { type: 'integer', minimum: 1, maximum: 200 }, after: { type: 'string' } } },
      async run(call) { return listDeliveries(call.op.db, call.op.model.schema, call.input as { webhook: string; first?: number; after?: string }); },
    }],
    mutations: [{
      name: 'replayWebhookDelivery', capability: 'manageMetadata',
      description: 'Delivers a webhook delivery again (the same id and body), with as many attempts as its webhook allows.',
      args: { id: { type: 'ID', required: true } },
      input: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' } } },
      async run(call) { return replay(call, call.op.db, call.op.model.tenantId, call.op.model.schema, (call.input as { id: string }).id); },
    }],
    setup(s) { held.services = s; },
  });
}
