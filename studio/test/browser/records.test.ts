import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../../platform/test/support/server.ts';
import { selectOption } from './antd.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
const md = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/metadata', studio.tenant.apiKey, query, variables);
const data = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/graphql', studio.tenant.apiKey, query, variables);

beforeAll(async () => {
  studio = await startStudio('records');
  const deal = await md(`mutation { createObject(input: {name: "deal", label: {en: "Deal"}, pluralLabel: {en: "Deals"}, fields: [
    {name: "name", type: TEXT, label: {en: "Name"}, required: true},
    {name: "email", type: EMAIL, label: {en: "Email"}},
    {name: "stage", type: SELECT, label: {en: "Stage"}, options: [{value: "open", label: {en: "Open"}}, {value: "won", label: {en: "Won"}}]},
    {name: "amount", type: CURRENCY, label: {en: "Amount"}},
    {name: "seats", type: INTEGER, label: {en: "Seats"}}
  ]}) { name } }`);
  expect(deal.errors, JSON.stringify(deal.errors)).toBeUndefined();
  const note = await md(`mutation { createObject(input: {name: "note", label: {en: "Note"}, fields: [
    {name: "title", type: TEXT, label: {en: "Title"}}, {name: "deal", type: LOOKUP, target: "deal", label: {en: "Deal"}}
  ]}) { name } }`);
  expect(note.errors, JSON.stringify(note.errors)).toBeUndefined();
});
afterAll(() => studio?.close());

describe('records in the studio', () => {
  it('creates a record through the generated form after a validation error, filters, edits inline and shows its history', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/deal/new');
    await page.getByRole('heading', { name: 'New Deal' }).waitFor();
    await page.getByLabel('Email').fill('not an email');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('Name is required').isVisible()).resolves.toBe(true);
    await expect(page.getByLabel('Email').getAttribute('aria-invalid')).resolves.toBe('true');
    await page.getByText('Enter a valid email address').waitFor();
    await studio.screenshot(page, 'form-validation-error');

    await page.getByLabel('Name').fill('Acme renewal');
    await page.getByLabel('Email').fill('buyer@acme.example');
    await selectOption(page.getByLabel('Stage'), 'open');
    await page.getByLabel('Amount').fill('1200');
    await page.getByLabel('Seats').fill('12');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL(/\/o\/deal\/[0-9a-f-]{36}$/);
    const id = page.url().split('/').pop()!;
    await page.getByRole('heading', { name: /Acme renewal/ }).waitFor();
    await studio.screenshot(page, 'record-created');
    const stored = await data(`query($id: ID!) { deal(id: $id) { name email stage seats amount { amount currency } } }`, { id });
    expect(stored.data.deal).toEqual({ name: 'Acme renewal', email: 'buyer@acme.example', stage: 'open', seats: 12, amount: { amount: 1200, currency: 'USD' } });

    // Another deal, so that the filter has something to leave out.
    await data(`mutation { createDeal(data: {name: "Globex pilot", stage: won}) { id } }`);
    await page.goto('/o/deal');
    await page.getByRole('heading', { name: 'Deals' }).waitFor();
    await page.getByRole('grid', { name: 'Deal records' }).getByRole('row', { name: /Globex pilot/ }).waitFor();
    await page.getByRole('button', { name: 'Add filter' }).click();
    await selectOption(page.getByLabel('Filter 1 field'), { label: 'Name' });
    await selectOption(page.getByLabel('Filter 1 operator'), { label: 'starts with' });
    await page.getByLabel('Filter 1 value').fill('Acme');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByText('1 of 1 loaded').waitFor();
    const grid = page.getByRole('grid', { name: 'Deal records' });
    await expect(grid.getByRole('row', { name: /Globex pilot/ }).count()).resolves.toBe(0);
    await grid.getByRole('row', { name: /Acme renewal/ }).waitFor();
    await studio.screenshot(page, 'list-filtered');

    await page.getByRole('button', { name: 'Edit Seats of Acme renewal' }).click();
    await page.getByLabel('Edit Seats of Acme renewal').fill('many');
    await page.getByLabel('Edit Seats of Acme renewal').press('Enter');
    await page.getByRole('alert').filter({ hasText: 'Enter a whole number' }).waitFor();
    await studio.screenshot(page, 'inline-edit-error');
    await page.getByLabel('Edit Seats of Acme renewal').fill('15');
    await page.getByLabel('Edit Seats of Acme renewal').press('Enter');
    await page.getByRole('button', { name: 'Edit Seats of Acme renewal' }).waitFor();
    await grid.getByRole('row', { name: /Acme renewal/ }).getByText('15', { exact: true }).waitFor();
    await studio.screenshot(page, 'inline-edit-saved');
    expect((await data(`query($id: ID!) { deal(id: $id) { seats } }`, { id })).data.deal.seats).toBe(15);

    await page.getByRole('link', { name: 'Open Acme renewal' }).click();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('Seats: 12 → 15').waitFor();
    await expect(history.getByText('Updated').first().isVisible()).resolves.toBe(true);
    await expect(history.getByText('Via: studio').first().isVisible()).resolves.toBe(true);
    await studio.screenshot(page, 'record-history');
  });

  it('shows related lists and edits through the form on the record page', async () => {
    const deal = (await data(`mutation { createDeal(data: {name: "Initech upgrade"}) { id } }`)).data.createDeal.id;
    await data(`mutation($d: ID!) { createNote(data: {title: "Call notes", deal: $d}) { id } }`, { d: deal });
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/deal/${deal}`);
    const related = page.getByRole('region', { name: 'Notes (Deal)' });
    await related.getByRole('link', { name: 'Call notes' }).waitFor();
    await page.getByRole('button', { name: 'Edit Initech upgrade' }).click();
    await page.getByLabel('Seats').fill('7');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByRole('region', { name: 'History' }).getByText('Seats: — → 7').waitFor();
    await studio.screenshot(page, 'record-related-and-edited');
  });
});

describe('a list of 100k records', () => {
  it('scrolls loading one page (100 rows) at a time, only as the end of what is loaded comes near', async () => {
    const created = await md(`mutation { createObject(input: {name: "ticket", label: {en: "Ticket"}, fields: [{name: "name", type: TEXT, label: {en: "Name"}}, {name: "n", type: INTEGER, label: {en: "Number"}}]}) { name } }`);
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    const pool = studio.server.platform.pool;
    const { rows: [table] } = await pool.query(
      `select t.schema_name, o.table_name from tessera.tenants t join tessera.object_definitions o on o.tenant_id = t.id where t.id = $1 and o.name = 'ticket'`, [studio.tenant.tenant.id]);
    const seedStart = Date.now();
    await pool.query(`insert into "${table.schema_name}"."${table.table_name}" (name, n, "ownerId") select 'Ticket ' || lpad(g::text, 6, '0'), g, $1 from generate_series(1, 100000) g`, [studio.tenant.admin.id]);
    await pool.query(`analyze "${table.schema_name}"."${table.table_name}"`);
    const seedMs = Date.now() - seedStart;

    const page = await studio.newPage();
    await studio.signIn(page);
    const listRequests: number[] = [];
    page.on('request', (r) => { if (r.url().endsWith('/graphql') && (r.postData() ?? '').includes('tickets(')) listRequests.push(Date.now()); });
    const start = Date.now();
    await page.goto('/o/ticket');
    await page.getByRole('grid', { name: 'Ticket records' }).getByRole('row', { name: /Ticket \d{6}/ }).first().waitFor();
    const firstRowMs = Date.now() - start;
    await page.getByText('100 of 100,000 loaded').waitFor();
    expect(listRequests).toHaveLength(1);
    // Sorted by number: the rows are in a known order, and the list starts over from one page.
    await page.getByRole('button', { name: 'Sort by Number' }).click();
    await page.getByRole('grid', { name: 'Ticket records' }).getByRole('row', { name: /Ticket 000001/ }).waitFor();
    await page.getByText('100 of 100,000 loaded').waitFor();
    expect(listRequests).toHaveLength(2);
    listRequests.length = 0;
    await studio.screenshot(page, 'list-100k-top');

    const scroller = page.getByTestId('record-grid-scroll');
    const lastRendered = () => page.evaluate(() => Math.max(...[...document.querySelectorAll('[role=row][aria-rowindex]')].map((r) => Number(r.getAttribute('aria-rowindex')) - 1)));
    const scrollStart = Date.now();
    let reached = 0;
    for (let step = 0; step < 40; step += 1) {
      await scroller.evaluate((el) => { el.scrollTop += 900; });
      await page.waitForTimeout(40);
      // Wait while the row under the viewport is the "loading more" row.
      await page.getByText('Loading more…').waitFor({ state: 'detached', timeout: 10_000 }).catch(() => {});
      reached = Math.max(reached, await lastRendered());
    }
    await page.waitForLoadState('networkidle');
    const scrollMs = Date.now() - scrollStart;
    const pagesScrolled = Math.ceil(reached / 100);
    const domRows = await page.locator('[role=row][aria-rowindex]').count();
    const loaded = await page.getByRole('status').filter({ hasText: 'loaded' }).textContent();
    console.log(`[100k list] seeded 100000 rows by SQL in ${seedMs} ms; first row after ${firstRowMs} ms; scrolled to row ${reached} (${pagesScrolled} pages) in ${scrollMs} ms with ${listRequests.length} list requests; ${domRows} rows in the DOM; status "${loaded}"`);
    await studio.screenshot(page, 'list-100k-scrolled');
    expect(reached).toBeGreaterThan(800);
    expect(listRequests.length).toBeGreaterThan(1);
    expect(listRequests.length).toBeLessThanOrEqual(pagesScrolled + 1);
    expect(domRows).toBeLessThan(100);
    await page.getByRole('grid', { name: 'Ticket records' }).getByRole('row', { name: new RegExp(`Ticket ${String(reached - 5).padStart(6, '0')}`) }).waitFor();
  });
});
