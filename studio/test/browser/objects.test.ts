import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { confirmDialog, selectOption } from './antd.ts';
import { addField } from './object-manager-steps.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
beforeAll(async () => {
  studio = await startStudio('objects');
});
afterAll(() => studio?.close());


const rowOrder = (page: Page) => page.locator('tbody tr[data-field]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-field')));


describe('object manager in the browser', () => {
  it('creates an object with five fields, refuses bad input next to it, reorders fields and edits the layout', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/objects');
    await page.getByRole('heading', { name: 'Object manager' }).waitFor();
    await studio.screenshot(page, 'object-manager-empty');

    // A reserved API name is refused by the platform; the message shows next to the input.
    await page.getByRole('button', { name: 'New object' }).click();
    const objectForm = page.getByRole('dialog', { name: 'New object' });
    await objectForm.getByLabel('API name').fill('user');
    await objectForm.getByLabel('Label', { exact: true }).fill('Project');
    await objectForm.getByLabel('Label (中文)', { exact: true }).fill('项目');
    await selectOption(objectForm.getByLabel('Sharing'), 'PRIVATE');
    await objectForm.getByRole('button', { name: 'Create object' }).click();
    const nameInput = objectForm.getByLabel('API name');
    await expect.poll(() => nameInput.getAttribute('aria-invalid')).toBe('true');
    const describedBy = await nameInput.getAttribute('aria-describedby');
    expect(await page.locator(`#${describedBy}`).textContent()).toContain('"user" is reserved');
    await studio.screenshot(page, 'object-name-refused');

    await nameInput.fill('project');
    await objectForm.getByRole('button', { name: 'Create object' }).click();
    await page.waitForURL(/\/setup\/objects\/project$/);
    await page.getByRole('heading', { name: 'Fields' }).waitFor();
    await studio.screenshot(page, 'object-created');

    await addField(page, { name: 'title', type: 'TEXT', label: 'Title', required: true });
    await addField(page, {
      name: 'budget', type: 'NUMBER', label: 'Budget',
      fill: async (p) => { await p.getByLabel('Precision (total digits)').fill('12'); await p.getByLabel('Scale (digits after the point)').fill('2'); },
    });
    await addField(page, {
      name: 'stage', type: 'SELECT', label: 'Stage',
      fill: async (p) => {
        await p.getByLabel('Value 1', { exact: true }).fill('open');
        await p.getByLabel('Label 1', { exact: true }).fill('Open');
        await p.getByRole('button', { name: 'Add value' }).click();
        await p.getByLabel('Value 2', { exact: true }).fill('won');
        await p.getByLabel('Label 2', { exact: true }).fill('Won');
        await p.getByLabel('Label 2 (中文)').fill('赢单');
        await selectOption(p.getByLabel('Default value'), 'open');
      },
    });

    // A field API name with a space is refused by the platform, next to the input.
    await page.getByRole('button', { name: 'Add field' }).click();
    const fieldForm = page.getByRole('dialog', { name: 'Add field' });
    await selectOption(fieldForm.getByLabel('Field type'), 'DATE');
    await fieldForm.getByLabel('Field API name').fill('Due date');
    await fieldForm.getByRole('button', { name: 'Create field' }).click();
    const fieldName = fieldForm.getByLabel('Field API name');
    await expect.poll(() => fieldName.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await fieldName.getAttribute('aria-describedby')}`).textContent()).toContain('must be an API name');
    await studio.screenshot(page, 'field-name-refused');
    await fieldName.fill('dueDate');
    await fieldForm.getByLabel('Field label', { exact: true }).fill('Due date');
    await fieldForm.getByRole('button', { name: 'Create field' }).click();
    await page.locator('tbody tr[data-field="dueDate"]').waitFor();

    await addField(page, { name: 'active', type: 'BOOLEAN', label: 'Active', fill: async (p) => { await selectOption(p.getByLabel('Default value'), 'true'); } });
    expect(await rowOrder(page)).toEqual(['title', 'budget', 'stage', 'dueDate', 'active']);
    await studio.screenshot(page, 'five-fields');

    const stored = (await studio.metadata('{ object(name: "project") { sharing labels fields { name type required definition } } }')).object;
    expect(stored.sharing).toBe('PRIVATE');
    expect(stored.labels).toEqual({ en: 'Project', 'zh-CN': '项目' });
    expect(stored.fields.map((f: any) => [f.name, f.type, f.required])).toEqual([
      ['title', 'TEXT', true], ['budget', 'NUMBER', false], ['stage', 'SELECT', false], ['dueDate', 'DATE', false], ['active', 'BOOLEAN', false],
    ]);
    expect(stored.fields[1].definition).toMatchObject({ precision: 12, scale: 2 });
    expect(stored.fields[2].definition).toMatchObject({ defaultValue: 'open', options: [{ value: 'open', label: { en: 'Open' } }, { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }] });
    expect(stored.fields[4].definition).toMatchObject({ defaultValue: true });

    // Reorder with the buttons, then by keyboard drag and drop (space, arrow, space).
    await page.getByRole('button', { name: 'Move field Active up' }).click();
    await page.getByRole('status').filter({ hasText: 'Field order saved.' }).waitFor();
    expect(await rowOrder(page)).toEqual(['title', 'budget', 'stage', 'active', 'dueDate']);
    const handle = page.getByRole('button', { name: 'Drag field Budget' });
    await handle.focus();
    // Picked up (aria-pressed), moved over the next row (dnd-kit's live region says so), dropped.
    await page.keyboard.press('Space');
    await expect.poll(() => handle.getAttribute('aria-pressed')).toBe('true');
    // dnd-kit's keyboard sensor listens from a timer after the pick-up: on a loaded machine the first
    // arrow can come before it and be lost. Pressed again only while the item is still announced over
    // itself (no move happened), never once it moved anywhere.
    const overStage = page.getByText('was moved over droppable area stage', { exact: false });
    for (let attempt = 0; attempt < 5; attempt++) {
      await page.keyboard.press('ArrowDown');
      if (await overStage.waitFor({ state: 'attached', timeout: 3_000 }).then(() => true, () => false)) break;
      const announced = (await page.locator('[aria-live]').allTextContents()).join(' ');
      if (!/moved over droppable area budget\.?\s*$/.test(announced.trim()) && /moved over droppable area/.test(announced)) break;
    }
    await page.getByText('was moved over droppable area stage', { exact: false }).waitFor({ state: 'attached', timeout: 15_000 });
    await page.keyboard.press('Space');
    await expect.poll(async () => (await studio.metadata('{ object(name: "project") { fields { name } } }')).object.fields.map((f: any) => f.name))
      .toEqual(['title', 'stage', 'budget', 'active', 'dueDate']);
    await expect.poll(() => rowOrder(page)).toEqual(['title', 'stage', 'budget', 'active', 'dueDate']);
    await studio.screenshot(page, 'fields-reordered');

    // Layout: a second section with the due date, budget required on this form, two list columns.
    await page.getByRole('tab', { name: 'Layout' }).click();
    await page.getByRole('button', { name: 'Add section' }).click();
    await page.getByLabel('Section 1 label', { exact: true }).fill('Main');
    await page.getByLabel('Section 2 label', { exact: true }).fill('Planning');
    await page.getByLabel('Section 2 label (中文)').fill('计划');
    await selectOption(page.getByLabel('Section 2 columns'), '1');
    await selectOption(page.getByLabel('Section of Due date'), '1');
    await page.getByLabel('Required on this form: Budget').check();
    await page.getByRole('button', { name: 'Remove Active from the form' }).click();
    await selectOption(page.getByLabel('Column to add'), 'title');
    await page.getByRole('button', { name: 'Add column' }).click();
    await selectOption(page.getByLabel('Column to add'), 'stage');
    await page.getByRole('button', { name: 'Add column' }).click();
    await page.getByLabel('Width of Title (px)').fill('10');
    await page.getByRole('button', { name: 'Save layout' }).click();
    const width = page.getByLabel('Width of Title (px)');
    await expect.poll(() => width.getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator(`#${await width.getAttribute('aria-describedby')}`).textContent()).toContain('40');
    await studio.screenshot(page, 'layout-width-refused');
    await width.fill('240');
    await page.getByRole('button', { name: 'Move column Stage up' }).click();
    await page.getByRole('button', { name: 'Save layout' }).click();
    await page.getByRole('status').filter({ hasText: 'Layout saved.' }).waitFor();
    await studio.screenshot(page, 'layout-saved');

    const saved = (await studio.metadata('{ object(name: "project") { layout listColumns } }')).object;
    expect(saved.layout).toEqual({
      sections: [
        { label: { en: 'Main' }, columns: 2, fields: [{ field: 'title' }, { field: 'stage' }, { field: 'budget', required: true }] },
        { label: { en: 'Planning', 'zh-CN': '计划' }, columns: 1, fields: [{ field: 'dueDate' }] },
      ],
    });
    expect(saved.listColumns).toEqual([{ field: 'stage' }, { field: 'title', width: 240 }]);

    // Where is it used: the due date sits in the Planning section.
    await page.getByRole('tab', { name: 'Fields' }).click();
    await page.getByRole('button', { name: 'Where is field Due date used' }).click();
    const usage = page.getByRole('region', { name: 'Where Due date is used' });
    await usage.getByText('Planning').waitFor();
    await studio.screenshot(page, 'field-usage');
  });

  it('renames and deletes a placed field (the layout follows), drags a field from the palette with the mouse, and speaks Chinese', async () => {
    await studio.metadata('mutation($input: ObjectInput!) { createObject(input: $input) { name } }', {
      input: {
        name: 'ticket', label: { en: 'Ticket', 'zh-CN': '工单' },
        fields: [{ name: 'subject', type: 'TEXT' }, { name: 'priority', type: 'SELECT', options: [{ value: 'high' }, { value: 'low' }] }, { name: 'notes', type: 'LONG_TEXT' }, { name: 'closed', type: 'BOOLEAN' }],
        layout: { sections: [{ label: 'Main', columns: 2, fields: [{ field: 'subject' }, { field: 'priority' }, { field: 'notes' }] }, { label: 'Extra', columns: 1, fields: [] }] },
        listColumns: [{ field: 'subject' }, { field: 'priority', width: 120 }, { field: 'notes' }],
      },
    });
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/objects/ticket');

    // Rename priority → urgency through the edit form: layout and list columns follow.
    await page.getByRole('button', { name: 'Edit field Priority' }).click();
    const edit = page.getByRole('dialog', { name: 'Edit field Priority' });
    await edit.getByLabel('Field API name').fill('urgency');
    await edit.getByLabel('Field label', { exact: true }).fill('Urgency');
    await edit.getByLabel('Label 2', { exact: true }).fill('Low');
    await edit.getByRole('button', { name: 'Save field' }).click();
    await page.locator('tbody tr[data-field="urgency"]').waitFor();
    let stored = (await studio.metadata('{ object(name: "ticket") { layout listColumns field(name: "urgency") { label options { value label } } } }')).object;
    expect(stored.field).toEqual({ label: 'Urgency', options: [{ value: 'high', label: 'high' }, { value: 'low', label: 'Low' }] });
    expect(stored.layout.sections[0].fields).toEqual([{ field: 'subject' }, { field: 'urgency' }, { field: 'notes' }]);
    expect(stored.listColumns).toEqual([{ field: 'subject' }, { field: 'urgency', width: 120 }, { field: 'notes' }]);

    // Delete notes after confirming: it leaves the layout and the list columns.
    await page.getByRole('button', { name: 'Delete field Notes' }).click();
    await studio.screenshot(page, 'confirm-delete');
    // An antd modal: a dialog (antd has no alertdialog role), named by its question.
    await confirmDialog(page, 'Delete field Notes?', 'Delete field');
    await page.locator('tbody tr[data-field="notes"]').waitFor({ state: 'detached' });
    stored = (await studio.metadata('{ object(name: "ticket") { layout listColumns } }')).object;
    expect(stored.layout.sections[0].fields).toEqual([{ field: 'subject' }, { field: 'urgency' }]);
    expect(stored.listColumns).toEqual([{ field: 'subject' }, { field: 'urgency', width: 120 }]);

    // Drag "Closed" from the palette into the empty Extra section with the mouse.
    await page.getByRole('tab', { name: 'Layout' }).click();
    const handle = await page.getByRole('button', { name: 'Drag Closed' }).boundingBox();
    const target = await page.getByRole('list', { name: 'Extra' }).boundingBox();
    await page.mouse.move(handle!.x + handle!.width / 2, handle!.y + handle!.height / 2);
    await page.mouse.down();
    for (let i = 1; i <= 10; i++) {
      await page.mouse.move(handle!.x + (target!.x + 40 - handle!.x) * (i / 10), handle!.y + (target!.y + target!.height / 2 - handle!.y) * (i / 10));
    }
    await page.getByRole('list', { name: 'Extra' }).locator('li[data-field="closed"]').waitFor();
    await page.mouse.up();
    // The drop re-renders the section (and dnd-kit's drop animation, 250 ms, ends after it): check the
    // box once it sits there, and until it stays checked for a whole second.
    const readOnly = page.getByRole('list', { name: 'Extra' }).getByLabel('Read-only on this form: Closed');
    await page.waitForTimeout(500);
    await expect.poll(async () => {
      if (!(await readOnly.isChecked())) { await readOnly.check(); return false; }
      await page.waitForTimeout(1_000);
      return readOnly.isChecked();
    }, { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Save layout' }).click();
    await page.getByRole('status').filter({ hasText: 'Layout saved.' }).waitFor();
    await studio.screenshot(page, 'layout-dragged-from-palette');
    stored = (await studio.metadata('{ object(name: "ticket") { layout } }')).object;
    expect(stored.layout.sections[1]).toEqual({ label: { en: 'Extra' }, columns: 1, fields: [{ field: 'closed', readOnly: true }] });

    // The same page in Chinese: UI strings and metadata labels.
    await page.goto('/setup/objects/ticket?lang=zh-CN');
    await page.getByRole('heading', { name: '工单 ticket' }).waitFor();
    await page.getByRole('button', { name: '添加字段' }).waitFor();
    await page.getByRole('tab', { name: '布局' }).click();
    await page.getByRole('button', { name: '保存布局' }).waitFor();
    await studio.screenshot(page, 'layout-zh-CN');
  });

  it('deletes an object after a confirm; it leaves the navigation and the metadata', async () => {
    await studio.metadata('mutation { createObject(input: {name: "scratch", label: {en: "Scratch"}}) { name } }');
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/objects/scratch');
    await page.getByRole('navigation').getByRole('link', { name: 'Scratches' }).waitFor();
    await page.getByRole('button', { name: 'Delete object Scratch' }).click();
    await confirmDialog(page, /Delete Scratch and its records/, 'Delete object Scratch');
    await page.waitForURL(/\/setup\/objects$/);
    await expect.poll(() => page.getByRole('navigation').getByRole('link', { name: 'Scratches' }).count()).toBe(0);
    expect((await studio.metadata('{ objects { name } }')).objects.map((o: { name: string }) => o.name)).not.toContain('scratch');
  });
});
