import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { analyticsTenant, at, ok, refused, type AnalyticsTenant, type Client } from './support.ts';

/**
 * The funnel against a hand count (issue 15, item 8): groups, a date range, a record that skipped a
 * stage, one that was lost, one created lost (no step), and records the caller cannot see; time in
 * stage on the test clock. Stages: New → Contacted → Qualified → Won, and Lost (no step).
 */
let server: RunningServer;
let t: AnalyticsTenant;
let rep: { id: string; api: Client };
const ids: Record<string, string> = {};

const STAGE = { name: 'stage', type: 'select', trackStages: true, defaultValue: 'New', options: [{ value: 'New' }, { value: 'Contacted' }, { value: 'Qualified' }, { value: 'Won', outcome: 'won' }, { value: 'Lost', outcome: 'lost' }] };
const OBJECTS = [{ name: 'lead', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'channel', type: 'select', options: [{ value: 'web' }, { value: 'ads' }] }, STAGE] }];
const DAY = 86_400;

const create = async (api: Client, name: string, channel: string, when: string, stage?: string) => {
  at(server, when);
  ids[name] = ok(await api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name, channel, ...(stage ? { stage } : {}) } })).createLead.id;
};
const move = async (api: Client, name: string, stage: string, when: string) => {
  at(server, when);
  ok(await api('mutation($id: ID!, $s: LeadStageOption) { updateLead(id: $id, data: {stage: $s}) { id } }', { id: ids[name], s: stage }));
};
const FUNNEL = `query($g: String, $from: DateTime, $to: DateTime) { funnel(object: "lead", stageField: "stage", groupBy: $g, from: $from, to: $to) }`;
const steps = (counts: number[]) => ['New', 'Contacted', 'Qualified', 'Won'].map((stage, i) => ({ stage, count: counts[i], conversion: i === 0 || counts[i - 1] === 0 ? null : counts[i] / counts[i - 1] }));

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_TEST_CLOCK: '1' } });
  t = await analyticsTenant(server, { objects: OBJECTS });
  rep = await t.user('rep', { objectPermissions: [{ object: 'lead', read: true, create: true, update: true }] });
  const jan = (d: number) => `2025-01-${String(d).padStart(2, '0')}T00:00:00.000Z`;
  // In chronological order (the history's times are the clock's).
  for (const [name, channel] of [['a', 'web'], ['b', 'web'], ['c', 'web'], ['d', 'ads'], ['e', 'ads']]) await create(rep.api, name, channel, jan(10));
  await create(t.api, 'g', 'web', jan(10));
  await create(rep.api, 'h', 'web', jan(10), 'Lost');
  await move(rep.api, 'a', 'Contacted', jan(11));
  await move(rep.api, 'c', 'Contacted', jan(11));
  await move(t.api, 'g', 'Contacted', jan(11));
  await move(rep.api, 'b', 'Qualified', jan(12));
  await move(t.api, 'g', 'Qualified', jan(12));
  await move(rep.api, 'a', 'Qualified', jan(13));
  await move(rep.api, 'e', 'Contacted', jan(13));
  await move(rep.api, 'a', 'Won', jan(14));
  await move(rep.api, 'c', 'Lost', jan(15));
  // Outside the range: created in March, won at once.
  await create(rep.api, 'f', 'ads', '2025-03-01T00:00:00.000Z');
  await move(rep.api, 'f', 'Won', '2025-03-02T00:00:00.000Z');
});
afterAll(async () => { await server?.close(); });

describe('funnel', () => {
  it('counts each record at every step up to its furthest (skips and losses included), per channel, in the date range', async () => {
    const res = ok(await t.api(FUNNEL, { g: 'channel', from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).funnel;
    // a Won, b Qualified (skipped Contacted), c Contacted (then Lost), d New, e Contacted, g Qualified; h created Lost: no step.
    expect(res.steps).toEqual(steps([6, 5, 3, 1]));
    expect(res.groups).toEqual([{ key: 'web', steps: steps([4, 4, 3, 1]) }, { key: 'ads', steps: steps([2, 1, 0, 0]) }]);
  });

  it('counts only the records the caller may read (a rep under PRIVATE sharing does not see g)', async () => {
    const res = ok(await rep.api(FUNNEL, { g: 'channel', from: '2025-01-01T00:00:00Z', to: '2025-02-01T00:00:00Z' })).funnel;
    expect(res.steps).toEqual(steps([5, 4, 2, 1]));
    expect(res.groups).toEqual([{ key: 'web', steps: steps([3, 3, 2, 1]) }, { key: 'ads', steps: steps([2, 1, 0, 0]) }]);
  });

  it('without a range or a group: every record, no groups', async () => {
    expect(ok(await rep.api(FUNNEL, {})).funnel).toEqual({ steps: steps([6, 5, 3, 2]), groups: [] });
    expect(ok(await t.api(FUNNEL, { from: '2025-02-01T00:00:00Z' })).funnel.steps).toEqual(steps([1, 1, 1, 1]));
  });

  it('refuses what it cannot count: an untracked field, an unknown group, a field or object the caller may not read', async () => {
    expect(refused(await t.api('{ funnel(object: "lead", stageField: "channel") }')).extensions.errors).toEqual([expect.objectContaining({ pointer: '/stageField' })]);
    expect(refused(await t.api('{ funnel(object: "lead", stageField: "stage", groupBy: "nope") }')).extensions.errors).toEqual([expect.objectContaining({ pointer: '/groupBy' })]);
    // Counting by a field one may not read would tell its values: the stage or the group hidden is FORBIDDEN.
    const blind = await t.user('blind', { objectPermissions: [{ object: 'lead', read: true }], fieldPermissions: [{ object: 'lead', field: 'channel', read: false, update: false }] });
    expect(refused(await blind.api('{ funnel(object: "lead", stageField: "stage", groupBy: "channel") }')).extensions.code).toBe('FORBIDDEN');
    expect(ok(await blind.api('{ funnel(object: "lead", stageField: "stage") }')).funnel.steps).toHaveLength(4);
    const stageBlind = await t.user('stageblind', { objectPermissions: [{ object: 'lead', read: true }], fieldPermissions: [{ object: 'lead', field: 'stage', read: false, update: false }] });
    expect(refused(await stageBlind.api('{ funnel(object: "lead", stageField: "stage") }')).extensions.code).toBe('FORBIDDEN');
    expect(refused(await stageBlind.api('{ timeInStage(object: "lead", stageField: "stage") }')).extensions.code).toBe('FORBIDDEN');
    const nobody = await t.user('nobody', { objectPermissions: [] });
    expect(refused(await nobody.api('{ funnel(object: "lead", stageField: "stage") }')).extensions.code).toBe('FORBIDDEN');
  });
});

describe('time in stage', () => {
  it('averages and medians of the stays that ended, in seconds', async () => {
    const res = ok(await t.api('{ timeInStage(object: "lead", stageField: "stage", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") }')).timeInStage;
    // New: a 1d, b 2d, c 1d, e 3d, g 1d; Contacted: a 2d, c 4d, g 1d; Qualified: a 1d.
    expect(res.stages).toEqual([
      { stage: 'New', count: 5, average: 1.6 * DAY, median: DAY },
      { stage: 'Contacted', count: 3, average: (7 / 3) * DAY, median: 2 * DAY },
      { stage: 'Qualified', count: 1, average: DAY, median: DAY },
      { stage: 'Won', count: 0, average: null, median: null },
      { stage: 'Lost', count: 0, average: null, median: null },
    ]);
    const mine = ok(await rep.api('{ timeInStage(object: "lead", stageField: "stage", from: "2025-01-01T00:00:00Z", to: "2025-02-01T00:00:00Z") }')).timeInStage;
    expect(mine.stages[0]).toEqual({ stage: 'New', count: 4, average: 1.75 * DAY, median: 1.5 * DAY });
  });

  it('stageHistory: a record\'s stays, oldest first; nothing of a record the caller cannot see', async () => {
    const history = ok(await t.api('query($id: ID!) { stageHistory(object: "lead", id: $id) }', { id: ids.a })).stageHistory;
    expect(history.map((h: any) => [h.stage, h.enteredAt.slice(0, 10), h.leftAt?.slice(0, 10) ?? null])).toEqual([
      ['New', '2025-01-10', '2025-01-11'], ['Contacted', '2025-01-11', '2025-01-13'], ['Qualified', '2025-01-13', '2025-01-14'], ['Won', '2025-01-14', null],
    ]);
    expect(ok(await rep.api('query($id: ID!) { stageHistory(object: "lead", id: $id) }', { id: ids.g })).stageHistory).toEqual([]);
  });
});
