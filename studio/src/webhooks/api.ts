import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { dataApi, metadataApi } from '../api/graphql.ts';

export const EVENTS = ['create', 'update', 'delete', 'restore'] as const;
export type WebhookEvent = (typeof EVENTS)[number];

/** A webhook as the `webhooks` kind carries it (runtime/src/webhooks/definition.ts). */
export interface Webhook {
  name: string; object: string; events: WebhookEvent[]; fields?: string[]; url: string;
  /** Returned by `document` (the kind stores it as configuration); the studio never shows it. */
  secret: string;
  active?: boolean; maxAttempts?: number; retryDelaySeconds?: number; timeoutSeconds?: number;
  [k: string]: unknown;
}

export interface Attempt { attempt: number; at: string; responseCode: number | null; durationMs: number | null; error: string | null; replay?: boolean | null }
export interface Delivery {
  id: string; webhook: string; eventId: string; object: string; recordId: string; kind: string;
  status: 'pending' | 'succeeded' | 'failed'; attempts: number; lastCode: number | null; nextAt: string | null;
  createdAt: string; finishedAt: string | null; attemptLog: Attempt[];
}
export interface DeliveryPage { nodes: Delivery[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } }

const keys = { hooks: ['webhooks', 'items'] as const, deliveries: (hook: string) => ['webhooks', 'deliveries', hook] as const };

/** The tenant's webhooks, from the live metadata document (`document(kinds: ["webhooks"])`). */
export function useWebhooks() {
  return useQuery({
    queryKey: keys.hooks,
    queryFn: async () => ((await metadataApi<{ document: { webhooks?: Webhook[] } }>('{ document(kinds: ["webhooks"]) }')).document.webhooks ?? []),
  });
}

/** One page of a webhook's deliveries, newest first (`after`: the previous page's endCursor); polled while one is pending. */
export function useDeliveries(webhook: string, after: string | null, first = 20) {
  return useQuery({
    queryKey: [...keys.deliveries(webhook), after, first],
    queryFn: async () => (await dataApi<{ webhookDeliveries: DeliveryPage }>('query($w: String!, $f: Int, $a: String) { webhookDeliveries(webhook: $w, first: $f, after: $a) }', { w: webhook, f: first, a: after })).webhookDeliveries,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => ((q.state.data?.nodes ?? []).some((d) => d.status === 'pending') ? 1000 : false),
  });
}

/** Saves one webhook: applyMetadata replaces the items a document names and leaves the others alone. */
export function useSaveWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (hook: Webhook) => metadataApi('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { webhooks: [hook] } }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => metadataApi('mutation($n: String!) { deletePluginItem(kind: "webhooks", name: $n) }', { n: name }),
    onSuccess: () => client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

/** Delivers a delivery again (its id and body), then refreshes the log. */
export function useReplay(webhook: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => dataApi('mutation($id: ID!) { replayWebhookDelivery(id: $id) }', { id }),
    onSuccess: () => client.invalidateQueries({ queryKey: keys.deliveries(webhook) }),
  });
}
