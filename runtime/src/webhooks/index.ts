/** Outbound webhooks (a plugin of the runtime): the kind `webhooks`, signed deliveries from change events, the delivery log and replay. */
export { createWebhooksPlugin } from './plugin.ts';
export { deliveryId, signature } from './deliver.ts';
export { webhookSchema, type WebhookItem } from './definition.ts';
export { isBlockedAddress, urlProblem } from './target.ts';
import { createWebhooksPlugin } from './plugin.ts';
export const createPlugin = createWebhooksPlugin;
