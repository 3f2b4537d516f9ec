import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startStudio, type StudioHarness } from './support.ts';

/**
 * Conversion and the timeline (issue 15, items 6–7): an admin converts a lead from its record page;
 * the dialog shows the mapped values and the contact a BLOCK duplicate rule matches, the admin picks
 * that existing contact, a new account and opportunity are created; the new account's timeline shows
 * the lead's activities and note.
 */
let studio: StudioHarness;
let leadId = '';
let existingContact = '';

beforeAll(async () => {
  studio = await startStudio('convert');
  for (const entry of ['workflows', 'conversions', 'collaboration']) {
    // A path held in a variable: tsc does not pull runtime/ into the studio's project.
    const file: string = path.resolve(import.meta.dirname, `../../../runtime/src/${entry}/index.ts`);
    await studio.server.platform.plugins.install((await import(file)).createPlugin());
  }
  const text = (name: string, en: string) => ({ name, type: 'text', label: { en } });
  const lookup = (name: string, target: string, en: string) => ({ name, type: 'lookup', target, label: { en } });
  const obj = (name: string, en: string, plural: string, fields: unknown[]) => ({ name, label: { en }, pluralLabel: { en: plural }, fields });
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    objects: [
      obj('account', 'Account', 'Accounts', [{ ...text('name', 'Name'), required: true }, text('phone', 'Phone')]),
      obj('contact', 'Contact', 'Contacts', [{ ...text('name', 'Name'), required: true }, text('phone', 'Phone'), lookup('account', 'account', 'Account')]),
      obj('opportunity', 'Opportunity', 'Opportunities', [{ ...text('name', 'Name'), required: true }, lookup('account', 'account', 'Account'), lookup('contact', 'contact', 'Contact')]),
      obj('lead', 'Lead', 'Leads', [{ ...text('name', 'Name'), required: true }, text('company', 'Company'), text('phone', 'Phone'), text('status', 'Status'), lookup('convertedAccount', 'account', 'Converted account')]),
      obj('activity', 'Activity', 'Activities', [{ ...text('subject', 'Subject'), required: true }, lookup('lead', 'lead', 'Lead'), lookup('account', 'account', 'Account'), lookup('contact', 'contact', 'Contact')]),
    ],
  } });
  await studio.metadata('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: {
    duplicateRules: [{ name: 'contactPhone', object: 'contact', action: 'BLOCK', match: { field: 'phone', match: 'exact' } }],
    conversions: [{
      name: 'leadToCustomer', object: 'lead',
      targets: [
        { name: 'account', object: 'account', required: true, fields: { name: { field: 'company' }, phone: { field: 'phone' } } },
        { name: 'contact', object: 'contact', required: true, fields: { name: { field: 'name' }, phone: { field: 'phone' }, account: { target: 'account' } } },
        { name: 'opportunity', object: 'opportunity', fields: { name: { expr: 'company & " deal"' }, account: { target: 'account' }, contact: { target: 'contact' } } },
      ],
      source: { set: { status: { value: 'Converted' }, convertedAccount: { target: 'account' } }, lock: true },
      moves: [{ object: 'activity', lookup: 'lead', set: { account: 'account', contact: 'contact' } }],
    }],
  } });
  existingContact = (await studio.data('mutation { createContact(data: {name: "Wang Fang (old)", phone: "13800000001"}) { id } }')).createContact.id;
  leadId = (await studio.data('mutation { createLead(data: {name: "Wang Fang", company: "Acme Trading", phone: "13800000001"}) { id } }')).createLead.id;
  await studio.data('mutation($l: ID!) { createActivity(data: {subject: "Called Wang about pricing", lead: $l}) { id } }', { l: leadId });
  await studio.data('mutation($l: ID!) { addNote(object: "lead", id: $l, body: "Budget approved in March") }', { l: leadId });
}, 180_000);
afterAll(() => studio?.close());

describe('convert a lead', () => {
  it('picks the duplicate contact as existing, creates the account, and the account\'s timeline shows the lead\'s activities', async () => {
    const page = await studio.newPage();
    await studio.signIn(page);
    await page.goto(`/o/lead/${leadId}`);
    await page.getByRole('button', { name: 'Convert' }).click();
    const dialog = page.getByRole('dialog');
    // The mapped values, and the contact the duplicate rule matches.
    await expect.poll(() => dialog.getByLabel('Account Name').inputValue(), { timeout: 20_000 }).toBe('Acme Trading');
    const dups = dialog.getByRole('group', { name: 'Possible duplicates: Contact' });
    await dups.waitFor({ timeout: 20_000 });
    expect(await dups.textContent()).toContain('contactPhone');
    await studio.screenshot(page, 'dialog');
    await dups.getByRole('button', { name: 'Use this record' }).click();
    expect(await dialog.getByLabel('Existing Contact (record id)').inputValue()).toBe(existingContact);
    await dialog.getByRole('button', { name: 'Convert' }).click();
    await dialog.getByText('Converted', { exact: true }).waitFor({ timeout: 20_000 });
    await studio.screenshot(page, 'converted');
    await dialog.getByRole('link', { name: 'Open Account' }).click();
    await page.waitForURL(/\/o\/account\//);
    // The lead's page (whose own timeline has both entries) is gone once the account's heading shows.
    await page.getByRole('heading', { level: 1, name: 'Account · Acme Trading' }).waitFor({ timeout: 20_000 });
    const timeline = page.getByRole('list', { name: 'Timeline' });
    await timeline.getByText('Called Wang about pricing').waitFor({ timeout: 20_000 });
    await timeline.getByText('Budget approved in March').waitFor({ timeout: 20_000 });
    await studio.screenshot(page, 'account-timeline');
    const account = page.url().split('/').pop()!;
    const got = await studio.data('query($id: ID!, $c: ID!) { account(id: $id) { name } contact(id: $c) { account { id } } lead: leads(filter: {name: {eq: "Wang Fang"}}) { nodes { status } } }', { id: account, c: existingContact });
    expect(got.account.name).toBe('Acme Trading');
    expect(got.contact.account.id).toBe(account);
    expect(got.lead.nodes[0].status).toBe('Converted');
  }, 120_000);
});
