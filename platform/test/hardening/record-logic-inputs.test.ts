import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { FIELD_TYPES } from '../../src/field-types/registry.ts';
import { CLIENT_CODES, expectClean } from '../data-api-writes/fixture.ts';
import { filesTenant, ok, uploadFile, type FilesTenant } from '../files/support.ts';
import { startTestServer, type GraphQLResponse } from '../support/server.ts';

/**
 * Issue 13's write paths with bad input: validation rules of odd shapes, default expressions on every
 * field type, roll-up definitions, another tenant's file ids, tree cycles in a bulk write, sequence
 * positions out of range, composite values with parts of the wrong type, upserts matching on the new
 * types. Each answer is a result or a typed error with a pointer — never INTERNAL — and a refused
 * write leaves nothing behind.
 */
let server: RunningServer;
let a: FilesTenant;
let b: FilesTenant;

const OBJECTS = [
  { name: 'part', fields: [{ name: 'name', type: 'text' }, { name: 'qty', type: 'integer' }, { name: 'box', type: 'lookup', target: 'box' }] },
  { name: 'box', fields: [
    { name: 'name', type: 'text' }, { name: 'parent', type: 'tree' }, { name: 'position', type: 'sequence' }, { name: 'site', type: 'address' },
    { name: 'contact', type: 'fullName' }, { name: 'season', type: 'dateRange' }, { name: 'spot', type: 'locationAddress' }, { name: 'secret', type: 'encrypted' },
    { name: 'origin', type: 'country' }, { name: 'ip', type: 'ipAddress', unique: true }, { name: 'zone', type: 'timeZone' }, { name: 'code', type: 'text', unique: true },
    { name: 'manual', type: 'file' }, { name: 'photo', type: 'image' },
    { name: 'total', type: 'rollup', relation: 'part.box', aggregate: 'SUM', field: 'qty' },
  ] },
];

/** The property every answer must hold. */
const outcomes = new Map<string, number>();
function typed(res: GraphQLResponse, what: unknown): GraphQLResponse {
  const outcome = `${expect.getState().currentTestName?.split(' > ')[1]?.slice(0, 16)}:${code(res)}`;
  outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
  const context = JSON.stringify({ what, res }).slice(0, 2000);
  expect(res.status, context).toBeLessThan(500);
  for (const e of res.errors ?? []) expect(CLIENT_CODES, context).toContain(e.extensions?.code);
  expectClean(res);
  return res;
}
const code = (res: GraphQLResponse) => res.errors?.[0]?.extensions?.code ?? 'ok';
const apply = (t: FilesTenant, d: unknown, dryRun = true) => t.md('mutation($d: JSON!, $r: Boolean) { applyMetadata(document: $d, dryRun: $r) { applied } }', { d, r: dryRun });

beforeAll(async () => {
  server = await startTestServer();
  a = await filesTenant(server, OBJECTS);
  b = await filesTenant(server, OBJECTS);
});
afterAll(async () => {
  console.log(`[record-logic inputs] ${JSON.stringify(Object.fromEntries(outcomes))}`);
  await server?.close();
});

describe('validation rules of odd shapes', () => {
  const RULES: unknown[] = [
    null, 1, 'x', [], {}, { name: 'r' }, { name: 'r', object: 'box' }, { name: 'r', object: 'box', assert: 1, message: 'm' },
    { name: 'r', object: 'box', assert: 'true', message: 'm' }, { name: 'r', object: 'nope', assert: 'TRUE', message: 'm' },
    { name: 'r', object: 'box', assert: 'name', message: 'm' }, { name: 'r', object: 'box', assert: 'TRUE', message: { xx: 1 } },
    { name: 'r', object: 'box', assert: 'TRUE', message: 'm', field: 'nope' }, { name: 'r', object: 'box', assert: 'TRUE', message: 'm', field: 'site' },
    { name: 'r', object: 'box', assert: 'TRUE', message: 'm', on: 'never' }, { name: '__proto__', object: 'box', assert: 'TRUE', message: 'm' },
    { name: 'r', object: 'box', assert: 'ISBLANK(site)', message: 'm' }, { name: 'r', object: 'box', assert: 'site.city = "x"', message: 'm' },
    { name: 'r', object: 'box', assert: 'secret = "x"', message: 'm' }, { name: 'r', object: 'box', assert: 'total > 1', message: 'm' },
    { name: 'r', object: 'box', assert: 'parent.name = "x"', message: 'm' }, { name: 'r', object: 'box', assert: 'PRIORVALUE(season) = season', message: 'm' },
    { name: 'r', object: 'box', assert: 'ISCHANGED(manual)', message: 'm' }, { name: 'r', object: 'box', assert: 'DISTANCE(spot, spot) < 1', message: 'm' },
    { name: 'r', object: 'box', assert: 'REGEX(name, "(")', message: 'm' }, { name: 'r', object: 'box', assert: 'x'.repeat(20_000), message: 'm' },
  ];
  it('answer each document, as a section or as an item, with a result or a typed error', async () => {
    for (const rule of RULES) {
      typed(await apply(a, { validationRules: [rule] }), rule);
      typed(await apply(a, { validationRules: rule }), rule);
    }
  });

  it('rules that compile run on writes without INTERNAL, whatever the record', async () => {
    const asserts = ['ISBLANK(site)', 'ISBLANK(secret)', 'total > 1', 'ISCHANGED(manual)', 'ISCHANGED(season)', 'PRIORVALUE(origin) = origin', 'NOT(ISBLANK(parent))', 'position > 0', 'zone = "UTC"', 'REGEX(name, "(")'];
    const applied: string[] = [];
    for (const [i, assert] of asserts.entries()) {
      const res = typed(await apply(a, { validationRules: [{ name: `odd${i}`, object: 'box', assert, message: 'no' }] }, false), assert);
      if (!res.errors) applied.push(`odd${i}`);
    }
    const id = typed(await a.api('mutation { createBox(data: {name: "x", secret: "s", season: {start: "2026-01-01"}, origin: "CN", zone: "UTC"}) { id } }'), 'create').data?.createBox?.id;
    if (id) typed(await a.api('mutation($id: ID!) { updateBox(id: $id, data: {season: {start: "2026-02-01"}, origin: "DE", secret: "t"}) { id } }', { id }), 'update');
    typed(await a.api('mutation { createBoxes(data: [{name: "y"}, {name: "z", parent: null}]) { id } }'), 'bulk');
    for (const name of applied) typed(await a.md('mutation($n: String!) { deleteValidationRule(name: $n) }', { n: name }), name);
  });
});

describe('default expressions on every field type', () => {
  const EXPRESSIONS = ['TODAY() + 30', '$User.name', '"CN"', '1 / 0', 'NOW()', '1', 'TRUE', '"10.0.0.1"', '"Asia/Shanghai"', 'name', 'PRIORVALUE(name)', '"#ff0000"'];
  // One object per type holds the twelve fields at once: a refused field (its pointer names it) is dropped
  // and the rest applied again; a refused create (its pointer names the field) likewise. 31 types × 12
  // expressions one by one took 35 s of the suite; together they take a few.
  it('are refused with a pointer, or accepted and then answer creates', async () => {
    const types = FIELD_TYPES.map((t) => t.name);
    let refusedFields = 0;
    let refusedCreates = 0;
    for (const type of types) {
      let fields = EXPRESSIONS.map((defaultExpression, i) => {
        const field: Record<string, unknown> = { name: `d${i}`, type, defaultExpression };
        if (type === 'lookup' || type === 'masterDetail') field.target = 'part';
        if (type === 'select' || type === 'multiSelect') field.options = [{ value: 'CN' }];
        if (type === 'formula') Object.assign(field, { expression: '1', returnType: 'number' });
        if (type === 'rollup') Object.assign(field, { relation: 'part.box', aggregate: 'COUNT' });
        if (type === 'autoNumber') field.format = 'N-{000}';
        return field;
      });
      // Objects a document leaves out stay: `<type>Dx` keeps email's and emails' plurals apart.
      const object = `${type.toLowerCase()}Dx`;
      const create = `create${object.charAt(0).toUpperCase()}${object.slice(1)}`;
      while (fields.length > 0) {
        const res = typed(await apply(a, { objects: [...OBJECTS, { name: object, fields: [{ name: 'name', type: 'text' }, ...fields] }] }, false), { type, fields });
        if (res.errors) {
          const named = namedFields(res, fields);
          expect(named.length, `a refused ${type} field is named by its pointer: ${JSON.stringify(res.errors)}`).toBeGreaterThan(0);
          fields = fields.filter((f) => !named.includes(f));
          refusedFields += named.length;
          continue;
        }
        const created = typed(await a.api(`mutation { ${create}(data: {name: "n"}) { id } }`), { type, fields, create });
        if (!created.errors) break;
        const named = namedFields(created, fields);
        expect(named.length, `a refused create names the field whose default failed: ${JSON.stringify(created.errors)}`).toBeGreaterThan(0);
        fields = fields.filter((f) => !named.includes(f));
        refusedCreates += named.length;
      }
    }
    expect(refusedFields).toBeGreaterThan(0);
    expect(refusedCreates).toBeGreaterThan(0); // e.g. an e-mail field whose default reads $User.name or another field
  });
});

/** The fields (of `fields`, named d0…d11) an answer's errors name, by `field` or by pointer (`/fields/<n>` counts the object's `name` first, `/data/d3`). */
function namedFields(res: GraphQLResponse, fields: Record<string, unknown>[]): Record<string, unknown>[] {
  const named = new Set<Record<string, unknown>>();
  const entries = (res.errors ?? []).flatMap((e) => [e.extensions ?? {}, ...((e.extensions?.errors as Record<string, unknown>[] | undefined) ?? [])]);
  for (const x of entries) {
    const byName = fields.find((f) => f.name === x.field);
    if (byName) named.add(byName);
    const pointer = typeof x.pointer === 'string' ? x.pointer : '';
    const index = /^\/objects\/[^/]+\/fields\/(\d+)/.exec(pointer);
    if (index && fields[Number(index[1]) - 1]) named.add(fields[Number(index[1]) - 1]);
    const data = /\/(d\d+)(\/|$)/.exec(pointer);
    const byPointer = data && fields.find((f) => f.name === data[1]);
    if (byPointer) named.add(byPointer);
  }
  return [...named];
}

describe('roll-up definitions', () => {
  const ROLLUPS: Record<string, unknown>[] = [
    { relation: 'part.box', aggregate: 'SUM', field: 'name' }, { relation: 'part.box', aggregate: 'AVG', field: 'box' }, { relation: 'part.name', aggregate: 'COUNT' },
    { relation: 'box.parent', aggregate: 'COUNT' }, { relation: 'box.parent', aggregate: 'SUM', field: 'total' }, { relation: 'part.box', aggregate: 'MAX', field: 'qty', filter: { qty: { gt: 'x' } } },
    { relation: 'part.box', aggregate: 'MIN', field: 'qty', filter: 'qty > 1' }, { relation: 'part.box', aggregate: 'MIN', field: 'qty', filter: { nope: { eq: 1 } } },
    { relation: 'part.box', aggregate: 'COUNT', filter: { or: 1 } }, { relation: 'part.box', aggregate: 'SUM', field: 'qty', filter: { qty: { gt: 1 } }, unique: true },
    { relation: 'nope.box', aggregate: 'COUNT' }, { relation: 'part.box', aggregate: 'COUNT', field: 'nope' }, { relation: 'part.box' },
  ];
  it('are refused with a pointer or accepted; accepted ones keep answering writes', async () => {
    for (const [i, rollup] of ROLLUPS.entries()) {
      const objects = OBJECTS.map((o) => (o.name === 'box' ? { ...o, fields: [...o.fields, { name: `r${i}`, type: 'rollup', ...rollup }] } : o));
      const res = typed(await apply(a, { objects }, false), rollup);
      if (res.errors) continue;
      const box = typed(await a.api('mutation { createBox(data: {name: "r"}) { id } }'), rollup).data?.createBox?.id;
      if (box) typed(await a.api('mutation($b: ID!) { createParts(data: [{name: "p", qty: 2, box: $b}, {name: "q", qty: null, box: $b}]) { id } }', { b: box }), rollup);
      ok(await apply(a, { objects: OBJECTS }, false));
    }
  });
});

describe('files, trees, positions, composites and upserts', () => {
  it('another tenant\'s file id is refused with a pointer, not stored', async () => {
    const up = await uploadFile(server, b.key, { object: 'box', field: 'manual' }, Buffer.from('%PDF-1.4\n'), 'b.pdf', 'application/pdf');
    expect(up.status, JSON.stringify(up.body)).toBe(201);
    const theirs = up.body.id as string;
    for (const [q, v] of [
      ['mutation($f: ID) { createBox(data: {name: "f", manual: $f}) { id } }', { f: theirs }],
      ['mutation($f: ID) { createBoxes(data: [{name: "f1"}, {name: "f2", manual: $f}]) { id } }', { f: theirs }],
      ['mutation($f: ID) { createBox(data: {name: "f", photo: $f}) { id } }', { f: theirs }],
      ['mutation($f: ID) { upsertBox(match: {code: "F"}, data: {name: "f", code: "F", manual: $f}) { id } }', { f: theirs }],
      ['mutation($f: ID) { createBox(data: {name: "f", manual: $f}) { id } }', { f: 'not-a-uuid' }],
      ['mutation($f: ID) { createBox(data: {name: "f", manual: $f}) { id } }', { f: '00000000-0000-0000-0000-000000000000' }],
    ] as const) {
      const res = typed(await a.api(q, v), v);
      expect(res.errors, JSON.stringify(res)).toBeDefined();
    }
    expect(ok(await a.api('{ boxes(filter: {name: {in: ["f", "f1", "f2"]}}) { totalCount } }')).boxes.totalCount).toBe(0);
  });

  it('a tree cycle in a bulk write is refused whole', async () => {
    const [x, y] = ok(await a.api('mutation { createBoxes(data: [{name: "tx"}, {name: "ty"}]) { id } }')).createBoxes.map((r: { id: string }) => r.id);
    ok(await a.api('mutation($x: ID!, $y: ID!) { updateBox(id: $y, data: {parent: $x}) { id } }', { x, y }));
    const loops = [
      ['mutation($x: ID!, $y: ID!) { updateBoxes(filter: {id: {in: [$x]}}, data: {parent: $y}) { ids } }', { x, y }],
      ['mutation($x: ID!, $y: ID!) { updateBoxes(filter: {id: {in: [$x, $y]}}, data: {parent: $x}) { ids } }', { x, y }],
      ['mutation($x: ID!) { updateBox(id: $x, data: {parent: $x}) { id } }', { x }],
      ['mutation($x: ID!) { createBoxes(data: [{id: "0190a000-0000-7000-8000-0000000000a1", name: "c1", parent: "0190a000-0000-7000-8000-0000000000a2"}, {id: "0190a000-0000-7000-8000-0000000000a2", name: "c2", parent: "0190a000-0000-7000-8000-0000000000a1"}]) { id } }', { x }],
    ] as const;
    for (const [q, v] of loops) {
      const res = typed(await a.api(q, v), q);
      expect(res.errors, JSON.stringify(res)).toBeDefined();
    }
    const tree = ok(await a.api('{ boxes(filter: {name: {in: ["tx", "ty", "c1", "c2"]}}, orderBy: [{name: ASC}]) { nodes { name parent { id } } } }')).boxes.nodes;
    expect(tree).toEqual([{ name: 'tx', parent: null }, { name: 'ty', parent: { id: x } }]);
  });

  it('sequence positions out of range', async () => {
    for (const position of [-1, 0, 2 ** 31, 2 ** 31 - 1, 1.5, 1e9, -(2 ** 31)]) {
      typed(await a.api('mutation($p: Int) { createBox(data: {name: "s", position: $p}) { id position } }', { p: position }), position);
      typed(await a.api('mutation($p: Int) { createBoxes(data: [{name: "s1", position: $p}, {name: "s2", position: $p}]) { id position } }', { p: position }), position);
      typed(await a.api('mutation($p: Int) { updateBoxes(filter: {name: {eq: "s"}}, data: {position: $p}) { ids } }', { p: position }), position);
    }
    const positions = ok(await a.api('{ boxes(orderBy: [{position: ASC}], first: 500) { nodes { position } } }')).boxes.nodes.map((n: { position: number }) => n.position);
    expect(positions).toEqual(positions.map((_: number, i: number) => i + 1));
  });

  it('composite values with parts of the wrong type', async () => {
    const VALUES: [string, unknown][] = [
      ['site', { street: 1 }], ['site', { country: 'cn' }], ['site', { city: { a: 1 } }], ['site', 'Shanghai'], ['site', []],
      ['contact', { first: 'a' }], ['contact', { last: 5 }], ['contact', { last: null }], ['season', { start: 'x' }], ['season', { start: '2026-02-30' }],
      ['season', { start: '2026-03-01', end: '2026-02-01' }], ['season', { end: '2026-01-01' }], ['spot', { lat: 91, lng: 0 }], ['spot', { lat: '1', lng: 2 }],
      ['spot', { lat: 1 }], ['spot', { lat: 1e308, lng: -1e308 }], ['secret', 'x'.repeat(5000)], ['origin', 'XX'], ['ip', '999.1.1.1'], ['zone', 'Mars/Olympus'],
    ];
    const id = ok(await a.api('mutation { createBox(data: {name: "c0"}) { id } }')).createBox.id;
    for (const [field, value] of VALUES) {
      typed(await a.api('mutation($d: BoxCreateInput!) { createBox(data: $d) { id } }', { d: { name: 'c', [field]: value } }), { field, value });
      typed(await a.api('mutation($d: [BoxCreateInput!]!) { createBoxes(data: $d) { id } }', { d: [{ name: 'c' }, { name: 'c', [field]: value }] }), { field, value });
      typed(await a.api('mutation($id: ID!, $d: BoxUpdateInput!) { updateBox(id: $id, data: $d) { id } }', { id, d: { [field]: value } }), { field, value });
    }
  });

  it('upserts matching on the new types', async () => {
    for (const [m, d] of [
      [{ ip: '10.0.0.9' }, { name: 'u', ip: '10.0.0.9' }], [{ ip: '10.0.0.9' }, { name: 'u2', ip: '10.0.0.010' }], [{ ip: 'nope' }, { name: 'u' }],
      [{ ip: '::ffff:10.0.0.9' }, { name: 'u3' }], [{ code: 'K' }, { name: 'k', code: 'K', site: { city: 1 } }], [{ code: 'K' }, { name: 'k', code: 'K', season: { start: '2026-01-02', end: '2026-01-01' } }],
      [{ ip: null }, { name: 'n' }], [{}, { name: 'e' }], [{ ip: '10.0.0.9', code: 'K' }, { name: 'both' }],
    ] as const) {
      typed(await a.api('mutation($m: BoxMatchInput!, $d: BoxCreateInput!) { upsertBox(match: $m, data: $d) { id } }', { m, d }), { m, d });
    }
  });
});

describe('expressions over the later types: both back ends read the same value, or the field is refused', () => {
  const net = (fields: Record<string, unknown>[]) => ({ objects: [...OBJECTS, { name: 'net', fields: [{ name: 'name', type: 'text' }, { name: 'ip', type: 'ipAddress' }, { name: 'secret', type: 'encrypted' }, ...fields] }] });

  it('an encrypted field cannot be read by a formula or a rule (SQL would read its blind index, JavaScript its text), but may have a default', async () => {
    const formula = await apply(a, net([{ name: 'f', type: 'formula', expression: 'secret & "x"', returnType: 'text' }]));
    expect(formula.errors?.[0].extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/objects/net/fields/3/expression', expression: { code: 'unsupportedField' } }] });
    const rule = await apply(a, { ...net([]), validationRules: [{ name: 'peek', object: 'net', assert: 'secret <> "x"', message: 'no' }] });
    expect(rule.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(rule.errors)).toContain('cannot read');
    ok(await apply(a, { objects: net([]).objects.map((o) => (o.name === 'net' ? { ...o, fields: o.fields.map((f) => (f.name === 'secret' ? { ...f, defaultExpression: '"S-" & name' } : f)) } : o)) }, false));
    const made = ok(await a.api('mutation { createNet(data: {name: "n1"}) { id secret } }')).createNet;
    expect(made.secret).toBe('S-n1');
  });

  it('an ipAddress reads as its address in SQL as in JavaScript (not inet\'s text with its netmask)', async () => {
    ok(await apply(a, { ...net([{ name: 'f', type: 'formula', expression: 'ip & ""', returnType: 'text' }]), validationRules: [{ name: 'addr', object: 'net', assert: 'OR(ISBLANK(ip), (ip & "") = "10.0.0.1")', message: 'only 10.0.0.1' }] }, false));
    const made = ok(await a.api('mutation { createNet(data: {name: "n2", ip: "10.0.0.1"}) { id f } }')).createNet;
    expect(made.f).toBe('10.0.0.1');
    expect(ok(await a.api('{ nets(filter: {f: {eq: "10.0.0.1"}}) { totalCount } }')).nets.totalCount).toBe(1);
    expect(code(await a.api('mutation { createNet(data: {name: "n3", ip: "10.0.0.2"}) { id } }'))).toBe('VALIDATION_FAILED');
    ok(await apply(a, { objects: OBJECTS, validationRules: [] }, false));
  });
});
