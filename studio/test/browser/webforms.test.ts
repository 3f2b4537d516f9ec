import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Web forms in the studio: the admin defines a web-to-lead form in Setup → Web forms (object, inputs
 * picked from the object's fields, honeypot), copies its generated HTML snippet, a visitor posts the
 * snippet's plain form from another page, and the lead appears in the lead list.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('webforms');
  // Paths held in variables: tsc does not pull runtime/ into the studio's project.
  const workflows: string = path.resolve(import.meta.dirname, '../../../runtime/src/workflows/index.ts');
  const pools: string = path.resolve(import.meta.dirname, '../../../runtime/src/pools/index.ts');
  await studio.server.platform.plugins.install((await import(workflows)).createPlugin());
  const webforms: string = path.resolve(import.meta.dirname, '../../../runtime/src/webforms/index.ts');
  await studio.server.platform.plugins.install((await import(pools)).createPlugin());
  await studio.server.platform.plugins.install((await import(webforms)).createPlugin());
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [{ name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [
      { name: 'name', type: 'text', label: { en: 'Name' }, required: true },
      { name: 'phone', type: 'text', label: { en: 'Phone' } },
    ] }],
  } });
}, 120_000);
afterAll(async () => {
  for (const name of ['webforms', 'pools', 'workflows']) await studio?.server.platform.plugins.uninstall(name).catch(() => undefined);
  await studio?.close();
});

describe('web forms', () => {
  it('creates a form, copies its snippet, a visitor posts it and the lead appears', async () => {
    const page = await studio.newPage();
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: studio.server.url });
    await studio.signIn(page);
    await page.getByRole('link', { name: 'Web forms' }).click();
    await page.getByRole('heading', { name: 'Web forms' }).waitFor();
    await page.getByRole('button', { name: 'Add a web form' }).click();
    const form = page.getByRole('form', { name: 'Add a web form' });
    await form.getByLabel('Name', { exact: true }).fill('contact');
    await selectOption(form.getByLabel('Object'), { label: 'Lead' });
    await form.getByRole('button', { name: 'Add an input' }).click();
    await selectOption(form.getByLabel('Field 1'), { label: 'Name' });
    await form.getByLabel('Label (English) 1').fill('Your name');
    await form.getByLabel('Required 1').check();
    await form.getByRole('button', { name: 'Add an input' }).click();
    await selectOption(form.getByLabel('Field 2'), { label: 'Phone' });
    await form.getByLabel('Input name 2').fill('tel');
    await form.getByLabel('Label (English) 2').fill('Phone');
    await studio.screenshot(page, 'form-editor');
    await form.getByRole('button', { name: 'Save form' }).click();
    await page.getByRole('button', { name: 'Embeddable HTML contact' }).click();
    const snippetBox = page.getByRole('textbox', { name: 'Embeddable HTML contact' });
    await snippetBox.waitFor();
    await page.getByRole('button', { name: 'Copy snippet' }).click();
    await page.getByText('Snippet copied').waitFor();
    const snippet = await page.evaluate(() => navigator.clipboard.readText());
    expect(snippet).toBe(await snippetBox.inputValue());
    expect(snippet).toMatch(new RegExp(`action="[^"]*/forms/${studio.tenant.tenant.slug}/contact"`));
    expect(snippet).toContain('name="website"');
    await studio.screenshot(page, 'snippet');

    // A visitor's page embedding the snippet, served from elsewhere: a plain form post, no script.
    const visitor = await studio.browser.newPage();
    await visitor.setContent(`<!doctype html><html><body><h1>Contact us</h1>${snippet}</body></html>`);
    await visitor.getByLabel('Your name').fill('Wang Fang');
    await visitor.getByLabel('Phone').fill('13900001111');
    await Promise.all([visitor.waitForNavigation(), visitor.getByRole('button', { name: 'Send' }).click()]);
    expect(await visitor.content()).toContain('"ok":true');
    await visitor.close();

    const leads = (await studio.data('{ leads(first: 10) { edges { node { name phone } } } }')).leads.edges.map((e: any) => e.node);
    expect(leads).toEqual([{ name: 'Wang Fang', phone: '13900001111' }]);
    await page.goto('/o/lead');
    await page.getByRole('grid', { name: 'Lead records' }).getByRole('row', { name: /Wang Fang/ }).waitFor();
    await studio.screenshot(page, 'lead-list');
  });
});
