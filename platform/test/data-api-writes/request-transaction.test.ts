import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { expectError, fixtureTenant, type FixtureTenant } from './fixture.ts';

/**
 * Issue 10, finding 13: the root mutations of one request run in ONE transaction (as Hasura does).
 * When any of them fails, none is kept — records, cascades and record history alike — and the answer
 * is `data: null` with the failing field's error, its `path` naming that field.
 */
let server: RunningServer;
let t: FixtureTenant;
beforeAll(async () => {
  server = await startTestServer();
  t = await fixtureTenant(server);
});
afterAll(async () => { await server?.close(); });

const audit = async () => (await t.sql(`select count(*)::int as n from "${t.schema}"."_audit"`))[0].n as number;

describe('a request\'s mutations are one transaction', () => {
  it('two createLead, the second refused: the first is not kept; data is null and the error names the second', async () => {
    const [leads, history] = [await t.fingerprint('lead'), await audit()];
    const res = await t.api(`mutation { a: createLead(data: {name: "kept?"}) { id } b: createLead(data: {name: "bad", email: "not an e-mail"}) { id } }`);
    const error = expectError(res, 'VALIDATION_FAILED');
    expect(error.path).toEqual(['b']);
    expect(res.data).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(await t.fingerprint('lead')).toBe(leads);
    expect(await audit()).toBe(history);
  });

  it('a bulk create, a bulk update, a delete and then a refused update: nothing of it is kept, audit rows included', async () => {
    const seeded = await t.api(`mutation { createLeads(data: [{name: "tx one"}, {name: "tx two"}]) { id } }`);
    expect(seeded.errors, JSON.stringify(seeded.errors)).toBeUndefined();
    const [one] = seeded.data.createLeads.map((l: { id: string }) => l.id);
    const [leads, accounts, history] = [await t.fingerprint('lead'), await t.fingerprint('account'), await audit()];
    const res = await t.api(`mutation($one: ID!) {
      accounts: createAccounts(data: [{name: "A"}, {name: "B"}]) { id }
      bulk: updateLeads(filter: {name: {startsWith: "tx "}}, data: {score: 99}) { count }
      gone: deleteLead(id: $one) { id }
      refused: updateLead(id: "00000000-0000-7000-8000-000000000000", data: {score: 1}) { id }
    }`, { one });
    const error = expectError(res, 'NOT_FOUND');
    expect(error.path).toEqual(['refused']);
    expect(res.data).toBeNull();
    expect(await t.fingerprint('lead')).toBe(leads);
    expect(await t.fingerprint('account')).toBe(accounts);
    expect(await audit()).toBe(history);
  });

  it('the mutations after the failing one do not run', async () => {
    const accounts = await t.count('account');
    const res = await t.api(`mutation { a: createAccount(data: {name: "first"}) { id } b: createAccount(data: {}) { id } c: createAccount(data: {name: "after"}) { id } }`);
    expect(res.errors?.[0]?.extensions?.code, JSON.stringify(res)).toMatch(/^(VALIDATION_FAILED|BAD_USER_INPUT)$/);
    expect(res.data ?? null).toBeNull();
    expect(res.errors).toHaveLength(1);
    expect(await t.count('account')).toBe(accounts);
  });

  it('when all succeed, all are kept, and each sees what the ones before it wrote (the same transaction)', async () => {
    const res = await t.api(`mutation {
      a: createLead(data: {name: "same tx", score: 1}) { id }
      b: updateLeads(filter: {name: {eq: "same tx"}}, data: {score: 2}) { count }
      c: createLeads(data: [{name: "same tx 2"}]) { id name }
    }`);
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.b.count).toBe(1);
    expect(await t.count('lead', `name = 'same tx' and score = 2`)).toBe(1);
    expect(res.data.c[0].name).toBe('same tx 2');
  });

  it('a unique violation in the second of two creates rolls back the first', async () => {
    const email = `tx-${Date.now()}@unique.test`;
    const before = await t.count('lead');
    const res = await t.api(`mutation($e: String!) { a: createLead(data: {name: "u1", email: $e}) { id } b: createLead(data: {name: "u2", email: $e}) { id } }`, { e: email });
    const error = expectError(res, 'UNIQUE_VIOLATION');
    expect(error.path).toEqual(['b']);
    expect(res.data).toBeNull();
    expect(await t.count('lead')).toBe(before);
  });

  it('rows written across the request\'s mutations are bounded (maxRowsPerRequest) even for filter-based bulk changes', async () => {
    await t.sql(`update tessera.tenants set settings = $2 where id = $1`, [t.id, JSON.stringify({ limits: { maxRowsPerRequest: 5 } })]);
    server.platform.auth.forget({ tenantId: t.id });
    try {
      await t.api(`mutation { createLeads(data: [{name: "cap 1"}, {name: "cap 2"}, {name: "cap 3"}]) { id } }`);
      const before = await t.fingerprint('lead');
      const res = await t.api(`mutation { a: updateLeads(filter: {name: {startsWith: "cap "}}, data: {score: 5}) { count } b: updateLeads(filter: {name: {startsWith: "cap "}}, data: {score: 6}) { count } }`);
      const error = expectError(res, 'LIMIT_EXCEEDED');
      expect(error.extensions).toMatchObject({ limit: 'maxRowsPerRequest', max: 5 });
      expect(error.path).toEqual(['b']);
      expect(await t.fingerprint('lead')).toBe(before);
    } finally {
      await t.sql(`update tessera.tenants set settings = '{}' where id = $1`, [t.id]);
      server.platform.auth.forget({ tenantId: t.id });
    }
  });
});
