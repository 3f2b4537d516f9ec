import { createHmac } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Outbound webhooks in the studio: the admin reaches Setup → Webhooks from the navigation, a URL the
 * platform refuses (not http) is shown at the URL input, the webhook is saved, a record written
 * through GraphQL is delivered (the receiver answers 500, then 204) and the delivery log shows both
 * codes; Replay adds an attempt. The stored secret is never shown back.
 */
let studio: StudioHarness;
/** The secret as stored (the model signs with it), read from the database: the API never answers it. */
const storedSecret = async () => (await studio.server.platform.pool.query<{ s: string }>(`select item->>'secret' as s from tessera.config_items where kind = 'webhook' and name = 'dealHook'`)).rows[0]?.s;
let receiver: http.Server;
let url: string;
const SECRET = 'studio-secret-of-32-characters!!';
/** What the receiver got: per delivery id, each attempt's signature check. */
const got: { id: string; signed: boolean }[] = [];

beforeAll(async () => {
  // The receiver listens on 127.0.0.1: the platform refuses loopback targets unless allowed, as the
  // suite does for every server (vitest.config.ts: any server of the suite may run the delivery).
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['x-tessera-delivery']);
      const signed = req.headers['x-tessera-signature'] === `sha256=${createHmac('sha256', SECRET).update(Buffer.concat(chunks)).digest('hex')}`;
      got.push({ id, signed });
      res.statusCode = got.filter((g) => g.id === id).length === 1 ? 500 : 204;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
  studio = await startStudio('webhooks');
  const entry = '@tessera/runtime/webhooks';
  await studio.server.platform.plugins.install((await import(entry)).createPlugin());
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [
    { name: 'deal', label: { en: 'Deal' }, pluralLabel: { en: 'Deals' }, fields: [
      { name: 'title', type: 'text', label: { en: 'Title' }, required: true },
      { name: 'stage', type: 'text', label: { en: 'Stage' } },
    ] },
  ] } });
}, 120_000);
afterAll(async () => {
  await studio?.server.platform.plugins.uninstall('webhooks').catch(() => undefined);
  await studio?.close();
  await new Promise<void>((r) => { receiver?.closeAllConnections(); receiver?.close(() => r()); });
});

describe('outbound webhooks', () => {
  it('creates a webhook in the form, shows the delivery log (500 then 204), replays, and never shows the secret', async () => {
    const page = await studio.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await studio.signIn(page);
    await page.getByRole('navigation').getByRole('link', { name: 'Webhooks', exact: true }).click();
    await page.getByRole('heading', { name: 'Outbound webhooks' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'New webhook' }).click();
    const form = page.getByRole('form', { name: 'New webhook' });
    await form.getByLabel('Name', { exact: true }).fill('dealHook');
    await selectOption(form.getByRole('combobox', { name: 'Object' }), 'deal');
    await selectOption(form.getByRole('combobox', { name: 'Only when these fields change (updates)' }), 'stage');
    await form.getByLabel('URL').fill('ftp://example.com/hook');
    await form.getByLabel('Signing secret').fill(SECRET);
    await form.getByLabel('First retry after (seconds)').fill('1');
    await form.getByRole('button', { name: 'Save webhook' }).click();

    // A refused URL: the platform's reason, at the URL input (which says it is invalid).
    const urlError = form.locator('#wh-url-error');
    await urlError.waitFor({ timeout: 20_000 });
    expect(await urlError.textContent()).toMatch(/.+/);
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');
    await studio.screenshot(page, 'refused-url');

    await form.getByLabel('URL').fill(url);
    await form.getByRole('button', { name: 'Save webhook' }).click();
    await form.waitFor({ state: 'detached', timeout: 20_000 });
    const row = page.getByRole('row', { name: /dealHook/ });
    await row.waitFor();
    expect(await row.textContent()).toContain('none yet');
    const stored = (await studio.metadata('{ document(kinds: ["webhooks"]) }')).document.webhooks;
    // The secret is written, never read back.
    expect(stored).toEqual([expect.objectContaining({ name: 'dealHook', object: 'deal', events: ['create', 'update'], fields: ['stage'], url, secret: '(secret: kept as stored)', retryDelaySeconds: 1, active: true })]);
    expect(await storedSecret()).toBe(SECRET);

    // A write through GraphQL: the first attempt gets 500, the retry (after 1 s) 204.
    await studio.data('mutation { createDeal(data: {title: "Acme"}) { id } }');
    await expect.poll(() => got.length, { timeout: 45_000 }).toBe(2);
    await page.getByRole('button', { name: 'Deliveries dealHook' }).click();
    const log = page.getByRole('region', { name: 'Deliveries of dealHook' });
    const codes = log.locator('[data-codes]').first();
    await log.waitFor();
    await studio.screenshot(page, 'log');
    await expect.poll(() => codes.textContent({ timeout: 2_000 }).catch(() => null), { timeout: 30_000 }).toBe('500 → 204');
    expect(await log.getByRole('row').nth(1).textContent()).toContain('deal.create');
    await studio.screenshot(page, 'delivered');

    // Replay: a third attempt of the same delivery.
    const [delivery] = (await studio.data('{ webhookDeliveries(webhook: "dealHook") }')).webhookDeliveries.nodes;
    await log.getByRole('button', { name: `Replay ${delivery.id}` }).click();
    await expect.poll(() => codes.textContent({ timeout: 2_000 }).catch(() => null), { timeout: 45_000 }).toBe('500 → 204 → 204');
    expect(got.map((g) => g.id)).toEqual([delivery.id, delivery.id, delivery.id]);
    expect(got.every((g) => g.signed)).toBe(true);
    await expect.poll(() => page.getByLabel('dealHook last delivery').textContent(), { timeout: 20_000 }).toMatch(/delivered\s*204/);
    await studio.screenshot(page, 'replayed');

    // Editing: the secret is shown as set, never its value; saving unchanged keeps it.
    await page.getByRole('button', { name: 'Edit dealHook' }).click();
    const edit = page.getByRole('form', { name: 'Edit dealHook' });
    await edit.getByText('set', { exact: true }).waitFor();
    expect(await page.content()).not.toContain(SECRET);
    await edit.getByLabel('Timeout (seconds)').fill('5');
    await edit.getByRole('button', { name: 'Save webhook' }).click();
    await edit.waitFor({ state: 'detached', timeout: 20_000 });
    const after = (await studio.metadata('{ document(kinds: ["webhooks"]) }')).document.webhooks[0];
    expect(after).toMatchObject({ timeoutSeconds: 5, url });
    expect(await storedSecret()).toBe(SECRET);
    // One editor at a time (the form and the log of one webhook once shared a React key: saving mounted a second form).
    await page.getByRole('button', { name: 'Edit dealHook' }).click();
    expect(await page.getByRole('form').count()).toBe(1);
    expect(errors).toEqual([]);
  }, 180_000);
});
