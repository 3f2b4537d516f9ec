import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { METADATA_CHANNEL } from '../src/metadata/index.ts';
import type { RunningServer } from '../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from './support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

async function tenantClient() {
  const tenant = await newTenant(server);
  return { tenant, md: metadataClient(server, tenant.apiKey) };
}

type Md = ReturnType<typeof metadataClient>;
const version = async (md: Md) => (await md('{ metadataVersion }')).data.metadataVersion as number;
const fieldNames = async (md: Md, object: string) => (await md(`{ object(name: "${object}") { fields { name } } }`)).data.object.fields.map((f: { name: string }) => f.name);
const reorder = (md: Md, object: string, fields: string[]) =>
  md('mutation($o: String!, $f: [String!]!) { reorderFields(object: $o, fields: $f) { fields { name } } }', { o: object, f: fields });

describe('reorderFields', () => {
  it('puts the fields in the given order in one audited change and keeps it', async () => {
    const { md, tenant } = await tenantClient();
    await md('mutation { createObject(input: {name: "lead", fields: [{name: "alpha", type: TEXT}, {name: "beta", type: NUMBER}, {name: "gamma", type: DATE}]}) { name } }');
    const v0 = await version(md);
    const res = await reorder(md, 'lead', ['gamma', 'alpha', 'beta']);
    expect(res.errors).toBeUndefined();
    expect(res.data.reorderFields.fields.map((f: { name: string }) => f.name)).toEqual(['gamma', 'alpha', 'beta']);
    expect(await fieldNames(md, 'lead')).toEqual(['gamma', 'alpha', 'beta']);
    expect(await version(md)).toBe(v0 + 1);
    const rows = (await server.platform.pool.query("select action, target, before, after, via from tessera.metadata_history where tenant_id = $1 and action = 'reorderFields'", [tenant.tenant.id])).rows;
    expect(rows).toEqual([{ action: 'reorderFields', target: 'lead', before: ['alpha', 'beta', 'gamma'], after: ['gamma', 'alpha', 'beta'], via: 'api' }]);
    // The document (what `metadata pull` writes) follows the new order too.
    const doc = (await md('{ document }')).data.document;
    expect(doc.objects[0].fields.map((f: { name: string }) => f.name)).toEqual(['gamma', 'alpha', 'beta']);
  });

  it('announces the new version on the metadata channel when it commits', async () => {
    const { md, tenant } = await tenantClient();
    await md('mutation { createObject(input: {name: "lead", fields: [{name: "alpha", type: TEXT}, {name: "beta", type: TEXT}]}) { name } }');
    const client = await server.platform.pool.connect();
    try {
      const heard: string[] = [];
      client.on('notification', (n) => { if (n.channel === METADATA_CHANNEL && n.payload?.startsWith(tenant.tenant.id)) heard.push(n.payload); });
      await client.query(`LISTEN ${METADATA_CHANNEL}`);
      expect((await reorder(md, 'lead', ['beta', 'alpha'])).errors).toBeUndefined();
      const v = await version(md);
      await expect.poll(() => heard).toEqual([`${tenant.tenant.id}:${v}`]);
      await client.query(`UNLISTEN ${METADATA_CHANNEL}`);
    } finally {
      client.release();
    }
  });

  it('orders correctly after deletions left gaps and ties in the stored positions', async () => {
    const { md } = await tenantClient();
    await md('mutation { createObject(input: {name: "deal", fields: [{name: "a", type: TEXT}, {name: "b", type: TEXT}, {name: "c", type: TEXT}]}) { name } }');
    await md('mutation { deleteField(object: "deal", name: "a") { name } }');
    await md('mutation { createField(object: "deal", input: {name: "d", type: TEXT}) { name } }');
    expect(await fieldNames(md, 'deal')).toEqual(['b', 'c', 'd']);
    expect((await reorder(md, 'deal', ['d', 'b', 'c'])).errors).toBeUndefined();
    expect(await fieldNames(md, 'deal')).toEqual(['d', 'b', 'c']);
    expect((await reorder(md, 'deal', ['b', 'd', 'c'])).errors).toBeUndefined();
    expect(await fieldNames(md, 'deal')).toEqual(['b', 'd', 'c']);
  });

  it('refuses an order that misses, repeats or invents a field, with pointers, and changes nothing', async () => {
    const { md } = await tenantClient();
    await md('mutation { createObject(input: {name: "lead", fields: [{name: "alpha", type: TEXT}, {name: "beta", type: TEXT}]}) { name } }');
    const v0 = await version(md);
    const missing = await reorder(md, 'lead', ['beta']);
    expect(missing.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(missing.errors?.[0].extensions?.errors).toEqual([{ pointer: '/fields', message: 'the order must name every field; missing: alpha' }]);
    const twice = await reorder(md, 'lead', ['beta', 'beta', 'alpha']);
    expect(twice.errors?.[0].extensions?.errors).toEqual([{ pointer: '/fields/1', message: '"beta" is named twice' }]);
    const unknown = await reorder(md, 'lead', ['beta', 'alpha', 'zeta']);
    expect(unknown.errors?.[0].extensions?.errors).toEqual([{ pointer: '/fields/2', message: '"zeta" is not a field of lead' }]);
    const noObject = await reorder(md, 'nothing', ['x']);
    expect(noObject.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect(await version(md)).toBe(v0);
    expect(await fieldNames(md, 'lead')).toEqual(['alpha', 'beta']);
  });
});

const LAYOUT = {
  sections: [
    { label: { en: 'Main', 'zh-CN': '主要' }, columns: 2, fields: [{ field: 'fullName', required: true }, { field: 'email' }] },
    { label: 'More', columns: 1, fields: [{ field: 'notes', readOnly: true }] },
  ],
};
const COLUMNS = [{ field: 'fullName', width: 200 }, { field: 'email' }, { field: 'notes' }];

async function leadWithLayout(md: Md) {
  const res = await md('mutation($input: ObjectInput!) { createObject(input: $input) { name } }', {
    input: {
      name: 'lead', layout: LAYOUT, listColumns: COLUMNS, indexes: [{ fields: ['email', 'fullName'] }],
      fields: [{ name: 'fullName', type: 'TEXT' }, { name: 'email', type: 'EMAIL' }, { name: 'notes', type: 'LONG_TEXT' }],
    },
  });
  expect(res.errors).toBeUndefined();
}
const layoutOf = async (md: Md) => (await md('{ object(name: "lead") { layout listColumns } }')).data.object;

describe('layout and list columns follow field changes', () => {
  it('a rename rewrites the references', async () => {
    const { md } = await tenantClient();
    await leadWithLayout(md);
    const res = await md('mutation { updateField(object: "lead", name: "email", input: {name: "workEmail"}) { name } }');
    expect(res.errors).toBeUndefined();
    const { layout, listColumns } = await layoutOf(md);
    expect(layout.sections[0].fields).toEqual([{ field: 'fullName', required: true }, { field: 'workEmail' }]);
    expect(listColumns).toEqual([{ field: 'fullName', width: 200 }, { field: 'workEmail' }, { field: 'notes' }]);
    // The object stays valid: an unrelated update passes checkLayout with the stored layout.
    expect((await md('mutation { updateObject(name: "lead", input: {description: "People"}) { name } }')).errors).toBeUndefined();
  });

  it('a delete removes the references; restoring does not place it again', async () => {
    const { md } = await tenantClient();
    await leadWithLayout(md);
    expect((await md('mutation { deleteField(object: "lead", name: "notes") { name } }')).errors).toBeUndefined();
    const { layout, listColumns } = await layoutOf(md);
    expect(layout.sections).toEqual([{ ...LAYOUT.sections[0] }, { label: 'More', columns: 1, fields: [] }]);
    expect(listColumns).toEqual([{ field: 'fullName', width: 200 }, { field: 'email' }]);
    expect((await md('mutation { restoreField(object: "lead", name: "notes") { name } }')).errors).toBeUndefined();
    expect((await layoutOf(md)).listColumns).toEqual([{ field: 'fullName', width: 200 }, { field: 'email' }]);
  });

  it('fieldUsage lists layout sections, list column, indexes and lookups to the object', async () => {
    const { md } = await tenantClient();
    await leadWithLayout(md);
    await md('mutation { createObject(input: {name: "task", fields: [{name: "lead", type: LOOKUP, target: "lead"}]}) { name } }');
    const res = await md('{ email: fieldUsage(object: "lead", field: "email") { object field layoutSections { section label zh: label(locale: "zh-CN") required readOnly } listColumn indexes lookups { object field } } notes: fieldUsage(object: "lead", field: "notes") { layoutSections { section label(locale: "zh-CN") readOnly } listColumn } none: fieldUsage(object: "lead", field: "nope") { field } }');
    expect(res.errors).toBeUndefined();
    expect(res.data.email).toEqual({
      object: 'lead', field: 'email', layoutSections: [{ section: 0, label: 'Main', zh: '主要', required: false, readOnly: false }],
      listColumn: 1, indexes: ['emailFullName'], lookups: [{ object: 'task', field: 'lead' }],
    });
    expect(res.data.notes).toEqual({ layoutSections: [{ section: 1, label: 'More', readOnly: true }], listColumn: 2 });
    expect(res.data.none).toBeNull();
  });
});
