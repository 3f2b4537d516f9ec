import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Live lists: two browser contexts (two users' sessions). One creates a record through the form; the
 * other's list, open all along, shows it without a reload (the list subscribes to recordChanged over
 * the /graphql WebSocket with its session); the open record page follows another user's edit too.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('live-list');
  await studio.metadata(`mutation { createObject(input: {name: "account", sharing: PUBLIC_READ_WRITE, label: {en: "Account", zh_CN: "客户"}, pluralLabel: {en: "Accounts", zh_CN: "客户"},
    fields: [{name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}, required: true}]}) { name } }`);
  await studio.metadata('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'Rep', objectPermissions: [{ object: 'account', read: true, create: true, update: true }] } });
  await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: 'mia@live.test', name: 'Mia Chen', role: 'Rep', password: 'mia password 1' } });
  await studio.data('mutation { createAccount(data: {name: "Acme"}) { id } }');
});
afterAll(() => studio?.close());

describe('live list', () => {
  it('shows another user\'s new record and edit without a reload', async () => {
    const watcher = await studio.newPage();
    await studio.signIn(watcher);
    await watcher.goto('/o/account');
    const grid = watcher.getByRole('grid', { name: 'Account records' });
    await grid.getByRole('row', { name: /Acme/ }).waitFor();
    let reloads = 0;
    watcher.on('framenavigated', (frame) => { if (frame === watcher.mainFrame()) reloads += 1; });
    // Give the socket a moment to subscribe.
    await watcher.waitForTimeout(1000);

    const writer = await studio.newPage();
    await writer.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
    await writer.getByLabel('Email').fill('mia@live.test');
    await writer.getByLabel('Password').fill('mia password 1');
    await writer.getByRole('button', { name: 'Sign in' }).click();
    await writer.getByRole('navigation').waitFor();
    await writer.goto('/o/account/new');
    await writer.getByLabel('Name').fill('Globex (live)');
    await writer.getByRole('button', { name: 'Save' }).click();
    await writer.waitForURL(/\/o\/account\/[0-9a-f-]{36}$/);
    const id = writer.url().split('/').pop()!;

    await grid.getByRole('row', { name: /Globex \(live\)/ }).waitFor({ timeout: 20_000 });
    await studio.screenshot(watcher, 'list-updated-live');

    // The watcher opens the record; the writer renames it: the record page follows.
    await watcher.goto(`/o/account/${id}`);
    await watcher.getByRole('heading', { name: /Globex \(live\)/ }).waitFor();
    await watcher.waitForTimeout(1000);
    const navigations = reloads;
    // The record page subscribes once it shows the record; graphql-ws does not acknowledge a subscribe, so
    // under load a first rename can come before the server listens for this page: rename until one arrives.
    await vi.waitFor(async () => {
      await studio.data('mutation($id: ID!, $name: String!) { updateAccount(id: $id, data: {name: $name}) { id } }', { id, name: `Globex renamed ${Date.now()}` });
      await watcher.getByRole('heading', { name: /Globex renamed/ }).waitFor({ timeout: 5_000 });
    }, { timeout: 40_000, interval: 100 });
    expect(reloads).toBe(navigations);
  });
});
