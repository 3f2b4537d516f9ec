import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { confirmDialog, selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('security');
  const meta = metadataClient(studio.server, studio.tenant.apiKey);
  const created = await meta('mutation { createObject(input: {name: "deal", label: {en: "Deal"}, fields: [{name: "amount", type: NUMBER}, {name: "stage", type: TEXT}]}) { name } }');
  expect(created.errors).toBeUndefined();
});
afterAll(() => studio?.close());

const email = 'mei@example.test';

describe('users and roles', () => {
  it('creates a role with object permissions in the hierarchy', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/roles');
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByLabel('Role name').fill('Sales');
    await page.getByRole('checkbox', { name: 'Deal: Create' }).check();
    expect(await page.getByRole('checkbox', { name: 'Deal: Read' }).isChecked()).toBe(true);
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.getByRole('treeitem').getByRole('button', { name: 'Sales' }).waitFor();
    // A second role below the first.
    await page.getByRole('button', { name: 'New role' }).click();
    await page.getByLabel('Role name').fill('Sales rep');
    await selectOption(page.getByLabel('Reports to (parent role)'), 'Sales');
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.locator('[role=treeitem][aria-level="2"]').getByRole('button', { name: 'Sales rep' }).waitFor();
    await studio.screenshot(page, 'roles');
    const roles = await metadataClient(studio.server, studio.tenant.apiKey)('{ roles { name parent { name } objectPermissions { object read create update } } }');
    expect(roles.data.roles).toEqual(expect.arrayContaining([
      { name: 'Sales', parent: null, objectPermissions: [{ object: 'deal', read: true, create: true, update: false }] },
      { name: 'Sales rep', parent: { name: 'Sales' }, objectPermissions: [] },
    ]));
  });

  it('creates a user with a role, shows a refusal next to its input, and the user signs in', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/users');
    await page.getByRole('button', { name: 'New user' }).click();
    let form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Name', { exact: true }).fill('Mei Lin');
    await form.getByLabel('Password', { exact: true }).fill('mei password 1');
    await selectOption(form.getByLabel('Language', { exact: true }), 'zh-CN');
    await selectOption(form.getByLabel('Role', { exact: true }), 'Sales rep');
    await form.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('cell', { name: email }).waitFor();
    const row = page.getByRole('row', { name: /Mei Lin/ });
    expect(await row.textContent()).toContain('Sales rep');

    await page.getByRole('button', { name: 'New user' }).click();
    form = page.getByRole('form', { name: 'New user' });
    await form.getByLabel('Email', { exact: true }).fill(email);
    await form.getByLabel('Name', { exact: true }).fill('Someone else');
    await form.getByRole('button', { name: 'Create user' }).click();
    const emailInput = form.getByLabel('Email', { exact: true });
    await form.locator('input[type=email][aria-invalid=true]').waitFor();
    const describedBy = await emailInput.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toBe('is taken');
    await studio.screenshot(page, 'user-error');

    const mei = await studio.newPage();
    await mei.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await mei.getByLabel('Email').fill(email);
    await mei.getByLabel('Password').fill('mei password 1');
    await mei.getByRole('button', { name: 'Sign in' }).click();
    await mei.getByRole('navigation').waitFor();
    // Her locale applies: the shell speaks Chinese.
    await mei.getByRole('heading', { name: '首页' }).waitFor();
    expect(await mei.getByRole('banner').textContent()).toContain('Mei Lin');
    // Her role grants no rights on deals: the navigation leaves them out, as it lists them for the admin.
    await page.getByRole('navigation').getByRole('link', { name: 'Deals' }).waitFor();
    expect(await mei.getByRole('navigation').getByRole('link', { name: 'Deals' }).count()).toBe(0);
    await studio.screenshot(mei, 'signed-in-as-user');
  });

  it('issues an API key shown once, lists it without its secret, and revokes it', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/users');
    await page.getByRole('button', { name: 'API keys of Mei Lin' }).click();
    await page.getByLabel('Key name').fill('integration');
    await page.getByRole('button', { name: 'Create key' }).click();
    const key = await page.getByLabel('New key').inputValue();
    expect(key).toMatch(/^tsk_/);
    const me = async () => (await fetch(`${studio.server.url}/metadata`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ me { email } }' }),
    })).json();
    expect((await me()).data.me.email).toBe(email);
    const table = page.getByRole('table', { name: /Keys/ });
    await table.getByRole('cell', { name: 'integration', exact: true }).waitFor();
    expect(await table.textContent()).not.toContain(key);
    await studio.screenshot(page, 'api-key');
    await page.getByRole('button', { name: 'Hide key' }).click();
    await page.getByRole('button', { name: 'Revoke key integration' }).click();
    await table.getByText(/Revoked/).waitFor();
    expect((await me()).errors[0].extensions.code).toBe('UNAUTHENTICATED');
  });

  it('deactivates a user', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/users');
    await page.getByRole('button', { name: 'Deactivate Mei Lin' }).click();
    await page.getByRole('button', { name: 'Reactivate Mei Lin' }).waitFor();
    expect(await page.getByRole('row', { name: /Mei Lin/ }).textContent()).toContain('Deactivated');
  });

  it('removes a group member, deletes the group, and refuses to delete a role that still has roles below it', async () => {
    const meta = metadataClient(studio.server, studio.tenant.apiKey);
    const user = await meta('mutation { createUser(input: {email: "tao@example.test", name: "Tao"}) { id } }');
    expect(user.errors).toBeUndefined();
    expect((await meta('mutation($u: ID!) { createGroup(input: {name: "Team", members: [{user: $u}]}) { id } }', { u: user.data.createUser.id })).errors).toBeUndefined();
    expect((await meta('mutation { createRole(input: {name: "Temp"}) { id } }')).errors).toBeUndefined();

    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/roles');
    await page.getByRole('tab', { name: 'Groups' }).click();
    await page.getByRole('button', { name: 'Remove Tao from Team' }).click();
    await expect.poll(async () => (await meta('{ groups { name members } }')).data.groups).toEqual([{ name: 'Team', members: [] }]);
    await page.getByRole('button', { name: 'Delete group Team' }).click();
    await confirmDialog(page, 'Delete the group Team?', 'Delete group Team');
    await expect.poll(async () => (await meta('{ groups { name } }')).data.groups).toEqual([]);

    await page.getByRole('tab', { name: 'Roles' }).click();
    await page.getByRole('treeitem').getByRole('button', { name: 'Sales', exact: true }).click();
    await page.getByRole('button', { name: 'Delete role Sales' }).click();
    await confirmDialog(page, 'Delete the role Sales?', 'Delete role Sales');
    await page.getByText(/The role Sales cannot be deleted: it is used by .*role Sales rep/).first().waitFor();
    await studio.screenshot(page, 'role-delete-refused');
    await page.getByRole('treeitem').getByRole('button', { name: 'Temp' }).click();
    await page.getByRole('button', { name: 'Delete role Temp' }).click();
    await confirmDialog(page, 'Delete the role Temp?', 'Delete role Temp');
    await expect.poll(async () => ((await meta('{ roles { name } }')).data.roles as { name: string }[]).map((r) => r.name).sort()).toEqual(['Sales', 'Sales rep']);
  });

  it('edits, unassigns and deletes a permission set', async () => {
    const meta = metadataClient(studio.server, studio.tenant.apiKey);
    const user = await meta('mutation { createUser(input: {email: "lin@example.test", name: "Lin"}) { id } }');
    expect((await meta('mutation { createPermissionSet(input: {name: "Readers", objectPermissions: [{object: "deal", read: true}]}) { id } }')).errors).toBeUndefined();
    expect((await meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "Readers") { id } }', { u: user.data.createUser.id })).errors).toBeUndefined();

    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/roles');
    await page.getByRole('tab', { name: 'Permission sets' }).click();
    await page.getByRole('button', { name: 'Edit permission set Readers' }).click();
    await page.getByRole('checkbox', { name: 'Deal: Edit' }).check();
    await page.getByRole('button', { name: 'Save permission set' }).click();
    await expect.poll(async () => (await meta('{ permissionSets { name objectPermissions { object read update } } }')).data.permissionSets)
      .toEqual([{ name: 'Readers', objectPermissions: [{ object: 'deal', read: true, update: true }] }]);

    await selectOption(page.getByLabel('Permission set', { exact: true }), 'Readers');
    await selectOption(page.getByLabel('User', { exact: true }), { label: 'Lin (lin@example.test)' });
    await page.getByRole('button', { name: 'Unassign' }).click();
    await page.getByRole('status').filter({ hasText: 'Readers taken from Lin' }).waitFor();
    await page.getByRole('button', { name: 'Unassign' }).click();
    await page.getByText('does not have the permission set Readers').waitFor();

    await page.getByRole('button', { name: 'Delete permission set Readers' }).click();
    await confirmDialog(page, 'Delete the permission set Readers?', 'Delete permission set Readers');
    await expect.poll(async () => (await meta('{ permissionSets { name } }')).data.permissionSets).toEqual([]);
  });
});
