import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { FIELD_TYPES, fieldType } from '../src/field-types/registry.ts';
import { loadCatalog } from '../src/metadata/index.ts';
import { SealedValue } from '../src/field-types/encrypted/sealed.ts';
import { metadataClient, newTenant, startTestServer } from './support/server.ts';

let server: RunningServer;
afterAll(async () => { await server?.close(); });

const PARENT_ID = '01900000-0000-7000-8000-000000000001';
const TREE_ROOT = '01900000-0000-7000-8000-0000000000bb';
const USER_ID = '01900000-0000-7000-8000-0000000000aa';

/** One field of every type, and the value each round-trips. */
const cases: Record<string, { def?: Record<string, unknown>; value: unknown; read?: unknown; sqlTypes: string[] }> = {
  text: { value: 'Zhang San 张三', sqlTypes: ['text'] },
  longText: { value: 'line one\nline two', sqlTypes: ['text'] },
  richText: { value: '<p>Hello <b>world</b></p>', sqlTypes: ['text'] },
  integer: { value: -42, sqlTypes: ['integer'] },
  number: { def: { precision: 12, scale: 3 }, value: 1234.567, sqlTypes: ['numeric'] },
  currency: { def: { currencyCode: 'CNY' }, value: { amount: 99.5, currency: 'EUR' }, sqlTypes: ['numeric', 'text'] },
  percent: { value: 12.5, sqlTypes: ['numeric'] },
  boolean: { value: true, sqlTypes: ['boolean'] },
  date: { value: '2026-02-28', sqlTypes: ['date'] },
  dateTime: { value: '2026-02-28T23:59:58.123Z', sqlTypes: ['timestamp with time zone'] },
  email: { value: 'li.si@example.cn', sqlTypes: ['text'] },
  phone: { value: '+86 138 0013 8000', sqlTypes: ['text'] },
  url: { value: 'https://tessera.dev/a?b=c', sqlTypes: ['text'] },
  select: { def: { options: [{ value: 'MQL' }, { value: 'SQL' }] }, value: 'SQL', sqlTypes: ['text'] },
  multiSelect: { def: { options: [{ value: 'wechat' }, { value: 'douyin' }, { value: 'sem' }] }, value: ['douyin', 'sem'], sqlTypes: ['ARRAY'] },
  json: { value: { nested: [1, 'two', { three: null }], ok: true }, sqlTypes: ['jsonb'] },
  uuid: { value: '0192f3a1-7c1e-7b4a-9d2e-4f5a6b7c8d9e', sqlTypes: ['uuid'] },
  geolocation: { value: { lat: 31.2304, lng: 121.4737 }, sqlTypes: ['double precision', 'double precision'] },
  lookup: { def: { target: 'parent' }, value: PARENT_ID, sqlTypes: ['uuid'] },
  masterDetail: { def: { target: 'parent' }, value: PARENT_ID, sqlTypes: ['uuid'] },
  user: { value: USER_ID, sqlTypes: ['uuid'] },
  autoNumber: { def: { format: 'N-{0000}' }, value: 'N-0042', sqlTypes: ['text'] },
  rating: { def: { max: 10 }, value: 9, sqlTypes: ['integer'] },
  color: { value: '#0A1B2C', sqlTypes: ['text'] },
  duration: { value: 3723.25, sqlTypes: ['numeric'] },
  time: { value: '23:59:58', sqlTypes: ['time without time zone'] },
  markdown: { value: '## 标题\n\n- one\n- two', sqlTypes: ['text'] },
  tags: { value: ['华东', 'vip'], sqlTypes: ['ARRAY'] },
  emails: { value: ['li.si@example.cn', 'ada@example.com'], sqlTypes: ['ARRAY'] },
  phones: { value: ['+86 138 0013 8000'], sqlTypes: ['ARRAY'] },
  links: { value: ['https://tessera.dev/a?b=c'], sqlTypes: ['ARRAY'] },
  // Computed: no column, nothing written, nothing read back (its value is the query's to compute).
  formula: { def: { expression: 'fInteger * 2', returnType: 'number' }, value: null, sqlTypes: [] },
  // Its value and the count and sum it is kept with; over sampleChild's lookup to sample.
  rollup: { def: { relation: 'sampleChild.sample', aggregate: 'SUM', field: 'n' }, value: 1250.75, sqlTypes: ['numeric', 'bigint', 'numeric'] },
  // A file's id, as the uploads' _files row names it (no foreign key: files outlive a record until purge).
  file: { def: { accept: ['application/pdf'] }, value: '0192f3a1-7c1e-7b4a-9d2e-4f5a6b7c8d9f', sqlTypes: ['uuid'] },
  image: { value: '0192f3a1-7c1e-7b4a-9d2e-4f5a6b7c8da0', sqlTypes: ['uuid'] },
  signature: { value: '0192f3a1-7c1e-7b4a-9d2e-4f5a6b7c8da1', sqlTypes: ['uuid'] },
  address: { value: { street: '人民大道 200 号', city: '上海', region: '上海市', postalCode: '200003', country: 'CN' }, sqlTypes: ['text', 'text', 'text', 'text', 'text'] },
  fullName: { value: { last: '张', first: '三', middle: null }, sqlTypes: ['text', 'text', 'text'] },
  dateRange: { value: { start: '2026-02-01', end: null }, sqlTypes: ['date', 'date'] },
  country: { value: 'CN', sqlTypes: ['text'] },
  // A parent in the same table: the root row inserted before the tests.
  ipAddress: { value: '2001:db8::1', sqlTypes: ['inet'] },
  // Sealed by the encryption hook (the only way in); read back from the columns as a mask.
  encrypted: { value: new SealedValue('v1.c2VhbGVk', 'blindIndex'), read: '••••••blin', sqlTypes: ['text', 'text'] },
  timeZone: { value: 'Asia/Shanghai', sqlTypes: ['text'] },
  sequence: { value: 7, sqlTypes: ['integer'] },
  tree: { value: TREE_ROOT, sqlTypes: ['uuid'] },
  // No column either: its links are rows of its junction (field-types-many-to-many.test.ts).
  manyToMany: { def: { target: 'parent' }, value: null, sqlTypes: [] },
  locationAddress: { value: { lat: 31.2304, lng: 121.4737, address: '人民大道 200 号' }, sqlTypes: ['double precision', 'double precision', 'text'] },
};

/** Columns every row needs whatever the field under test (masterDetail is required, an auto-number NOT NULL). */
const NOT_NULL = ['masterDetail', 'autoNumber'];
let rowNumber = 0;
const filler = (type: string): [string, unknown] => (type === 'masterDetail' ? ['"fMasterDetail"', PARENT_ID] : ['"fAutoNumber"', `N-row-${++rowNumber}`]);

describe('every field type stores its value in real columns and reads it back', () => {
  let schema: string;
  let tenantId: string;
  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await newTenant(server);
    schema = tenant.tenant.schema;
    tenantId = tenant.tenant.id;
    const md = metadataClient(server, tenant.apiKey);
    const fields = FIELD_TYPES.map((t) => ({ name: `f${t.name[0].toUpperCase()}${t.name.slice(1)}`, type: t.name, ...(cases[t.name]?.def ?? {}) }));
    const res = await md('mutation($doc: JSON!) { applyMetadata(document: $doc) { applied } }', { doc: { objects: [{ name: 'parent' }, { name: 'sample', fields }, { name: 'sampleChild', fields: [{ name: 'sample', type: 'lookup', target: 'sample' }, { name: 'n', type: 'number' }] }] } });
    expect(res.errors).toBeUndefined();
    await server.platform.pool.query(`insert into "${schema}"."parent" ("id") values ($1)`, [PARENT_ID]);
    await server.platform.pool.query(`insert into "${schema}"."sample" ("id", "fMasterDetail", "fAutoNumber") values ($1, $2, 'N-root')`, [TREE_ROOT, PARENT_ID]);
  });

  it('has a case for every registered type', () => {
    expect(Object.keys(cases).sort()).toEqual(FIELD_TYPES.map((t) => t.name).sort());
  });

  for (const type of FIELD_TYPES) {
    it(`${type.name}: column types, write, read`, async () => {
      const catalog = await loadCatalog(server.platform.sql, tenantId);
      const field = catalog.objects.get('sample')!.definition.fields.find((f) => f.type === type.name)!;
      const columns = fieldType(field.type).columns(field);
      const { rows: info } = await server.platform.pool.query(
        `select column_name, data_type from information_schema.columns where table_schema = $1 and table_name = 'sample' and column_name = any($2)`,
        [schema, columns.map((c) => c.column)]);
      expect(columns.map((c) => info.find((i) => i.column_name === c.column)?.data_type)).toEqual(cases[type.name].sqlTypes);

      const others = NOT_NULL.filter((t) => t !== type.name);
      const values = fieldType(field.type).toColumns(cases[type.name].value, field);
      const names = [...columns.map((c) => `"${c.column}"`), ...others.map((t) => filler(t)[0])].join(', ');
      const params = [...columns, ...others].map((_, i) => `$${i + 1}`).join(', ');
      const { rows } = await server.platform.pool.query(`insert into "${schema}"."sample" (${names}) values (${params}) returning *`, [...values, ...others.map((t) => filler(t)[1])]);
      const back = fieldType(field.type).fromColumns(columns.map((c) => rows[0][c.column]), field);
      expect(back).toEqual(cases[type.name].read ?? cases[type.name].value);

      if (NOT_NULL.includes(type.name)) {
        await expect(server.platform.pool.query(`insert into "${schema}"."sample" (${names}) values (${params})`, [null, ...others.map((t) => filler(t)[1])])).rejects.toThrow(/not-null/);
        return;
      }
      const empty = fieldType(field.type).toColumns(null, field);
      const { rows: nulls } = await server.platform.pool.query(`insert into "${schema}"."sample" (${names}) values (${params}) returning *`, [...empty, ...others.map((t) => filler(t)[1])]);
      expect(fieldType(field.type).fromColumns(columns.map((c) => nulls[0][c.column]), field)).toBeNull();
    });
  }
});
