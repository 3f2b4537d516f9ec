import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { create, created, dupTenant, ok, refused, type DupTenant } from './support.ts';

/**
 * Each kind of match of a duplicate rule, and their combination: exact, normalized (phone digits
 * with and without a country code, trimmed lower-case e-mail, trimmed lower-case text with spaces
 * collapsed), fuzzy (pg_trgm similarity with a threshold, English and Chinese names), AND and OR
 * groups; BLOCK refuses, WARN refuses unless allowDuplicates: true.
 */
let server: RunningServer;
let t: DupTenant;

const OBJECTS = [
  {
    name: 'lead',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'school', type: 'text' },
      { name: 'phone', type: 'phone' },
      { name: 'email', type: 'email' },
      { name: 'code', type: 'text' },
      { name: 'city', type: 'text' },
      { name: 'score', type: 'integer' },
    ],
  },
];

beforeAll(async () => {
  server = await startTestServer();
  t = await dupTenant(server, OBJECTS);
});
afterAll(async () => { await server?.close(); });

/** Replaces the tenant's lead rules by one, and empties the table. */
async function only(rule: Record<string, unknown>) {
  const rules = (await t.sql(`select name from tessera.config_items where tenant_id = $1 and kind = 'duplicateRule'`, [t.id])).map((r) => r.name as string);
  for (const name of rules) ok(await t.md(`mutation($n: String!) { deleteDuplicateRule(name: $n) }`, { n: name }));
  ok(await t.apply({ duplicateRules: [{ name: 'r', object: 'lead', ...rule }] }));
  await t.sql(`delete from "${t.schema}"."lead"`);
}

describe('exact', () => {
  beforeAll(() => only({ match: { field: 'code', match: 'exact' } }));

  it('refuses an equal value with CONFLICT naming the record, the rule and the field pointer', async () => {
    const id = await created(t.api, 'lead', { name: 'A', code: 'X-1' });
    const error = refused(await create(t.api, 'lead', { name: 'B', code: 'X-1' }));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.extensions.allowDuplicates).toBe(false);
    expect(error.extensions.duplicates).toEqual([{ pointer: '/data', rule: 'r', action: 'BLOCK', fields: ['code'], id, score: 1 }]);
    expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/data/code', rule: 'r' })]);
  });

  it('lets a value differing in case or spacing through, and blanks never match', async () => {
    await created(t.api, 'lead', { name: 'C', code: 'x-1' });
    await created(t.api, 'lead', { name: 'D', code: ' X-1' });
    await created(t.api, 'lead', { name: 'E', code: '' });
    await created(t.api, 'lead', { name: 'F', code: '' });
    await created(t.api, 'lead', { name: 'G' });
    await created(t.api, 'lead', { name: 'H' });
  });

  it('matches exactly on a number field too', async () => {
    await only({ match: { field: 'score', match: 'exact' } });
    await created(t.api, 'lead', { name: 'A', score: 7 });
    expect(refused(await create(t.api, 'lead', { name: 'B', score: 7 })).extensions.code).toBe('CONFLICT');
    await created(t.api, 'lead', { name: 'C', score: 8 });
  });
});

describe('normalized', () => {
  it('phone: digits only, whatever the separators', async () => {
    await only({ match: { field: 'phone', match: 'normalized' } });
    await created(t.api, 'lead', { name: 'A', phone: '138 0013 8000' });
    for (const phone of ['13800138000', '138-0013-8000', '138.0013.8000', '138 (0013) 8000']) {
      expect(refused(await create(t.api, 'lead', { name: 'B', phone })).extensions.duplicates[0].fields, phone).toEqual(['phone']);
    }
    await created(t.api, 'lead', { name: 'C', phone: '+86 138 0013 8000' });
  });

  it('phone with a country code: +86 and 0086 are the national number', async () => {
    await only({ match: { field: 'phone', match: 'normalized', countryCode: '86' } });
    await created(t.api, 'lead', { name: 'A', phone: '13800138000' });
    for (const phone of ['+86 138 0013 8000', '+8613800138000', '0086 13800138000']) {
      expect(refused(await create(t.api, 'lead', { name: 'B', phone })).extensions.code, phone).toBe('CONFLICT');
    }
    await created(t.api, 'lead', { name: 'C', phone: '+1 138 0013 8000' });
  });

  it('email: trimmed and lower-cased', async () => {
    await only({ match: { field: 'email', match: 'normalized' } });
    await created(t.api, 'lead', { name: 'A', email: 'Wang.Wei@Example.cn' });
    expect(refused(await create(t.api, 'lead', { name: 'B', email: 'wang.wei@example.CN' })).extensions.code).toBe('CONFLICT');
    await created(t.api, 'lead', { name: 'C', email: 'wang.wei2@example.cn' });
  });

  it('text: trimmed, lower-cased, runs of spaces as one', async () => {
    await only({ match: { field: 'school', match: 'normalized' } });
    await created(t.api, 'lead', { name: 'A', school: 'Beijing  No. 4 High School' });
    expect(refused(await create(t.api, 'lead', { name: 'B', school: '  beijing no. 4   high school ' })).extensions.code).toBe('CONFLICT');
    await created(t.api, 'lead', { name: 'C', school: 'Beijing No. 40 High School' });
  });
});

describe('fuzzy', () => {
  it('matches names at least as similar as the threshold, with the similarity as score', async () => {
    await only({ match: { field: 'name', match: 'fuzzy', threshold: 0.5 } });
    const id = await created(t.api, 'lead', { name: 'Jonathan Smith' });
    const error = refused(await create(t.api, 'lead', { name: 'Jonathon Smith' }));
    expect(error.extensions.duplicates[0]).toMatchObject({ id, rule: 'r', fields: ['name'] });
    expect(error.extensions.duplicates[0].score).toBeGreaterThanOrEqual(0.5);
    expect(error.extensions.duplicates[0].score).toBeLessThan(1);
    await created(t.api, 'lead', { name: 'Maria Garcia' });
  });

  it('matches Chinese names (trigrams of their GB18030 hex: the database locale finds none in the text)', async () => {
    await only({ match: { field: 'name', match: 'fuzzy', threshold: 0.5 } });
    const id = await created(t.api, 'lead', { name: '欧阳明华' });
    for (const name of ['欧阳明华', '欧阳明', ' 欧阳明华 ']) {
      const error = refused(await create(t.api, 'lead', { name }));
      expect(error.extensions.duplicates[0], name).toMatchObject({ id, fields: ['name'] });
    }
    // One character in common at the end, or none: different people.
    await created(t.api, 'lead', { name: '王伟' });
    await created(t.api, 'lead', { name: '李明华' });
    await created(t.api, 'lead', { name: '张三' });
  });

  it('a higher threshold lets more through', async () => {
    await only({ match: { field: 'name', match: 'fuzzy', threshold: 0.95 } });
    await created(t.api, 'lead', { name: '欧阳明华' });
    await created(t.api, 'lead', { name: '欧阳明' });
    expect(refused(await create(t.api, 'lead', { name: '欧阳明华' })).extensions.code).toBe('CONFLICT');
  });
});

describe('AND and OR', () => {
  it('AND: every match must hold (name similar and same school)', async () => {
    await only({ match: { and: [{ field: 'name', match: 'fuzzy', threshold: 0.5 }, { field: 'school', match: 'normalized' }] } });
    const id = await created(t.api, 'lead', { name: '张伟', school: '北京四中' });
    await created(t.api, 'lead', { name: '张伟', school: '北京八中' });
    await created(t.api, 'lead', { name: '李娜', school: '北京四中' });
    const error = refused(await create(t.api, 'lead', { name: '张伟', school: '北京四中' }));
    expect(error.extensions.duplicates).toEqual([expect.objectContaining({ id, fields: ['name', 'school'] })]);
  });

  it('OR: any alternative is enough (phone, or e-mail, or name and school)', async () => {
    await only({ match: { or: [
      { field: 'phone', match: 'normalized' },
      { field: 'email', match: 'normalized' },
      { and: [{ field: 'name', match: 'exact' }, { field: 'school', match: 'exact' }] },
    ] } });
    const a = await created(t.api, 'lead', { name: 'A', phone: '13900001111', email: 'a@x.cn', school: 'S1' });
    expect(refused(await create(t.api, 'lead', { name: 'Z', phone: '139-0000-1111' })).extensions.duplicates[0]).toMatchObject({ id: a, fields: ['phone'] });
    expect(refused(await create(t.api, 'lead', { name: 'Z', email: 'A@X.CN' })).extensions.duplicates[0]).toMatchObject({ id: a, fields: ['email'] });
    expect(refused(await create(t.api, 'lead', { name: 'A', school: 'S1' })).extensions.duplicates[0]).toMatchObject({ id: a, fields: ['name', 'school'] });
    await created(t.api, 'lead', { name: 'A', school: 'S2', phone: '13900002222' });
  });
});

describe('actions', () => {
  it('WARN refuses, telling allowDuplicates; allowDuplicates: true keeps both', async () => {
    await only({ action: 'WARN', match: { field: 'phone', match: 'normalized' } });
    const id = await created(t.api, 'lead', { name: 'A', phone: '13700001111' });
    const error = refused(await create(t.api, 'lead', { name: 'B', phone: '137 0000 1111' }));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', allowDuplicates: true, duplicates: [{ id, action: 'WARN', rule: 'r' }] });
    expect(error.message).toMatch(/allowDuplicates/);
    await created(t.api, 'lead', { name: 'B', phone: '137 0000 1111' }, true);
    expect((await t.sql(`select count(*)::int as n from "${t.schema}"."lead" where phone like '137%'`))[0].n).toBe(2);
  });

  it('BLOCK is not lifted by allowDuplicates', async () => {
    await only({ action: 'BLOCK', match: { field: 'phone', match: 'normalized' } });
    await created(t.api, 'lead', { name: 'A', phone: '13700002222' });
    const error = refused(await create(t.api, 'lead', { name: 'B', phone: '13700002222' }, true));
    expect(error.extensions).toMatchObject({ code: 'CONFLICT', allowDuplicates: false });
  });

  it('an inactive rule checks nothing; a deleted record is no duplicate', async () => {
    await only({ active: false, match: { field: 'phone', match: 'normalized' } });
    await created(t.api, 'lead', { name: 'A', phone: '13700003333' });
    await created(t.api, 'lead', { name: 'B', phone: '13700003333' });
    await only({ match: { field: 'phone', match: 'normalized' } });
    const id = await created(t.api, 'lead', { name: 'A', phone: '13700004444' });
    ok(await t.api(`mutation($id: ID!) { deleteLead(id: $id) { id } }`, { id }));
    await created(t.api, 'lead', { name: 'B', phone: '13700004444' });
  });
});
