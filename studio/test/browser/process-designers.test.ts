import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { selectOption, settled } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * The workflow and approval designers (issue 14, item 10): a workflow designed on the canvas with a
 * schema error shown on its node and fixed, an approval flow of 或签 then 会签, both activated; a
 * record written through the API goes through both; the version history shows the diff of an edit.
 */
let studio: StudioHarness;
let page: Page;

/** The workflows and approvals plugins on the harness's server, as `npm start` installs them (workflows first: approvals need it). */
async function installProcessPlugins(): Promise<() => Promise<void>> {
  // Paths held in variables: tsc does not pull runtime/ into the studio's project.
  const workflows: string = path.resolve(import.meta.dirname, '../../../runtime/src/workflows/index.ts');
  const approvals: string = path.resolve(import.meta.dirname, '../../../runtime/src/approvals/index.ts');
  await studio.server.platform.plugins.install((await import(workflows)).createPlugin());
  await studio.server.platform.plugins.install((await import(approvals)).createPlugin());
  return async () => {
    await studio.server.platform.plugins.uninstall('approvals');
    await studio.server.platform.plugins.uninstall('workflows');
  };
}

let uninstall: (() => Promise<void>) | undefined;
beforeAll(async () => {
  studio = await startStudio('process-designers');
  uninstall = await installProcessPlugins();
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
    d: { objects: [{ name: 'deal', label: { en: 'Deal' }, fields: [{ name: 'name', type: 'text', required: true }, { name: 'amount', type: 'integer' }, { name: 'note', type: 'text' }] }] },
  });
  page = await studio.newPage();
  await studio.signIn(page);
});
afterAll(async () => {
  await uninstall?.();
  await studio?.close();
});

const canvasNode = (name: RegExp) => page.getByRole('region', { name: 'Process graph' }).getByRole('button', { name });

describe('the process designers', () => {
  it('designs a workflow: record-updated trigger, a branch, an update and a notify step; a schema error on a node, fixed; saved and active', async () => {
    await page.goto('/setup/workflows');
    await page.getByRole('link', { name: 'New workflow' }).click();
    await page.getByRole('heading', { name: 'New workflow' }).waitFor();
    await page.getByLabel('API name').fill('bigDeal');
    await selectOption(page.getByLabel('Object', { exact: true }), 'deal');
    // The trigger is selected first: updated (not created), only when the amount changes.
    const panel = page.getByRole('region', { name: 'Properties' });
    await panel.getByRole('checkbox', { name: 'updated' }).check();
    await panel.getByRole('checkbox', { name: 'created' }).uncheck();
    await selectOption(panel.getByLabel('Only when these fields change'), 'amount');

    await page.getByRole('button', { name: 'Add Branch step' }).click();
    // Not an expression: the schema cannot see it, the server's check will (below).
    await panel.getByLabel('Branch 1: when').fill('amount >');
    await page.getByRole('button', { name: 'Add Update record step' }).click();
    await panel.getByRole('button', { name: 'Add value (Field values)' }).click();
    await selectOption(panel.getByLabel('Field values 1: Field'), 'note');
    await panel.getByLabel('Field values 1: Value', { exact: true }).fill('big');
    await page.getByRole('button', { name: 'Add Notify step' }).click();

    // The notify step lacks its recipients and title: the schema says so on its node and under its fields.
    await canvasNode(/^Notify, notify1, 2 problems$/).waitFor();
    await expect.poll(() => panel.getByRole('alert').allTextContents()).toEqual(expect.arrayContaining([expect.stringContaining('required')]));
    await page.getByRole('status').filter({ hasText: '2 problems' }).waitFor();
    await studio.screenshot(page, 'workflow-schema-error');
    await panel.getByRole('button', { name: 'Add value (Recipients)' }).click();
    await selectOption(panel.getByLabel('Recipients 1: Kind'), 'expr');
    await panel.getByLabel('Recipients 1', { exact: true }).fill('owner');
    await panel.getByLabel('Title', { exact: true }).fill('Big deal');
    await canvasNode(/^Notify, notify1$/).waitFor();

    // The branch goes to the update when it holds, else to the end.
    await canvasNode(/^Branch, branch1/).click();
    await selectOption(panel.getByLabel('Branch 1: go to'), 'update1');
    await selectOption(panel.getByLabel('Otherwise go to'), 'end');
    await page.getByRole('status').filter({ hasText: 'Valid against the schema' }).waitFor();
    await page.getByLabel('Active', { exact: true }).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    // The server refuses the branch's expression: its pointer lands on the branch node and under its branches.
    await canvasNode(/^Branch, branch1, 1 problem$/).waitFor();
    expect(await panel.getByRole('alert').textContent()).toMatch(/^0\/when: /);
    await studio.screenshot(page, 'workflow-server-refusal');
    await panel.getByLabel('Branch 1: when').fill('amount > 1000');
    await canvasNode(/^Branch, branch1$/).waitFor();
    await studio.screenshot(page, 'workflow-designed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Workflow bigDeal' }).waitFor();

    const [saved] = (await studio.data('{ workflowDefinitions }')).workflowDefinitions;
    expect(saved).toMatchObject({ name: 'bigDeal', version: 1 });
    expect(saved.definition).toEqual({
      name: 'bigDeal', active: true, object: 'deal', trigger: { type: 'record', on: ['update'], fields: ['amount'] },
      steps: [
        { id: 'branch1', type: 'branch', branches: [{ when: 'amount > 1000', next: 'update1' }], otherwise: 'end' },
        { id: 'update1', type: 'update', data: { note: 'big' } },
        { id: 'notify1', type: 'notify', to: [{ expr: 'owner' }], title: 'Big deal' },
      ],
    });
  });

  it('designs an approval flow: 或签 then 会签, activated from the list', async () => {
    await page.goto('/setup/approval-flows/new');
    await page.getByRole('heading', { name: 'New approval flow' }).waitFor();
    await page.getByLabel('API name').fill('dealApproval');
    await selectOption(page.getByLabel('Object', { exact: true }), 'deal');
    const panel = page.getByRole('region', { name: 'Properties' });
    await panel.getByLabel('Entry criteria').fill('amount > 0');
    const admin = studio.tenant.admin.id;
    for (const mode of ['Any (或签)', 'All (会签)']) {
      await page.getByRole('button', { name: `Add ${mode} node` }).click();
      await panel.getByRole('button', { name: 'Add approver (Approvers)' }).click();
      await selectOption(panel.getByLabel('Approver 1: users'), admin);
    }
    await canvasNode(/^All \(会签\), node2$/).waitFor();
    await page.getByRole('status').filter({ hasText: 'Valid against the schema' }).waitFor();
    await studio.screenshot(page, 'approval-flow-designed');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByRole('heading', { name: 'Approval flow dealApproval' }).waitFor();

    await page.goto('/setup/approval-flows');
    await page.getByRole('button', { name: 'Activate dealApproval' }).click();
    await page.getByRole('button', { name: 'Deactivate dealApproval' }).waitFor();
    await studio.screenshot(page, 'approval-flows-list');
    const [flow] = (await studio.data('{ approvalFlowDefinitions }')).approvalFlowDefinitions;
    expect(flow.definition).toMatchObject({ name: 'dealApproval', active: true, object: 'deal', entryCriteria: 'amount > 0', nodes: [{ id: 'node1', mode: 'any', approvers: [{ type: 'user', users: [admin] }] }, { id: 'node2', mode: 'all' }] });
  });

  it('a record goes through both: the workflow ran, the approval request exists', async () => {
    const id = (await studio.data('mutation { createDeal(data: {name: "Pallets", amount: 10}) { id } }')).createDeal.id as string;
    await studio.data('mutation($id: ID!) { updateDeal(id: $id, data: {amount: 5000}) { id } }', { id });
    await expect.poll(async () => (await studio.data('{ workflowRuns(workflow: "bigDeal") }')).workflowRuns.map((r: any) => r.status).join(), { timeout: 30_000 }).toMatch(/^(completed|failed)$/);
    const [run] = (await studio.data('{ workflowRuns(workflow: "bigDeal") }')).workflowRuns;
    expect(run.status, JSON.stringify(run)).toBe('completed');
    expect(run.steps.map((s: any) => s.step)).toEqual(['branch1', 'update1', 'notify1']);
    expect((await studio.data('query($id: ID!) { deal(id: $id) { note } }', { id })).deal.note).toBe('big');
    expect((await studio.data('{ notifications }')).notifications.nodes.map((n: any) => n.title)).toContain('Big deal');

    await studio.data('mutation($id: ID!) { submitForApproval(object: "deal", id: $id) }', { id });
    const [request] = (await studio.data('query($id: ID!) { approvalRequests(object: "deal", id: $id) }', { id })).approvalRequests;
    expect(request).toMatchObject({ flow: 'dealApproval', version: 1, status: 'pending' });
  });

  it('after an edit, the version history shows the diff of the two versions', async () => {
    // Loaded and saved unchanged: the same document, so no change at all (no version, no history entry).
    const history = async () => (await studio.metadata('{ metadataHistory(first: 50, filter: {kinds: ["workflow"]}) { nodes { seq } } }')).metadataHistory.nodes.length;
    const before = await history();
    await page.goto('/setup/workflows/bigDeal');
    await canvasNode(/^Notify, notify1$/).click();
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.getByText('Saved.').waitFor();
    expect(await history()).toBe(before);
    expect((await studio.data('{ workflowDefinitions }')).workflowDefinitions[0].version).toBe(1);

    const panel = page.getByRole('region', { name: 'Properties' });
    await panel.getByLabel('Title', { exact: true }).fill('Huge deal');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(async () => (await studio.data('{ workflowDefinitions }')).workflowDefinitions[0].version).toBe(2);
    await page.getByRole('button', { name: 'Version history' }).click();
    const diff = page.getByRole('dialog', { name: 'Version history of bigDeal' }).getByRole('region', { name: 'Differences' });
    await diff.getByText('notify1').waitFor();
    expect(await diff.textContent()).toMatch(/changed\s*notify1.*title: "Big deal" → "Huge deal"/s);
    await studio.screenshot(page, 'version-diff');
  });

  it('speaks Chinese: the designer in zh-CN', async () => {
    await page.goto('/setup/approval-flows/dealApproval?lang=zh-CN');
    await page.getByRole('heading', { name: '审批流 dealApproval' }).waitFor();
    await page.getByRole('region', { name: '流程图' }).getByRole('button', { name: /^或签, node1$/ }).waitFor();
    await page.getByRole('button', { name: '添加票签节点' }).waitFor();
    await page.getByRole('status').filter({ hasText: '符合 JSON Schema' }).waitFor();
    await page.getByRole('button', { name: '适应画布' }).waitFor();
    await studio.screenshot(page, 'approval-designer-zh');
  });

  it('deletes a workflow from the list', async () => {
    await page.goto('/setup/workflows?lang=en');
    await page.getByRole('button', { name: 'Delete bigDeal' }).click();
    await (await settled(page.getByRole('dialog'))).getByRole('button', { name: 'Delete bigDeal' }).click();
    await page.getByText('No workflows yet.').waitFor();
    expect((await studio.data('{ workflowDefinitions }')).workflowDefinitions).toEqual([]);
  });
});
