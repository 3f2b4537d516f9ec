import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../../platform/src/plugins/index.ts';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { crmTenant, startCrmServer, type CrmTenant } from './support.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';

let server: RunningServer;
let t: CrmTenant;
beforeAll(async () => {
  server = await startCrmServer();
  t = await crmTenant(server);
  await t.setClock('2025-03-03T02:00:00Z');
}, 120_000);
afterAll(async () => { await server?.close(); });

const TIMELINE = 'query($o: String!, $id: ID!, $first: Int, $after: String) { timeline(object: $o, id: $id, first: $first, after: $after) }';

describe('timeline and followers', () => {
  it('merges field changes, activities, notes and the conversion newest first; the account shows the lead\'s story; pages by keyset without gaps or repeats', async () => {
    const lead = (await t.api('mutation { createLead(data: {name: "Chen", company: "Soylent", phone: "1"}) { id } }')).createLead.id as string;
    await t.advance('PT1H');
    await t.api('mutation($l: ID!) { createActivity(data: {subject: "Called Chen", lead: $l}) { id } }', { l: lead });
    await t.advance('PT1H');
    await t.api('mutation($l: ID!) { updateLead(id: $l, data: {industry: "Food"}) { id } }', { l: lead });
    await t.advance('PT1H');
    await t.api('mutation($l: ID!) { addNote(object: "lead", id: $l, body: "Wants a demo") }', { l: lead });
    await t.advance('PT1H');
    const { targets } = (await t.api('mutation($id: ID!) { leadConvert(id: $id) }', { id: lead })).leadConvert;
    const onLead = (await t.api(TIMELINE, { o: 'lead', id: lead })).timeline;
    const types = onLead.entries.map((e: any) => e.type);
    // (Field changes carry the record history's time, the database's clock: on the test clock they sort apart from the rest.)
    expect(types).toEqual(expect.arrayContaining(['note', 'activity', 'fieldChange', 'conversion']));
    const ats = onLead.entries.map((e: any) => e.at);
    expect([...ats].sort().reverse()).toEqual(ats);
    expect(onLead.entries.every((e: any) => e.actor?.id === t.adminId)).toBe(true);
    const note = onLead.entries.find((e: any) => e.type === 'note');
    expect(note).toMatchObject({ at: '2025-03-03T05:00:00.000000Z', data: { body: 'Wants a demo' } });
    // The new account's timeline shows the lead's activities and notes (the activity moved to it too).
    const onAccount = (await t.api(TIMELINE, { o: 'account', id: targets.account.id, first: 100 })).timeline;
    const subjects = onAccount.entries.filter((e: any) => e.type === 'activity').map((e: any) => e.data.title);
    expect(subjects).toContain('Called Chen');
    expect(onAccount.entries.some((e: any) => e.type === 'note' && e.record?.object === 'lead')).toBe(true);
    // Keyset pages of 2 give the same entries as one page, in order, no repeats.
    const keys: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 50; i++) {
      const page: any = (await t.api(TIMELINE, { o: 'account', id: targets.account.id, first: 2, after })).timeline;
      keys.push(...page.entries.map((e: any) => e.key));
      if (!page.hasNextPage) break;
      after = page.endCursor;
    }
    expect(keys).toEqual(onAccount.entries.map((e: any) => e.key));
  });

  it('needs the caller to read the record (NOT_FOUND otherwise) and answers bad arguments with a pointer', async () => {
    const lead = (await t.api('mutation { createLead(data: {name: "Private"}) { id } }')).createLead.id as string;
    const outsider = await t.user('Outsider', { account: ['read'] });
    const res = await outsider.raw(TIMELINE, { o: 'lead', id: lead });
    expect(res.errors[0].extensions.code).toBe('NOT_FOUND');
    const bad = await t.raw(TIMELINE, { o: 'lead', id: lead, after: 'garbage' });
    expect(bad.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(JSON.stringify(bad.errors[0].extensions)).toContain('/after');
    const first = await t.raw(TIMELINE, { o: 'lead', id: lead, first: 0 });
    expect(JSON.stringify(first.errors[0].extensions)).toContain('/first');
  });

  it('followers: follow, list, unfollow; a follower gets a notification of others\' changes, not of their own', async () => {
    const rep = await t.user('Follower', { lead: ['read', 'update'] });
    const lead = (await t.api('mutation { createLead(data: {name: "Followed"}) { id } }')).createLead.id as string;
    await rep.api('mutation($id: ID!) { follow(object: "lead", id: $id) }', { id: lead });
    await rep.api('mutation($id: ID!) { follow(object: "lead", id: $id) }', { id: lead });
    expect((await t.api('query($id: ID!) { followers(object: "lead", id: $id) }', { id: lead })).followers.map((f: any) => f.id)).toEqual([rep.id]);
    await t.api('mutation($id: ID!) { updateLead(id: $id, data: {industry: "Tea"}) { id } }', { id: lead });
    await rep.api('mutation($id: ID!) { updateLead(id: $id, data: {industry: "Coffee"}) { id } }', { id: lead });
    // Delivered from the change events after commit: the admin's change comes, the follower's own never.
    let mine: any[] = [];
    for (let i = 0; i < 200 && mine.length === 0; i++) {
      if (i) await new Promise((r) => setTimeout(r, 50));
      mine = (await rep.api('{ notifications }')).notifications.nodes.filter((n: any) => n.recordId === lead);
    }
    await new Promise((r) => setTimeout(r, 500));
    mine = (await rep.api('{ notifications }')).notifications.nodes.filter((n: any) => n.recordId === lead);
    expect(mine).toHaveLength(1);
    expect(JSON.stringify(mine[0])).toContain('industry');
    await rep.api('mutation($id: ID!) { unfollow(object: "lead", id: $id) }', { id: lead });
    expect((await t.api('query($id: ID!) { followers(object: "lead", id: $id) }', { id: lead })).followers).toEqual([]);
  });

  it('shows approval events when the approvals plugin is installed', async () => {
    await server.platform.plugins.install(createApprovalsPlugin());
    await t.apply({ approvalFlows: [{ name: 'leadReview', object: 'lead', nodes: [{ id: 'boss', mode: 'any', approvers: [{ type: 'user', users: [t.adminId] }] }] }] });
    const lead = (await t.api('mutation { createLead(data: {name: "Reviewed"}) { id } }')).createLead.id as string;
    await t.api('mutation($id: ID!) { submitForApproval(object: "lead", id: $id) }', { id: lead });
    const entries = (await t.api(TIMELINE, { o: 'lead', id: lead })).timeline.entries;
    expect(entries.filter((e: any) => e.type === 'approval').map((e: any) => e.data.action)).toContain('submitted');
    expect(entries.find((e: any) => e.type === 'approval')).toMatchObject({ actor: { id: t.adminId }, data: { flow: 'leadReview', status: 'pending' } });
  });

  it('takes entries from sources other plugins declare (the pools plugin adds its moves the same way)', async () => {
    const lead = (await t.api('mutation { createLead(data: {name: "Pooled"}) { id } }')).createLead.id as string;
    await server.platform.plugins.install(definePlugin({
      name: 'fake-pools', version: '0.1.0',
      timelineSources: [{ name: 'pool', async entries({ records, before }) {
        const e = { type: 'pool', at: '2025-03-03T01:00:00.000000Z', key: `pool:${records[0].id}`, actor: null, data: { action: 'CLAIM', pool: 'east' } };
        return before && (before.at < e.at || (before.at === e.at && before.key <= e.key)) ? [] : [e];
      } }],
    }));
    try {
      const entries = (await t.api(TIMELINE, { o: 'lead', id: lead })).timeline.entries;
      expect(entries.at(-1)).toMatchObject({ type: 'pool', data: { action: 'CLAIM' } });
    } finally {
      await server.platform.plugins.uninstall('fake-pools');
    }
  });
});
