import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { gql, metadataClient } from '../../../platform/test/support/server.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';
import { ACCOUNT, ACTIVITY, LEAD, ok, startScoringServer } from './support.ts';

/**
 * Reactivation on the create path: a re-inquiry (a duplicate-rule match) of a lead in the public
 * pool or marked dormant reactivates it — merged, noted, back to its last owner within the cap (else
 * left public), REACTIVATE in the pool history, the last owner and the team notified — and the create
 * answers the reactivated lead (no duplicate); an owned, active lead is still a duplicate.
 */
let server: RunningServer;
let t: WfTenant;
interface User { id: string; api: (q: string, v?: Record<string, unknown>) => Promise<any> }
let ann: User, bob: User, boss: User;

async function user(name: string): Promise<User> {
  const email = `${name}-${Date.now()}-${Math.random()}@example.com`;
  const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name } })).createUser.id as string;
  await t.meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "reps") { id } }', { u: id });
  const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
  return { id, api: async (q, v) => ok(await gql(server, '/graphql', key, q, v)) };
}

const create = (d: Record<string, unknown>) => t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id name phone channel notes status owner { id } } }', { d });
const leadOf = async (id: string) => (await t.api('query($id: ID!) { lead(id: $id) { id name phone channel notes status owner { id } } }', { id })).lead;
const history = async (id: string) => (await t.api('query($id: ID!) { poolHistory(object: "lead", id: $id) }', { id })).poolHistory;
const count = async () => (await t.api('{ leads(first: 500) { edges { node { id } } } }')).leads.edges.length;
const inbox = async (u: User, id: string) => (await u.api('{ notifications(unread: true) }')).notifications.nodes.filter((n: any) => n.recordId === id);
const claim = (u: User, id: string) => u.api('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [id] });
const release = (u: User, id: string) => u.api('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids, reason: "no answer") }', { ids: [id] });

beforeAll(async () => {
  server = await startScoringServer();
  t = await wfTenant(server, [ACCOUNT, LEAD, ACTIVITY]);
  const crud = { read: true, create: true, update: true, delete: true };
  await t.apply({ permissionSets: [{ name: 'reps', objectPermissions: [{ object: 'lead', ...crud }, { object: 'activity', ...crud }] }] });
  [ann, bob, boss] = [await user('ann'), await user('bob'), await user('boss')];
  await t.setClock('2031-03-03T01:00:00Z');
  await t.apply({
    pools: [{ name: 'main', object: 'lead', default: true, privateCap: 2, members: [{ type: 'user', users: [ann.id, bob.id] }] }],
    duplicateRules: [{ name: 'samePhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'exact' } }],
    reactivations: [{
      name: 'leadReinquiry', object: 'lead', dormant: { field: 'status', values: ['Dormant'] }, update: ['channel'], set: { status: 'New' },
      note: { object: 'activity', field: 'lead', values: { type: 'Note' }, textField: 'subject' }, notify: [boss.id],
    }],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('reactivation', () => {
  it('refuses bad configuration with pointers', async () => {
    const bad = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
      d: { reactivations: [{ name: 'broken', object: 'lead', dormant: { field: 'nope', values: ['x'] }, update: ['missing'], rules: ['noRule'], note: { object: 'activity', field: 'subject' } }] },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers: string[] = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    for (const p of ['/dormant/field', '/update/0', '/rules/0', '/note/field']) expect(pointers.some((x) => x.endsWith(p)), `${p} in ${pointers.join(', ')}`).toBe(true);
  });

  it('a re-inquiry of a public lead reactivates it: merged, noted, back to its last owner, history kept, team notified; the create answers it', async () => {
    const first = (await create({ name: 'Wang', phone: '13800000001', channel: 'SEO', owner: null })).createLead;
    await claim(ann, first.id);
    await release(ann, first.id);
    expect((await leadOf(first.id)).owner).toBeNull();
    const before = await count();
    const again = (await create({ name: 'Wang (web form)', phone: '13800000001', channel: 'Douyin', notes: 'asks for a trial class' })).createLead;
    expect(again.id).toBe(first.id);
    expect(await count()).toBe(before);
    expect(await leadOf(first.id)).toMatchObject({ name: 'Wang', channel: 'Douyin', notes: 'asks for a trial class', status: 'New', owner: { id: ann.id } });
    expect((await history(first.id)).map((h: any) => h.action)).toEqual(['CLAIM', 'RELEASE', 'REACTIVATE']);
    expect((await history(first.id)).at(-1)).toMatchObject({ action: 'REACTIVATE', reason: 'RE_INQUIRY', from: null, to: ann.id, pool: 'main' });
    expect(await inbox(ann, first.id)).toHaveLength(1);
    expect(await inbox(boss, first.id)).toHaveLength(1);
    const notes = (await t.api('{ activities(first: 500) { edges { node { subject type lead { id } } } } }')).activities.edges.map((e: any) => e.node).filter((n: any) => n.lead?.id === first.id);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatchObject({ type: 'Note' });
    expect(notes[0].subject).toContain('Re-inquiry');
    // The timeline: the reactivation, the note and the merged changes.
    const entries = (await t.api('query($id: ID!) { timeline(object: "lead", id: $id, first: 50) }', { id: first.id })).timeline.entries;
    expect(entries.find((e: any) => e.type === 'pool')).toMatchObject({ data: { action: 'REACTIVATE', reason: 'RE_INQUIRY', pool: 'main', to: ann.id } });
    expect(entries.some((e: any) => e.type === 'activity' && String(e.data.title).includes('Re-inquiry'))).toBe(true);
  });

  it('at the last owner\'s cap the lead stays in its public pool (history and notification still)', async () => {
    const lead = (await create({ name: 'Li', phone: '13800000002', owner: null })).createLead;
    await claim(bob, lead.id);
    await release(bob, lead.id);
    const [x, y] = [(await create({ name: 'X', phone: '1', owner: null })).createLead.id, (await create({ name: 'Y', phone: '2', owner: null })).createLead.id];
    await claim(bob, x);
    await claim(bob, y);
    const again = (await create({ name: 'Li again', phone: '13800000002' })).createLead;
    expect(again.id).toBe(lead.id);
    expect((await leadOf(lead.id)).owner).toBeNull();
    expect((await history(lead.id)).at(-1)).toMatchObject({ action: 'REACTIVATE', from: null, to: null });
    expect(await inbox(bob, lead.id)).toHaveLength(1);
  });

  it('a dormant lead with an owner is reactivated in place; an owned, active one is still a duplicate; bulk creates answer each', async () => {
    const dormant = (await create({ name: 'Zhao', phone: '13800000003', status: 'Dormant', owner: ann.id })).createLead;
    const again = (await create({ name: 'Zhao again', phone: '13800000003' })).createLead;
    expect(again.id).toBe(dormant.id);
    expect(await leadOf(dormant.id)).toMatchObject({ status: 'New', owner: { id: ann.id } });
    expect((await history(dormant.id)).at(-1)).toMatchObject({ action: 'REACTIVATE', to: ann.id });
    // Now active and owned: the BLOCK rule refuses a third inquiry as usual.
    const dup = await gql(server, '/graphql', t.apiKey, 'mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name: 'Zhao 3', phone: '13800000003' } });
    expect(dup.errors?.[0]?.extensions?.code).toBe('CONFLICT');
    expect(JSON.stringify(dup.errors)).toContain('samePhone');
    const gone = (await create({ name: 'Sun', phone: '13800000004', owner: null })).createLead;
    const bulk = (await t.api('mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id name } }', { d: [{ name: 'Brand new', phone: '13800000005' }, { name: 'Sun again', phone: '13800000004' }] })).createLeads;
    expect(bulk[1].id).toBe(gone.id);
    expect(bulk[0].id).not.toBe(gone.id);
    expect(bulk[0].name).toBe('Brand new');
  });
});
