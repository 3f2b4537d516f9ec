import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, created, dupTenant, refused, type Client, type DupTenant } from './support.ts';

/**
 * A duplicate the caller may not read is still a duplicate (that is the point: two reps must not
 * chase one customer unknowingly), but a refusal tells them only that one exists: no id, no score,
 * no count, no value of theirs — in the duplicates, the details and the message alike. The same
 * holds for a record they may read but whose matched field they may not. findDuplicates answers
 * the same way (find.test.ts).
 */
let server: RunningServer;
let t: DupTenant;
let rep: { id: string; api: Client };
const secret: Record<string, string> = {};

const OBJECTS = [
  { name: 'lead', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }, { name: 'company', type: 'text' }] },
  { name: 'contact', sharing: 'PUBLIC_READ_WRITE', fields: [{ name: 'name', type: 'text' }, { name: 'email', type: 'email' }, { name: 'note', type: 'text' }, { name: 'region', type: 'text', defaultValue: 'east' }] },
];
const RULES = [
  { name: 'leadPhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'normalized' } },
  { name: 'leadName', object: 'lead', action: 'WARN', match: { field: 'name', match: 'fuzzy', threshold: 0.5 } },
  { name: 'contactRegion', object: 'contact', action: 'BLOCK', match: { and: [{ field: 'name', match: 'exact' }, { field: 'region', match: 'exact' }] } },
];

beforeAll(async () => {
  server = await startTestServer();
  t = await dupTenant(server, OBJECTS, RULES);
  // The rep sees the leads they own (PRIVATE), every contact, but not contacts' regions (filled in by default).
  rep = await t.user({
    objectPermissions: [{ object: 'lead', read: true, create: true, update: true }, { object: 'contact', read: true, create: true, update: true }],
    fieldPermissions: [{ object: 'contact', field: 'region', read: false, update: false }],
  });
  secret.lead = await created(t.api, 'lead', { name: '欧阳明华', phone: '13900001234', company: 'Secret Holdings' });
  secret.twin1 = await created(t.api, 'lead', { name: 'Hidden Twin', phone: '13900005678' });
  secret.twin2 = await created(t.api, 'lead', { name: 'Hidden Twin', phone: '13900005679' }, true);
  secret.contact = await created(t.api, 'contact', { name: 'Visible Contact', email: 'boss@secret.cn', note: 'private note' });
});
afterAll(async () => { await server?.close(); });

/** Nothing of the hidden records in the whole answer: ids, names, companies, values the caller did not send; hidden entries with nothing but the rule. */
function leaksNothing(error: unknown, sent: string[] = []) {
  const text = JSON.stringify(error);
  for (const id of Object.values(secret)) expect(text).not.toContain(id);
  for (const value of ['欧阳明华', 'Secret Holdings', 'boss@secret.cn', 'private note', '13900001234', '13900005678'].filter((v) => !sent.includes(v))) expect(text).not.toContain(value);
  for (const d of (error as { extensions: { duplicates: Record<string, unknown>[] } }).extensions.duplicates.filter((x) => x.hidden)) expect(Object.keys(d).sort()).toEqual(['action', 'fields', 'hidden', 'pointer', 'rule']);
}

describe('a duplicate the caller may not read', () => {
  it('BLOCK: refused, the duplicate only said to exist', async () => {
    const error = refused(await create(rep.api, 'lead', { name: 'Someone', phone: '139-0000-1234' }));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.extensions.duplicates).toEqual([{ pointer: '/data', rule: 'leadPhone', action: 'BLOCK', fields: ['phone'], hidden: true }]);
    expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/data/phone', message: expect.stringMatching(/cannot see/) })]);
    leaksNothing(error, ['139-0000-1234']);
  });

  it('fuzzy WARN on Chinese names: one hidden entry, however many match', async () => {
    const error = refused(await create(rep.api, 'lead', { name: '欧阳明华', phone: '13700000001' }));
    expect(error.extensions).toMatchObject({ allowDuplicates: true, duplicates: [{ rule: 'leadName', hidden: true }] });
    leaksNothing(error, ['欧阳明华']);
    const twins = refused(await create(rep.api, 'lead', { name: 'Hidden Twin', phone: '13700000002' }));
    expect(twins.extensions.duplicates).toEqual([{ pointer: '/data', rule: 'leadName', action: 'WARN', fields: ['name'], hidden: true }]);
    leaksNothing(twins, ['Hidden Twin']);
  });

  it('a readable duplicate is named beside a hidden one', async () => {
    const mine = await created(rep.api, 'lead', { name: 'Hidden Twins', phone: '13700000003' }, true);
    const error = refused(await create(rep.api, 'lead', { name: 'Hidden Twin', phone: '13700000004' }));
    expect(error.extensions.duplicates).toEqual([
      expect.objectContaining({ rule: 'leadName', id: mine }),
      { pointer: '/data', rule: 'leadName', action: 'WARN', fields: ['name'], hidden: true },
    ]);
    leaksNothing(error, ['Hidden Twin']);
  });

  it('a readable record whose matched field the caller may not read is hidden too', async () => {
    // The rep renames a contact whose (unreadable) region is the secret contact's.
    const other = await created(t.api, 'contact', { name: 'Another Contact' });
    const error = refused(await rep.api(`mutation($id: ID!) { updateContact(id: $id, data: { name: "Visible Contact" }) { id } }`, { id: other }));
    expect(error.extensions.duplicates).toEqual([{ pointer: '/data', rule: 'contactRegion', action: 'BLOCK', fields: ['name', 'region'], hidden: true }]);
    leaksNothing(error);
  });

  it('the administrator, who may read everything, is told the ids', async () => {
    const error = refused(await create(t.api, 'lead', { name: 'Someone', phone: '13900001234' }));
    expect(error.extensions.duplicates).toEqual([expect.objectContaining({ id: secret.lead, rule: 'leadPhone' })]);
  });
});
