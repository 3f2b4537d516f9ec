import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Scoring in the studio: the admin defines a scoring rule in Setup → Scoring rules (a criterion and
 * 5 points per call), the background recomputation reports its progress, and a lead's score on its
 * record page changes when a call is logged; a re-inquiry of a public lead shows as reactivated on its
 * record page.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('scoring');
  // Paths held in variables: tsc does not pull runtime/ into the studio's project.
  const workflows: string = path.resolve(import.meta.dirname, '../../../runtime/src/workflows/index.ts');
  const scoring: string = path.resolve(import.meta.dirname, '../../../runtime/src/scoring/index.ts');
  await studio.server.platform.plugins.install((await import(workflows)).createPlugin());
  const pools: string = path.resolve(import.meta.dirname, '../../../runtime/src/pools/index.ts');
  const reactivation: string = path.resolve(import.meta.dirname, '../../../runtime/src/reactivation/index.ts');
  await studio.server.platform.plugins.install((await import(scoring)).createPlugin());
  await studio.server.platform.plugins.install((await import(pools)).createPlugin());
  await studio.server.platform.plugins.install((await import(reactivation)).createPlugin());
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [
      { name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [
        { name: 'name', type: 'text', label: { en: 'Name' }, required: true },
        { name: 'channel', type: 'text', label: { en: 'Channel' } },
        { name: 'score', type: 'number', label: { en: 'Score' } },
      ] },
      { name: 'call', label: { en: 'Call' }, pluralLabel: { en: 'Calls' }, fields: [
        { name: 'subject', type: 'text', label: { en: 'Subject' }, required: true },
        { name: 'lead', type: 'lookup', target: 'lead', label: { en: 'Lead' } },
      ] },
    ],
  } });
  await studio.data('mutation { createLead(data: {name: "Acme", channel: "referral"}) { id } }');
}, 120_000);
afterAll(async () => {
  for (const name of ['reactivation', 'pools', 'scoring']) await studio?.server.platform.plugins.uninstall(name).catch(() => undefined);
  await studio?.close();
});

describe('scoring rules', () => {
  it('a rule defined in the editor scores leads; logging a call raises the score on the record page', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/scoring');
    await page.getByRole('heading', { name: 'Scoring rules' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Add a scoring rule' }).click();
    const form = page.getByRole('form', { name: 'Add a scoring rule' });
    await form.getByLabel('Name', { exact: true }).fill('leadScore');
    await form.getByLabel('Label').fill('Lead score');
    await selectOption(form.getByRole('combobox', { name: 'Object' }), 'lead');
    await selectOption(form.getByRole('combobox', { name: 'Score field' }), 'score');
    await form.getByRole('button', { name: 'Add a criterion' }).click();
    await form.getByLabel('When (expression) 1').fill('channel = "referral"');
    await form.getByLabel('Points 1').fill('10');
    await form.getByRole('button', { name: 'Add an activity rule' }).click();
    await selectOption(form.getByRole('combobox', { name: 'Activity object 1' }), 'call');
    await selectOption(form.getByRole('combobox', { name: 'Lookup to the record 1' }), 'lead');
    await form.getByLabel('Within (e.g. P30D) 1').fill('P30D');
    await studio.screenshot(page, 'editor');
    await form.getByRole('button', { name: 'Save rule' }).click();
    const progress = page.getByRole('status', { name: 'leadScore progress' });
    await expect.poll(() => progress.textContent(), { timeout: 30_000 }).toMatch(/Recomputed 1 of 1/);
    await studio.screenshot(page, 'recomputed');

    const [lead] = (await studio.data('{ leads(filter: {name: {eq: "Acme"}}) { nodes { id score } } }')).leads.nodes;
    expect(lead.score).toBe(10);
    await page.goto(`/o/lead/${lead.id}`);
    const score = page.locator('[data-field="score"]').first();
    await score.waitFor({ timeout: 30_000 });
    await expect.poll(() => score.textContent(), { timeout: 20_000 }).toMatch(/^10(\.0+)?$/);
    await studio.data('mutation($id: ID!) { createCall(data: {subject: "First call", lead: $id}) { id } }', { id: lead.id });
    await page.reload();
    await expect.poll(() => page.locator('[data-field="score"]').first().textContent(), { timeout: 30_000 }).toMatch(/^15(\.0+)?$/);
    await studio.screenshot(page, 'score');
  });

  it('a re-inquiry of a lead in the public pool reactivates it: the record page says so', async () => {
    await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
      objects: [{ name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [
        { name: 'name', type: 'text', label: { en: 'Name' }, required: true },
        { name: 'channel', type: 'text', label: { en: 'Channel' } },
        { name: 'score', type: 'number', label: { en: 'Score' } },
        { name: 'phone', type: 'text', label: { en: 'Phone' } },
      ] }],
      pools: [{ name: 'main', object: 'lead', default: true, label: { en: 'Main pool' } }],
      duplicateRules: [{ name: 'samePhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'exact' } }],
      reactivations: [{ name: 'reinquiry', object: 'lead', update: ['channel'] }],
    } });
    const first = (await studio.data('mutation { createLead(data: {name: "Globex", phone: "555", owner: null}) { id } }')).createLead.id;
    const again = (await studio.data('mutation { createLead(data: {name: "Globex (form)", phone: "555", channel: "douyin"}) { id channel } }')).createLead;
    expect(again).toEqual({ id: first, channel: 'douyin' });
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/lead/${first}`);
    const history = page.getByRole('region', { name: 'Pool history' });
    await history.waitFor({ timeout: 30_000 });
    await history.getByRole('note', { name: 'Reactivated by a re-inquiry' }).waitFor({ timeout: 20_000 });
    expect(await history.textContent()).toMatch(/Reactivated · main · Re-inquiry/);
    await studio.screenshot(page, 'reactivated');
  });
});
