import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { crmTenant, startCrmServer, type CrmTenant } from './support.ts';

let server: RunningServer;
let t: CrmTenant;
beforeAll(async () => {
  server = await startCrmServer();
  t = await crmTenant(server);
  await t.setClock('2025-03-03T02:00:00Z');
}, 120_000);
afterAll(async () => { await server?.close(); });

const newLead = async (data: Record<string, unknown>) => (await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: data })).createLead.id as string;
const CONVERT = 'mutation($id: ID!, $i: JSON) { leadConvert(id: $id, input: $i) }';
const PLURAL: Record<string, string> = { account: 'accounts', contact: 'contacts', activity: 'activities' };
const count = async (object: string, filter: Record<string, unknown>) => (await t.api(`query($f: ${object[0].toUpperCase()}${object.slice(1)}Filter) { ${PLURAL[object]}(filter: $f) { totalCount } }`, { f: filter }))[PLURAL[object]].totalCount;

describe('conversions', () => {
  it('converts a lead into account, contact and opportunity by the mapping (checked by hand), marks and locks it, and records the conversion', async () => {
    const lead = await newLead({ name: 'Wang Fang', company: 'Acme Trading', phone: '13800000001', email: 'wf@acme.cn', industry: 'Retail', budget: 500 });
    const res = (await t.api(CONVERT, { id: lead })).leadConvert;
    expect(Object.keys(res.targets)).toEqual(['account', 'contact', 'opportunity']);
    const { account, contact, opportunity } = res.targets;
    expect([account.created, contact.created, opportunity.created]).toEqual([true, true, true]);
    const got = await t.api(`query($a: ID!, $c: ID!, $o: ID!, $l: ID!) {
      account(id: $a) { name industry phone } contact(id: $c) { name phone email account { id } }
      opportunity(id: $o) { name amount account { id } contact { id } } lead(id: $l) { status convertedAccount { id } convertedContact { id } convertedOpportunity { id } } }`,
      { a: account.id, c: contact.id, o: opportunity.id, l: lead });
    expect(got.account).toEqual({ name: 'Acme Trading', industry: 'Retail', phone: '13800000001' });
    expect(got.contact).toEqual({ name: 'Wang Fang', phone: '13800000001', email: 'wf@acme.cn', account: { id: account.id } });
    expect(got.opportunity).toEqual({ name: 'Acme Trading - Wang Fang', amount: 1000, account: { id: account.id }, contact: { id: contact.id } });
    expect(got.lead).toEqual({ status: 'Converted', convertedAccount: { id: account.id }, convertedContact: { id: contact.id }, convertedOpportunity: { id: opportunity.id } });
    // Converted again: refused; and the lead is locked against a non-admin's edits (an admin may).
    const again = await t.raw(CONVERT, { id: lead });
    expect(again.errors[0].extensions.code).toBe('CONFLICT');
    const rep = await t.user('Rep', { lead: ['read', 'update'], account: ['read', 'create', 'update'], contact: ['read', 'create', 'update'], opportunity: ['read', 'create', 'update'], activity: ['read', 'create'] });
    const edit = await rep.raw('mutation($id: ID!) { updateLead(id: $id, data: {status: "Reopened"}) { id } }', { id: lead });
    expect(edit.errors[0].extensions.code).toBe('LOCKED');
  });

  it('picks an existing account (merging blanks, overrides winning), skips the optional opportunity, and moves the lead\'s activities', async () => {
    const existing = (await t.api('mutation { createAccount(data: {name: "Globex", phone: null}) { id } }')).createAccount.id as string;
    const lead = await newLead({ name: 'Li Lei', company: 'Globex Ltd', phone: '13900000002', industry: 'Energy' });
    await t.api('mutation($l: ID!) { a: createActivity(data: {subject: "First call", lead: $l}) { id } b: createActivity(data: {subject: "Visit", lead: $l}) { id } }', { l: lead });
    const res = (await t.api(CONVERT, { id: lead, i: { targets: { account: { existing, values: { industry: 'Utilities' } }, contact: { values: { email: 'li@globex.cn' } }, opportunity: { skip: true } } } })).leadConvert;
    expect(res.targets.account).toEqual({ object: 'account', id: existing, created: false });
    expect(res.targets.opportunity).toEqual({ object: 'opportunity', id: null, created: false });
    expect(res.moved).toEqual({ activity: 2 });
    const got = await t.api('query($a: ID!, $c: ID!) { account(id: $a) { name phone industry } contact(id: $c) { email account { id } } }', { a: existing, c: res.targets.contact.id });
    // The existing name stays, its blank phone takes the lead's, the override sets industry.
    expect(got.account).toEqual({ name: 'Globex', phone: '13900000002', industry: 'Utilities' });
    expect(got.contact).toEqual({ email: 'li@globex.cn', account: { id: existing } });
    expect(await count('activity', { account: { id: { eq: existing } }, contact: { id: { eq: res.targets.contact.id } } })).toBe(2);
  });

  it('refuses a target that a BLOCK duplicate rule matches, naming the match, and writes nothing; picking the match goes through', async () => {
    await t.apply({ duplicateRules: [{ name: 'contactPhone', object: 'contact', action: 'BLOCK', match: { field: 'phone', match: 'exact' } }] });
    const other = (await t.api('mutation { createContact(data: {name: "Someone", phone: "13700000003"}) { id } }')).createContact.id as string;
    const lead = await newLead({ name: 'Han Meimei', company: 'Initech', phone: '13700000003' });
    const accounts = await count('account', { name: { eq: 'Initech' } });
    const preview = (await t.api(CONVERT, { id: lead, i: { preview: true } })).leadConvert;
    expect(preview.targets.contact.duplicates).toEqual([expect.objectContaining({ id: other, rule: 'contactPhone', action: 'BLOCK' })]);
    expect(await count('account', { name: { eq: 'Initech' } })).toBe(accounts);
    const res = await t.raw(CONVERT, { id: lead });
    expect(res.errors[0].extensions.code).toBe('CONFLICT');
    expect(res.errors[0].extensions.target).toBe('contact');
    expect(res.errors[0].extensions.duplicates).toEqual([expect.objectContaining({ id: other, rule: 'contactPhone', action: 'BLOCK' })]);
    expect(res.errors[0].extensions.details ?? res.errors[0].extensions.problems ?? JSON.stringify(res.errors[0])).toBeTruthy();
    expect(JSON.stringify(res.errors[0].extensions)).toContain('/input/targets/contact/values/phone');
    // Nothing half-written: the account created before the refusal rolled back with it.
    expect(await count('account', { name: { eq: 'Initech' } })).toBe(accounts);
    const picked = (await t.api(CONVERT, { id: lead, i: { targets: { contact: { existing: other } } } })).leadConvert;
    expect(picked.targets.contact).toEqual({ object: 'contact', id: other, created: false });
    await t.apply({ duplicateRules: [] });
  });

  it('reports a WARN duplicate (overridable: allowDuplicates keeps it)', async () => {
    await t.apply({ duplicateRules: [{ name: 'accountName', object: 'account', action: 'WARN', match: { field: 'name', match: 'exact' } }] });
    const first = (await t.api('mutation { createAccount(data: {name: "Hooli"}) { id } }')).createAccount.id as string;
    const lead = await newLead({ name: 'Gavin', company: 'Hooli' });
    const res = await t.raw(CONVERT, { id: lead });
    expect(res.errors[0].extensions).toMatchObject({ code: 'CONFLICT', target: 'account', allowDuplicates: true, duplicates: [expect.objectContaining({ id: first, action: 'WARN' })] });
    const kept = (await t.api(CONVERT, { id: lead, i: { allowDuplicates: true } })).leadConvert;
    expect(kept.targets.account.created).toBe(true);
    expect(kept.targets.account.id).not.toBe(first);
    await t.apply({ duplicateRules: [] });
  });

  it('refuses a user who may not create accounts, leaving nothing half-written', async () => {
    const rep = await t.user('No accounts', { lead: ['read', 'update'], account: ['read'], contact: ['read', 'create', 'update'], opportunity: ['read', 'create'] });
    const lead = (await rep.api('mutation { createLead(data: {name: "Zhao", company: "Umbrella"}) { id } }').catch(() => null))?.createLead?.id as string
      ?? await newLead({ name: 'Zhao', company: 'Umbrella' });
    const contacts = await count('contact', {});
    const res = await rep.raw(CONVERT, { id: lead });
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe('FORBIDDEN');
    expect(res.errors[0].extensions.target).toBe('account');
    expect(await count('contact', {})).toBe(contacts);
    expect((await t.api('query($id: ID!) { lead(id: $id) { status convertedAccount { id } } }', { id: lead })).lead).toEqual({ status: null, convertedAccount: null });
  });

  it('answers bad input with extensions.code and a JSON pointer', async () => {
    const lead = await newLead({ name: 'Bad', company: 'Input Co' });
    const cases: [unknown, string, string][] = [
      [{ targets: { vendor: {} } }, 'BAD_USER_INPUT', '/input/targets/vendor'],
      [{ targets: { account: { existing: 'nope' } } }, 'BAD_USER_INPUT', '/input/targets/account/existing'],
      [{ targets: { account: { skip: true } } }, 'BAD_USER_INPUT', '/input/targets/account/skip'],
      [{ targets: { account: { existing: '0190c0de-0000-7000-8000-000000000000' } } }, 'NOT_FOUND', '/input/targets/account/existing'],
      [{ targets: { opportunity: { values: { amount: 'lots' } } } }, 'VALIDATION_FAILED', '/input/targets/opportunity/values/amount'],
    ];
    for (const [input, code, pointer] of cases) {
      const res = await t.raw(CONVERT, { id: lead, i: input });
      expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toBe(code);
      expect(JSON.stringify(res.errors[0].extensions), JSON.stringify(res)).toContain(`"${pointer}`);
    }
    const missing = await t.raw(CONVERT, { id: '0190c0de-0000-7000-8000-000000000000' });
    expect(missing.errors[0].extensions.code).toBe('NOT_FOUND');
  });

  it('generates <object>Convert only for objects with an active conversion, and checks the conversion against the model', async () => {
    const fields = async () => (await t.api('{ __type(name: "Mutation") { fields { name } } }')).__type.fields.map((f: { name: string }) => f.name);
    expect(await fields()).toContain('leadConvert');
    expect((await fields()).filter((f: string) => f.endsWith('Convert'))).toEqual(['leadConvert']);
    const bad = await t.meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { conversions: [{ name: 'broken', object: 'lead', active: false, targets: [{ name: 'account', object: 'account', fields: { nope: { field: 'company' }, name: { field: 'missing' } } }] }] } }).catch((e) => e);
    expect(JSON.stringify(bad)).toMatch(/\/conversions\/0\/targets\/0\/fields\/nope/);
    await t.apply({ conversions: [{ ...(await import('./support.ts')).CONVERSION, active: false }] });
    expect(await fields()).not.toContain('leadConvert');
    await t.apply({ conversions: [(await import('./support.ts')).CONVERSION] });
    expect(await fields()).toContain('leadConvert');
  });

  it('an expression\'s number mapped into a currency field is its amount in the field\'s currency (was refused: must be object)', async () => {
    await t.apply({ objects: [{ name: 'inquiry', fields: [{ name: 'title', type: 'text' }, { name: 'hours', type: 'number' }] }, { name: 'deal', fields: [{ name: 'title', type: 'text' }, { name: 'value', type: 'currency', currencyCode: 'CNY' }] }] });
    await t.apply({ conversions: [{ name: 'inquiryToDeal', object: 'inquiry', targets: [{ name: 'deal', object: 'deal', required: true, fields: { title: { field: 'title' }, value: { expr: 'hours * 300' } } }] }] });
    const id = (await t.api('mutation { createInquiry(data: {title: "math", hours: 10}) { id } }')).createInquiry.id;
    const res = (await t.api('mutation($id: ID!) { inquiryConvert(id: $id) }', { id })).inquiryConvert;
    expect((await t.api('query($id: ID!) { deal(id: $id) { title value { amount currency } } }', { id: res.targets.deal.id })).deal).toEqual({ title: 'math', value: { amount: 3000, currency: 'CNY' } });
  });
});
