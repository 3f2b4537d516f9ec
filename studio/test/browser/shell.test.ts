import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('shell');
});
afterAll(() => studio?.close());

describe('studio shell', () => {
  it('serves the studio at / and sends an anonymous visitor to the sign-in form', async () => {
    const page = await studio.newPage();
    const response = await page.goto('/');
    expect(response?.status()).toBe(200);
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signin');
    await expect(page.getByLabel('Email').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Password').isVisible()).resolves.toBe(true);
    await studio.screenshot(page, 'sign-in');
  });

  it('refuses a wrong password with a message, then signs in and lands where it was going', async () => {
    const page = await studio.newPage();
    await page.goto(`/setup/objects?tenant=${studio.tenant.tenant.slug}`);
    await page.waitForURL(/\/signin/);
    await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}&next=/setup/objects`);
    await page.getByLabel('Email').fill(studio.tenant.admin.email);
    await page.getByLabel('Password').fill('wrong password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Wrong email or password');
    await page.getByLabel('Password').fill('correct horse battery');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/setup\/objects$/);
    await page.getByRole('navigation').waitFor();
  });

  it('switches to Chinese with ?lang=zh-CN and back with the header switch', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/?lang=zh-CN');
    await page.getByRole('heading', { name: '首页' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('zh-CN');
    await studio.screenshot(page, 'home-zh-CN');
    await selectOption(page.getByLabel('语言'), 'en');
    await page.getByRole('heading', { name: 'Home' }).waitFor();
  });

  it('answers API paths with JSON, not the studio page', async () => {
    for (const path of ['/auth/session', '/metadata/schema', '/healthz', '/nowhere.json']) {
      const res = await fetch(`${studio.server.url}${path}`, { headers: { accept: path === '/nowhere.json' ? 'application/json' : 'text/html' } });
      expect(res.headers.get('content-type'), path).toContain('application/json');
    }
  });
});
