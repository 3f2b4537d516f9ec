import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { readConfig, SECRET_KEPT, startServer, type RunningServer } from '@tessera/platform';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { createWebhooksPlugin, deliveryId, isBlockedAddress, urlProblem } from '../../src/webhooks/index.ts';
import { startReceiver } from './receiver.ts';

/** Outbound webhooks through the real server: signed deliveries from change events, retries with backoff, the log, replay, SSRF refusals. */
let server: RunningServer;
let admin: string;
let tenantId: string;
const SECRET = 'a-secret-of-32-characters-length';
const ok = (r: { data?: any; errors?: unknown }) => { expect(r.errors, JSON.stringify(r.errors)).toBeUndefined(); return r.data; };
const api = (q: string, v?: Record<string, unknown>) => gql(server, '/graphql', admin, q, v);
const apply = (d: unknown) => metadataClient(server, admin)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d });
const until = async <T>(check: () => Promise<T | undefined | false> | T | undefined | false, ms = 30_000): Promise<T> => {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  process.env.TESSERA_WEBHOOKS_ALLOW_PRIVATE = '1';
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: inject('databaseUrl' as never) as string };
  server = await startServer(config, { demoTenant: false, plugins: [createWebhooksPlugin()] });
  const t = await newTenant(server, 'hook');
  admin = t.apiKey;
  tenantId = t.tenant.id;
  ok(await apply({ objects: [{ name: 'deal', fields: [{ name: 'name', type: 'text', required: true }, { name: 'stage', type: 'text' }, { name: 'note', type: 'text' }] }] }));
}, 120_000);
afterAll(async () => { await server?.close(); });

describe('outbound webhooks', () => {
  it('delivers signed changes per event and watched field, retries a 500 with backoff, logs every attempt, and replays', async () => {
    // The first attempt of each delivery fails (500), the second succeeds.
    const receiver = await startReceiver(SECRET, (_, n) => (n === 1 ? 500 : 204));
    try {
      ok(await apply({ webhooks: [{ name: 'dealHook', object: 'deal', events: ['create', 'update'], fields: ['stage'], url: receiver.url, secret: SECRET, retryDelaySeconds: 1 }] }));
      const id = ok(await api('mutation { createDeal(data: {name: "A"}) { id } }')).createDeal.id;
      ok(await api('mutation($id: ID!) { updateDeal(id: $id, data: {note: "unwatched"}) { id } }', { id }));
      ok(await api('mutation($id: ID!) { updateDeal(id: $id, data: {stage: "won"}) { id } }', { id }));
      ok(await api('mutation($id: ID!) { deleteDeal(id: $id) { id } }', { id }));
      await until(() => new Set(receiver.got.filter((g) => g.attempt === 2).map((g) => g.id)).size >= 2);
      await new Promise((r) => setTimeout(r, 1500));
      // Two deliveries (the create, the stage update), each tried twice; the unwatched update and the delete sent nothing.
      expect(receiver.got.every((g) => g.signed)).toBe(true);
      const ids = [...new Set(receiver.got.map((g) => g.id))];
      expect(ids).toHaveLength(2);
      expect(receiver.got).toHaveLength(4);
      const kinds = receiver.got.filter((g) => g.attempt === 1).map((g) => `${g.body.event.kind}:${g.body.data.name ?? g.body.data.stage}`);
      expect(kinds.sort()).toEqual(['create:A', 'update:won']);
      // The id is the webhook's and the event's: the same on both attempts, and as derived.
      for (const g of receiver.got) expect(g.id).toBe(deliveryId(tenantId, 'dealHook', g.body.event.id));
      expect(Math.abs(Number(receiver.got[0].timestamp) - Date.now() / 1000)).toBeLessThan(120);

      const log = ok(await api('{ webhookDeliveries(webhook: "dealHook", first: 1) }')).webhookDeliveries;
      expect(log.nodes).toHaveLength(1);
      expect(log.pageInfo.hasNextPage).toBe(true);
      const older = ok(await api('query($a: String) { webhookDeliveries(webhook: "dealHook", first: 5, after: $a) }', { a: log.pageInfo.endCursor })).webhookDeliveries;
      expect(older.nodes).toHaveLength(1);
      for (const d of [...log.nodes, ...older.nodes]) {
        expect(d.status).toBe('succeeded');
        expect(d.attemptLog.map((a: any) => a.responseCode)).toEqual([500, 204]);
        expect(d.attemptLog[0].error).toBe('HTTP 500');
        // Backoff: the retry came about retryDelaySeconds later.
        expect(Date.parse(d.attemptLog[1].at) - Date.parse(d.attemptLog[0].at)).toBeGreaterThanOrEqual(900);
      }

      // Replay: the same id and body again.
      const replayed = log.nodes[0].id;
      ok(await api('mutation($id: ID!) { replayWebhookDelivery(id: $id) }', { id: replayed }));
      await until(() => receiver.got.filter((g) => g.id === replayed).length === 3);
      const again = await until(async () => {
        const d = ok(await api('{ webhookDeliveries(webhook: "dealHook", first: 5) }')).webhookDeliveries.nodes.find((n: any) => n.id === replayed);
        return d.attemptLog.length === 3 && d;
      });
      expect(again.attemptLog.map((a: any) => a.responseCode)).toEqual([500, 204, 204]);
      const bad = await api('mutation { replayWebhookDelivery(id: "00000000-0000-4000-8000-000000000000") }');
      expect(bad.errors?.[0]?.extensions).toMatchObject({ code: 'NOT_FOUND', errors: [{ pointer: '/id' }] });
    } finally {
      await receiver.close();
    }
  }, 90_000);

  it('never reads its secret back: a pulled document shows it kept, applies back unchanged, deliveries stay signed; the history has no secret', async () => {
    const receiver = await startReceiver(SECRET, () => 204);
    try {
      const md = metadataClient(server, admin);
      ok(await apply({ webhooks: [{ name: 'secretive', object: 'deal', events: ['create'], url: receiver.url, secret: SECRET, retryDelaySeconds: 1 }] }));
      const pulled = ok(await md('{ document(kinds: ["webhooks"]) }')).document.webhooks.find((h: any) => h.name === 'secretive');
      expect(pulled.secret).toBe(SECRET_KEPT);
      const again = ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { changes { action } } }', { d: { webhooks: ok(await md('{ document(kinds: ["webhooks"]) }')).document.webhooks } }));
      expect(again.applyMetadata.changes).toEqual([]);
      ok(await api('mutation { createDeal(data: {name: "Signed"}) { id } }'));
      await until(() => receiver.got.some((r) => r.body?.record?.name === 'Signed' || JSON.stringify(r.body).includes('Signed')));
      expect(receiver.got.length).toBeGreaterThan(0);
      expect(receiver.got.every((r) => r.signed)).toBe(true);
      const history = JSON.stringify(ok(await md('{ metadataHistory(first: 50) { nodes { before after } } }')));
      expect(history).not.toContain(SECRET);
      // A new webhook cannot "keep" a secret it never had.
      const refused = await apply({ webhooks: [{ name: 'secretive', object: 'deal', events: ['create'], url: receiver.url, secret: SECRET, retryDelaySeconds: 1 }, { name: 'newcomer', object: 'deal', events: ['create'], url: receiver.url, secret: SECRET_KEPT }] });
      expect((refused.errors as any)?.[0]?.extensions?.code, JSON.stringify(refused)).toBe('VALIDATION_FAILED');
      ok(await md('mutation { deletePluginItem(kind: "webhooks", name: "secretive") }'));
    } finally {
      await receiver.close();
    }
  });

  it('gives up after maxAttempts, each attempt logged with its code', async () => {
    const receiver = await startReceiver(SECRET, () => 503);
    try {
      ok(await apply({ webhooks: [{ name: 'failing', object: 'deal', events: ['create'], url: receiver.url, secret: SECRET, retryDelaySeconds: 1, maxAttempts: 2 }] }));
      ok(await api('mutation { createDeal(data: {name: "B"}) { id } }'));
      const d = await until(async () => {
        const n = ok(await api('{ webhookDeliveries(webhook: "failing") }')).webhookDeliveries.nodes[0];
        return n?.status === 'failed' && n;
      });
      expect(d.attemptLog.map((a: any) => a.responseCode)).toEqual([503, 503]);
      expect(receiver.got).toHaveLength(2);
    } finally {
      await receiver.close();
    }
  }, 60_000);

  it('refuses private and loopback targets unless the platform allows them, with pointers; non-http URLs always', async () => {
    delete process.env.TESSERA_WEBHOOKS_ALLOW_PRIVATE;
    try {
      for (const url of ['http://127.0.0.1:9/x', 'http://localhost/x', 'http://10.1.2.3/x', 'http://[::1]/x', 'http://169.254.169.254/latest', 'http://[::ffff:127.0.0.1]/x']) {
        const res = await apply({ webhooks: [{ name: 'ssrf', object: 'deal', events: ['create'], url, secret: SECRET }] });
        expect(JSON.stringify(res.errors), url).toContain('/url');
      }
      expect(urlProblem('ftp://example.com/x')).toBeTruthy();
      expect(urlProblem('https://user:pw@example.com/x')).toBeTruthy();
      expect(urlProblem('https://example.com/hook')).toBeNull();
      expect(isBlockedAddress('192.168.1.1')).toBe(true);
      expect(isBlockedAddress('93.184.216.34')).toBe(false);
      const unknown = await apply({ webhooks: [{ name: 'ssrf', object: 'nope', events: ['update'], fields: ['x'], url: 'https://example.com/h', secret: SECRET }] });
      expect(JSON.stringify(unknown.errors)).toContain('/object');
    } finally {
      process.env.TESSERA_WEBHOOKS_ALLOW_PRIVATE = '1';
    }
  }, 60_000);
});
