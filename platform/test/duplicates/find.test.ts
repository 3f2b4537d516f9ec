import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { created, dupTenant, ok, refused, type Client, type DupTenant } from './support.ts';

/**
 * `findDuplicates(object, data, id)` on /graphql: before a save, the records the values would
 * duplicate by every active rule (BLOCK and WARN), best first, with rule and score — those the
 * caller may read; others only said to exist.
 */
let server: RunningServer;
let t: DupTenant;
let rep: { id: string; api: Client };
const ids: Record<string, string> = {};

const FIND = `query($o: String!, $d: JSON!, $id: ID) { findDuplicates(object: $o, data: $d, id: $id) { rule action fields id score hidden } }`;

beforeAll(async () => {
  server = await startTestServer();
  t = await dupTenant(server, [
    { name: 'lead', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text' }, { name: 'phone', type: 'phone' }, { name: 'email', type: 'email' }] },
    { name: 'memo', fields: [{ name: 'subject', type: 'text' }] },
  ], [
    { name: 'phone', object: 'lead', match: { field: 'phone', match: 'normalized', countryCode: '86' } },
    { name: 'name', object: 'lead', action: 'WARN', match: { field: 'name', match: 'fuzzy', threshold: 0.4 } },
  ]);
  rep = await t.user({ objectPermissions: [{ object: 'lead', read: true, create: true, update: true }] });
  ids.wang = await created(t.api, 'lead', { name: '王小明', phone: '13800001111' });
  ids.wang2 = await created(t.api, 'lead', { name: '王小明明', phone: '13800002222' }, true);
  ids.mine = await created(rep.api, 'lead', { name: '王小', phone: '13800003333' }, true);
});
afterAll(async () => { await server?.close(); });

describe('findDuplicates', () => {
  it('finds by every rule, best first, with rule, action, fields and score', async () => {
    const found = ok(await t.api(FIND, { o: 'lead', d: { name: '王小明', phone: '+86 138 0000 1111' } })).findDuplicates;
    expect(found[0]).toEqual({ rule: 'phone', action: 'BLOCK', fields: ['phone'], id: ids.wang, score: 1, hidden: false });
    expect(found.filter((f: any) => f.rule === 'name').map((f: any) => f.id)).toEqual(expect.arrayContaining([ids.wang, ids.wang2, ids.mine]));
    const scores = found.filter((f: any) => f.rule === 'name').map((f: any) => f.score);
    expect(scores).toEqual([...scores].sort((a: number, b: number) => b - a));
    expect(found.find((f: any) => f.rule === 'name' && f.id === ids.wang).score).toBe(1);
  });

  it('leaves out the record being edited', async () => {
    const found = ok(await t.api(FIND, { o: 'lead', d: { phone: '13800001111' }, id: ids.wang })).findDuplicates;
    expect(found).toEqual([]);
  });

  it('tells a caller of records they may not read only that they exist', async () => {
    const found = ok(await rep.api(FIND, { o: 'lead', d: { name: '王小明', phone: '13800001111' } })).findDuplicates;
    expect(found).toEqual(expect.arrayContaining([
      { rule: 'phone', action: 'BLOCK', fields: ['phone'], id: null, score: null, hidden: true },
      { rule: 'name', action: 'WARN', fields: ['name'], id: null, score: null, hidden: true },
      expect.objectContaining({ rule: 'name', id: ids.mine, hidden: false }),
    ]));
    expect(found).toHaveLength(3);
    expect(JSON.stringify(found)).not.toContain(ids.wang);
  });

  it('nothing for an object without rules; refusals for bad input and objects the caller may not read', async () => {
    expect(ok(await t.api(FIND, { o: 'memo', d: { subject: 'x' } })).findDuplicates).toEqual([]);
    expect(refused(await t.api(FIND, { o: 'nothing', d: {} })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/object' }] });
    expect(refused(await t.api(FIND, { o: 'lead', d: { phone: 12 } })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/data/phone' }] });
    expect(refused(await t.api(FIND, { o: 'lead', d: { nope: 1 } })).extensions.code).toBe('VALIDATION_FAILED');
    expect(refused(await t.api(FIND, { o: 'lead', d: {}, id: 'x' })).extensions.code).toBe('BAD_USER_INPUT');
    expect(refused(await rep.api(FIND, { o: 'memo', d: {} })).extensions.code).toBe('FORBIDDEN');
  });

  it('an object cannot take the name of its result type', async () => {
    const error = refused(await t.apply({ objects: [{ name: 'duplicateMatch', fields: [{ name: 'name', type: 'text' }] }] }));
    expect(error.extensions.code).toBe('CONFLICT');
    expect(error.message).toMatch(/DuplicateMatch/);
    expect(ok(await t.api(`{ __schema { types { name } } }`)).__schema.types.length).toBeGreaterThan(0);
  });
});
