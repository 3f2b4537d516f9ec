import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { assignTenant, startAssignmentServer, type AssignTenant } from './support.ts';

/**
 * Dispatch rules (派单) on the test clock and the default business calendar (Asia/Shanghai,
 * Mon–Fri 09:00–12:00 and 13:00–18:00, mainland holidays and make-up days): inside working hours a
 * record that meets the criteria moves to the next stage's team at once; outside them it is queued
 * and moves when the working day starts — a Friday evening waits for Monday 09:00, the Friday before
 * a 调休 Saturday (2025-10-11) for that Saturday 09:00. Once per record and rule, DISPATCH in the
 * pool history; the assignment rules then give it to a rep of the team.
 */
let server: RunningServer;
let t: AssignTenant;
let ann: string, bob: string;

beforeAll(async () => {
  server = await startAssignmentServer();
  t = await assignTenant(server);
  ann = await t.user('ann');
  bob = await t.user('bob');
  await t.setClock('2025-10-09T02:00:00Z'); // Thursday 10:00 in Shanghai, a working day after National Day
  await t.apply({
    pools: [{ name: 'marketing', object: 'lead', default: true }, { name: 'sdr', object: 'lead', privateCap: 10 }],
    dispatchRules: [{ name: 'toSdr', object: 'lead', requiredFields: ['phone'], score: { field: 'score', min: 60 }, pool: 'sdr', set: { stage: 'SDR' }, assign: true }],
    assignmentRules: [{ name: 'sdrTeam', object: 'lead', when: 'stage = "SDR"', strategy: 'roundRobin', team: [{ type: 'user', users: [ann, bob] }] }],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

const dispatches = async (id: string) => (await t.api('query($id: ID!) { dispatches(object: "lead", id: $id) }', { id })).dispatches;
const score = (id: string, s: number) => t.api('mutation($id: ID!, $s: Float) { updateLead(id: $id, data: { score: $s }) { id } }', { id, s });

describe('the kind', () => {
  it('refuses rules the model refuses, with pointers', async () => {
    const bad = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { dispatchRules: [
      { name: 'broken', object: 'lead', requiredFields: ['nope'], score: { field: 'name', min: 1 }, pool: 'nowhere', calendar: 'none', when: 'score >' },
    ] } });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    for (const p of ['/requiredFields/0', '/score/field', '/pool', '/calendar', '/when']) expect(pointers.some((x: string) => x.endsWith(p))).toBe(true);
  });
});

describe('inside working hours', () => {
  it('a record meeting the criteria moves at once: stage set, pool sdr (DISPATCH), assigned round-robin', async () => {
    const [id] = await t.leads([{ phone: '138', score: 70 }]);
    const lead = await t.lead(id);
    expect(lead.stage).toBe('SDR');
    expect(lead.owner?.id).toBe(ann);
    const history = (await t.poolHistory(id)).map((h: any) => [h.action, h.reason, h.pool]);
    expect(history).toEqual([['DISPATCH', 'toSdr', 'sdr'], ['ASSIGN', 'sdrTeam', 'sdr']]);
  });

  it('criteria not met: nothing; met by an update: dispatched then, and only once', async () => {
    const [id] = await t.leads([{ phone: '139', score: 50 }]);
    expect((await t.lead(id)).stage).toBeNull();
    expect(await dispatches(id)).toEqual([]);
    await score(id, 80);
    expect(await t.lead(id)).toMatchObject({ stage: 'SDR', owner: { id: bob } });
    await score(id, 90);
    await score(id, 40);
    await score(id, 95);
    expect((await t.poolHistory(id)).filter((h: any) => h.action === 'DISPATCH')).toHaveLength(1);
    expect(await dispatches(id)).toMatchObject([{ rule: 'toSdr', state: 'done' }]);
  });
});

describe('outside working hours', () => {
  it('a Friday evening before a 调休 Saturday: queued, dispatched at Saturday 09:00', async () => {
    await t.setClock('2025-10-10T12:00:00Z'); // Friday 20:00
    const [id] = await t.leads([{ phone: '137', score: 99 }]);
    expect((await t.lead(id)).stage).toBeNull();
    expect(await dispatches(id)).toMatchObject([{ rule: 'toSdr', state: 'queued', dueAt: '2025-10-11T01:00:00.000Z' }]);
    await t.setClock('2025-10-11T00:59:00Z');
    expect((await t.lead(id)).stage).toBeNull();
    await t.setClock('2025-10-11T01:00:00Z'); // Saturday 09:00, a make-up working day
    expect(await t.lead(id)).toMatchObject({ stage: 'SDR', owner: { id: ann } });
    expect((await t.poolHistory(id)).map((h: any) => [h.action, new Date(h.at).toISOString()])).toEqual([['DISPATCH', '2025-10-11T01:00:00.000Z'], ['ASSIGN', '2025-10-11T01:00:00.000Z']]);
  });

  it('an ordinary Friday evening: queued through the weekend, dispatched Monday 09:00', async () => {
    await t.setClock('2025-10-17T12:00:00Z'); // Friday 20:00
    const [id] = await t.leads([{ phone: '136', score: 61 }]);
    expect(await dispatches(id)).toMatchObject([{ state: 'queued', dueAt: '2025-10-20T01:00:00.000Z' }]);
    await t.setClock('2025-10-18T01:00:00Z'); // Saturday 09:00: no working day
    expect((await t.lead(id)).stage).toBeNull();
    await t.setClock('2025-10-20T01:00:00Z'); // Monday 09:00
    expect(await t.lead(id)).toMatchObject({ stage: 'SDR', owner: { id: bob } });
  });

  it('a queued record that no longer meets the criteria when the day starts is dropped', async () => {
    await t.setClock('2025-10-20T11:00:00Z'); // Monday 19:00
    const [id] = await t.leads([{ phone: '135', score: 70 }]);
    await score(id, 10);
    await t.setClock('2025-10-21T01:00:00Z');
    expect((await t.lead(id)).stage).toBeNull();
    expect(await dispatches(id)).toMatchObject([{ state: 'dropped' }]);
  });
});
