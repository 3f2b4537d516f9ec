import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from './support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

async function tenantClient() {
  const tenant = await newTenant(server);
  return { tenant, md: metadataClient(server, tenant.apiKey) };
}

const version = async (md: ReturnType<typeof metadataClient>) => (await md('{ metadataVersion }')).data.metadataVersion as number;

describe('authentication', () => {
  it('answers 401 UNAUTHENTICATED without a key', async () => {
    const res = await gql(server, '/metadata', undefined, '{ objects { name } }');
    expect(res.status).toBe(401);
    expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 UNAUTHENTICATED for an unknown or malformed key', async () => {
    for (const key of ['tsk_000000000000_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', 'nonsense']) {
      const res = await gql(server, '/metadata', key, '{ objects { name } }');
      expect(res.status).toBe(401);
      expect(res.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    }
  });
});

describe('objects and fields', () => {
  it('creates an object with localized labels and reads it back', async () => {
    const { md } = await tenantClient();
    const res = await md(`mutation($input: ObjectInput!) { createObject(input: $input) { name label pluralLabel labels fields { name type label required } } }`, {
      input: { name: 'lead', label: { en: 'Lead', 'zh-CN': '线索' }, fields: [{ name: 'fullName', type: 'TEXT', required: true }, { name: 'source', type: 'SELECT', options: [{ value: 'sem', label: 'SEM' }] }] },
    });
    expect(res.errors).toBeUndefined();
    expect(res.data.createObject).toMatchObject({ name: 'lead', label: 'Lead', pluralLabel: 'Leads', labels: { en: 'Lead', 'zh-CN': '线索' } });
    expect(res.data.createObject.fields).toEqual([
      { name: 'fullName', type: 'TEXT', label: 'Full name', required: true },
      { name: 'source', type: 'SELECT', label: 'Source', required: false },
    ]);
    const zh = await md(`{ object(name: "lead") { label(locale: "zh-CN") } }`);
    expect(zh.data.object.label).toBe('线索');
  });

  it('bumps the metadata version once per change and records history', async () => {
    const { md, tenant } = await tenantClient();
    const v0 = await version(md);
    await md(`mutation { createObject(input: {name: "account"}) { name } }`);
    await md(`mutation { createField(object: "account", input: {name: "industry", type: TEXT}) { name } }`);
    expect(await version(md)).toBe(v0 + 2);
    const rows = (await server.platform.pool.query('select action, target, via, actor_id, before, after from tessera.metadata_history where tenant_id = $1 order by version, at', [tenant.tenant.id])).rows;
    expect(rows.map((r) => `${r.action} ${r.target}`)).toEqual(['createObject account', 'createField account.industry']);
    expect(rows[1]).toMatchObject({ via: 'api', actor_id: tenant.admin.id, before: null, after: { name: 'industry', type: 'text' } });
  });

  it('changes a label without any DDL', async () => {
    const { md } = await tenantClient();
    await md(`mutation { createObject(input: {name: "account", fields: [{name: "industry", type: TEXT}]}) { name } }`);
    const doc = { objects: [{ name: 'account', fields: [{ name: 'industry', type: 'text', label: { en: 'Sector', 'zh-CN': '行业' } }] }] };
    const plan = await md(`mutation($doc: JSON!) { applyMetadata(document: $doc) { changes { action statements } } }`, { doc });
    expect(plan.data.applyMetadata.changes).toEqual([{ action: 'updateField', statements: [] }]);
    const field = await md(`{ object(name: "account") { field(name: "industry") { label labels } } }`);
    expect(field.data.object.field).toEqual({ label: 'Sector', labels: { en: 'Sector', 'zh-CN': '行业' } });
  });

  it('plans without applying on dryRun', async () => {
    const { md } = await tenantClient();
    const v0 = await version(md);
    const plan = await md(`mutation { applyMetadata(dryRun: true, document: {objects: [{name: "deal", fields: [{name: "amount", type: "currency"}]}]}) { dryRun applied changes { action object field statements } } }`);
    expect(plan.data.applyMetadata).toMatchObject({ dryRun: true, applied: false });
    expect(plan.data.applyMetadata.changes.map((c: any) => c.action)).toEqual(['createObject', 'createField']);
    expect(plan.data.applyMetadata.changes[1].statements[0]).toContain('ADD COLUMN "amount" numeric(18,2)');
    expect((await md('{ objects { name } }')).data.objects).toEqual([]);
    expect(await version(md)).toBe(v0);
  });

  it('applies a document idempotently: the second apply changes nothing', async () => {
    const { md } = await tenantClient();
    const doc = { objects: [
      { name: 'account', fields: [{ name: 'name', type: 'text', required: true }], indexes: [{ fields: ['name', 'createdAt'] }] },
      { name: 'contact', fields: [{ name: 'account', type: 'lookup', target: 'account' }, { name: 'email', type: 'email', unique: true }] },
    ] };
    const first = await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied changes { action } } }`, { d: doc });
    expect(first.errors).toBeUndefined();
    expect(first.data.applyMetadata.applied).toBe(true);
    const v = await version(md);
    const second = await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied changes { action } } }`, { d: doc });
    expect(second.data.applyMetadata).toEqual({ applied: false, changes: [] });
    expect(await version(md)).toBe(v);
  });

  it('renames a field and an object without losing values, following lookups', async () => {
    const { md, tenant } = await tenantClient();
    await md(`mutation { applyMetadata(document: {objects: [{name: "account", fields: [{name: "title", type: "text"}]}, {name: "contact", fields: [{name: "account", type: "lookup", target: "account"}]}]}) { applied } }`);
    const schema = tenant.tenant.schema;
    await server.platform.pool.query(`insert into "${schema}"."account" ("title") values ('Acme')`);
    const r1 = await md(`mutation { updateField(object: "account", name: "title", input: {name: "legalName"}) { name } }`);
    expect(r1.data.updateField.name).toBe('legalName');
    const r2 = await md(`mutation { updateObject(name: "account", input: {name: "company", label: "Company"}) { name label pluralLabel } }`);
    expect(r2.data.updateObject).toEqual({ name: 'company', label: 'Company', pluralLabel: 'Companies' });
    const rows = (await server.platform.pool.query(`select "legalName" from "${schema}"."company"`)).rows;
    expect(rows).toEqual([{ legalName: 'Acme' }]);
    const lookup = await md(`{ object(name: "contact") { field(name: "account") { target } } }`);
    expect(lookup.data.object.field.target).toBe('company');
  });
});

describe('storage', () => {
  it('puts each tenant in its own schema, and a tenant sees only its own objects', async () => {
    const a = await tenantClient();
    const b = await tenantClient();
    await a.md(`mutation { createObject(input: {name: "lead", fields: [{name: "secret", type: TEXT}]}) { name } }`);
    await b.md(`mutation { createObject(input: {name: "lead"}) { name } }`);
    expect(a.tenant.tenant.schema).not.toBe(b.tenant.tenant.schema);
    const tables = (await server.platform.pool.query(
      `select table_schema, column_name from information_schema.columns where table_name = 'lead' and table_schema = any($1) and column_name = 'secret'`,
      [[a.tenant.tenant.schema, b.tenant.tenant.schema]])).rows;
    expect(tables).toEqual([{ table_schema: a.tenant.tenant.schema, column_name: 'secret' }]);
    const seen = await b.md('{ object(name: "lead") { fields { name } } }');
    expect(seen.data.object.fields).toEqual([]);
  });

  it('adds a field to a table with rows without rewriting it', async () => {
    const { md, tenant } = await tenantClient();
    await md(`mutation { createObject(input: {name: "lead", fields: [{name: "name", type: TEXT}]}) { name } }`);
    const table = `"${tenant.tenant.schema}"."lead"`;
    await server.platform.pool.query(`insert into ${table} ("name") select 'n' || g from generate_series(1, 5000) g`);
    const filenode = async () => (await server.platform.pool.query(`select pg_relation_filenode($1::regclass) as f`, [table])).rows[0].f;
    const before = await filenode();
    const res = await md(`mutation { createField(object: "lead", input: {name: "score", type: INTEGER, defaultValue: 10, required: true}) { name required } }`);
    expect(res.errors).toBeUndefined();
    expect(await filenode()).toBe(before);
    const { rows } = await server.platform.pool.query(`select count(*)::int as n, min("score") as lo from ${table}`);
    expect(rows[0]).toEqual({ n: 5000, lo: 10 });
  });

  it('builds indexes on large tables CONCURRENTLY after commit and reports the build', async () => {
    const { md, tenant } = await tenantClient();
    await md(`mutation { applyMetadata(document: {objects: [{name: "account"}, {name: "lead", fields: [{name: "email", type: "email"}]}]}) { applied } }`);
    await server.platform.pool.query(`insert into "${tenant.tenant.schema}"."lead" ("email") select 'u' || g || '@x.cn' from generate_series(1, 2000) g`);
    const options = server.platform.engine.options as { concurrentIndexBytes?: number };
    options.concurrentIndexBytes = 1;
    try {
      const plan = await md(`mutation { applyMetadata(document: {objects: [{name: "lead", fields: [{name: "email", type: "email", unique: true}, {name: "account", type: "lookup", target: "account"}], indexes: [{fields: ["email", "createdAt"]}]}]}) { changes { action field statements notes } } }`);
      expect(plan.errors).toBeUndefined();
      const statements = plan.data.applyMetadata.changes.flatMap((c: any) => c.statements).filter((s: string) => s.includes('INDEX'));
      expect(statements.length).toBe(3);
      for (const s of statements) expect(s).toMatch(/^CREATE (UNIQUE )?INDEX CONCURRENTLY IF NOT EXISTS/);
      const notes = plan.data.applyMetadata.changes.flatMap((c: any) => c.notes).join('\n');
      expect(notes.match(/built concurrently in \d+ ms/g)?.length).toBe(3);
      const { rows } = await server.platform.pool.query(
        `select count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace s on s.oid = c.relnamespace where s.nspname = $1 and i.indisvalid and c.relname ~ '^(uq|lk|ix)_'`, [tenant.tenant.schema]);
      expect(rows[0].n).toBe(3);
    } finally {
      delete options.concurrentIndexBytes;
    }
  });

  it('rolls back the metadata when DDL fails: nothing of the change remains', async () => {
    const { md, tenant } = await tenantClient();
    // A table the metadata does not know about makes CREATE TABLE fail half way through the document.
    await server.platform.pool.query(`create table "${tenant.tenant.schema}"."invoice" (x int)`);
    const v0 = await version(md);
    const res = await md(`mutation { applyMetadata(document: {objects: [{name: "order", fields: [{name: "total", type: "number"}]}, {name: "invoice"}]}) { applied } }`);
    expect(res.errors?.[0].extensions?.code).toBeDefined();
    expect(res.errors?.[0].message).not.toMatch(/CREATE TABLE/);
    expect((await md('{ objects { name } }')).data.objects).toEqual([]);
    expect(await version(md)).toBe(v0);
    const orphan = (await server.platform.pool.query(`select to_regclass($1) as t`, [`"${tenant.tenant.schema}"."order"`])).rows[0].t;
    expect(orphan).toBeNull();
    const history = (await server.platform.pool.query('select count(*)::int as n from tessera.metadata_history where tenant_id = $1', [tenant.tenant.id])).rows[0].n;
    expect(history).toBe(0);
  });

  it('deletes a field recoverably and restores it with its values', async () => {
    const { md, tenant } = await tenantClient();
    await md(`mutation { createObject(input: {name: "lead", fields: [{name: "phone", type: PHONE, unique: true}]}) { name } }`);
    const table = `"${tenant.tenant.schema}"."lead"`;
    await server.platform.pool.query(`insert into ${table} ("phone") values ('+86 138 0000 0000')`);
    const del = await md(`mutation { deleteField(object: "lead", name: "phone") { name } }`);
    expect(del.data.deleteField.name).toBe('phone');
    expect((await md('{ object(name: "lead") { fields { name } } }')).data.object.fields).toEqual([]);
    // The name is free again while the old field waits in the recycle bin.
    await md(`mutation { createField(object: "lead", input: {name: "mobile", type: PHONE}) { name } }`);
    const restored = await md(`mutation { restoreField(object: "lead", name: "phone") { name type unique } }`);
    expect(restored.data.restoreField).toEqual({ name: 'phone', type: 'PHONE', unique: true });
    expect((await server.platform.pool.query(`select "phone" from ${table}`)).rows).toEqual([{ phone: '+86 138 0000 0000' }]);
  });

  it('deletes an object recoverably, restores it, and purges it for good', async () => {
    const { md, tenant } = await tenantClient();
    await md(`mutation { createObject(input: {name: "campaign", fields: [{name: "title", type: TEXT}]}) { name } }`);
    await server.platform.pool.query(`insert into "${tenant.tenant.schema}"."campaign" ("title") values ('Spring')`);
    // The data API has the tenant's model in its cache from here on.
    expect((await gql(server, '/graphql', tenant.apiKey, '{ campaigns { nodes { title } } }')).data).toEqual({ campaigns: { nodes: [{ title: 'Spring' }] } });
    await md(`mutation { deleteObject(name: "campaign") { name } }`);
    expect((await md('{ objects { name } }')).data.objects).toEqual([]);
    const restored = await md(`mutation { restoreObject(name: "campaign") { name fields { name } } }`);
    expect(restored.data.restoreObject).toEqual({ name: 'campaign', fields: [{ name: 'title' }] });
    expect((await server.platform.pool.query(`select "title" from "${tenant.tenant.schema}"."campaign"`)).rows).toEqual([{ title: 'Spring' }]);
    // The data API has it back at once (the restore's catalog used to lack it until the tenant's catalog was reloaded).
    expect((await gql(server, '/graphql', tenant.apiKey, '{ campaigns { nodes { title } } }')).data).toEqual({ campaigns: { nodes: [{ title: 'Spring' }] } });
    await md(`mutation { deleteObject(name: "campaign") { name } }`);
    const purged = await md(`mutation { purgeDeleted }`);
    expect(purged.data.purgeDeleted).toEqual(['campaign']);
    const left = (await server.platform.pool.query(`select count(*)::int as n from information_schema.tables where table_schema = $1 and table_name !~ '^_'`, [tenant.tenant.schema])).rows[0].n;
    expect(left).toBe(0);
  });

  it('publishes the meta-schemas at GET /metadata/schema', async () => {
    const res = await fetch(`${server.url}/metadata/schema`);
    const body = await res.json() as { schemas: { $id: string }[] };
    const ids = body.schemas.map((s) => s.$id);
    expect(ids).toEqual(expect.arrayContaining(['tessera:object', 'tessera:field', 'tessera:document', 'tessera:label', 'tessera:field-type/lookup', 'tessera:field-type/multiSelect']));
  });

  it('answers /healthz and /readyz', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });
});
