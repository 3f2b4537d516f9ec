import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Changing the owner of records: on the record page and in bulk from the list, with a user picked
 * from the directory; the save pipeline decides (a rep may not give away a record that is not theirs:
 * the single change shows the refusal, the bulk one says which records it left), and the history shows
 * who owned it before and after. In English and Chinese.
 */
let studio: StudioHarness;
const ids: Record<string, string> = {};
const users: Record<string, string> = {};

beforeAll(async () => {
  studio = await startStudio('owner');
  await studio.metadata(`mutation { createObject(input: {name: "account", sharing: PUBLIC_READ, label: {en: "Account", zh_CN: "客户"}, pluralLabel: {en: "Accounts", zh_CN: "客户"},
    fields: [{name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}, required: true}]}) { name } }`);
  const rights = [{ object: 'account', read: true, create: true, update: true }];
  await studio.metadata('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'Manager', objectPermissions: rights } });
  await studio.metadata('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'Rep', parent: 'Manager', objectPermissions: rights } });
  for (const [key, name, role] of [['mia', 'Mia Chen', 'Manager'], ['zhao', 'Zhao Lei', 'Rep']]) {
    users[key] = (await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email: `${key}@owner.test`, name, role, password: `${key} password 1` },
    })).createUser.id;
  }
  for (const [name, owner] of [['Acme', users.zhao], ['Bravo', users.zhao], ['Initech', undefined]] as const) {
    ids[name] = (await studio.data('mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }', { d: { name, ...(owner ? { owner } : {}) } })).createAccount.id;
  }
});
afterAll(() => studio?.close());

const ownerOf = async (name: string) => (await studio.data('query($id: ID!) { account(id: $id) { owner { name } } }', { id: ids[name] })).account.owner.name;

async function signInAs(page: Page, key: string): Promise<void> {
  await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
  await page.getByLabel('Email').fill(`${key}@owner.test`);
  await page.getByLabel('Password').fill(`${key} password 1`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

/** Types into the owner picker and clicks the user's option. */
async function pickOwner(page: Page, picker: ReturnType<Page['getByRole']>, text: string, name: string): Promise<void> {
  await picker.click();
  await picker.fill(text);
  await page.getByRole('option', { name, exact: true }).click();
}

describe('changing owners', () => {
  it('changes the owner on the record page, and the history names both owners', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/account/${ids.Acme}`);
    await page.getByTestId('record-owner').filter({ hasText: /^Zhao Lei$/ }).waitFor();
    await page.getByRole('button', { name: 'Change owner of Acme' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change owner of Acme' });
    await pickOwner(page, dialog.getByRole('combobox', { name: 'New owner' }), 'mia', 'Mia Chen');
    await studio.screenshot(page, 'record-dialog-en');
    await dialog.getByRole('button', { name: 'Change owner' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await expect.poll(() => ownerOf('Acme')).toBe('Mia Chen');
    await page.getByTestId('record-owner').filter({ hasText: /^Mia Chen$/ }).waitFor();
    await page.getByRole('region', { name: 'History' }).getByText('Owner: Zhao Lei → Mia Chen').waitFor();
    await studio.screenshot(page, 'record-changed-en');

    await page.goto(`/o/account/${ids.Acme}?lang=zh-CN`);
    await page.getByRole('region', { name: '历史记录' }).getByText('所有人: Zhao Lei → Mia Chen').waitFor();
    await page.getByRole('button', { name: '更改 Acme 的所有人' }).click();
    await page.getByRole('dialog', { name: '更改 Acme 的所有人' }).getByRole('combobox', { name: '新所有人' }).waitFor();
    await studio.screenshot(page, 'record-dialog-zh-CN');
  });

  it('shows a refusal when a rep gives away a record that is not theirs', async () => {
    const page = await studio.newPage();
    await signInAs(page, 'zhao');
    await page.goto(`/o/account/${ids.Initech}?lang=en`);
    await page.getByRole('button', { name: 'Change owner of Initech' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change owner of Initech' });
    await pickOwner(page, dialog.getByRole('combobox', { name: 'New owner' }), 'zhao', 'Zhao Lei');
    await dialog.getByRole('button', { name: 'Change owner' }).click();
    await dialog.getByRole('alert').filter({ hasText: 'Could not change the owner: You may not change account' }).waitFor();
    expect(await ownerOf('Initech')).not.toBe('Zhao Lei');
    await studio.screenshot(page, 'record-refused-en');

    await page.goto(`/o/account/${ids.Initech}?lang=zh-CN`);
    await page.getByRole('button', { name: '更改 Initech 的所有人' }).click();
    const zh = page.getByRole('dialog', { name: '更改 Initech 的所有人' });
    await pickOwner(page, zh.getByRole('combobox', { name: '新所有人' }), 'zhao', 'Zhao Lei');
    await zh.getByRole('button', { name: '更改所有人' }).click();
    await zh.getByRole('alert').filter({ hasText: '无法更改所有人' }).waitFor();
    await studio.screenshot(page, 'record-refused-zh-CN');
  });

  it('changes the owner of the selected records at once and names those it left as they were', async () => {
    const page = await studio.newPage();
    await signInAs(page, 'zhao');
    await page.goto('/o/account?lang=en');
    await page.getByRole('checkbox', { name: 'Select Bravo' }).check();
    await page.getByRole('checkbox', { name: 'Select Initech' }).check();
    const bulk = page.getByRole('region', { name: '2 selected' });
    await pickOwner(page, bulk.getByRole('combobox', { name: 'New owner' }), 'Mia', 'Mia Chen');
    await bulk.getByRole('button', { name: 'Change owner of selected' }).click();
    await bulk.getByRole('alert').filter({ hasText: 'Owner changed to Mia Chen on 1 of 2 records; 1 you may not change were left as they were: Initech' }).waitFor();
    expect(await ownerOf('Bravo')).toBe('Mia Chen');
    expect(await ownerOf('Initech')).not.toBe('Mia Chen');
    await studio.screenshot(page, 'bulk-partly-en');

    // In Chinese, as the administrator: every selected record changes, in one request.
    const admin = await studio.newPage();
    await studio.signIn(admin);
    await admin.goto('/o/account?lang=zh-CN');
    await admin.getByRole('checkbox', { name: '选择 Bravo' }).check();
    await admin.getByRole('checkbox', { name: '选择 Initech' }).check();
    const zh = admin.getByRole('region', { name: '已选择 2 条' });
    await pickOwner(admin, zh.getByRole('combobox', { name: '新所有人' }), 'zhao', 'Zhao Lei');
    const requests: string[] = [];
    admin.on('request', (r) => { if (r.url().endsWith('/graphql') && r.postData()?.includes('mutation')) requests.push(r.postData()!); });
    await zh.getByRole('button', { name: '更改所选记录的所有人' }).click();
    await zh.getByRole('status').filter({ hasText: '已将 2 条记录的所有人更改为 Zhao Lei' }).waitFor();
    expect(await ownerOf('Bravo')).toBe('Zhao Lei');
    expect(await ownerOf('Initech')).toBe('Zhao Lei');
    expect(requests).toHaveLength(1);
    expect(requests[0]).toContain('updateAccounts');
    await studio.screenshot(admin, 'bulk-zh-CN');
    const history = await studio.data('query($id: ID!) { recordHistory(object: "account", id: $id) { changes { field before after } } }', { id: ids.Initech });
    expect(history.recordHistory[0].changes).toEqual([{ field: 'owner', before: expect.any(String), after: users.zhao }]);
  });
});
