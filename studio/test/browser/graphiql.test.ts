import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness, STILL } from './support.ts';

let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('graphiql');
  await studio.metadata(`mutation { createObject(input: {name: "deal", fields: [{name: "name", type: TEXT, required: true}]}) { name } }`);
  await studio.data(`mutation { createDeal(data: {name: "Offline renewal"}) { id } }`);
});
afterAll(() => studio?.close());

const LOCAL_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * A browser that is offline as far as the rest of the world goes: every request for another host is
 * aborted (and remembered), from the page and its workers alike. What is left is the server itself.
 */
async function offlineContext(): Promise<{ context: BrowserContext; page: Page; leaked: string[]; local: string[]; cspViolations: string[]; pageErrors: string[] }> {
  const context = await studio.browser.newContext({ ...STILL, baseURL: studio.server.url, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
  const leaked: string[] = [];
  const local: string[] = [];
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      leaked.push(url.href);
      return route.abort('internetdisconnected');
    }
    return route.continue();
  });
  const page = await context.newPage();
  const cspViolations: string[] = [];
  const pageErrors: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Requests the route might not see (a worker's own fetches) still show up here.
  context.on('request', (request) => {
    const url = new URL(request.url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOCAL_HOSTS.has(url.hostname)) {
      if (!leaked.includes(url.href)) leaked.push(url.href);
    } else {
      local.push(url.pathname);
    }
  });
  return { context, page, leaked, local, cspViolations, pageErrors };
}

/** Replaces the text of one of GraphiQL's (Monaco) editors. */
async function replaceEditorText(page: Page, editor: string, text: string): Promise<void> {
  await page.locator(editor).first().click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  // insertText: one input event, so Monaco's bracket and quote auto-closing does not double them.
  await page.keyboard.insertText(text);
}

describe('GraphiQL at GET /graphql', () => {
  it('loads with no request leaving the machine, runs a query and shows its result', async () => {
    const { context, page, leaked, local, cspViolations, pageErrors } = await offlineContext();
    try {
      const response = await page.goto('/graphql', { waitUntil: 'load' });
      expect(response?.status()).toBe(200);
      await page.locator('.graphiql-container').first().waitFor({ timeout: 60_000 });
      await page.locator('.graphiql-query-editor .monaco-editor').first().waitFor({ timeout: 60_000 });
      await expect(page.getByText(/^Loading/).count()).resolves.toBe(0);
      await expect(page.title()).resolves.toBe('Tessera GraphQL');

      await page.getByRole('button', { name: /^Headers$/ }).click();
      await replaceEditorText(page, '.monaco-editor[data-uri*="headers"]', `{"authorization": "Bearer ${studio.tenant.apiKey}"}`);
      await replaceEditorText(page, '.graphiql-query-editor .monaco-editor', '{ deals(first: 5) { edges { node { name } } } }');
      await page.getByRole('button', { name: /Execute query/ }).click();
      await page.locator('.graphiql-response').getByText('Offline renewal').waitFor({ timeout: 30_000 });
      await studio.screenshot(page, 'graphiql-offline-result');

      expect(leaked).toEqual([]);
      const csp = response?.headers()['content-security-policy'] ?? '';
      expect(csp).toContain("default-src 'self'");
      expect(csp).not.toMatch(/https?:/); // nothing from elsewhere is allowed, so nothing from elsewhere can load
      expect(cspViolations).toEqual([]);
      expect(pageErrors).toEqual([]);
      // Monaco's workers (syntax and schema-aware validation) started from this server's files.
      expect(local.filter((p) => p.endsWith('.worker.js')).length).toBeGreaterThan(0);
    } finally {
      await context.close();
    }
  });

  it('serves its assets from the server itself, cacheable and compressed', async () => {
    const html = await (await fetch(`${studio.server.url}/graphql`, { headers: { accept: 'text/html' } })).text();
    expect(html).not.toMatch(/(src|href)=["']?https?:/);
    const assets = [...html.matchAll(/(?:src|href)=["']?(\/[^"' >]+)/g)].map((m) => m[1]);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      const res = await fetch(`${studio.server.url}${asset}`, { headers: { 'accept-encoding': 'gzip' } });
      expect(res.status, asset).toBe(200);
      expect(res.headers.get('cache-control'), asset).toContain('immutable');
      if (asset.endsWith('.js') || asset.endsWith('.css')) expect(res.headers.get('content-encoding'), asset).toBe('gzip');
      await res.arrayBuffer();
    }
  });
});
