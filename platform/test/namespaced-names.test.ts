import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_NAME, API_NAME_PATTERN } from '../src/metadata/names.ts';
import { definePlugin } from '../src/plugins/index.ts';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, startTestServer, type Client } from './support/server.ts';

/**
 * Namespaced API names (issue 17: a package's components are `<namespace>__<name>`): the engine
 * takes `k12__lesson` everywhere a name goes — tables and columns, the generated GraphQL names,
 * lookups, formulas, validation rules, list views, search, history, the metadata API the studio
 * reads — and refuses every other use of `_`, with the pointer of the name.
 */
let server: RunningServer;
let md: Client;
let api: Client;
let schema: string;

const APPLY = 'mutation($d: JSON!) { applyMetadata(document: $d) { applied } }';

const DOCUMENT = {
  objects: [
    {
      name: 'k12__student',
      fields: [
        { name: 'name', type: 'text' }, { name: 'k12__code', type: 'text', searchable: true },
        { name: 'k12__hoursTotal', type: 'rollup', relation: 'k12__lesson.k12__student', aggregate: 'SUM', field: 'k12__hours' },
      ],
    },
    {
      name: 'k12__lesson',
      fields: [
        { name: 'title', type: 'text' },
        { name: 'k12__grade', type: 'select', options: [{ value: 'g1' }, { value: 'g2' }] },
        { name: 'k12__student', type: 'lookup', target: 'k12__student' },
        { name: 'k12__hours', type: 'number', scale: 1 },
        { name: 'k12__minutes', type: 'formula', returnType: 'number', expression: 'k12__hours * 60' },
        { name: 'k12__studentCode', type: 'formula', returnType: 'text', expression: 'k12__student.k12__code' },
        { name: 'k12__fee', type: 'currency' },
        { name: 'k12__related', type: 'manyToMany', target: 'k12Lesson' },
      ],
      indexes: [{ name: 'k12__byGrade', fields: ['k12__grade', 'k12__hours'] }],
      layout: { sections: [{ label: 'Lesson', fields: [{ field: 'title' }, { field: 'k12__grade', required: true }, { field: 'k12__student' }] }] },
      listColumns: [{ field: 'title' }, { field: 'k12__grade' }, { field: 'k12__minutes' }],
    },
    // Not the same name: `k12Lesson` is type K12Lesson, `k12__lesson` is K12__lesson (the `__` stays).
    { name: 'k12Lesson', fields: [{ name: 'title', type: 'text' }] },
  ],
  validationRules: [
    { name: 'k12__hoursPositive', object: 'k12__lesson', field: 'k12__hours', assert: 'OR(ISBLANK(k12__hours), k12__hours > 0)', message: 'Hours must be positive' },
  ],
  listViews: [{ object: 'k12__lesson', name: 'First grade', filters: [{ field: 'k12__grade', op: 'eq', value: 'g1' }], columns: ['title', 'k12__grade', 'k12__student'] }],
};

/** A package's command on its object: the mutation `<object><Command>`, `k12__lessonPublish`. */
const plugin = definePlugin({
  name: 'k12-tools', version: '1.0.0',
  commands: [{
    name: 'publish', objects: ['k12__lesson'], access: 'read', permission: 'update',
    input: { type: 'object', properties: { grade: { type: 'string' } } },
    async run(call) {
      await call.api.update('k12__lesson', call.id, { k12__grade: (call.input as { grade: string }).grade });
      return { object: call.object.name };
    },
  }],
});

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(plugin);
  const tenant = await newTenant(server, 'ns');
  md = metadataClient(server, tenant.apiKey);
  api = (q, v) => gql(server, '/graphql', tenant.apiKey, q, v);
  schema = tenant.tenant.schema;
  ok(await md(APPLY, { d: DOCUMENT }));
});
afterAll(async () => { await server?.close(); });

describe('the name rule', () => {
  it('takes an optional namespace and refuses every other underscore', () => {
    for (const name of ['lead', 'k12__lesson', 'ab__x', 'k12__lessonPlan2', `k12__${'a'.repeat(58)}`]) expect(API_NAME.test(name), name).toBe(true);
    for (const name of ['k12__', '__lesson', 'k12___lesson', 'k12__lesson__x', 'K12__lesson', 'kA__lesson', 'k__lesson', 'k12__Lesson', 'lead_name', `k12__${'a'.repeat(59)}`, `${'a'.repeat(16)}__x`]) {
      expect(API_NAME.test(name), name).toBe(false);
    }
  });

  it('is the one pattern of every published schema', async () => {
    const body = await (await fetch(`${server.url}/metadata/schema`)).json() as { schemas: { $id: string; properties?: Record<string, { pattern?: string }> }[] };
    const text = JSON.stringify(body);
    expect(text).not.toContain('{apiName}');
    expect(text).not.toContain('[a-z][a-zA-Z0-9]{0,62}');
    const byId = new Map(body.schemas.map((s) => [s.$id, s]));
    expect(byId.get('tessera:object')!.properties!.name.pattern).toBe(API_NAME_PATTERN);
    expect(byId.get('tessera:field-type/lookup')!.properties!.target.pattern).toBe(API_NAME_PATTERN);
    expect(text.split(JSON.stringify(API_NAME_PATTERN).slice(1, -1)).length).toBeGreaterThan(20);
  });
});

describe('a namespaced document', () => {
  it('names tables and columns after the names', async () => {
    const columns = (await server.platform.pool.query<{ table_name: string; column_name: string }>(
      `select table_name, column_name from information_schema.columns where table_schema = $1 and table_name like 'k12%'`, [schema])).rows;
    const of = (table: string) => columns.filter((c) => c.table_name === table).map((c) => c.column_name);
    expect(of('k12__lesson')).toEqual(expect.arrayContaining(['title', 'k12__grade', 'k12__student', 'k12__hours', 'k12__fee', 'k12__fee__currency']));
    expect(of('k12__student')).toEqual(expect.arrayContaining(['name', 'k12__code']));
    expect(of('k12Lesson')).toContain('title');
  });

  it('generates valid GraphQL names that do not collide with the un-namespaced spelling', async () => {
    const names = ok(await api(`{
      lesson: __type(name: "K12__lesson") { fields { name } }
      other: __type(name: "K12Lesson") { name }
      create: __type(name: "K12__lessonCreateInput") { inputFields { name } }
      update: __type(name: "K12__lessonUpdateInput") { name }
      filter: __type(name: "K12__lessonFilter") { inputFields { name } }
      grade: __type(name: "K12__lessonK12__gradeOption") { enumValues { name } }
      student: __type(name: "K12__student") { fields { name } }
      __schema { queryType { fields { name } } mutationType { fields { name } } }
    }`));
    expect(names.lesson.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['title', 'k12__grade', 'k12__student', 'k12__minutes', 'k12__studentCode', 'k12__fee']));
    expect(names.other.name).toBe('K12Lesson');
    expect(names.create.inputFields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['k12__grade', 'k12__student', 'k12__hours']));
    expect(names.update.name).toBe('K12__lessonUpdateInput');
    expect(names.filter.inputFields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['k12__grade', 'k12__student', 'k12__minutes']));
    expect(names.grade.enumValues.map((v: { name: string }) => v.name)).toEqual(['g1', 'g2']);
    expect(names.student.fields.map((f: { name: string }) => f.name)).toContain('k12__lessons');
    const queries = names.__schema.queryType.fields.map((f: { name: string }) => f.name);
    expect(queries).toEqual(expect.arrayContaining(['k12__lesson', 'k12__lessons', 'k12__lessonsAggregate', 'k12Lesson', 'k12Lessons']));
    const mutations = names.__schema.mutationType.fields.map((f: { name: string }) => f.name);
    expect(mutations).toEqual(expect.arrayContaining(['createK12__lesson', 'updateK12__lesson', 'deleteK12__lesson', 'createK12__lessons', 'createK12Lesson']));
  });

  it('creates, reads through the lookup and formulas, filters, updates, and keeps the history', async () => {
    const student = ok(await api('mutation { createK12__student(data: {name: "Ann", k12__code: "S-17"}) { id } }')).createK12__student.id;
    const created = ok(await api(`mutation($s: ID!) { createK12__lesson(data: {title: "Algebra", k12__grade: g1, k12__student: $s, k12__hours: 1.5, k12__fee: {amount: 20, currency: "USD"}}) {
      id k12__grade k12__minutes k12__studentCode k12__student { name k12__code } k12__fee { amount currency } } }`, { s: student })).createK12__lesson;
    expect(created).toMatchObject({ k12__grade: 'g1', k12__minutes: 90, k12__studentCode: 'S-17', k12__student: { name: 'Ann', k12__code: 'S-17' }, k12__fee: { currency: 'USD' } });
    ok(await api('mutation { createK12__lesson(data: {title: "Poetry", k12__grade: g2, k12__hours: 2}) { id } }'));

    const listed = ok(await api(`{
      byGrade: k12__lessons(filter: {k12__grade: {eq: g1}}) { totalCount nodes { title } }
      byFormula: k12__lessons(filter: {k12__minutes: {gt: 100}}) { nodes { title } }
      byLookup: k12__lessons(filter: {k12__student: {k12__code: {eq: "S-17"}}}) { nodes { title } }
      all: k12__lessons(orderBy: [{k12__hours: DESC}]) { nodes { title } }
      reverse: k12__students { nodes { name k12__lessons { nodes { title } } } }
    }`));
    expect(listed.byGrade).toEqual({ totalCount: 1, nodes: [{ title: 'Algebra' }] });
    expect(listed.byFormula.nodes).toEqual([{ title: 'Poetry' }]);
    expect(listed.byLookup.nodes).toEqual([{ title: 'Algebra' }]);
    expect(listed.all.nodes.map((n: { title: string }) => n.title)).toEqual(['Poetry', 'Algebra']);
    expect(listed.reverse.nodes).toEqual([{ name: 'Ann', k12__lessons: { nodes: [{ title: 'Algebra' }] } }]);

    // A many-to-many from a namespaced object to its un-namespaced look-alike, from both ends.
    const other = ok(await api('mutation { createK12Lesson(data: {title: "Plain"}) { id } }')).createK12Lesson.id;
    ok(await api('mutation($id: ID!, $o: [ID!]) { updateK12__lesson(id: $id, data: {k12__related: {set: $o}}) { id } }', { id: created.id, o: [other] }));
    const linked = ok(await api('query($id: ID!) { k12__lesson(id: $id) { k12__related { nodes { title } } } k12Lessons { nodes { k12__lessons { nodes { title } } } } }', { id: created.id }));
    expect(linked.k12__lesson.k12__related.nodes).toEqual([{ title: 'Plain' }]);
    expect(linked.k12Lessons.nodes[0].k12__lessons.nodes).toEqual([{ title: 'Algebra' }]);

    const updated = ok(await api('mutation($id: ID!) { updateK12__lesson(id: $id, data: {k12__grade: g2, k12__hours: 3}) { k12__grade k12__minutes } }', { id: created.id })).updateK12__lesson;
    expect(updated).toEqual({ k12__grade: 'g2', k12__minutes: 180 });
    expect(ok(await api('query($id: ID!) { k12__student(id: $id) { k12__hoursTotal } }', { id: student })).k12__student).toEqual({ k12__hoursTotal: 3 });

    const history = ok(await api('query($id: ID!) { recordHistory(object: "k12__lesson", id: $id) { action changes { field before after } } }', { id: created.id })).recordHistory;
    expect(history.map((e: { action: string }) => e.action)).toEqual(['update', 'update', 'create']); // the grade, the links
    expect(history[0].changes).toEqual(expect.arrayContaining([{ field: 'k12__grade', before: 'g1', after: 'g2' }]));

    const command = ok(await api('mutation($id: ID!) { k12__lessonPublish(id: $id, input: {grade: "g1"}) }', { id: created.id })).k12__lessonPublish;
    expect(command).toEqual({ object: 'k12__lesson' });
    expect(ok(await api('query($id: ID!) { k12__lesson(id: $id) { k12__grade } }', { id: created.id })).k12__lesson).toEqual({ k12__grade: 'g1' });

    const hits = ok(await api('{ search(text: "S-17") { object title } }')).search;
    expect(hits).toEqual([expect.objectContaining({ object: 'k12__student' })]);
  });

  it('enforces the validation rule on the namespaced field, with its pointer', async () => {
    const res = await api('mutation { createK12__lesson(data: {title: "Negative", k12__hours: -1}) { id } }');
    expect(res.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    expect(res.errors![0].extensions!.errors).toEqual([expect.objectContaining({ pointer: '/data/k12__hours', rule: 'k12__hoursPositive' })]);
  });

  it('serves the objects, the list view and the rule on the metadata API the studio reads', async () => {
    const data = ok(await md(`{ objects { name } object(name: "k12__lesson") { name fields { name } } document }`));
    expect(data.objects.map((o: { name: string }) => o.name)).toEqual(expect.arrayContaining(['k12__lesson', 'k12__student', 'k12Lesson']));
    expect(data.object.fields.map((f: { name: string }) => f.name)).toEqual(expect.arrayContaining(['k12__grade', 'k12__student']));
    expect(data.document.validationRules).toEqual([expect.objectContaining({ name: 'k12__hoursPositive', object: 'k12__lesson' })]);
    expect(data.document.listViews).toEqual([expect.objectContaining({ object: 'k12__lesson', name: 'First grade' })]);
    const lesson = data.document.objects.find((o: { name: string }) => o.name === 'k12__lesson');
    expect(lesson.layout.sections[0].fields.map((f: { field: string }) => f.field)).toEqual(['title', 'k12__grade', 'k12__student']);
    expect(lesson.listColumns.map((f: { field: string }) => f.field)).toEqual(['title', 'k12__grade', 'k12__minutes']);
    expect(lesson.indexes).toEqual([expect.objectContaining({ name: 'k12__byGrade', fields: ['k12__grade', 'k12__hours'] })]);
  });
});

describe('refusals', () => {
  const snapshot = async () => ok(await md('{ metadataVersion }')).metadataVersion;
  async function refused(document: Record<string, unknown>, code: string, pointers: string[]) {
    const before = await snapshot();
    const res = await md(APPLY, { d: document });
    expect(res.errors, JSON.stringify(res.data)).toBeDefined();
    const error = res.errors[0];
    expect(error.extensions?.code, JSON.stringify(error)).toBe(code);
    const got = (error.extensions?.errors ?? []).map((e: { pointer: string }) => e.pointer);
    for (const p of pointers) expect(got, JSON.stringify(error)).toContain(p);
    expect(JSON.stringify(error)).not.toMatch(/ALTER TABLE|CREATE TABLE|at .*\.ts:\d+/);
    expect(await snapshot()).toBe(before);
    return error;
  }

  for (const name of ['k12__', '__lesson', 'k12___lesson', 'k12__lesson__x', 'K12__lesson', 'k12_lesson', `k12__${'a'.repeat(59)}`]) {
    it(`refuses the object name ${name.slice(0, 24)}`, async () => {
      await refused({ objects: [{ name, fields: [{ name: 'title', type: 'text' }] }] }, 'VALIDATION_FAILED', ['/objects/0/name']);
    });
  }

  it('refuses bad namespaced field names, a lookup target and a rule object, each with its pointer', async () => {
    const error = await refused({
      objects: [{ name: 'k12__room', fields: [{ name: 'k12__', type: 'text' }, { name: 'Ab__c', type: 'text' }, { name: 'k12__room__x', type: 'lookup', target: 'k12__student' }, { name: 'k12__other', type: 'lookup', target: 'k12___student' }] }],
      validationRules: [{ name: 'k12__r', object: 'k12__room__', assert: 'TRUE', message: 'x' }],
    }, 'VALIDATION_FAILED', ['/objects/0/fields/0/name', '/objects/0/fields/1/name', '/objects/0/fields/2/name', '/objects/0/fields/3/target', '/validationRules/0/object']);
    // Said in words wherever an API name goes, not as the pattern.
    const target = error.extensions.errors.find((e: { pointer: string }) => e.pointer === '/objects/0/fields/3/target');
    expect(target.message).toContain('k12__lesson');
    expect(target.message).not.toContain('(?=');
  });

  it('refuses a namespaced field whose column is another field\'s part column', async () => {
    const error = await refused({ objects: [{ name: 'k12__invoice', fields: [{ name: 'fee', type: 'currency' }, { name: 'fee__currency', type: 'text' }] }] }, 'VALIDATION_FAILED', ['/objects/0/fields/1/name']);
    expect(JSON.stringify(error)).toContain('fee__currency');
  });

  it('refuses the same clash when the field is added to, or renamed in, an existing object', async () => {
    // k12__lesson has the currency field k12__fee, whose currency column is k12__fee__currency.
    const added = await md('mutation { createField(object: "k12__lesson", input: {name: "k12__fee__currency", type: TEXT}) { name } }');
    expect(added.errors?.[0]?.extensions?.code, JSON.stringify(added)).toBe('VALIDATION_FAILED');
    const k12 = await md('mutation { createField(object: "k12__student", input: {name: "fee", type: CURRENCY}) { name } }');
    ok(k12);
    const clash = await md('mutation { createField(object: "k12__student", input: {name: "fee__currency", type: TEXT}) { name } }');
    expect(clash.errors?.[0]?.extensions?.code, JSON.stringify(clash)).toBe('CONFLICT');
    expect(clash.errors[0].extensions.errors).toEqual([expect.objectContaining({ pointer: '/name', message: 'its column fee__currency is a column of the field fee' })]);
    ok(await md('mutation { createField(object: "k12__student", input: {name: "feeNote", type: TEXT}) { name } }'));
    const renamed = await md('mutation { updateField(object: "k12__student", name: "feeNote", input: {name: "fee__currency"}) { name } }');
    expect(renamed.errors?.[0]?.extensions?.code, JSON.stringify(renamed)).toBe('CONFLICT');
    ok(await api('{ k12__students { totalCount } }'));
  });

  it('refuses a namespaced field that takes the name of a reverse relation, before the change commits', async () => {
    const res = await md('mutation { createField(object: "k12__student", input: {name: "k12__lessons", type: TEXT}) { name } }');
    expect(['CONFLICT', 'VALIDATION_FAILED'], JSON.stringify(res)).toContain(res.errors?.[0]?.extensions?.code);
    expect(res.errors[0].message).toContain('k12__lessons');
    ok(await api('{ k12__students { nodes { k12__lessons { totalCount } } } }'));
  });

  it('refuses, at apply time, a namespaced object whose generated names another claims', async () => {
    const error = await refused({ objects: [{ name: 'k12__lessons', fields: [{ name: 'title', type: 'text' }] }] }, 'CONFLICT', []);
    expect(error.message).toMatch(/k12__lesson\b.*k12__lessons|k12__lessons.*k12__lesson\b/);
    const types = await refused({ objects: [
      { name: 'ab__c', fields: [{ name: 'dE', type: 'select', options: [{ value: 'x' }] }] },
      { name: 'ab__cD', fields: [{ name: 'e', type: 'select', options: [{ value: 'x' }] }] },
    ] }, 'CONFLICT', []);
    expect(types.message).toContain('Ab__cDEOption');
    // The API still answers.
    ok(await api('{ k12__lessons { totalCount } }'));
  });
});
