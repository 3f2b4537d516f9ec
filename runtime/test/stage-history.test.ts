import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Scripts and stage history (issue 15, item 8; the platform's side: platform/test/analytics/): a
 * stage a script writes through `ctx.db` — from an action and from a before-trigger — is a move in
 * the history as any other write's is, and the funnel counts it.
 */
let server: RunningServer;
let t: Tenant;

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, {
    objects: [{ name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'stage', type: 'select', trackStages: true, options: [{ value: 'New' }, { value: 'Contacted' }, { value: 'Won', outcome: 'won' }] }] }],
  });
  await activate(t, 'stages', `
export const triggers = {
  lead: {
    // A lead named "hot" skips straight to Contacted.
    beforeCreate(ctx) { for (const r of ctx.records) if (r.name === 'hot') r.stage = 'Contacted'; },
    // A lead named "auto" is won at once, by an after-trigger's own write.
    async afterCreate(ctx) { for (const r of ctx.records) if (r.name === 'auto') await ctx.db.update('lead', r.id, { stage: 'Won' }); },
  },
};
export const actions = {
  lead: {
    win: { async run(ctx, args) { await ctx.db.update('lead', args.id, { stage: 'Won' }); return null; } },
  },
};`);
});
afterAll(async () => { await server?.close(); });

const ok = (res: any) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};

describe('stage history and scripts', () => {
  it('a before-trigger\'s stage and an action\'s ctx.db update are moves in the history', async () => {
    const hot = ok(await t.api('mutation { createLead(data: {name: "hot", stage: New}) { id stage } }')).createLead;
    expect(hot.stage).toBe('Contacted');
    ok(await t.api('mutation($id: ID!) { leadWin(id: $id) }', { id: hot.id }));
    const stays = await t.sql(`select "stage", "leftAt" is null as open from "${(await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name}"."_stage_history" where "recordId" = $1 order by "seq"`, [hot.id]);
    expect(stays).toEqual([{ stage: 'Contacted', open: false }, { stage: 'Won', open: true }]);
    const funnel = ok(await t.api('{ funnel(object: "lead", stageField: "stage") }')).funnel;
    expect(funnel.steps.map((s: any) => s.count)).toEqual([1, 1, 1]);
  });

  it('an after-trigger\'s move comes after the write that woke it', async () => {
    const auto = ok(await t.api('mutation { createLead(data: {name: "auto", stage: New}) { id } }')).createLead;
    const schema = (await t.sql('select schema_name from tessera.tenants where id = $1', [t.id]))[0].schema_name;
    const stays = await t.sql(`select "stage", "leftAt" is null as open from "${schema}"."_stage_history" where "recordId" = $1 order by "seq"`, [auto.id]);
    expect(stays).toEqual([{ stage: 'New', open: false }, { stage: 'Won', open: true }]);
  });
});
