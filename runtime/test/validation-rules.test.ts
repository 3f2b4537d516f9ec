import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Validation rules meet scripts: they check the record after before-triggers (a value a trigger
 * sets is what the rule sees), and scripts' ctx.db writes are checked like any other.
 */
let server: RunningServer;
let t: Tenant;

const DOCUMENT = {
  objects: [{ name: 'lead', fields: [{ name: 'name', type: 'text', required: true }, { name: 'score', type: 'integer' }] }],
  validationRules: [{ name: 'scoreRange', object: 'lead', field: 'score', assert: 'OR(ISBLANK(score), AND(score >= 0, score <= 100))', message: { en: 'Score is 0 to 100', zh: '分数为0到100' } }],
};

const create = (data: Record<string, unknown>) => t.api(`mutation($d: LeadCreateInput!) { createLead(data: $d) { id score } }`, { d: data });

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, DOCUMENT);
});
afterAll(async () => { await server?.close(); });

describe('validation rules and scripts', () => {
  it('check what before-triggers set', async () => {
    await activate(t, 'inflate', `export const triggers = { lead: { beforeCreate(ctx) { for (const r of ctx.records) if (r.name === 'big') r.score = 500; } } };`);
    expect((await create({ name: 'small', score: 5 })).errors).toBeUndefined();
    const refused = await create({ name: 'big', score: 5 });
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['scoreRange'], errors: [{ pointer: '/data/score', rule: 'scoreRange', message: 'Score is 0 to 100' }] });
    await t.meta('mutation { deleteScript(name: "inflate") }');
  });

  it('check ctx.db writes of actions', async () => {
    await activate(t, 'copier', `
export const actions = {
  lead: {
    copy: {
      async run(ctx, args) {
        try {
          const copy = await ctx.db.create('lead', { name: 'copy', score: (args.input as { score: number }).score });
          return { id: copy.id };
        } catch (e: any) {
          return { error: e.message };
        }
      },
    },
  },
};`);
    const source = (await create({ name: 'source', score: 1 })).data.createLead.id;
    const copy = (score: number) => t.api(`mutation($id: ID!, $i: JSON) { leadCopy(id: $id, input: $i) }`, { id: source, i: { score } });
    expect((await copy(101)).data.leadCopy.error).toMatch(/^VALIDATION_FAILED: Score is 0 to 100/);
    expect((await copy(99)).data.leadCopy.id).toBeTruthy();
  });
});
