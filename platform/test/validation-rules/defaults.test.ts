import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, dupTenant, ok, refused, type DupTenant } from '../duplicates/support.ts';

/**
 * `defaultExpression`: a field's value when a create leaves it out, evaluated with the platform's
 * clock (a test clock moves TODAY), `$User`, the input's other fields and its lookups; checked
 * against the field's type when the catalog changes (pointer and position).
 */
let server: RunningServer;
let t: DupTenant;

const TASK = {
  name: 'task',
  fields: [
    { name: 'title', type: 'text', required: true },
    { name: 'priority', type: 'integer', defaultValue: 3 },
    { name: 'account', type: 'lookup', target: 'account' },
    { name: 'due', type: 'date', required: true, defaultExpression: 'ADDDAYS(TODAY(), 30)' },
    { name: 'followUp', type: 'date', defaultExpression: 'TODAY() + 30' },
    { name: 'creatorEmail', type: 'email', defaultExpression: '$User.email' },
    { name: 'creatorId', type: 'text', defaultExpression: '$User.id' },
    { name: 'summary', type: 'text', defaultExpression: `title & " (P" & TEXT(priority) & ", " & BLANKVALUE(account.industry, "none") & ")"` },
  ],
};

const read = async (id: string) => ok(await t.api(`query($id: ID!) { task(id: $id) { title due followUp creatorEmail creatorId summary } }`, { id })).task;

beforeAll(async () => {
  server = await startTestServer({ env: { TESSERA_TEST_CLOCK: '1' } });
  t = await dupTenant(server, [{ name: 'account', fields: [{ name: 'name', type: 'text' }, { name: 'industry', type: 'text' }] }, TASK]);
  ok(await t.md('mutation { setClock(at: "2030-01-10T12:00:00Z") { now } }'));
});
afterAll(async () => { await server?.close(); });

describe('default expressions', () => {
  it('fill what a create leaves out: the clock\'s TODAY, $User, other fields of the input, lookups', async () => {
    const account = ok(await create(t.api, 'account', { name: 'A', industry: 'fmcg' })).createAccount.id;
    const id = ok(await create(t.api, 'task', { title: 'Call', account })).createTask.id;
    const me = ok(await t.md('{ users { id email } }')).users[0];
    expect(await read(id)).toEqual({ title: 'Call', due: '2030-02-09', followUp: '2030-02-09', creatorEmail: me.email, creatorId: me.id, summary: 'Call (P3, fmcg)' });
    // What the input gives is kept; the test clock moved moves TODAY.
    ok(await t.md('mutation { advanceClock(by: "P5D") { now } }'));
    const other = ok(await create(t.api, 'task', { title: 'Mail', due: '2031-01-01', priority: 1 })).createTask.id;
    expect(await read(other)).toMatchObject({ due: '2031-01-01', followUp: '2030-02-14', summary: 'Mail (P1, none)' });
  });

  it('apply to every record of a batch', async () => {
    const ids = ok(await t.api('mutation { createTasks(data: [{title: "a"}, {title: "b", followUp: "2030-12-24"}]) { id followUp } }')).createTasks;
    expect(ids.map((r: any) => r.followUp)).toEqual(['2030-02-14', '2030-12-24']);
  });

  it('are checked against the field\'s type at catalog change, with the pointer and the position', async () => {
    const field = (defaultExpression: string, type = 'text') => ({ objects: [{ name: 'task', fields: [...TASK.fields, { name: 'extra', type, defaultExpression }] }] });
    const cases: [Record<string, unknown>, RegExp, number][] = [
      [field('TODAY()'), /must give text/, 0],
      [field('TODAY() +'), /./, 9],
      [field('$User.region'), /\$User has no property region/, 6],
      [field('PRIORVALUE(title)'), /only available in rules/, 0],
    ];
    for (const [document, message, offset] of cases) {
      const error = refused(await t.apply(document));
      expect(error.extensions.code).toBe('VALIDATION_FAILED');
      const detail = error.extensions.errors[0];
      expect(detail.pointer).toMatch(/\/defaultExpression$/);
      expect(detail.message).toMatch(message);
      expect(detail.expression.offset, JSON.stringify(detail)).toBe(offset);
    }
    const both = refused(await t.apply({ objects: [{ name: 'task', fields: [...TASK.fields, { name: 'extra', type: 'text', defaultValue: 'x', defaultExpression: '"y"' }] }] }));
    expect(both.extensions.errors[0].pointer).toMatch(/\/fields\/8\/defaultExpression$/);
  });

  it('a default that reads nothing and gives a value the field refuses is refused at definition, not at every create', async () => {
    const field = (type: string, defaultExpression: string, more: Record<string, unknown> = {}) => ({ objects: [{ name: 'task', fields: [...TASK.fields, { name: 'extra', type, defaultExpression, ...more }] }] });
    const cases: [Record<string, unknown>, RegExp][] = [
      [field('email', '"CN"'), /always gives "CN", which is not a valid email value/],
      [field('url', '"not a url"'), /not a valid url value/],
      [field('select', '"XX"', { options: [{ value: 'CN' }] }), /not a valid select value/],
      [field('phone', '"call me"'), /not a valid phone value/],
    ];
    for (const [document, message] of cases) {
      const error = refused(await t.apply(document));
      expect(error.extensions.code).toBe('VALIDATION_FAILED');
      expect(error.extensions.errors[0], JSON.stringify(error)).toMatchObject({ pointer: expect.stringMatching(/\/fields\/8\/defaultExpression$/), field: 'extra', message: expect.stringMatching(message) });
    }
    // Valid constants, and expressions that read something (checked on each create instead), are accepted.
    ok(await t.apply(field('email', '"sales@example.com"')));
    ok(await t.apply(field('email', 'title')));
    ok(await t.apply(field('select', '"CN"', { options: [{ value: 'CN' }] })));
    ok(await t.apply({ objects: [TASK] }));
  });

  it('a required field whose expression gives NULL is refused at its pointer', async () => {
    ok(await t.apply({ objects: [{ name: 'ticket', fields: [{ name: 'account', type: 'lookup', target: 'account' }, { name: 'code', type: 'text', required: true, defaultExpression: 'account.name' }] }] }));
    const error = refused(await create(t.api, 'ticket', {}));
    expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/data/code', message: expect.stringMatching(/default expression gave no value/) })]);
  });

  it('give a currency field its amount in the field\'s currency (a number, or a looked-up amount)', async () => {
    ok(await t.apply({ objects: [
      { name: 'pack', fields: [{ name: 'name', type: 'text' }, { name: 'price', type: 'currency', currencyCode: 'CNY' }] },
      { name: 'sale', fields: [{ name: 'pack', type: 'lookup', target: 'pack' }, { name: 'list', type: 'currency', currencyCode: 'CNY', defaultExpression: 'pack.price' }, { name: 'fee', type: 'currency', currencyCode: 'CNY', defaultExpression: '12.5 * 2' }] },
    ] }));
    const pack = ok(await create(t.api, 'pack', { name: 'p', price: { amount: 12000 } })).createPack.id;
    const sale = ok(await create(t.api, 'sale', { pack })).createSale.id;
    expect(ok(await t.api('query($id: ID!) { sale(id: $id) { list { amount currency } fee { amount currency } } }', { id: sale })).sale)
      .toEqual({ list: { amount: 12000, currency: 'CNY' }, fee: { amount: 25, currency: 'CNY' } });
  });
});
