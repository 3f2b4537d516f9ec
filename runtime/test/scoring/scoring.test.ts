import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { metadataClient } from '../../../platform/test/support/server.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';
import { ACCOUNT, ACTIVITY, LEAD, startScoringServer } from './support.ts';

/**
 * Scoring on the test clock, against hand-computed scores: criteria (a lookup's field included),
 * activities (a condition, a 30-day window, a cap), recomputation on record and activity changes in
 * the write's transaction, decay when an activity leaves its window (a timer), the full
 * recomputation when the rule changes (a background job with progress), bad rules refused.
 */
let server: RunningServer;
let t: WfTenant;

const RULE = {
  name: 'leadScore', object: 'lead', field: 'score', label: { en: 'Lead score' },
  criteria: [{ label: 'Education', when: 'industry = "Education"', points: 10 }, { label: 'Big account', when: 'account.size > 100', points: 20 }],
  activities: [
    { label: 'Calls, last 30 days', object: 'activity', field: 'lead', when: 'type = "Call"', points: 5, within: 'P30D', max: 15 },
    { label: 'Meetings', object: 'activity', field: 'lead', when: 'type = "Meeting"', points: 8 },
  ],
};

const score = async (id: string) => (await t.api('query($id: ID!) { lead(id: $id) { score } }', { id })).lead.score;
const activity = async (lead: string, type: string) => (await t.api('mutation($d: ActivityCreateInput!) { createActivity(data: $d) { id } }', { d: { subject: type, type, lead } })).createActivity.id as string;
const lead = async (data: Record<string, unknown>) => (await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id score } }', { d: data })).createLead;

beforeAll(async () => {
  server = await startScoringServer();
  t = await wfTenant(server, [ACCOUNT, LEAD, ACTIVITY]);
  await t.setClock('2031-03-03T01:00:00Z');
  await t.apply({ scoringRules: [RULE] });
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('scoringRules', () => {
  it('refuses bad rules with pointers', async () => {
    const bad = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
      d: {
        scoringRules: [{
          name: 'broken', object: 'lead', field: 'name',
          criteria: [{ when: 'industry +', points: 1 }, { when: 'name = "x"', points: 1 }],
          activities: [{ object: 'activity', field: 'subject', points: 1, within: 'P30D', dateField: 'subject' }, { object: 'account', field: 'name', points: 1 }],
        }],
      },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers: string[] = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    for (const p of ['/field', '/criteria/0/when', '/criteria/1/when', '/activities/0/field', '/activities/1/field']) expect(pointers.some((x) => x.endsWith(p)), `${p} in ${pointers.join(', ')}`).toBe(true);
    expect(pointers.some((x) => x.endsWith('/activities/0/dateField'))).toBe(true);
    // What the JSON Schema refuses: a window that is no duration, unknown properties.
    const schema = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
      d: { scoringRules: [{ name: 'worse', object: 'lead', field: 'score', activities: [{ object: 'activity', field: 'lead', points: 1, within: 'P30X' }], bonus: 3 }] },
    });
    expect(schema.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect((schema.errors as any)[0].extensions.errors.map((e: any) => e.pointer).join(' ')).toContain('/activities/0/within');
  });

  it('criteria and activities, hand-computed; recomputed on record and activity changes', async () => {
    const big = (await t.api('mutation { createAccount(data: {name: "Big", size: 500}) { id } }')).createAccount.id;
    const small = (await t.api('mutation { createAccount(data: {name: "Small", size: 5}) { id } }')).createAccount.id;
    const l = await lead({ name: 'Ann', industry: 'Education', account: big });
    expect(l.score).toBe(30); // 10 + 20
    await activity(l.id, 'Call');
    expect(await score(l.id)).toBe(35);
    for (let i = 0; i < 3; i++) await activity(l.id, 'Call');
    expect(await score(l.id)).toBe(45); // calls capped at 15
    const meeting = await activity(l.id, 'Meeting');
    expect(await score(l.id)).toBe(53);
    await activity(l.id, 'Note');
    expect(await score(l.id)).toBe(53);
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {industry: Retail, account: null}) { id } }', { id: l.id });
    expect(await score(l.id)).toBe(23); // 15 + 8
    await t.api('mutation($id: ID!, $a: ID) { updateLead(id: $id, data: {account: $a}) { id } }', { id: l.id, a: small });
    expect(await score(l.id)).toBe(23);
    // A looked-up record's change reaches the leads that read it (account.size > 100).
    await t.api('mutation($id: ID!) { updateAccount(id: $id, data: {size: 200}) { id } }', { id: small });
    expect(await score(l.id)).toBe(43);
    await t.api('mutation($id: ID!) { updateAccount(id: $id, data: {size: 5}) { id } }', { id: small });
    expect(await score(l.id)).toBe(23);
    await t.api('mutation($id: ID!) { deleteActivity(id: $id) { id } }', { id: meeting });
    expect(await score(l.id)).toBe(15);
    // An activity moved to another lead: both are recomputed.
    const other = await lead({ name: 'Bob' });
    const call = await activity(other.id, 'Meeting');
    expect(await score(other.id)).toBe(8);
    await t.api('mutation($id: ID!, $l: ID) { updateActivity(id: $id, data: {lead: $l}) { id } }', { id: call, l: l.id });
    expect([await score(other.id), await score(l.id)]).toEqual([0, 23]);
    // The score is the rule's: a write of it by hand is recomputed in the same transaction.
    expect((await t.api('mutation($id: ID!) { updateLead(id: $id, data: {score: 999}) { score } }', { id: l.id })).updateLead.score).toBe(23);
    expect(await score(l.id)).toBe(23);
    const breakdown = (await t.api('query($id: ID!) { scoreBreakdown(object: "lead", id: $id) }', { id: l.id })).scoreBreakdown;
    expect(breakdown[0]).toMatchObject({ rule: 'leadScore', score: 23, stored: 23 });
  });

  it('decay: a call leaving its 30-day window lowers the score when it does (a timer), and not before', async () => {
    const l = await lead({ name: 'Cy' });
    await activity(l.id, 'Call');
    await t.advance('P10D');
    await activity(l.id, 'Call');
    expect(await score(l.id)).toBe(10);
    await t.advance('P19DT23H');
    expect(await score(l.id)).toBe(10);
    await t.advance('PT1H'); // the first call is 30 days old
    await t.until(async () => (await score(l.id)) === 5);
    await t.advance('P10D');
    await t.until(async () => (await score(l.id)) === 0);
  });

  it('rules edited: every record recomputed by a background job, with progress', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) ids.push((await lead({ name: `Edu ${i}`, industry: 'Education' })).id);
    expect(await score(ids[0])).toBe(10);
    process.env.TESSERA_SCORING_BATCH = '2';
    try {
      await t.apply({ scoringRules: [{ ...RULE, criteria: [{ when: 'industry = "Education"', points: 7 }, RULE.criteria[1]] }] });
      await t.until(async () => {
        const p = (await t.api('{ scoringProgress(object: "lead") }')).scoringProgress;
        return p[0]?.finishedAt ? p : undefined;
      });
    } finally { delete process.env.TESSERA_SCORING_BATCH; }
    const p = (await t.api('{ scoringProgress(object: "lead") }')).scoringProgress[0];
    const total = (await t.api('{ leadsAggregate { count } }').catch(() => null))?.leadsAggregate?.count;
    expect(p.done).toBe(p.total);
    if (total !== undefined) expect(p.total).toBe(total);
    for (const id of ids) expect(await score(id)).toBe(7);
    // A label-only change computes nothing again.
    await t.apply({ scoringRules: [{ ...RULE, label: { en: 'Score' }, criteria: [{ when: 'industry = "Education"', points: 7 }, RULE.criteria[1]] }] });
    expect((await t.api('{ scoringProgress(object: "lead") }')).scoringProgress[0].startedAt).toBe(p.startedAt);
  });
});
