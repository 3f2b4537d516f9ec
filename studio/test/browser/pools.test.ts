import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Lead pools in the studio: the admin claims from the public pool until the cap (2) refuses the
 * next claim with the rule's message, and the private pool shows n / cap and each record's first
 * follow-up deadline as a countdown that ticks.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('pools');
  // Paths held in variables: tsc does not pull runtime/ into the studio's project.
  const workflows: string = path.resolve(import.meta.dirname, '../../../runtime/src/workflows/index.ts');
  const pools: string = path.resolve(import.meta.dirname, '../../../runtime/src/pools/index.ts');
  await studio.server.platform.plugins.install((await import(workflows)).createPlugin());
  await studio.server.platform.plugins.install((await import(pools)).createPlugin());
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [{ name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [{ name: 'name', type: 'text', label: { en: 'Name' }, required: true }] }],
    pools: [{ name: 'main', object: 'lead', default: true, label: { en: 'Main pool' }, privateCap: 2, firstFollowUp: 'PT24H', releaseReasons: ['not interested'] }],
  } });
  await studio.data('mutation { createLeads(data: [{name: "Alpha", owner: null}, {name: "Bravo", owner: null}, {name: "Charlie", owner: null}]) { id } }');
}, 120_000);
afterAll(async () => {
  await studio?.server.platform.plugins.uninstall('pools').catch(() => undefined);
  await studio?.close();
});

describe('lead pools', () => {
  it('claims from the public pool until the cap refuses; the private pool counts down each deadline', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.getByRole('link', { name: 'Lead pools' }).click();
    const status = page.getByRole('status', { name: 'pool status' });
    await status.waitFor({ timeout: 30_000 });
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('0 / 2');
    const publicPool = page.getByRole('region', { name: 'Public pool' });
    await publicPool.getByRole('checkbox', { name: 'Alpha' }).check();
    await publicPool.getByRole('checkbox', { name: 'Bravo' }).check();
    await publicPool.getByRole('button', { name: 'Claim (2)' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('2 / 2');
    await publicPool.getByRole('checkbox', { name: 'Charlie' }).check();
    await publicPool.getByRole('button', { name: 'Claim (1)' }).click();
    await publicPool.getByRole('alert').waitFor({ timeout: 20_000 });
    await expect.poll(() => publicPool.getByRole('alert').textContent(), { timeout: 20_000 }).toMatch(/is full: 2 of 2 \(rule privateCap of pool main\)/);
    await studio.screenshot(page, 'cap-refused');
    expect((await studio.data('{ poolStatus(object: "lead") }')).poolStatus).toMatchObject({ privateCount: 2, privateCap: 2 });

    await page.getByRole('tab', { name: 'My private pool' }).click();
    const privatePool = page.getByRole('region', { name: 'My private pool' });
    const timers = privatePool.getByRole('timer');
    await timers.first().waitFor({ timeout: 20_000 });
    await expect.poll(() => timers.count(), { timeout: 20_000 }).toBe(2);
    const first = await timers.first().textContent();
    expect(first).toMatch(/^23:5\d:\d\d$/);
    await expect.poll(() => timers.first().textContent(), { timeout: 10_000 }).not.toBe(first);
    await studio.screenshot(page, 'countdown');

    // Release one with a reason: it goes back to the public pool; its record page shows the pool history.
    await privatePool.getByRole('checkbox').nth(1).check();
    await privatePool.getByRole('button', { name: 'Release (1)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Release to the public pool' });
    await selectOption(dialog.getByRole('combobox', { name: 'Reason' }), 'not interested');
    await dialog.getByRole('button', { name: 'Release' }).click();
    await expect.poll(() => status.textContent(), { timeout: 20_000 }).toContain('1 / 2');
    const [alpha] = (await studio.data('{ leads(filter: {name: {eq: "Alpha"}}) { nodes { id } } }')).leads.nodes;
    await page.goto(`/o/lead/${alpha.id}`);
    const history = page.getByRole('region', { name: 'Pool history' });
    await history.waitFor({ timeout: 30_000 });
    expect(await history.textContent()).toMatch(/Claimed · main/);

    // The pool editor: the cap goes to 3.
    await page.getByRole('link', { name: 'Pools', exact: true }).click();
    await page.getByRole('button', { name: 'Edit main' }).click();
    await page.getByLabel('Private pool cap').fill('3');
    await page.getByRole('button', { name: 'Save pool' }).click();
    await expect.poll(async () => (await studio.data('{ poolStatus(object: "lead") }')).poolStatus.privateCap, { timeout: 20_000 }).toBe(3);
    await studio.screenshot(page, 'editor');
  });
  it('the pool editor names users, roles and groups as members and managers; a pool saved from it keeps each', async () => {
    await studio.metadata('mutation { createRole(input: {name: "closer", objectPermissions: [{object: "lead", read: true}]}) { id } }');
    await studio.metadata('mutation { createGroup(input: {name: "north"}) { id } }');
    const pat = (await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `pat-${Date.now()}@pools.test`, name: 'Pat Picker' } })).createUser.id;
    const pools = async () => (await studio.metadata('{ document(kinds: ["pools"]) }')).document.pools as { name: string }[];
    const seeded = { name: 'north', object: 'lead', label: { en: 'North' }, members: [{ type: 'group', group: 'north' }, { type: 'user', users: [pat] }], managers: [{ type: 'role', role: 'closer' }] };
    await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { pools: [...await pools(), seeded] } });
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/pools');
    await page.getByRole('button', { name: 'Edit north' }).click({ timeout: 30_000 });
    const form = page.getByRole('form', { name: 'Edit north' });
    const tags = (label: string) => form.locator('.form-row').filter({ has: page.getByText(label, { exact: true }) }).locator('.ant-select-selection-item').allTextContents();
    await expect.poll(() => tags('Members (who may claim: users, roles, groups)'), { timeout: 20_000 }).toEqual(['Group: north', 'Pat Picker']);
    expect(await tags('Managers (who may assign: users, roles, groups)')).toEqual(['Role: closer']);
    await selectOption(form.getByRole('combobox', { name: 'Members (who may claim: users, roles, groups)' }), 'role:closer');
    await studio.screenshot(page, 'pool-members');
    await form.getByRole('button', { name: 'Save pool' }).click();
    await form.waitFor({ state: 'hidden', timeout: 20_000 });
    expect((await pools()).find((p) => p.name === 'north')).toEqual({ ...seeded, members: [...seeded.members, { type: 'role', role: 'closer' }] });
  }, 120_000);
});
