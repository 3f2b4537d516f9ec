import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gql } from '../../../platform/test/support/server.ts';
import { addField } from './object-manager-steps.ts';
import { startStudio, type StudioHarness } from './support.ts';

let studio: StudioHarness;
const md = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/metadata', studio.tenant.apiKey, query, variables);
const data = (query: string, variables?: Record<string, unknown>) => gql(studio.server, '/graphql', studio.tenant.apiKey, query, variables);
const ok = (res: { errors?: unknown; data?: any }) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

beforeAll(async () => {
  studio = await startStudio('expressions-duplicates');
  ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: {
    objects: [
      { name: 'account', label: { en: 'Account' }, fields: [{ name: 'name', type: 'text', label: { en: 'Name' } }, { name: 'industry', type: 'text', label: { en: 'Industry' } }] },
      { name: 'deal', label: { en: 'Deal' }, pluralLabel: { en: 'Deals' }, fields: [
        { name: 'name', type: 'text', label: { en: 'Name' } }, { name: 'seats', type: 'integer', label: { en: 'Seats' } },
        { name: 'account', type: 'lookup', target: 'account', label: { en: 'Account' } },
      ] },
      { name: 'lead', label: { en: 'Lead' }, pluralLabel: { en: 'Leads' }, fields: [{ name: 'name', type: 'text', label: { en: 'Name' } }, { name: 'email', type: 'email', label: { en: 'Email' } }] },
      { name: 'task', label: { en: 'Task' }, fields: [{ name: 'title', type: 'text', label: { en: 'Title' } }, { name: 'lead', type: 'lookup', target: 'lead', label: { en: 'Lead' } }] },
    ],
    duplicateRules: [{ name: 'leadEmail', object: 'lead', action: 'WARN', match: { field: 'email', match: 'normalized' } }],
  } }));
  const account = ok(await data('mutation { createAccount(data: {name: "Acme", industry: "Retail"}) { id } }')).createAccount;
  ok(await data('mutation($a: ID!) { createDeal(data: {name: "Acme renewal", seats: 10, account: $a}) { id } }', { a: account.id }));
});
afterAll(() => studio?.close());

describe('expression editor and duplicates in the studio', () => {
  it('builds a formula with completion and a live preview, saves it, and the list shows its computed value', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/setup/objects/deal');
    await page.getByRole('heading', { name: 'Fields' }).waitFor();
    await addField(page, {
      name: 'seatValue', type: 'FORMULA', label: 'Seat value',
      fill: async (p) => {
        const editor = p.getByRole('dialog', { name: 'Add field' }).getByRole('textbox', { name: 'Expression', exact: true });
        await editor.click();
        // A field by part of its name: the completion list offers it with its type; Enter takes it.
        await p.keyboard.type('sea');
        const option = p.getByRole('option', { name: /seats/ });
        await option.waitFor();
        // CodeMirror ignores Enter for a moment after the list opens (interactionDelay), lest a fast typist accept by accident.
        await p.waitForTimeout(300);
        await p.keyboard.press('Enter');
        await p.keyboard.type(' * 2');
        const preview = p.getByRole('dialog', { name: 'Add field' }).getByRole('status', { name: 'Preview' });
        await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toBe('20');
        // The value changes as the admin types.
        await p.keyboard.type('0');
        await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toBe('200');
        await studio.screenshot(p, 'formula-editor-preview');
        // Through the lookup: `account.` offers the account's fields.
        await p.keyboard.type(' + LEN(account.');
        await p.getByRole('option', { name: /industry/ }).waitFor();
        await p.keyboard.type('ind');
        await p.waitForTimeout(300);
        await p.keyboard.press('Enter');
        await p.keyboard.type(')');
        await expect.poll(() => preview.textContent(), { timeout: 20_000 }).toBe('206');
      },
    });
    const stored = ok(await md('{ object(name: "deal") { field(name: "seatValue") { type expression returnType } } }')).object.field;
    expect(stored).toEqual({ type: 'FORMULA', expression: 'seats * 20 + LEN(account.industry)', returnType: 'number' });

    await page.goto('/o/deal');
    const row = page.getByRole('grid', { name: 'Deal records' }).getByRole('row', { name: /Acme renewal/ });
    await row.waitFor();
    await expect.poll(() => row.textContent(), { timeout: 20_000 }).toContain('206');
    await studio.screenshot(page, 'formula-in-list');
  });

  it('warns of a duplicate lead on create and offers merge: the user merges and lands on the master, the duplicate gone', async () => {
    const existing = ok(await data('mutation { createLead(data: {name: "Ada Lovelace", email: "ada@example.com"}) { id } }')).createLead;
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto('/o/lead/new');
    await page.getByRole('heading', { name: 'New Lead' }).waitFor();
    await page.getByLabel('Name').fill('Ada L.');
    await page.getByLabel('Email').fill('ADA@example.com');
    await page.getByRole('button', { name: 'Save' }).click();
    const warning = page.getByRole('alert').filter({ hasText: 'Possible duplicate' });
    await warning.waitFor();
    await warning.getByRole('link', { name: 'Ada Lovelace' }).waitFor();
    await expect(warning.textContent()).resolves.toContain('Email');
    await warning.getByRole('button', { name: 'Save anyway' }).waitFor();
    await studio.screenshot(page, 'duplicate-warning');

    await warning.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(/\/o\/lead\/merge\?ids=/);
    await page.getByRole('heading', { name: 'Merge Leads' }).waitFor();
    // The existing lead is the default master; the new one's name is chosen.
    await expect(page.getByRole('radio', { name: 'Master record: Ada Lovelace' }).isChecked()).resolves.toBe(true);
    await page.getByRole('radio', { name: 'Name: Ada L.' }).check();
    await studio.screenshot(page, 'merge-screen');
    await page.getByRole('button', { name: 'Merge' }).click();
    await page.waitForURL(new RegExp(`/o/lead/${existing.id}$`));
    await page.getByRole('heading', { name: /Ada L\./ }).waitFor();

    const leads = ok(await data('{ leads { nodes { id name email } } }')).leads.nodes;
    expect(leads).toEqual([{ id: existing.id, name: 'Ada L.', email: 'ada@example.com' }]);
  });
});
