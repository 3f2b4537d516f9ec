import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Rich text: the editor writes HTML (bold text survives a save and a reload); pasted hostile markup
 * never reaches the page or the database (the editor's schema drops it, the server sanitizes what a
 * client sends anyway), and a hostile value stored through the API is shown harmless.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('rich-text');
  await studio.metadata(`mutation { createObject(input: {name: "note", label: {en: "Note", zh_CN: "笔记"}, fields: [
    {name: "name", type: TEXT, label: {en: "Title", zh_CN: "标题"}, required: true},
    {name: "body", type: RICH_TEXT, label: {en: "Body", zh_CN: "正文"}}
  ]}) { name } }`);
});
afterAll(() => studio?.close());

const bodyOf = async (id: string) => (await studio.data('query($id: ID!) { note(id: $id) { body } }', { id })).note.body as string;

/** Pastes HTML into the focused editor as a clipboard paste does. */
async function pasteHtml(page: Page, html: string) {
  await page.evaluate((h) => {
    const data = new DataTransfer();
    data.setData('text/html', h);
    data.setData('text/plain', 'pasted');
    document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, html);
}

describe('rich text', () => {
  it('types bold text, saves it as HTML, and shows it bold after a reload; a pasted image with onerror is gone', async () => {
    const page = await studio.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await studio.signIn(page);
    await page.goto('/o/note/new?lang=en');
    await page.getByLabel('Title').fill('Launch plan');
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.click();
    await body.pressSequentially('Ship ');
    await page.getByRole('toolbar', { name: 'Body formatting' }).getByRole('button', { name: 'Bold' }).click();
    await body.pressSequentially('this week');
    await pasteHtml(page, '<p> and <img src="x" onerror="alert(\'pwned\')"><b>fast</b></p>');
    await studio.screenshot(page, 'editor-en');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/o\/note\/[0-9a-f-]{36}/);
    const id = page.url().split('/').pop()!.split('?')[0];
    const stored = await bodyOf(id);
    expect(stored).toContain('<strong>this week</strong>');
    expect(stored).toContain('fast'); // the paste went in, without its image
    expect(stored).not.toMatch(/<img|onerror|alert/);

    await page.reload();
    const shown = page.locator('[data-field="body"] .rich-text-view');
    await shown.locator('strong', { hasText: 'this week' }).waitFor();
    expect(await shown.locator('img').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await studio.screenshot(page, 'saved-en');
    // In the list, its words (no markup), edited on the record page.
    await page.goto('/o/note?lang=en');
    const row = page.getByRole('row', { name: /Launch plan/ });
    await row.getByText('Ship this week and fast').waitFor();
    expect(await row.textContent()).not.toContain('<');
    expect(await page.getByRole('button', { name: 'Edit Body of Launch plan' }).count()).toBe(0);

    await page.goto(`/o/note/${id}?lang=zh-CN`);
    await page.getByRole('button', { name: '编辑 Launch plan' }).click();
    const zh = page.getByRole('textbox', { name: '正文' });
    await zh.locator('strong', { hasText: 'this week' }).waitFor();
    await page.getByRole('toolbar', { name: '正文 格式' }).getByRole('button', { name: '加粗' }).waitFor();
    await studio.screenshot(page, 'editor-zh-CN');
  });

  it('shows a hostile value sent through the API harmless (sanitized by the server)', async () => {
    const hostile = '<p>Hello<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">link</a><iframe src="https://example.com"></iframe></p>';
    const created = await studio.data('mutation($b: String) { createNote(data: {name: "Hostile", body: $b}) { id body } }', { b: hostile });
    expect(created.createNote.body).toBe('<p>Hello<a rel="noopener noreferrer nofollow">link</a></p>');
    const page = await studio.newPage();
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    await studio.signIn(page);
    await page.goto(`/o/note/${created.createNote.id}?lang=en`);
    const shown = page.locator('[data-field="body"] .rich-text-view');
    await shown.getByText('Hello').waitFor();
    expect(await shown.locator('img, script, iframe').count()).toBe(0);
    // The link lost its javascript: address on the server; the view keeps its words only.
    expect(await shown.locator('a[href]').count()).toBe(0);
    expect(await shown.textContent()).toBe('Hellolink');
    expect(dialogs).toEqual([]);
    await studio.screenshot(page, 'hostile-shown-en');
  });
});
