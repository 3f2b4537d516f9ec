import { describe, it, expect } from 'vitest';
import Ajv2020Module from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { FIELD_TYPES, fieldType, fromEnumName, toEnumName } from '../src/field-types/registry.ts';
import type { FieldType } from '../src/field-types/field-type.ts';
import type { ResolvedField } from '../src/metadata/definitions.ts';
import { SealedValue } from '../src/field-types/encrypted/sealed.ts';

// Both are CommonJS; under ESM the default import may be the module object rather than the export.
const Ajv2020 = ((Ajv2020Module as unknown as { default?: unknown }).default ?? Ajv2020Module) as unknown as typeof Ajv2020Module.default;
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ?? addFormatsModule) as unknown as typeof addFormatsModule.default;

function newAjv() {
  const ajv = new Ajv2020({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv;
}

const UUID = '3f2b8c1e-9a4d-4e7b-8c21-5d6f7a8b9c0d';
const OPTIONS = [{ value: 'new', label: 'New' }, { value: 'won', label: { en: 'Won', 'zh-CN': '赢单' } }, { value: 'lost' }];

/** Per type: type-specific authored properties, an accepted value and a refused one. */
const SAMPLES: Record<string, { props?: Record<string, unknown>; good: unknown; bad: unknown }> = {
  text: { good: 'Acme', bad: 'x'.repeat(256) },
  longText: { good: 'line 1\nline 2', bad: 42 },
  richText: { good: '<p>Hello <b>world</b></p>', bad: { html: '<p/>' } },
  integer: { good: 42, bad: 1.5 },
  number: { good: 1234.56, bad: '12' },
  currency: { good: { amount: 99.95, currency: 'EUR' }, bad: { amount: 1, currency: 'euro' } },
  percent: { good: 12.5, bad: 1000 },
  boolean: { good: true, bad: 'yes' },
  date: { good: '2024-05-01', bad: '2024-13-01' },
  dateTime: { good: '2024-05-01T12:30:00.000Z', bad: '2024-05-01 12:30' },
  email: { good: 'ada@example.com', bad: 'not-an-email' },
  phone: { good: '+1 (555) 010-9999', bad: 'call me' },
  url: { good: 'https://example.com/a?b=c', bad: 'ftp://example.com' },
  select: { props: { options: OPTIONS, defaultValue: 'new' }, good: 'won', bad: 'maybe' },
  multiSelect: { props: { options: OPTIONS, defaultValue: ['new'] }, good: ['won', 'lost'], bad: ['won', 'won'] },
  json: { props: { required: true }, good: { a: [1, 2, { b: null }], c: 'd' }, bad: null },
  uuid: { good: UUID, bad: '1234' },
  geolocation: { good: { lat: 48.8584, lng: 2.2945 }, bad: { lat: 91, lng: 0 } },
  lookup: { props: { target: 'account' }, good: UUID, bad: 'acme' },
  masterDetail: { props: { target: 'account' }, good: UUID, bad: null },
  user: { good: UUID, bad: 7 },
  autoNumber: { props: { format: 'INV-{YYYY}-{00000}' }, good: 'INV-2026-00001', bad: 42 },
  rating: { props: { max: 10, defaultValue: 3 }, good: 10, bad: 11 },
  color: { props: { defaultValue: '#00AA11' }, good: '#1A2B3C', bad: '#12345' },
  duration: { props: { defaultValue: 60 }, good: 5400.5, bad: -1 },
  time: { props: { defaultValue: '09:00' }, good: '09:30:00', bad: '24:00' },
  markdown: { good: '# Title\n\n*hello* [link](https://example.com)', bad: 42 },
  tags: { props: { defaultValue: ['new'] }, good: ['vip', 'north region'], bad: ['vip', 'vip'] },
  emails: { good: ['ada@example.com', 'li.si@example.cn'], bad: ['ada@example.com', 'not-an-email'] },
  phones: { good: ['+86 138 0013 8000', '021-5555 0000'], bad: ['call me'] },
  links: { good: ['https://example.com/a', 'http://example.org'], bad: ['javascript:alert(1)'] },
  // Computed: its value schema accepts nothing, not even null (no input carries it).
  formula: { props: { expression: 'score * 2', returnType: 'number' }, good: undefined, bad: 12 },
  // Read-only (kept by the platform); its schema describes the value it reads as.
  rollup: { props: { relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' }, good: 1234.5, bad: 'many' },
  // An uploaded file's id (a read's File object is taken too: its id counts).
  file: { props: { maxSize: 1048576, accept: ['application/pdf', 'image/*'] }, good: UUID, bad: 'contract.pdf' },
  image: { props: { accept: ['image/png', 'image/jpeg'] }, good: UUID, bad: { name: 'x.png' } },
  signature: { props: { maxSize: 65536 }, good: UUID, bad: 42 },
  address: { props: { defaultValue: { country: 'FR', city: 'Paris' } }, good: { street: '5 Av. Anatole France', city: 'Paris', region: null, postalCode: '75007', country: 'FR' }, bad: { city: 'Paris', country: 'France' } },
  fullName: { good: { first: 'Ada', middle: 'Augusta', last: 'Lovelace' }, bad: { first: 'Ada' } },
  dateRange: { good: { start: '2026-01-01', end: '2026-01-31' }, bad: { start: '2026-01-01', until: '2026-02-01' } },
  country: { props: { defaultValue: 'CN' }, good: 'FR', bad: 'XK' },
  ipAddress: { props: { defaultValue: '127.0.0.1' }, good: '2001:db8::1', bad: '10.0.0.256' },
  encrypted: { props: { maxLength: 20 }, good: '110101199003071234', bad: 'x'.repeat(21) },
  timeZone: { props: { defaultValue: 'Asia/Shanghai' }, good: 'Europe/Paris', bad: 42 },
  sequence: { props: { scope: 'project' }, good: 3, bad: 0 },
  tree: { props: { target: 'sample', relationName: 'children' }, good: UUID, bad: 'root' },
  manyToMany: { props: { target: 'sample', relationName: 'linkedFrom' }, good: [UUID], bad: ['root'] },
  locationAddress: { good: { lat: 31.2304, lng: 121.4737, address: '上海市黄浦区人民大道' }, bad: { lat: 31.2, address: 'no longitude' } },
};

function build(type: FieldType, props: Record<string, unknown> = {}): ResolvedField {
  const field: ResolvedField = { name: 'sample', type: type.name, label: { en: 'Sample' }, required: false, unique: false, ...props };
  return type.resolve ? type.resolve(field) : field;
}

/** The authored type-specific properties, as the properties schema sees them. */
function typeProps(props: Record<string, unknown> = {}): Record<string, unknown> {
  const { required: _required, ...rest } = props;
  return rest;
}

describe('field types', () => {
  it('has a sample for every registered type, and only those', () => {
    expect(FIELD_TYPES.map((t) => t.name).sort()).toEqual(Object.keys(SAMPLES).sort());
  });

  describe.each(FIELD_TYPES.map((t) => [t.name, t] as const))('%s', (name, type) => {
    const sample = SAMPLES[name];
    const field = build(type, sample.props);

    it('has labels in every supported locale', () => {
      expect(type.label.en).toBeTruthy();
      expect(type.label['zh-CN']).toBeTruthy();
    });

    it('has a properties schema that compiles and accepts the sample definition', () => {
      expect(type.propertiesSchema.$id).toBe(`tessera:field-type/${name}`);
      const validate = newAjv().compile(type.propertiesSchema);
      expect(validate(typeProps(sample.props)), JSON.stringify(validate.errors)).toBe(true);
    });

    it('passes its own checks', () => {
      expect(type.check?.(field) ?? []).toEqual([]);
    });

    it('owns well-named columns (a computed type none, a many-to-many none: its junction)', () => {
      const columns = type.columns(field);
      if (type.computed || type.links) return expect(columns).toEqual([]);
      expect(columns.length).toBeGreaterThan(0);
      for (const column of columns) {
        expect(column.column).toMatch(/^[a-z][a-zA-Z0-9]*(__[a-z][a-zA-Z]*)?$/);
        expect(column.sqlType).toBeTruthy();
        if (columns.length > 1) expect(column.part).toBeTruthy();
      }
    });

    it('has a value schema accepting the good sample and refusing the bad one (a computed type refuses all)', () => {
      const validate = newAjv().compile(type.valueSchema(field));
      if (type.computed) return expect([validate(sample.bad), validate(null), validate('x')]).toEqual([false, false, false]);
      expect(validate(sample.good), JSON.stringify(validate.errors)).toBe(true);
      expect(validate(sample.bad)).toBe(false);
      if (!field.required) expect(validate(null)).toBe(true);
    });

    it('round-trips the good sample through its columns', () => {
      if (type.computed || type.links) return expect(type.toColumns(sample.good, field)).toEqual([]);
      // Encrypted: only a sealed value reaches the columns, and it reads back masked (never the text).
      if (name === 'encrypted') {
        expect(() => type.toColumns(sample.good, field)).toThrow(/did not seal/);
        const columns = type.toColumns(new SealedValue('v1.AAAA', 'hashHASH'), field);
        expect(columns).toEqual(['hashHASH', 'v1.AAAA']);
        return expect(type.fromColumns(columns, field)).toBe('••••••hash');
      }
      const columns = type.toColumns(sample.good, field);
      expect(columns).toHaveLength(type.columns(field).length);
      const read = name === 'json' ? columns.map((c) => JSON.parse(c as string)) : columns;
      expect(type.fromColumns(read, field)).toEqual(sample.good);
    });

    it('maps null to null columns and back', () => {
      const columns = type.toColumns(null, field);
      expect(columns.every((c) => c === null)).toBe(true);
      expect(type.fromColumns(columns, field)).toBeNull();
    });

    it('round-trips its name through the GraphQL enum form', () => {
      const enumName = toEnumName(name);
      expect(enumName).toMatch(/^[A-Z][A-Z0-9_]*$/);
      expect(fromEnumName(enumName)).toBe(name);
    });
  });
});

describe('enum names', () => {
  it('splits lower camel words', () => {
    expect(toEnumName('multiSelect')).toBe('MULTI_SELECT');
    expect(toEnumName('dateTime')).toBe('DATE_TIME');
    expect(fromEnumName('MASTER_DETAIL')).toBe('masterDetail');
  });
});

describe('definition checks', () => {
  it('reports duplicate options and defaults that are not options', () => {
    const options = [{ value: 'a' }, { value: 'b' }, { value: 'a' }];
    expect(fieldType('select').check!(build(fieldType('select'), { options, defaultValue: 'c' }))).toEqual([
      { pointer: '/options/2/value', message: expect.any(String) },
      { pointer: '/defaultValue', message: expect.any(String) },
    ]);
    expect(fieldType('multiSelect').check!(build(fieldType('multiSelect'), { options, defaultValue: ['a', 'z'] }))).toEqual([
      { pointer: '/options/2/value', message: expect.any(String) },
      { pointer: '/defaultValue/1', message: expect.any(String) },
    ]);
  });

  it('reports a scale larger than the precision', () => {
    for (const name of ['number', 'percent', 'currency']) {
      const type = fieldType(name);
      expect(type.check!(build(type, { precision: 4, scale: 6 }))).toEqual([{ pointer: '/scale', message: expect.any(String) }]);
    }
  });

  it('reports a master-detail that does not cascade', () => {
    const type = fieldType('masterDetail');
    const field = build(type, { target: 'account', onDelete: 'setNull' });
    expect(type.check!(field)).toEqual([{ pointer: '/onDelete', message: expect.any(String) }]);
    expect(field.required).toBe(true);
    expect(type.reference!(field)).toEqual({ target: 'account', onDelete: 'cascade' });
  });

  it('reports a text default longer than maxLength', () => {
    const type = fieldType('email');
    expect(type.check!(build(type, { maxLength: 10, defaultValue: 'someone@example.com' }))).toEqual([
      { pointer: '/defaultValue', message: expect.any(String) },
    ]);
  });
});

describe('type specifics', () => {
  it('resolves option labels', () => {
    const field = build(fieldType('select'), { options: OPTIONS });
    expect(field.options!.map((o) => o.label)).toEqual([{ en: 'New' }, { en: 'Won', 'zh-CN': '赢单' }, { en: 'lost' }]);
  });

  it('stores currency in two columns and fills the currency code', () => {
    const type = fieldType('currency');
    const field = build(type, { required: true, currencyCode: 'JPY', scale: 0, defaultValue: { amount: 100 } });
    expect(type.columns(field)).toEqual([
      { column: 'sample', sqlType: 'numeric(18,0)', notNull: true, part: 'amount', defaultSql: '100::numeric(18,0)' },
      { column: 'sample__currency', sqlType: 'text', notNull: true, part: 'currency', defaultSql: "'JPY'::text" },
    ]);
    expect(type.toColumns({ amount: 5 }, field)).toEqual([5, 'JPY']);
    expect(type.fromColumns(['5', 'JPY'], field)).toEqual({ amount: 5, currency: 'JPY' });
    expect(type.fromColumns([null, 'JPY'], field)).toBeNull();
  });

  it('stores a geolocation in lat/lng columns only', () => {
    const type = fieldType('geolocation');
    expect(type.columns(build(type)).map((c) => [c.column, c.part])).toEqual([['sample__lat', 'lat'], ['sample__lng', 'lng']]);
  });

  it('renders array and JSON defaults as SQL literals', () => {
    const multi = fieldType('multiSelect');
    expect(multi.columns(build(multi, { options: OPTIONS, defaultValue: ['new', 'won'] }))[0].defaultSql).toBe("ARRAY['new', 'won']::text[]");
    expect(multi.columns(build(multi, { options: OPTIONS, defaultValue: [] }))[0].defaultSql).toBe("'{}'::text[]");
    const json = fieldType('json');
    expect(json.columns(build(json, { defaultValue: { it: "'s" } }))[0].defaultSql).toBe(`'{"it":"''s"}'::jsonb`);
    expect(json.toColumns([1, 2], build(json))).toEqual(['[1,2]']);
  });

  it('reads dates and timestamps defensively', () => {
    expect(fieldType('date').fromColumns([new Date(Date.UTC(2024, 4, 1))], build(fieldType('date')))).toBe('2024-05-01');
    expect(fieldType('dateTime').fromColumns([new Date(Date.UTC(2024, 4, 1, 12))], build(fieldType('dateTime')))).toBe('2024-05-01T12:00:00.000Z');
    expect(fieldType('dateTime').fromColumns(['2024-05-01 14:00:00+02'], build(fieldType('dateTime')))).toBe('2024-05-01T12:00:00.000Z');
  });

  it('renders type-change predicates with quoted literals', () => {
    const select = fieldType('select');
    expect(select.rejectsText!(build(select, { options: [{ value: 'a' }, { value: 'b' }] }), 'v')).toBe("v NOT IN ('a', 'b')");
    expect(fieldType('integer').rejectsText!(build(fieldType('integer')), 'v')).toBe("NOT pg_input_is_valid(v, 'integer')");
    const convertible = FIELD_TYPES.filter((t) => t.rejectsText).map((t) => t.name);
    expect(convertible).toEqual([
      'text', 'longText', 'richText', 'integer', 'number', 'percent', 'boolean', 'date', 'dateTime', 'email', 'phone', 'url', 'select', 'uuid',
      'rating', 'color', 'duration', 'time', 'markdown', 'country', 'ipAddress',
    ]);
  });

  it('normalizes what is one value in several spellings, in values and filter operands alike', () => {
    const color = fieldType('color');
    expect(color.toColumns('#ff88aa', build(color))).toEqual(['#FF88AA']);
    expect(color.operand!('#ff88aa')).toBe('#FF88AA');
    expect(build(color, { defaultValue: '#abcdef' }).defaultValue).toBe('#ABCDEF');
    const time = fieldType('time');
    expect(time.toColumns('09:30', build(time))).toEqual(['09:30:00']);
    expect(time.fromColumns(['18:05:09'], build(time))).toBe('18:05:09');
    // An empty array is no tags: stored as null.
    for (const name of ['tags', 'emails', 'phones', 'links']) expect(fieldType(name).toColumns([], build(fieldType(name)))).toEqual([null]);
  });

  it('bounds a rating by its max, and refuses stored values out of range on a type change', () => {
    const rating = fieldType('rating');
    const field = build(rating);
    expect(field.max).toBe(5);
    const validate = newAjv().compile(rating.valueSchema(field));
    expect([0, 1, 5, 6, 2.5].map((v) => validate(v))).toEqual([false, true, true, false, false]);
    expect(rating.rejectsText!(build(rating, { max: 3 }), 'v')).toBe("(CASE WHEN pg_input_is_valid(v, 'integer') THEN v::integer NOT BETWEEN 1 AND 3 ELSE true END)");
  });
});

describe('composite and place types (issue 13, item 8)', () => {
  it('stores each part of an address in its own column, blank parts as null, and filters them one by one', () => {
    const type = fieldType('address');
    const field = build(type, { required: true });
    expect(type.columns(field).map((c) => [c.column, c.notNull])).toEqual([
      ['sample__street', false], ['sample__city', true], ['sample__region', false], ['sample__postalCode', false], ['sample__country', true],
    ]);
    expect(type.toColumns({ street: '  ', city: ' Lyon ', country: 'FR' }, field)).toEqual([null, 'Lyon', null, null, 'FR']);
    expect(type.composite!.parts.map((p) => p.type)).toEqual(['text', 'text', 'text', 'text', 'text']);
  });

  it('takes canonical IANA time zones only, in values and defaults', () => {
    const type = fieldType('timeZone');
    const field = build(type);
    expect(['Asia/Shanghai', 'America/New_York', 'UTC'].map((z) => type.checkValue!(z, field))).toEqual([[], [], []]);
    for (const z of ['Mars/Olympus', 'asia/shanghai', '+08:00', 'CST']) expect(type.checkValue!(z, field), z).toHaveLength(1);
    expect(type.check!(build(type, { defaultValue: 'Asia/Peking' }))).toEqual([{ pointer: '/defaultValue', message: '"Asia/Peking" is not an IANA time zone (such as Asia/Shanghai)' }]);
  });

  it('keeps a full name family name first, so that it sorts by it, and formats it by language', async () => {
    const { formatFullName } = await import('../src/field-types/fullName/index.ts');
    const type = fieldType('fullName');
    expect(type.columns(build(type)).map((c) => c.part)).toEqual(['last', 'first', 'middle']);
    expect(type.capabilities.sortable).toBe(true);
    expect(formatFullName({ first: 'Ada', middle: 'M.', last: 'Lovelace' }, 'en')).toBe('Ada M. Lovelace');
    expect(formatFullName({ first: '三', last: '张' }, 'zh-CN')).toBe('张三');
    expect(formatFullName({ first: '太郎', last: '山田' }, 'ja')).toBe('山田太郎');
  });

  it('refuses a date range ending before it starts, at its end', () => {
    const type = fieldType('dateRange');
    const field = build(type);
    expect(type.checkValue!({ start: '2026-02-01', end: '2026-01-31' }, field)).toEqual([{ pointer: '/end', message: 'is before the start' }]);
    expect(type.checkValue!({ start: '2026-02-01', end: '2026-02-01' }, field)).toEqual([]);
    expect(type.checkValue!({ start: '2026-02-01', end: null }, field)).toEqual([]);
  });

  it('takes countries as ISO 3166-1 alpha-2 codes in either case, stores and compares them upper-case', () => {
    const type = fieldType('country');
    const field = build(type);
    const validate = newAjv().compile(type.valueSchema(field));
    expect(['CN', 'cn', 'GB', 'XK', 'EU', 'UK', 'ZZ'].map((c) => validate(c))).toEqual([true, true, true, false, false, false, false]);
    expect(type.toColumns('cn', field)).toEqual(['CN']);
    expect(type.operand!(' fr')).toBe('FR');
    expect(type.check!(build(type, { defaultValue: 'UK' }))).toEqual([{ pointer: '/defaultValue', message: '"UK" is not an ISO 3166-1 alpha-2 country code' }]);
    expect(type.rejectsText!(field, 'v')).toMatch(/^NOT \(v = ANY \('\{AD,AE,.*ZW\}'::text\[\]\)\)$/);
  });

  it('keeps a place\'s point first, so that the geolocation `within` filter reads it', () => {
    const type = fieldType('locationAddress');
    expect(type.columns(build(type)).map((c) => [c.column, c.sqlType])).toEqual([['sample__lat', 'double precision'], ['sample__lng', 'double precision'], ['sample__address', 'text']]);
    expect(type.operators).toEqual(['isNull', 'within']);
  });
});
