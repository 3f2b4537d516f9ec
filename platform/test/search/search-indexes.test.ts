import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { DEFAULT_LIMITS } from '../../src/model/limits.ts';
import { prepareRead } from '../../src/operations/index.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * The trigram indexes of searched fields: made and dropped by the metadata engine in the change's
 * transaction (never on the request path), following the title field as it moves, and usable by
 * the search query's expressions.
 */
let server: RunningServer;
let md: (query: string, variables?: Record<string, unknown>) => Promise<any>;
let api: (query: string, variables?: Record<string, unknown>) => Promise<any>;
let tenantId: string;
let schema: string;

const ok = (res: any) => {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
};
const apply = async (document: Record<string, unknown>, dryRun = false) =>
  ok(await md(`mutation($d: JSON!, $dry: Boolean) { applyMetadata(document: $d, dryRun: $dry) { changes { action object target statements notes } } }`, { d: document, dry: dryRun })).applyMetadata.changes as { action: string; object: string; statements: string[]; notes: string[] }[];

/** The searched columns of a table, as its `sr_` indexes say: `column` of `tessera.search_key(column)`. */
async function indexed(table: string): Promise<string[]> {
  const { rows } = await server.platform.pool.query(
    `select pg_get_indexdef(i.indexrelid) as def from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relnamespace = to_regnamespace($1) and t.relname = $2 and c.relname like 'sr\\_%'`, [schema, table]);
  return rows.map((r) => /search_key\("?(\w+)"?\)/.exec(r.def)![1]).sort();
}

beforeAll(async () => {
  server = await startTestServer();
  const created = await newTenant(server, 'sridx');
  tenantId = created.tenant.id;
  schema = created.tenant.schema;
  md = metadataClient(server, created.apiKey);
  api = (q, v) => gql(server, '/graphql', created.apiKey, q, v);
});
afterAll(async () => { await server?.close(); });

describe('search indexes', () => {
  it('are built for the title field and the fields flagged searchable, GIN with pg_trgm, in the change\'s plan', async () => {
    const plan = await apply({ objects: [{ name: 'client', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone', searchable: true }, { name: 'city', type: 'text' }] }] });
    expect(await indexed('client')).toEqual(['name', 'phone']);
    const step = plan.find((c) => c.action === 'syncSearchIndexes')!;
    expect(step.object).toBe('client');
    expect(step.statements).toHaveLength(2);
    for (const s of step.statements) expect(s).toMatch(/^CREATE INDEX "sr_[0-9a-f]{12}" ON "t_[0-9a-f]+"\."client" USING gin \(tessera\.search_key\("(name|phone)"\) "\w+"\.gin_trgm_ops\)$/);
    expect(step.notes).toEqual(['name is searched', 'phone is searched']);
  });

  it('a dry run leaves none, and applying again changes nothing', async () => {
    await apply({ objects: [{ name: 'dryOne', fields: [{ name: 'name', type: 'text' }] }] }, true);
    expect(await indexed('dryOne')).toEqual([]);
    expect(await apply({ objects: [{ name: 'client', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone', searchable: true }, { name: 'city', type: 'text' }] }] })).toEqual([]);
  });

  it('follow the flag and the title field: searchable false drops, true builds; a new `name` takes the title from the first text field', async () => {
    await apply({ objects: [{ name: 'note', fields: [{ name: 'subject', type: 'text' }, { name: 'body', type: 'longText' }] }] });
    expect(await indexed('note')).toEqual(['subject']);
    await apply({ objects: [{ name: 'note', fields: [{ name: 'subject', type: 'text' }, { name: 'body', type: 'longText', searchable: true }, { name: 'name', type: 'text' }] }] });
    expect(await indexed('note')).toEqual(['body', 'name']);
    await apply({ objects: [{ name: 'note', fields: [{ name: 'subject', type: 'text' }, { name: 'body', type: 'longText', searchable: true }, { name: 'name', type: 'text', searchable: false }] }] });
    expect(await indexed('note')).toEqual(['body']);
    ok(await md(`mutation { updateField(object: "note", name: "body", input: {searchable: false}) { name } }`));
    expect(await indexed('note')).toEqual([]);
  });

  it('stay with a renamed field, go with a deleted one and come back with its restore', async () => {
    await apply({ objects: [{ name: 'shop', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone', searchable: true }] }] });
    ok(await md(`mutation { updateField(object: "shop", name: "phone", input: {name: "mobile"}) { name } }`));
    expect(await indexed('shop')).toEqual(['mobile', 'name']);
    ok(await api(`mutation { createShop(data: {name: "Corner shop", mobile: "13812345678"}) { id } }`));
    ok(await md(`mutation { deleteField(object: "shop", name: "mobile") { name } }`));
    expect(ok(await api(`{ search(text: "5678") { title } }`)).search).toEqual([]);
    ok(await md(`mutation { restoreField(object: "shop", name: "mobile") { name } }`));
    expect(await indexed('shop')).toEqual(['mobile', 'name']);
    expect(ok(await api(`{ search(text: "5678") { title } }`)).search).toEqual([{ title: 'Corner shop' }]);
  });

  it('let a searched text field change type (the index goes before the column does)', async () => {
    await apply({ objects: [{ name: 'part', fields: [{ name: 'name', type: 'text' }, { name: 'code', type: 'text', searchable: true }] }] });
    ok(await api(`mutation { createPart(data: {name: "Bolt", code: "42"}) { id } }`));
    ok(await md(`mutation { updateField(object: "part", name: "code", input: {type: INTEGER, searchable: null}) { name type } }`));
    expect(await indexed('part')).toEqual(['name']);
  });

  it('build again an index a concurrent build left invalid (its process died), at the next change', async () => {
    await apply({ objects: [{ name: 'crate', fields: [{ name: 'name', type: 'text' }] }] });
    const { rows } = await server.platform.pool.query(
      `select c.oid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid where t.relnamespace = to_regnamespace($1) and t.relname = 'crate' and c.relname like 'sr\\_%'`, [schema]);
    await server.platform.pool.query('update pg_index set indisvalid = false where indexrelid = $1', [rows[0].oid]);
    const plan = await apply({ objects: [{ name: 'crate', fields: [{ name: 'name', type: 'text' }, { name: 'size', type: 'integer' }] }] });
    const step = plan.find((c) => c.action === 'syncSearchIndexes' && c.object === 'crate')!;
    expect(step.statements.map((s) => s.split(' ')[0] + ' ' + s.split(' ')[1])).toEqual(['DROP INDEX', 'CREATE INDEX']);
    const valid = await server.platform.pool.query(
      `select bool_and(i.indisvalid) as ok, count(*)::int as n from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid where t.relnamespace = to_regnamespace($1) and t.relname = 'crate' and c.relname like 'sr\\_%'`, [schema]);
    expect(valid.rows[0]).toEqual({ ok: true, n: 1 });
  });

  it('refuses searchable on a type that cannot be searched, pointing at the flag', async () => {
    const res = await md(`mutation($d: JSON!) { applyMetadata(document: $d) { version } }`, { d: { objects: [{ name: 'bad', fields: [{ name: 'name', type: 'text' }, { name: 'size', type: 'integer', searchable: true }] }] } });
    expect(res.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(res.errors[0].extensions.errors.map((e: any) => e.pointer)).toEqual(['/objects/0/fields/1/searchable']);
  });

  it('are what the search query reads (its expressions match the indexes)', async () => {
    const { model } = await server.platform.schemas.get(tenantId);
    const prepared = prepareRead({ model, limits: DEFAULT_LIMITS }, [{ key: 'r', request: { kind: 'search', object: 'client', text: '精密机', first: 20 } }]);
    const client = await server.platform.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local enable_seqscan = off');
      const { rows } = await client.query(`explain ${prepared.sql.text}`, prepared.sql.params);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(/Bitmap Index Scan on sr_/);
      expect(plan).not.toMatch(/Seq Scan/);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });
});
