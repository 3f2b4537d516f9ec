import fs from 'node:fs/promises';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { gql, newTenant, startTestServer } from '../../../platform/test/support/server.ts';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import type { CreatedTenant } from '../../../platform/src/tenancy/index.ts';
import { studioDistDir } from '../../server/index.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * Every browser context of the tests asks for reduced motion: the studio then turns antd's motion off
 * (DesignProvider), so a click never lands on a modal or drawer still zooming or sliding in (on a
 * loaded machine such clicks were lost).
 */
export const STILL = { reducedMotion: 'reduce' } as const;
const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/studio');

export interface StudioHarness {
  server: RunningServer;
  browser: Browser;
  tenant: CreatedTenant;
  /** A fresh page (own cookies), with the server's address as base. */
  newPage(): Promise<Page>;
  /** Signs the tenant's admin in through the form and waits for the shell. */
  signIn(page: Page): Promise<void>;
  /** A /metadata request as the tenant's admin (API key); fails the test on any error, returns `data`. */
  metadata(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** The same on /graphql: what the UI did, read back from the data API. */
  data(query: string, variables?: Record<string, unknown>): Promise<any>;
  /** Writes `test-artifacts/studio/<suite>/<nn>-<name>.png`. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Installs the script runtime on the harness's server, as `npm start` does (the harness serves the APIs without it). Returns its close. */
export async function installScriptRuntime(server: RunningServer): Promise<() => Promise<void>> {
  // A path held in a variable: tsc does not pull runtime/ into the studio's project.
  const entry: string = path.resolve(import.meta.dirname, '../../../runtime/src/index.ts');
  await server.platform.plugins.install((await import(entry)).createPlugin());
  return async () => { await server.platform.plugins.uninstall('scripts'); };
}

/**
 * The real server (serving the built studio) on the suite's PostgreSQL, one new tenant, and Debian's
 * chromium. `env`: more of the server's environment (TESSERA_TEST_CLOCK=1 for a suite that seeds history
 * at chosen instants with setClock).
 */
export async function startStudio(suite: string, options: { env?: Record<string, string> } = {}): Promise<StudioHarness> {
  const server = await startTestServer({ studio: { dir: studioDistDir, isReady: () => true }, env: options.env });
  const tenant = await newTenant(server, suite);
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
  const dir = path.join(ARTIFACTS, suite);
  await fs.rm(dir, { recursive: true, force: true });
  await fs.mkdir(dir, { recursive: true });
  let shots = 0;
  const api = async (path: '/metadata' | '/graphql', query: string, variables?: Record<string, unknown>) => {
    const res = await gql(server, path, tenant.apiKey, query, variables);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    return res.data;
  };
  return {
    server,
    browser,
    tenant,
    async newPage() {
      const context = await browser.newContext({ ...STILL, baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      return context.newPage();
    },
    async signIn(page) {
      await page.goto(`/signin?tenant=${tenant.tenant.slug}`);
      await page.getByLabel('Email').fill(tenant.admin.email);
      await page.getByLabel('Password').fill('correct horse battery');
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('navigation').waitFor();
    },
    metadata: (query, variables) => api('/metadata', query, variables),
    data: (query, variables) => api('/graphql', query, variables),
    async screenshot(page, name) {
      shots += 1;
      const file = path.join(dir, `${String(shots).padStart(2, '0')}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      await browser.close();
      await server.close();
    },
  };
}
