import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { definePlugin } from '../../src/plugins/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, created, dupTenant, ok, refused, type DupTenant } from '../duplicates/support.ts';

/**
 * `validationRules`: a metadata kind (published, applied, pulled, history), checked at catalog
 * change (expression positions), and enforced by the save pipeline on every write path — single
 * and bulk creates and updates, upserts, the local API of commands (scripts' ctx.db: runtime/test)
 * — over the record as it will be (prior + patch), with PRIORVALUE/ISCHANGED, lookups, the
 * caller's locale, every failure at once, and nothing written when refused.
 */
let server: RunningServer;
let t: DupTenant;

const OBJECTS = [
  { name: 'account', fields: [{ name: 'name', type: 'text' }, { name: 'industry', type: 'text' }] },
  {
    name: 'deal',
    fields: [
      { name: 'name', type: 'text' }, { name: 'amount', type: 'number', scale: 2 },
      { name: 'stage', type: 'select', options: [{ value: 'new' }, { value: 'qualified' }, { value: 'won' }] },
      { name: 'account', type: 'lookup', target: 'account' }, { name: 'closeDate', type: 'date' }, { name: 'note', type: 'text', unique: true },
    ],
  },
  { name: 'terminal', fields: [{ name: 'name', type: 'text' }, { name: 'location', type: 'geolocation' }] },
  { name: 'visit', fields: [{ name: 'name', type: 'text' }, { name: 'checkInAt', type: 'geolocation' }, { name: 'terminal', type: 'lookup', target: 'terminal' }] },
];

const ORDER = `CASE(stage, 'new', 1, 'qualified', 2, 'won', 3, 0)`;
const RULES = [
  { name: 'amountPositive', object: 'deal', assert: 'OR(ISBLANK(amount), amount > 0)', message: { en: 'The amount must be positive', zh: '金额必须为正数' }, field: 'amount' },
  { name: 'nameGiven', object: 'deal', assert: 'NOT(ISBLANK(name))', message: 'A deal needs a name', field: 'name' },
  { name: 'stageForward', object: 'deal', on: 'update', field: 'stage', message: { en: 'The stage may not go back', zh: '阶段不能回退' },
    assert: `OR(NOT(ISCHANGED(stage)), ISBLANK(PRIORVALUE(stage)), ${ORDER} >= CASE(PRIORVALUE(stage), 'new', 1, 'qualified', 2, 'won', 3, 0))` },
  { name: 'closeNotPast', object: 'deal', on: 'create', field: 'closeDate', assert: 'OR(ISBLANK(closeDate), closeDate >= TODAY())', message: 'The close date is in the past' },
  { name: 'bankMinimum', object: 'deal', field: 'amount', assert: `OR(ISBLANK(account.industry), account.industry <> 'bank', amount >= 1000)`, message: 'Bank deals start at 1000' },
  { name: 'notThirteen', object: 'deal', assert: `NOT(AND(name = 'unlucky', amount = 13))`, message: 'Not this one' },
  { name: 'never', object: 'deal', assert: 'FALSE', message: 'Inactive: never checked', active: false },
  { name: 'checkInNear', object: 'visit', field: 'checkInAt', assert: 'DISTANCE(checkInAt, terminal.location) <= 200', message: { en: 'Check in within 200 m of the terminal', zh: '签到位置距离终端超过200米' } },
];

const plugin = definePlugin({
  name: 'deal-writer', version: '1.0.0',
  commands: [{
    name: 'copy', objects: ['deal'], access: 'read', permission: 'create',
    input: { type: 'object', properties: { amount: { type: 'number' } } },
    async run(call) {
      const record = await call.api.create('deal', { name: 'copy', amount: (call.input as { amount: number }).amount }) as { id: string };
      return { id: record.id };
    },
  }],
});

const count = async (object = 'deal') => (await t.sql(`select count(*)::int as n from "${t.schema}"."${object}" where "deletedAt" is null`))[0].n as number;
const failures = (res: any) => refused(res).extensions.errors.map((e: any) => [e.pointer, e.rule, e.message]);
const updateDeal = (id: string, data: Record<string, unknown>) => t.api(`mutation($id: ID!, $d: DealUpdateInput!) { updateDeal(id: $id, data: $d) { id } }`, { id, d: data });

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(plugin);
  t = await dupTenant(server, OBJECTS);
  ok(await t.apply({ validationRules: RULES }));
});
afterAll(async () => { await server?.close(); });

describe('the kind', () => {
  it('is published, pulled back with its defaults, and recorded in the history', async () => {
    const res = await fetch(`${server.url}/metadata/schema`, { headers: { authorization: `Bearer ${t.key}` } });
    const body = JSON.stringify(await res.json());
    expect(body).toContain('tessera:validationRule');
    expect(body).toContain('"validationRules"');
    const pulled = ok(await t.md(`{ document }`)).document.validationRules;
    expect(pulled.find((r: any) => r.name === 'nameGiven')).toEqual({ name: 'nameGiven', object: 'deal', assert: 'NOT(ISBLANK(name))', message: { en: 'A deal needs a name' }, field: 'name', on: 'both', active: true });
    expect(pulled).toHaveLength(RULES.length);
    const history = ok(await t.md(`{ metadataHistory(first: 20) { edges { node { kind action target } } } }`)).metadataHistory.edges.map((e: any) => e.node);
    expect(history).toContainEqual({ kind: 'validationRule', action: 'createValidationRule', target: 'checkInNear' });
    expect(ok(await t.apply({ validationRules: RULES })).applyMetadata.changes.filter((c: any) => c.target === 'nameGiven')).toEqual([]);
    expect(ok(await t.md(`{ validationRules(object: "visit") }`)).validationRules.map((r: any) => r.name)).toEqual(['checkInNear']);
  });

  it('refuses bad rules with the pointer and the position in the expression', async () => {
    const rule = { name: 'bad', object: 'deal', message: 'x' };
    const cases: [Record<string, unknown>, string, number | undefined][] = [
      [{ ...rule, assert: 'amount >' }, '/validationRules/0/assert', 8],
      [{ ...rule, assert: 'amount + 1' }, '/validationRules/0/assert', 0],
      [{ ...rule, assert: 'amont > 1' }, '/validationRules/0/assert', 0],
      [{ ...rule, assert: 'account.nothing = 1' }, '/validationRules/0/assert', 8],
      [{ ...rule, assert: 'amount > 1', field: 'nope' }, '/validationRules/0/field', undefined],
      [{ ...rule, object: 'nothing', assert: 'TRUE' }, '/validationRules/0/object', undefined],
      [{ ...rule, assert: 'TRUE', on: 'sometimes' }, '/validationRules/0/on', undefined],
    ];
    for (const [bad, pointer, offset] of cases) {
      const error = refused(await t.apply({ validationRules: [bad] }));
      expect(error.extensions.code, JSON.stringify(bad)).toBe('VALIDATION_FAILED');
      const detail = error.extensions.errors.find((e: any) => e.pointer.startsWith(pointer));
      expect(detail, `${JSON.stringify(error.extensions.errors)} at ${pointer}`).toBeDefined();
      if (offset !== undefined) expect(detail.expression.offset, JSON.stringify(detail)).toBe(offset);
    }
    expect(ok(await t.md(`{ validationRules }`)).validationRules.map((r: any) => r.name)).not.toContain('bad');
  });

  it('keeps the fields a rule reads: deleting or renaming one is refused, naming the rule', async () => {
    const error = refused(await t.md(`mutation { deleteField(object: "deal", name: "closeDate") { name } }`));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(JSON.stringify(error.extensions)).toContain('closeNotPast');
  });

  it('deletes a rule', async () => {
    ok(await t.apply({ validationRules: [{ name: 'temporary', object: 'deal', assert: 'FALSE', message: 'no' }] }));
    expect(refused(await create(t.api, 'deal', { name: 'x' })).extensions.rules).toEqual(['temporary']);
    expect(ok(await t.md(`mutation { deleteValidationRule(name: "temporary") }`)).deleteValidationRule).toBe(true);
    ok(await create(t.api, 'deal', { name: 'x' }));
  });
});

describe('single writes', () => {
  it('createDeal: refused with the rule, its message and the field\'s pointer; nothing written', async () => {
    const before = await count();
    const error = refused(await create(t.api, 'deal', { name: 'A', amount: -5 }));
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.rules).toEqual(['amountPositive']);
    expect(error.extensions.errors).toEqual([{ pointer: '/data/amount', field: 'amount', rule: 'amountPositive', message: 'The amount must be positive' }]);
    expect(await count()).toBe(before);
  });

  it('reports every failure of the record at once, a record-level rule at the record\'s pointer', async () => {
    expect(failures(await create(t.api, 'deal', { name: '', amount: -1 }))).toEqual([
      ['/data/amount', 'amountPositive', 'The amount must be positive'],
      ['/data/name', 'nameGiven', 'A deal needs a name'],
    ]);
    expect(failures(await create(t.api, 'deal', { name: 'unlucky', amount: 13 }))).toEqual([['/data', 'notThirteen', 'Not this one']]);
  });

  it('updateDeal: checks the stored record with the change over it (fields the update leaves out included)', async () => {
    const id = await created(t.api, 'deal', { name: 'U', amount: 13 });
    expect(failures(await updateDeal(id, { name: 'unlucky' }))).toEqual([['/data', 'notThirteen', 'Not this one']]);
    ok(await updateDeal(id, { name: 'lucky' }));
  });

  it('PRIORVALUE and ISCHANGED: the stage may not go back, and an update-only rule does not check creates', async () => {
    const id = await created(t.api, 'deal', { name: 'S', stage: 'won' });
    ok(await updateDeal(id, { amount: 5 }));
    expect(failures(await updateDeal(id, { stage: 'new' }))).toEqual([['/data/stage', 'stageForward', 'The stage may not go back']]);
    const other = await created(t.api, 'deal', { name: 'S2', stage: 'new' });
    ok(await updateDeal(other, { stage: 'qualified' }));
    ok(await updateDeal(other, { stage: 'won' }));
  });

  it('a create-only rule does not check updates', async () => {
    expect(failures(await create(t.api, 'deal', { name: 'C', closeDate: '2001-01-01' }))).toEqual([['/data/closeDate', 'closeNotPast', 'The close date is in the past']]);
    const id = await created(t.api, 'deal', { name: 'C' });
    ok(await updateDeal(id, { closeDate: '2001-01-01' }));
  });

  it('lookups: reads the looked-up record as it is stored (account.industry)', async () => {
    const bank = await created(t.api, 'account', { name: 'Bank', industry: 'bank' });
    const shop = await created(t.api, 'account', { name: 'Shop', industry: 'retail' });
    expect(failures(await create(t.api, 'deal', { name: 'L', amount: 10, account: bank }))).toEqual([['/data/amount', 'bankMinimum', 'Bank deals start at 1000']]);
    const id = await created(t.api, 'deal', { name: 'L', amount: 10, account: shop });
    // Moving the deal to the bank: the stored amount meets the bank's rule.
    expect(failures(await updateDeal(id, { account: bank }))).toEqual([['/data/amount', 'bankMinimum', 'Bank deals start at 1000']]);
    ok(await updateDeal(id, { account: bank, amount: 2000 }));
  });

  it('answers in the caller\'s locale', async () => {
    const created = ok(await t.md(`mutation { createUser(input: { email: "zh@rules.test", name: "张三", isAdmin: true, locale: "zh-CN" }) { id } }`)).createUser.id;
    const key = ok(await t.md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: created })).createApiKey.key;
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: JSON.stringify({ query: 'mutation { createDeal(data: {name: "Z", amount: -1}) { id } }' }) });
    const error = (await res.json()).errors[0];
    expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/data/amount', message: '金额必须为正数' })]);
  });

  it('an inactive rule checks nothing', async () => {
    ok(await create(t.api, 'deal', { name: 'I', amount: 1 }));
  });
});

describe('bulk and other write paths', () => {
  it('createDeals: every record\'s failures, by pointer; nothing written', async () => {
    const before = await count();
    const res = await t.api(`mutation($d: [DealCreateInput!]!) { createDeals(data: $d) { id } }`, { d: [{ name: 'B1', amount: 1 }, { name: 'B2', amount: -1 }, { name: '', amount: 2 }] });
    expect(failures(res)).toEqual([
      ['/data/1/amount', 'amountPositive', 'The amount must be positive'],
      ['/data/2/name', 'nameGiven', 'A deal needs a name'],
    ]);
    expect(await count()).toBe(before);
  });

  it('updateDeals: each record checked as it will be; one failure refuses all', async () => {
    const a = await created(t.api, 'deal', { name: 'M1', stage: 'new', note: 'bulk' });
    const b = await created(t.api, 'deal', { name: 'M2', stage: 'won', note: 'bulk2' });
    const res = await t.api(`mutation { updateDeals(filter: { name: { in: ["M1", "M2"] } }, data: { stage: qualified }) { count } }`);
    expect(failures(res)).toEqual([['/data/stage', 'stageForward', 'The stage may not go back']]);
    const stages = await t.sql(`select id, stage from "${t.schema}"."deal" where id = any($1::uuid[]) order by name`, [[a, b]]);
    expect(stages.map((r: any) => r.stage)).toEqual(['new', 'won']);
  });

  it('upsertDeal: the create branch and the update branch alike', async () => {
    const upsert = (note: string, data: Record<string, unknown>) => t.api(`mutation($m: DealMatchInput!, $d: DealCreateInput!) { upsertDeal(match: $m, data: $d) { id } }`, { m: { note }, d: data });
    expect(failures(await upsert('up1', { name: 'P', amount: -1 }))).toEqual([['/data/amount', 'amountPositive', 'The amount must be positive']]);
    ok(await upsert('up1', { name: 'P', amount: 1, stage: 'won' }));
    expect(failures(await upsert('up1', { name: 'P', stage: 'new' }))).toEqual([['/data/stage', 'stageForward', 'The stage may not go back']]);
  });

  it('a command writing through the local API is checked', async () => {
    const id = await created(t.api, 'deal', { name: 'Cmd', amount: 1 });
    const run = (amount: number) => t.api(`mutation($id: ID!, $i: JSON) { dealCopy(id: $id, input: $i) }`, { id, i: { amount } });
    expect(refused(await run(-3)).extensions).toMatchObject({ code: 'VALIDATION_FAILED', rules: ['amountPositive'] });
    expect(ok(await run(3)).dealCopy.id).toBeTruthy();
  });
});

describe('the FMCG check-in rule', () => {
  it('DISTANCE(checkInAt, terminal.location) <= 200: refused beyond 200 m, accepted within', async () => {
    const terminal = await created(t.api, 'terminal', { name: 'Store 7', location: { lat: 31.2304, lng: 121.4737 } });
    const visit = (lat: number) => create(t.api, 'visit', { name: 'v', terminal, checkInAt: { lat, lng: 121.4737 } });
    // 0.001° of latitude is about 111 m; 0.0025° about 278 m.
    ok(await visit(31.2314));
    expect(failures(await visit(31.2329))).toEqual([['/data/checkInAt', 'checkInNear', 'Check in within 200 m of the terminal']]);
    // Unknown position (no check-in point): NULL passes, as a CHECK constraint would.
    ok(await create(t.api, 'visit', { name: 'v', terminal }));
    expect(await count('visit')).toBe(2);
  });
});
