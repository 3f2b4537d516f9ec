import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readConfig } from '../../../platform/src/config/config.ts';
import { startServer, type RunningServer } from '../../../platform/src/server/start.ts';
import { testDatabaseUrl } from '../../../platform/test/support/server.ts';
import { studioDistDir } from '../../server/index.ts';
import { STILL } from './support.ts';

/**
 * First start on an empty database (issue 12): the studio opens on a CRM — the demo tenant's apps,
 * objects and sample records, signed in with the login printed once — in English and Chinese.
 */
const ARTIFACTS = path.resolve(import.meta.dirname, '../../../test-artifacts/studio/demo');
let server: RunningServer;
let browser: Browser;
let login: { email: string; password: string };

beforeAll(async () => {
  const name = `tessera_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(testDatabaseUrl());
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  let printed = '';
  const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => { printed += String(chunk); return true; });
  try {
    server = await startServer({ ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent' }), port: 0, databaseUrl: url.toString() }, { demoTenant: true, studio: { dir: studioDistDir, isReady: () => true } });
  } finally {
    spy.mockRestore();
  }
  login = { email: /email:\s+(\S+)/.exec(printed)![1], password: /password:\s+(\S+)/.exec(printed)![1] };
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  await fs.mkdir(ARTIFACTS, { recursive: true });
}, 180_000);
afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('first start', () => {
  for (const lang of ['en', 'zh-CN'] as const) {
    it(`opens on the demo CRM (${lang})`, async () => {
      const context = await browser.newContext({ ...STILL, baseURL: server.url, viewport: { width: 1280, height: 800 }, locale: 'en-US' });
      const page = await context.newPage();
      await page.goto(`/signin?tenant=demo&lang=${lang}`);
      await page.getByLabel(lang === 'en' ? 'Email' : '邮箱').fill(login.email);
      await page.getByLabel(lang === 'en' ? 'Password' : '密码').fill(login.password);
      await page.getByRole('button', { name: lang === 'en' ? 'Sign in' : '登录' }).click();
      const nav = page.getByRole('navigation');
      await nav.waitFor();
      // The demo's objects are there to open, with real-looking records.
      await nav.getByRole('link', { name: lang === 'en' ? 'Leads' : '线索', exact: true }).click();
      await page.getByText(lang === 'en' ? /of 300 loaded/ : /300/).first().waitFor();
      // Rows of real-looking leads (names in both scripts) fill the grid.
      await expect.poll(async () => (await page.locator('main').innerText()).match(/[\u4e00-\u9fff]{2,}/g)?.length ?? 0, { timeout: 20_000 }).toBeGreaterThan(5);
      await page.screenshot({ path: path.join(ARTIFACTS, `demo-leads-${lang}.png`), fullPage: true });
      // Apps group the objects; the switcher offers them.
      await page.getByRole('combobox', { name: lang === 'en' ? 'App' : '应用' }).waitFor();
      await context.close();
    });
  }
});
