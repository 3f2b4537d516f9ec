import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { startWorkflowServer, wfTenant, type WfTenant } from './support.ts';

/**
 * The contract scenario of issue 14: "24 h after assignedAt, if firstFollowUpAt is still blank"
 * fires on the test clock, moves when the record is reassigned, and is cancelled when the
 * follow-up happens first. The run updates the lead through the save pipeline and notifies.
 */
let server: RunningServer;
let t: WfTenant;
beforeAll(async () => {
  server = await startWorkflowServer();
  t = await wfTenant(server);
}, 120_000);
afterAll(() => server?.close());

const lead = async (id: string) => (await t.api('query($id: ID!) { lead(id: $id) { id overdue updatedBy { id } } }', { id })).lead;

describe('a date-relative trigger: the 24-hour follow-up rule', () => {
  it('fires 24 h after assignment, re-scheduled when the lead is reassigned, cancelled by a follow-up', async () => {
    await t.setClock('2031-03-03T01:00:00Z');
    await t.apply({
      workflows: [{
        name: 'followUpReminder', object: 'lead',
        trigger: { type: 'date', field: 'assignedAt', offset: 'PT24H', condition: 'ISBLANK(firstFollowUpAt)' },
        steps: [
          { id: 'flag', type: 'update', data: { overdue: true } },
          { id: 'tell', type: 'notify', to: [t.adminId], title: { expr: '"Follow up " & name' } },
        ],
      }],
    });
    const made = await t.api(`mutation($at: DateTime!) {
      a: createLead(data: {name: "Reassigned", assignedAt: $at}) { id }
      b: createLead(data: {name: "Followed up", assignedAt: $at}) { id }
      c: createLead(data: {name: "Forgotten", assignedAt: $at}) { id } }`, { at: '2031-03-03T01:00:00Z' });
    // 10 h later: a is reassigned (its timer moves to 2031-03-04T11:00Z), b is followed up (its timer goes).
    await t.advance('PT10H');
    await t.api('mutation($a: ID!, $b: ID!) { updateLead(id: $a, data: {assignedAt: "2031-03-03T11:00:00Z"}) { id } x: updateLead(id: $b, data: {firstFollowUpAt: "2031-03-03T11:00:00Z"}) { id } }', { a: made.a.id, b: made.b.id });
    // The sweep may fire a's and b's old timers before their update events are delivered: the fire re-reads the record and starts nothing.
    await t.advance('PT15H'); // 2031-03-04T02:00Z: c is due (01:00Z), a is not (11:00Z)
    expect((await lead(made.c.id)).overdue).toBe(true);
    expect((await lead(made.a.id)).overdue).not.toBe(true);
    expect((await lead(made.b.id)).overdue).not.toBe(true);
    await t.advance('PT10H'); // 12:00Z: a's moved timer fired
    expect((await lead(made.a.id)).overdue).toBe(true);
    expect((await lead(made.b.id)).overdue).not.toBe(true);
    const runs = await t.runs('followUpReminder');
    expect(runs.map((r: any) => [r.recordId, r.status]).sort()).toEqual([[made.a.id, 'completed'], [made.c.id, 'completed']].sort());
    expect(runs[0].steps.map((s: any) => [s.step, s.status])).toEqual([['flag', 'completed'], ['tell', 'completed']]);
    const inbox = (await t.api('{ notifications(unread: true) }')).notifications;
    expect(inbox.unread).toBe(2);
    expect(inbox.nodes.map((n: any) => n.title).sort()).toEqual(['Follow up Forgotten', 'Follow up Reassigned']);
    expect((await t.api('mutation($ids: [ID!]) { markRead(ids: $ids) }', { ids: [inbox.nodes[0].id] })).markRead).toEqual({ marked: 1 });
    expect((await t.api('{ notifications(unread: true) }')).notifications.unread).toBe(1);
    // Nothing fires twice: much later, still two runs.
    await t.advance('P3D');
    expect(await t.runs('followUpReminder')).toHaveLength(2);
  });
});
