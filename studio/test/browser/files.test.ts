import { Jimp } from 'jimp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Upload an image on a record and view it: the image widget uploads the picked file (POST /files
 * with the session's CSRF token), shows its thumbnail, the save attaches it, and the record page
 * shows the thumbnail, whose link opens the full image.
 */
let studio: StudioHarness;

beforeAll(async () => {
  studio = await startStudio('files');
  await studio.metadata(`mutation { createObject(input: {name: "site", label: {en: "Site"}, pluralLabel: {en: "Sites"}, fields: [
    {name: "name", type: TEXT, label: {en: "Name"}, required: true},
    {name: "photo", type: IMAGE, label: {en: "Photo"}}
  ]}) { name } }`);
});
afterAll(() => studio?.close());

describe('images on records', () => {
  it('uploads an image in the form, saves it on the record and shows its thumbnail and full image', async () => {
    const png = await new Jimp({ width: 800, height: 400, color: 0x2288ccff }).getBuffer('image/png');
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/site/new');
    await page.getByRole('heading', { name: 'New Site' }).waitFor();
    await page.getByLabel('Name').fill('Warehouse 7');
    await page.locator('.image-input input[type=file]').setInputFiles({ name: 'warehouse.png', mimeType: 'image/png', buffer: png });
    const preview = page.locator('.image-input img.image-preview');
    await preview.waitFor();
    expect(await preview.getAttribute('src')).toMatch(/^\/files\/[0-9a-f-]{36}\/thumbnail$/);
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/o\/site\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    const details = page.getByRole('region', { name: 'Details' });
    const thumb = details.locator('img.image-thumbnail');
    await thumb.waitFor();
    // The thumbnail loaded (a broken image has no natural width) at thumbnail size.
    await expect.poll(() => thumb.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(256);
    await studio.screenshot(page, 'record-with-image');
    const stored = (await studio.data(`query($id: ID!) { site(id: $id) { photo { id name mimeType url thumbnailUrl } } }`, { id })).site.photo;
    expect(stored).toMatchObject({ name: 'warehouse.png', mimeType: 'image/png' });
    // The full image, opened from the thumbnail's link with the session's cookie.
    const href = await details.getByRole('link', { name: 'Open warehouse.png' }).getAttribute('href');
    expect(href).toBe(stored.url);
    const full = await page.request.get(href!);
    expect(full.status()).toBe(200);
    expect(full.headers()['content-type']).toBe('image/png');
    expect((await Jimp.read(await full.body())).width).toBe(800);
  });
});
