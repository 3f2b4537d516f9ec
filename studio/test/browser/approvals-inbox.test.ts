import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../../platform/test/support/server.ts';
import { confirmDialog, selectOption, settled } from './antd.ts';
import { startStudio, type StudioHarness, STILL } from './support.ts';

/**
 * The runtime screens of approvals and workflows (issue 14, studio): a rep submits an order from its
 * record page (the timeline shows it pending, an edit is refused as locked); in zh-CN the first
 * approver approves from the inbox (审批 → 待我审批), the second transfers (转办) his task, whose new
 * holder approves; the record page shows the whole history and the field the outcome workflow set,
 * the run history shows the run with its step, and the bell the notification.
 */
let studio: StudioHarness;
const users: Record<string, string> = {};
let orderId = '';

/** The workflows and approvals plugins on the harness's server (workflows first: approvals needs it). */
async function installPlugins(): Promise<void> {
  for (const entry of ['workflows', 'approvals']) {
    // A path held in a variable: tsc does not pull runtime/ into the studio's project.
    const file: string = path.resolve(import.meta.dirname, `../../../runtime/src/${entry}/index.ts`);
    await studio.server.platform.plugins.install((await import(file)).createPlugin());
  }
}

beforeAll(async () => {
  studio = await startStudio('approvals-inbox');
  await installPlugins();
  await studio.metadata(`mutation { createObject(input: {name: "order", sharing: PUBLIC_READ, label: {en: "Order", zh_CN: "订单"}, pluralLabel: {en: "Orders", zh_CN: "订单"},
    fields: [{name: "name", type: TEXT, label: {en: "Name", zh_CN: "名称"}, required: true}, {name: "amount", type: INTEGER, label: {en: "Amount", zh_CN: "金额"}},
             {name: "note", type: TEXT, label: {en: "Note", zh_CN: "备注"}}]}) { name } }`);
  await studio.metadata('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: 'Clerk', objectPermissions: [{ object: 'order', read: true, create: true, update: true }] } });
  for (const [key, name] of [['rep', 'Rita Rep'], ['li', 'Li Manager'], ['wang', 'Wang Finance'], ['zhou', 'Zhou Deputy']]) {
    users[key] = (await studio.metadata('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', {
      i: { email: `${key}@approvals.test`, name, role: 'Clerk', password: `${key} password 1` },
    })).createUser.id;
  }
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    approvalFlows: [{
      name: 'orderApproval', label: { en: 'Order approval', zh: '订单审批' }, object: 'order',
      nodes: [
        { id: 'manager', label: { en: 'Manager', zh: '经理审批' }, mode: 'any', approvers: [{ type: 'user', users: [users.li] }] },
        { id: 'finance', label: { en: 'Finance', zh: '财务审批' }, mode: 'all', approvers: [{ type: 'user', users: [users.wang] }] },
      ],
    }],
    workflows: [{ name: 'afterApproval', object: 'order', trigger: { type: 'approval', flows: ['orderApproval'], outcomes: ['approved'] }, steps: [{ id: 'ship', type: 'update', data: { note: 'Ready to ship' } }] }],
  } });
  // The rep's own order (its owner: the lock refuses the owner's edits too).
  const key = (await studio.metadata('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: users.rep })).createApiKey.key as string;
  const created = await gql(studio.server, '/graphql', key, 'mutation { createOrder(data: {name: "Pump order", amount: 5000}) { id } }');
  orderId = created.data.createOrder.id;
}, 180_000);
afterAll(() => studio?.close());

async function signInAs(page: Page, key: string): Promise<void> {
  await page.goto(`/signin?tenant=${studio.tenant.tenant.slug}`);
  await page.getByLabel('Email').fill(`${key}@approvals.test`);
  await page.getByLabel('Password').fill(`${key} password 1`);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation').waitFor();
}

/** A page in a browser whose locale is zh-CN, signed in as `key`, the studio switched to Chinese in the header. */
async function chinesePage(key: string): Promise<Page> {
  const context = await studio.browser.newContext({ ...STILL, baseURL: studio.server.url, viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await context.newPage();
  await signInAs(page, key);
  await selectOption(page.getByLabel('Language'), 'zh-CN');
  await page.getByRole('navigation').getByRole('link', { name: '审批', exact: true }).waitFor();
  return page;
}

/** From the inbox's To approve tab (待我审批), opens the order's request in the drawer. */
async function openFromInbox(page: Page, order = 'Pump order'): Promise<void> {
  await page.getByRole('navigation').getByRole('link', { name: '审批', exact: true }).click();
  await page.getByRole('tab', { name: '待我审批' }).click();
  await page.getByRole('button', { name: `查看 订单 · ${order} 的审批` }).click();
  await page.getByText(`审批：订单 · ${order}`).waitFor();
  await page.getByRole('toolbar').waitFor();
  await page.waitForTimeout(500); // the drawer's slide-in, for the screenshots
}

/** Closes the request drawer with its close button. */
async function closeDrawer(page: Page): Promise<void> {
  await page.locator('.ant-drawer-open').getByRole('button', { name: '关闭' }).click();
  await page.locator('.ant-drawer-open').waitFor({ state: 'detached' });
}

const requestOf = async () => (await studio.data('query($id: ID!) { approvalRequests(object: "order", id: $id) }', { id: orderId })).approvalRequests[0];

describe('approvals inbox, timeline and run history', () => {
  it('submits from the record page, approves and transfers from the inbox in zh-CN, and shows the outcome, the run and the notification', async () => {
    // 1. The rep submits the order from its record page: pending, locked.
    const rep = await studio.newPage();
    await signInAs(rep, 'rep');
    await rep.goto(`/o/order/${orderId}`);
    const section = rep.getByRole('region', { name: 'Approvals' });
    await section.getByText('No approval requests yet.').waitFor();
    await section.getByRole('button', { name: 'Submit for approval' }).click();
    // The browser asks for reduced motion (STILL): the dialog is there at once, not zooming in.
    const submitDialog = rep.getByRole('dialog', { name: 'Submit Pump order for approval' });
    await submitDialog.waitFor();
    expect(await submitDialog.evaluate((el) => ({ zooming: /zoom-(appear|enter)/.test((el.closest('.ant-modal') ?? el).className), animations: el.getAnimations({ subtree: true }).length })))
      .toEqual({ zooming: false, animations: 0 });
    await confirmDialog(rep, 'Submit Pump order for approval', 'Submit for approval');
    await section.getByTestId('request-status').filter({ hasText: 'Pending' }).waitFor();
    await section.getByTestId('approval-locked').waitFor();
    await rep.getByRole('button', { name: 'Edit Pump order' }).click();
    await rep.getByLabel('Note').fill('changed while pending');
    await rep.getByRole('button', { name: 'Save' }).click();
    await rep.getByRole('alert').filter({ hasText: 'locked while it waits for approval' }).waitFor();
    await studio.screenshot(rep, 'record-pending-locked');
    // The rep holds no manageWorkflows: no "Workflow runs" entry (the administrator's shows below).
    expect(await rep.getByRole('navigation').getByRole('link', { name: 'Workflow runs' }).count()).toBe(0);
    expect((await studio.data('query($id: ID!) { order(id: $id) { note } }', { id: orderId })).order.note).toBeNull();

    // 2. Li approves from the inbox, in Chinese.
    const li = await chinesePage('li');
    await openFromInbox(li);
    await studio.screenshot(li, 'inbox-drawer-zh');
    await li.getByRole('toolbar').getByRole('button', { name: '同意', exact: true }).click();
    const approveDialog = await settled(li.getByRole('dialog', { name: '同意' }));
    await approveDialog.getByLabel('审批意见').fill('同意，尽快发货');
    await approveDialog.getByRole('button', { name: '确定' }).click();
    await approveDialog.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await requestOf()).node, { timeout: 20_000 }).toBe('finance');
    await closeDrawer(li);
    await li.getByRole('tab', { name: '我已审批' }).click();
    await li.getByRole('button', { name: '查看 订单 · Pump order 的审批' }).waitFor();
    await li.context().close();

    // 3. Wang transfers his task (转办) to Zhou, in Chinese; Zhou approves.
    const wang = await chinesePage('wang');
    await openFromInbox(wang);
    await wang.getByRole('toolbar').getByRole('button', { name: '转办', exact: true }).click();
    const transfer = await settled(wang.getByRole('dialog', { name: '转办' }));
    const picker = transfer.getByRole('combobox', { name: '用户' });
    await picker.click();
    await picker.fill('Zhou');
    await wang.getByRole('option', { name: 'Zhou Deputy', exact: true }).click();
    await studio.screenshot(wang, 'transfer-zh');
    await transfer.getByRole('button', { name: '确定' }).click();
    await transfer.waitFor({ state: 'hidden' });
    await wang.context().close();
    const zhou = await chinesePage('zhou');
    await openFromInbox(zhou);
    await zhou.getByRole('toolbar').getByRole('button', { name: '同意', exact: true }).click();
    await (await settled(zhou.getByRole('dialog', { name: '同意' }))).getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => (await requestOf()).status, { timeout: 20_000 }).toBe('approved');
    // Zhou's out-of-office period (外出委托): Li stands in for him.
    await closeDrawer(zhou);
    await zhou.getByRole('button', { name: '外出委托' }).click();
    const away = await settled(zhou.getByRole('dialog', { name: '外出委托' }));
    const standIn = away.getByRole('combobox', { name: '代理人' });
    await standIn.click();
    await standIn.fill('Li');
    await zhou.getByRole('option', { name: 'Li Manager', exact: true }).click();
    const local = (ms: number) => new Date(ms - new Date().getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
    await away.getByLabel('开始').fill(local(Date.now()));
    await away.getByLabel('结束').fill(local(Date.now() + 7 * 86_400_000));
    await away.getByRole('button', { name: '设置外出委托' }).click();
    await away.getByText('外出委托已保存。').waitFor();
    await zhou.context().close();

    // 4. The outcome workflow sets the note; the record page shows the history.
    await expect.poll(async () => (await studio.data('query($id: ID!) { order(id: $id) { note } }', { id: orderId })).order.note, { timeout: 60_000, interval: 500 }).toBe('Ready to ship');
    await rep.reload();
    await section.getByTestId('request-status').filter({ hasText: 'Approved' }).waitFor();
    for (const action of ['submitted', 'approved', 'transferred', 'nodeApproved']) await section.locator(`[data-action="${action}"]`).first().waitFor();
    await section.getByText('同意，尽快发货').first().waitFor();
    await section.getByText('Transferred to Zhou Deputy').waitFor();
    await rep.getByText('Ready to ship').first().waitFor();
    expect(await section.getByTestId('approval-locked').count()).toBe(0);
    await studio.screenshot(rep, 'record-approved-history');

    // 5. The bell: the rep was told of the outcome.
    const bell = rep.getByTestId('notification-bell');
    await expect.poll(async () => Number(await bell.getAttribute('data-unread')), { timeout: 40_000 }).toBeGreaterThan(0);
    await bell.click();
    await rep.getByText('Approval: approved').first().waitFor();
    await rep.waitForTimeout(300); // the popover's fade-in, for the screenshot
    await studio.screenshot(rep, 'bell');
    await rep.context().close();

    // 6. The run history (an administrator): the run and its step's output.
    const admin = await studio.newPage();
    await studio.signIn(admin);
    await admin.getByRole('navigation').getByRole('link', { name: 'Workflow runs' }).click();
    await admin.getByRole('table', { name: 'Workflow runs' }).getByText('afterApproval').waitFor();
    await admin.getByRole('button', { name: 'Details of the run of afterApproval' }).first().click();
    await admin.getByTestId('run-status').filter({ hasText: 'Completed' }).waitFor();
    const steps = admin.getByRole('list', { name: 'Steps' });
    await steps.locator('[data-step="ship"]').waitFor();
    expect(await steps.locator('[data-step="ship"]').textContent()).toContain('Ready to ship');
    await studio.screenshot(admin, 'run-history');
    await admin.context().close();
  });

  it('rejects back to an earlier node, and delegates a task that comes back, from the inbox in zh-CN', async () => {
    // A second order, submitted and approved at the manager node through the API (the browser drives Wang's side).
    const keyOf = async (user: string) => (await studio.metadata('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: user })).createApiKey.key as string;
    const [repKey, liKey] = [await keyOf(users.rep), await keyOf(users.li)];
    const id = (await gql(studio.server, '/graphql', repKey, 'mutation { createOrder(data: {name: "Valve order", amount: 800}) { id } }')).data.createOrder.id as string;
    expect((await gql(studio.server, '/graphql', repKey, 'mutation($id: ID!) { submitForApproval(object: "order", id: $id) }', { id })).errors).toBeUndefined();
    const request = async () => (await studio.data('query($id: ID!) { approvalRequests(object: "order", id: $id) }', { id })).approvalRequests[0];
    /** The pending task of `user` (Li's: approved through the API). */
    const pendingOf = async (user: string) => (await request()).tasks.find((x: any) => x.assignee === user && x.status === 'pending').id as string;
    const liApproves = async () => expect((await gql(studio.server, '/graphql', liKey, 'mutation($t: ID!) { approve(task: $t) }', { t: await pendingOf(users.li) })).errors).toBeUndefined();
    await liApproves();

    // Wang sends it back to the manager node (驳回至 经理审批): the only nodes offered are those before his.
    const wang = await chinesePage('wang');
    await openFromInbox(wang, 'Valve order');
    await wang.getByRole('toolbar').getByRole('button', { name: '驳回', exact: true }).click();
    const reject = await settled(wang.getByRole('dialog', { name: '驳回' }));
    await selectOption(reject.getByRole('combobox', { name: '驳回至' }), 'manager');
    await reject.getByLabel('审批意见').fill('请经理复核金额');
    await reject.getByRole('button', { name: '确定' }).click();
    await reject.waitFor({ state: 'hidden' });
    await expect.poll(async () => (await request()).node, { timeout: 20_000 }).toBe('manager');
    expect((await request()).events.map((e: any) => e.action)).toContain('sentBack');
    await closeDrawer(wang);

    // Li approves again; Wang delegates (委派) to Li, who answers; the task comes back to Wang, who approves.
    await liApproves();
    await wang.reload(); // Li acted through the API: the inbox shows Wang's new task
    await openFromInbox(wang, 'Valve order');
    await wang.getByRole('toolbar').getByRole('button', { name: '委派', exact: true }).click();
    const delegate = await settled(wang.getByRole('dialog', { name: '委派' }));
    const picker = delegate.getByRole('combobox', { name: '用户' });
    await picker.click();
    await picker.fill('Li');
    await wang.getByRole('option', { name: 'Li Manager', exact: true }).click();
    await delegate.getByRole('button', { name: '确定' }).click();
    await delegate.waitFor({ state: 'hidden' });
    // Delegated: Wang has nothing to approve until it returns.
    await wang.getByRole('toolbar').getByRole('button', { name: '同意', exact: true }).waitFor({ state: 'detached' });
    await liApproves();
    await closeDrawer(wang);
    await wang.reload();
    await openFromInbox(wang, 'Valve order');
    await wang.locator('[data-action="delegationReturned"]').first().waitFor();
    await wang.getByRole('toolbar').getByRole('button', { name: '同意', exact: true }).click();
    await (await settled(wang.getByRole('dialog', { name: '同意' }))).getByRole('button', { name: '确定' }).click();
    await expect.poll(async () => (await request()).status, { timeout: 20_000 }).toBe('approved');
    await wang.context().close();
  });
});
