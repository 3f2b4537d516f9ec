import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openPlatform, type Platform } from '../../src/platform.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, startTestServer, testDatabaseUrl } from '../support/server.ts';
import { createFixture, leadId, type Fixture } from './fixture.ts';
import { tenantApi } from '../../src/graphql/data-api/schema-cache.ts';

/**
 * The per-tenant schema cache: a metadata change is visible to the very next request, other tenants
 * keep their API, changes made by another process arrive through LISTEN/NOTIFY, and introspection
 * answers the whole schema.
 */

let server: RunningServer;
let fx: Fixture;
let other: Fixture;
let platform2: Platform | undefined;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
  other = await createFixture(server);
});
afterAll(async () => {
  await platform2?.close();
  await server?.close();
});

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code;

describe('schema cache', () => {
  it('serves a field created through /metadata on the very next /graphql request, filterable at once', async () => {
    const query = '{ leads(filter: {priority: {gte: 2}}, orderBy: [{priority: DESC}]) { nodes { id priority } } }';
    const before = await fx.api(query);
    expect(codeOf(before)).toBe('BAD_USER_INPUT');
    const versionBefore = (await fx.q('{ metadataVersion }')).metadataVersion;

    const created = await metadataClient(server, fx.tenant.apiKey)('mutation { createField(object: "lead", input: {name: "priority", type: INTEGER}) { name } }');
    expect(created.errors).toBeUndefined();
    await server.platform.pool.query(`update "${fx.tenant.tenant.schema}"."lead" set priority = v.p from (values ($1::uuid, 3), ($2::uuid, 2), ($3::uuid, 1)) v(id, p) where "lead".id = v.id`, [leadId(1), leadId(2), leadId(3)]);

    const after = await fx.q(query);
    expect(after.leads.nodes).toEqual([{ id: leadId(1), priority: 3 }, { id: leadId(2), priority: 2 }]);
    expect((await fx.q('{ metadataVersion }')).metadataVersion).toBe(versionBefore + 1);
    const agg = await fx.q('{ leadsAggregate(filter: {priority: {isNull: false}}) { count sum { priority } } }');
    expect(agg.leadsAggregate).toEqual([{ count: 3, sum: { priority: 6 } }]);
  });

  it('leaves another tenant\'s API as it was', async () => {
    const cached = await server.platform.schemas.get(other.tenant.tenant.id);
    await metadataClient(server, fx.tenant.apiKey)('mutation { createField(object: "account", input: {name: "website", type: URL}) { name } }');
    expect(await server.platform.schemas.get(other.tenant.tenant.id)).toBe(cached);
    expect(codeOf(await other.api('{ accounts { nodes { website } } }'))).toBe('BAD_USER_INPUT');
    expect(codeOf(await other.api('{ leads(filter: {priority: {isNull: true}}) { totalCount } }'))).toBe('BAD_USER_INPUT');
    const data = await other.q('{ accounts(orderBy: [{name: ASC}], first: 1) { nodes { name } } }');
    expect(data.accounts.nodes).toEqual([{ name: 'Acme Foods' }]);
    const mine = await fx.q('{ accounts(filter: {website: {isNull: true}}) { totalCount nodes { website } } }');
    expect(mine.accounts.totalCount).toBe(fx.live.accounts.length);
  });

  it('sees a change made by another platform process through LISTEN/NOTIFY within a second', async () => {
    const query = '{ leads(filter: {channel: {eq: "wechat"}}) { nodes { id channel } } }';
    expect(codeOf(await fx.api(query))).toBe('BAD_USER_INPUT');
    platform2 = await openPlatform({ databaseUrl: testDatabaseUrl(), poolSize: 2 });
    await platform2.metadata.createField(fx.tenant.tenant.id, { userId: null, via: 'system' }, 'lead', { name: 'channel', type: 'text' });
    await server.platform.pool.query(`update "${fx.tenant.tenant.schema}"."lead" set channel = 'wechat' where id = $1`, [leadId(4)]);
    const started = Date.now();
    let res = await fx.api(query);
    while (res.errors && Date.now() - started < 1000) {
      await new Promise((r) => setTimeout(r, 20));
      res = await fx.api(query);
    }
    expect(res.errors, 'the running server did not see the field within a second').toBeUndefined();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(res.data.leads.nodes).toEqual([{ id: leadId(4), channel: 'wechat' }]);
  });

  it('answers introspection with the full schema: every object\'s types', async () => {
    const res = await fx.q('{ __schema { queryType { name } mutationType { name } types { name } } }');
    const names = new Set(res.__schema.types.map((t: { name: string }) => t.name));
    for (const o of ['Account', 'Contact', 'Lead']) {
      for (const suffix of ['', 'Connection', 'Edge', 'Filter', 'OrderBy', 'GroupBy', 'Aggregate', 'AggregateKey', 'CreateInput', 'UpdateInput', 'MatchInput', 'CountDistinct']) {
        expect(names, `${o}${suffix}`).toContain(`${o}${suffix}`);
      }
    }
    // Option enums serve inputs and filters too (issue 12): no option scalar beside them.
    expect(names).not.toContain('LeadStatusOptionValue');
    for (const t of ['Node', 'LeadStatusOption', 'LeadStatusOptionFilter', 'LeadSourceOption', 'AccountIndustryOption', 'AccountTagsOption', 'PageInfo', 'Money', 'GeoPoint', 'GeoWithin', 'User', 'OrderDirection', 'DateBucket', 'DateTimeFilter', 'IdFilter']) {
      expect(names).toContain(t);
    }
    const api = tenantApi(await server.platform.schemas.get(fx.tenant.tenant.id));
    expect([...names].sort()).toEqual(Object.keys(api.schema.getTypeMap()).sort());
    expect(res.__schema.queryType.name).toBe('Query');
    expect(res.__schema.mutationType.name).toBe('Mutation');
    const lead = await fx.q('{ __type(name: "Lead") { fields { name } } }');
    expect(lead.__type.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['id', 'name', 'status', 'account', 'rep', 'priority', 'channel']));
  });

  it('answers introspection mixed with data in one document', async () => {
    const res = await fx.q('{ __type(name: "Contact") { name } contacts(filter: {email: {eq: "alice@acme.cn"}}) { nodes { fullName account { name } } } }');
    expect(res).toEqual({ __type: { name: 'Contact' }, contacts: { nodes: [{ fullName: 'Alice Wang', account: { name: 'Acme Foods' } }] } });
  });
});
