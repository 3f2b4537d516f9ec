import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * The assignment rule editor: the admin creates a round-robin rule over two reps under Setup →
 * Dispatch and assignment, then leads created without an owner are owned by the reps in turn.
 */
let studio: StudioHarness;
const reps: string[] = [];

beforeAll(async () => {
  studio = await startStudio('assignment');
  const mod = (p: string): string => path.resolve(import.meta.dirname, `../../../runtime/src/${p}/index.ts`);
  for (const p of ['workflows', 'pools', 'assignment']) await studio.server.platform.plugins.install((await import(mod(p))).createPlugin());
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [{ name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [{ name: 'name', type: 'text', label: { en: 'Name' }, required: true }] }],
    pools: [{ name: 'main', object: 'lead', default: true, privateCap: 10 }],
  } });
  for (const name of ['Rep One', 'Rep Two']) reps.push((await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `${name.replace(' ', '').toLowerCase()}-${Date.now()}@example.com`, name } })).createUser.id);
}, 120_000);
afterAll(async () => {
  await studio?.server.platform.plugins.uninstall('assignment').catch(() => undefined);
  await studio?.server.platform.plugins.uninstall('pools').catch(() => undefined);
  await studio?.close();
});

describe('assignment rules', () => {
  it('a round-robin rule made in the editor owns new leads in turn', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto("/setup/assignment");
    await page.getByRole('heading', { name: 'Dispatch and assignment' }).waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'New rule' }).first().click();
    const form = page.getByRole('form', { name: 'New rule' });
    await form.getByLabel('Name').fill('roundRobinLeads');
    await selectOption(form.getByRole('combobox', { name: 'Object' }), { label: 'Lead' });
    await selectOption(form.getByRole('combobox', { name: 'Team (users)' }), { label: 'Rep One' });
    await selectOption(form.getByRole('combobox', { name: 'Team (users)' }), { label: 'Rep Two' });
    await form.getByRole('button', { name: 'Save rule' }).click();
    await page.getByRole('cell', { name: 'roundRobinLeads', exact: true }).waitFor({ timeout: 20_000 });
    await studio.screenshot(page, 'rule-saved');
    const made = await studio.data('mutation { createLeads(data: [{name: "A"}, {name: "B"}, {name: "C"}]) { id owner { id } } }');
    expect(made.createLeads.map((l: any) => l.owner.id)).toEqual([reps[0], reps[1], reps[0]]);
  }, 90_000);
});
