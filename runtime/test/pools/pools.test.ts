import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { poolTenant, refusal, startPoolServer, type PoolTenant, type User } from './support.ts';

/**
 * Every pool rule on the test clock: the cap, the daily claim quota, the cooldown, the first
 * follow-up deadline and its reminder, the overdue rule (moved by an activity and by a field
 * change), transfer by keyword and by hand, release with a reason, history and status.
 */
let server: RunningServer;
let t: PoolTenant;
let ann: User, bob: User;

const claim = (as: User, ids: string[]) => as.raw('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids });
const release = (as: User, ids: string[], reason = 'not interested') => as.api('mutation($ids: [ID!]!, $r: String) { releaseRecords(object: "lead", ids: $ids, reason: $r) }', { ids, r: reason });
const status = async (as: User) => (await as.api('{ poolStatus(object: "lead") }')).poolStatus;

beforeAll(async () => {
  server = await startPoolServer();
  t = await poolTenant(server);
  [ann, bob] = [await t.user('Ann'), await t.user('Bob')];
  await t.setClock('2031-03-03T01:00:00Z'); // Monday 09:00 in Shanghai
  await t.apply({
    pools: [
      {
        name: 'testPrep', object: 'lead', default: true, label: { en: 'Test prep', zh: '考试培训' },
        members: [{ type: 'user', users: [ann.id, bob.id] }],
        privateCap: 3, dailyClaimQuota: 4, reclaimCooldown: 'P1D', firstFollowUp: 'PT24H', overdue: 'P15D', remindBefore: 'PT2H',
        followUp: { activities: [{ object: 'activity', field: 'lead' }], fields: ['status'] },
        transfers: [{ when: 'CONTAINS(notes, "留学")', to: 'studyAbroad' }],
        releaseReasons: ['not interested', 'wrong number', 'seed'],
      },
      { name: 'studyAbroad', object: 'lead', label: { en: 'Study abroad', zh: '留学' }, members: [{ type: 'user', users: [bob.id] }] },
    ],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('the kind', () => {
  it('refuses what its JSON Schema and the model refuse, with pointers', async () => {
    const bad = await (await import('../../../platform/test/support/server.ts')).metadataClient(server, t.apiKey)(
      'mutation($d: JSON!) { applyMetadata(document: $d) { version } }',
      { d: { pools: [{ name: 'broken', object: 'lead', overdue: 'P15X', followUp: { fields: ['nope'], activities: [{ object: 'activity', field: 'subject' }] }, transfers: [{ when: 'notes +', to: 'nowhere' }] }] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    expect(pointers.some((p: string) => p.includes('overdue'))).toBe(true);
  });
});

describe('claiming', () => {
  it('cap: claims fill the private pool up to the cap; the next is refused naming privateCap; releasing makes room', async () => {
    const ids = await t.publicLeads(4, 'Cap');
    expect((await claim(ann, ids.slice(0, 2))).errors).toBeUndefined();
    expect(await status(ann)).toEqual({ privateCount: 2, privateCap: 3, claimedToday: 2, dailyQuota: 4 });
    // Two at once would pass the cap: the whole claim is refused, pointing at the record past it.
    const over = await claim(ann, ids.slice(2, 4));
    expect(refusal(over)).toEqual({ code: 'LIMIT_EXCEEDED', rule: 'privateCap', pointer: '/ids/1' });
    expect(over.errors[0].extensions).toMatchObject({ pool: 'testPrep', limit: 3, count: 2 });
    expect((await t.lead(ids[2])).owner).toBeNull();
    expect((await claim(ann, [ids[2]])).errors).toBeUndefined();
    expect(refusal(await claim(ann, [ids[3]]))).toMatchObject({ rule: 'privateCap', pointer: '/ids/0' });
    await release(ann, ids.slice(0, 3));
    expect((await status(ann)).privateCount).toBe(0);
  });

  it('quota: at most dailyClaimQuota claims a local day; the next day counts again', async () => {
    // Ann claimed 3 today already.
    const ids = await t.publicLeads(3, 'Quota');
    expect((await claim(ann, [ids[0]])).errors).toBeUndefined();
    expect((await status(ann)).claimedToday).toBe(4);
    expect(refusal(await claim(ann, [ids[1]]))).toMatchObject({ code: 'LIMIT_EXCEEDED', rule: 'dailyClaimQuota' });
    await release(ann, [ids[0]]);
    await t.setClock('2031-03-03T16:00:00Z'); // Tuesday 00:00 in Shanghai
    expect((await status(ann)).claimedToday).toBe(0);
    expect((await claim(ann, [ids[1]])).errors).toBeUndefined();
    await release(ann, [ids[1]]);
  });

  it('cooldown: a rep may not claim again a record they released before reclaimCooldown passes; others may', async () => {
    const [id] = await t.publicLeads(1, 'Cooldown');
    expect((await claim(ann, [id])).errors).toBeUndefined();
    await release(ann, [id], 'wrong number');
    const refused = await claim(ann, [id]);
    expect(refusal(refused)).toEqual({ code: 'LIMIT_EXCEEDED', rule: 'reclaimCooldown', pointer: '/ids/0' });
    expect((await claim(bob, [id])).errors).toBeUndefined();
    await release(bob, [id]);
    await t.advance('P1D');
    expect((await claim(ann, [id])).errors).toBeUndefined();
    await release(ann, [id]);
  });

  it('membership, reasons and who may release: refused with FORBIDDEN, VALIDATION_FAILED and CONFLICT', async () => {
    const [id] = await t.publicLeads(1, 'Rules');
    const carol = await t.user('Carol');
    expect(refusal(await claim(carol, [id]))).toMatchObject({ code: 'FORBIDDEN', pointer: '/ids/0' });
    expect((await claim(ann, [id])).errors).toBeUndefined();
    expect(refusal(await claim(bob, [id]))).toMatchObject({ code: 'CONFLICT', pointer: '/ids/0' });
    expect(refusal(await bob.raw('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids, reason: "not interested") }', { ids: [id] }))).toMatchObject({ code: 'FORBIDDEN' });
    expect(refusal(await ann.raw('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids, reason: "bored") }', { ids: [id] }))).toMatchObject({ code: 'VALIDATION_FAILED', pointer: '/reason' });
    await release(ann, [id], 'not interested');
    // The public pool is read as the system, but field-level security holds: a rep never sees a field hidden from them.
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {secret: "margin 40%"}) { id } }', { id });
    const listed = (await ann.api('{ poolRecords(object: "lead") }')).poolRecords.nodes.find((r: any) => r.id === id);
    expect(listed.name).toBe('Rules 9');
    expect(listed).not.toHaveProperty('secret');
    expect((await t.api('{ poolRecords(object: "lead") }')).poolRecords.nodes.find((r: any) => r.id === id).secret).toBe('margin 40%');
    const history = await t.history(id);
    expect(history.map((h: any) => [h.action, h.reason, h.from, h.to, h.pool])).toEqual([
      ['CLAIM', null, null, ann.id, 'testPrep'],
      ['RELEASE', 'not interested', ann.id, null, 'testPrep'],
    ]);
  });
});

describe('deadlines on the test clock', () => {
  it('first follow-up: a reminder 2 h before, then back to the public pool exactly at 24 h with FIRST_FOLLOW_UP_OVERDUE', async () => {
    await t.setClock('2031-03-10T01:00:00Z');
    const [id] = await t.publicLeads(1, 'Silent');
    expect((await claim(bob, [id])).errors).toBeUndefined();
    const mine = (await bob.api('{ myPoolRecords(object: "lead") }')).myPoolRecords;
    expect(mine.nodes.find((n: any) => n.record.id === id)).toMatchObject({ dueAt: '2031-03-11T01:00:00.000Z', dueReason: 'FIRST_FOLLOW_UP_OVERDUE' });
    await t.advance('PT21H59M');
    expect((await bob.api('{ notifications(unread: true) }')).notifications.nodes.filter((n: any) => n.recordId === id)).toHaveLength(0);
    await t.advance('PT1M'); // 22 h: the reminder
    const inbox = (await bob.api('{ notifications(unread: true) }')).notifications.nodes.filter((n: any) => n.recordId === id);
    expect(inbox).toHaveLength(1);
    expect(inbox[0].body).toContain('FIRST_FOLLOW_UP_OVERDUE');
    await t.advance('PT1H59M59S');
    expect((await t.lead(id)).owner?.id).toBe(bob.id);
    await t.advance('PT1S'); // exactly 24 h
    expect((await t.lead(id)).owner).toBeNull();
    expect((await t.history(id)).at(-1)).toMatchObject({ action: 'RECYCLE', reason: 'FIRST_FOLLOW_UP_OVERDUE', from: bob.id, to: null, pool: 'testPrep', at: '2031-03-11T01:00:00.000Z' });
    // Recycled from Bob: the cooldown holds him too.
    expect(refusal(await claim(bob, [id]))).toMatchObject({ rule: 'reclaimCooldown' });
  });

  it('overdue: an activity is the first follow-up; a field change moves the deadline; 15 days without one recycle with NO_FOLLOW_UP', async () => {
    await t.setClock('2031-04-01T01:00:00Z');
    const [id] = await t.publicLeads(1, 'Slow');
    expect((await claim(ann, [id])).errors).toBeUndefined();
    await t.advance('PT1H');
    await ann.api('mutation($id: ID!) { createActivity(data: {subject: "Called", lead: $id}) { id } }', { id });
    let mine = (await ann.api('{ myPoolRecords(object: "lead") }')).myPoolRecords.nodes.find((n: any) => n.record.id === id);
    expect(mine).toMatchObject({ dueAt: '2031-04-16T02:00:00.000Z', dueReason: 'NO_FOLLOW_UP' });
    await t.advance('P10D');
    await ann.api('mutation($id: ID!) { updateLead(id: $id, data: {status: Contacted}) { id } }', { id });
    mine = (await ann.api('{ myPoolRecords(object: "lead") }')).myPoolRecords.nodes.find((n: any) => n.record.id === id);
    expect(mine.dueAt).toBe('2031-04-26T02:00:00.000Z');
    // A change of a field that does not count is no follow-up.
    await ann.api('mutation($id: ID!) { updateLead(id: $id, data: {stage: "x"}) { id } }', { id });
    await t.advance('P6D'); // 2031-04-17: the first deadline passed, the moved one not
    expect((await t.lead(id)).owner?.id).toBe(ann.id);
    await t.advance('P9D'); // 2031-04-26T02:00Z
    expect((await t.lead(id)).owner).toBeNull();
    expect((await t.history(id)).at(-1)).toMatchObject({ action: 'RECYCLE', reason: 'NO_FOLLOW_UP', from: ann.id });
  });
});

describe('transfers', () => {
  it('by keyword: a lead whose notes mention 留学 moves to the study-abroad pool (its public part); by hand with transferRecords', async () => {
    await t.setClock('2031-05-05T01:00:00Z');
    // Created by Ann, it leaves her private pool at once: she no longer sees it.
    expect((await ann.api('mutation { createLead(data: {name: "Student", notes: "考研之后想了解留学"}) { id } }')).createLead).toBeNull();
    const made = (await t.api('{ leads(filter: {name: {eq: "Student"}}) { nodes { id } } }')).leads.nodes[0].id;
    expect((await t.lead(made)).owner).toBeNull();
    expect((await t.history(made)).map((h: any) => [h.action, h.reason, h.pool])).toEqual([['TRANSFER', 'RULE', 'studyAbroad']]);
    // Only the study-abroad pool's members see it there.
    expect((await bob.api('{ poolRecords(object: "lead", pool: "studyAbroad") }')).poolRecords.nodes.map((r: any) => r.id)).toContain(made);
    expect(refusal(await ann.raw('{ poolRecords(object: "lead", pool: "studyAbroad") }'))).toMatchObject({ code: 'FORBIDDEN' });
    // An update that brings the keyword moves a claimed lead too.
    const [other] = await t.publicLeads(1, 'Later');
    expect((await claim(ann, [other])).errors).toBeUndefined();
    await ann.api('mutation($id: ID!) { updateLead(id: $id, data: {notes: "也考虑留学"}) { id } }', { id: other });
    expect((await t.lead(other)).owner).toBeNull();
    expect((await t.history(other)).at(-1)).toMatchObject({ action: 'TRANSFER', from: ann.id, to: null, pool: 'studyAbroad' });
    // By hand, back: the admin (a manager of every pool).
    await t.api('mutation($ids: [ID!]!) { transferRecords(object: "lead", ids: $ids, pool: "testPrep") }', { ids: [made] });
    expect((await t.history(made)).at(-1)).toMatchObject({ action: 'TRANSFER', pool: 'testPrep' });
    expect(refusal(await t.raw('mutation($ids: [ID!]!) { transferRecords(object: "lead", ids: $ids, pool: "nowhere") }', { ids: [made] }))).toMatchObject({ code: 'NOT_FOUND', pointer: '/pool' });
  });
});
