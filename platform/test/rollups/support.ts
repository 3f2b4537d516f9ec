import { expect } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, ok, type Client } from '../support/server.ts';

export { ok, refused, type Client } from '../support/server.ts';

/**
 * account ← opportunity (lookup `account`, amount number, stage text, closeDate date) with five
 * roll-ups on account: COUNT, SUM, MIN, MAX, AVG of amount, SUM of won ones only.
 */
export const ROLLUPS = [
  { name: 'opps', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT' },
  { name: 'total', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount' },
  { name: 'smallest', type: 'rollup', relation: 'opportunity.account', aggregate: 'MIN', field: 'amount' },
  { name: 'largest', type: 'rollup', relation: 'opportunity.account', aggregate: 'MAX', field: 'amount' },
  { name: 'average', type: 'rollup', relation: 'opportunity.account', aggregate: 'AVG', field: 'amount' },
  { name: 'won', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' },
];

export const OBJECTS = [
  { name: 'account', fields: [{ name: 'name', type: 'text' }, ...ROLLUPS] },
  {
    name: 'opportunity',
    fields: [
      { name: 'name', type: 'text' },
      { name: 'account', type: 'lookup', target: 'account' },
      { name: 'amount', type: 'number', precision: 18, scale: 2 },
      { name: 'stage', type: 'text' },
      { name: 'code', type: 'text', unique: true },
    ],
  },
];

export interface RollupTenant {
  id: string;
  schema: string;
  api: Client;
  md: Client;
  key: string;
  apply(document: Record<string, unknown>): Promise<any>;
  sql(text: string, params?: unknown[]): Promise<any[]>;
}

export async function rollupTenant(server: RunningServer, objects: unknown[] = OBJECTS): Promise<RollupTenant> {
  const created = await newTenant(server, 'rollup');
  const md = metadataClient(server, created.apiKey);
  const apply = (d: Record<string, unknown>) => md(`mutation($d: JSON!) { applyMetadata(document: $d) { version changes { action target statements notes } } }`, { d });
  ok(await apply({ objects }));
  return {
    id: created.tenant.id,
    schema: created.tenant.schema,
    key: created.apiKey,
    api: (q, v) => gql(server, '/graphql', created.apiKey, q, v),
    md,
    apply,
    sql: async (text, params = []) => (await server.platform.pool.query(text, params)).rows,
  };
}

/** The account's roll-ups as stored, read through the API. */
export async function rollupsOf(t: RollupTenant, id: string): Promise<Record<string, number | null>> {
  return ok(await t.api(`query($id: ID!) { account(id: $id) { opps total smallest largest average won } }`, { id })).account;
}

/** The same values counted from the children (the oracle every test compares with). */
export async function recount(t: RollupTenant, id: string): Promise<Record<string, number | null>> {
  const [r] = await t.sql(
    `select count(*)::int as opps, coalesce(sum(amount), 0) as total, min(amount) as smallest, max(amount) as largest, avg(amount) as average,
            coalesce(sum(amount) filter (where stage = 'won'), 0) as won
     from "${t.schema}"."opportunity" where account = $1 and "deletedAt" is null`, [id]);
  const num = (v: unknown) => (v === null ? null : Number(v));
  return { opps: r.opps, total: num(r.total), smallest: num(r.smallest), largest: num(r.largest), average: num(r.average), won: num(r.won) };
}

/** Asserts the stored roll-ups equal a recount (AVG to 9 significant digits: both divide the same sum by the same count). */
export async function expectRecount(t: RollupTenant, id: string): Promise<Record<string, number | null>> {
  const [stored, counted] = [await rollupsOf(t, id), await recount(t, id)];
  const round = (v: number | null) => (v === null ? null : Number(v.toPrecision(9)));
  expect({ ...stored, average: round(stored.average) }).toEqual({ ...counted, average: round(counted.average) });
  return stored;
}

export const createAccount = async (t: RollupTenant, name: string): Promise<string> =>
  ok(await t.api(`mutation($d: AccountCreateInput!) { createAccount(data: $d) { id } }`, { d: { name } })).createAccount.id;

export const createOpp = async (t: RollupTenant, data: Record<string, unknown>): Promise<string> =>
  ok(await t.api(`mutation($d: OpportunityCreateInput!) { createOpportunity(data: $d) { id } }`, { d: data })).createOpportunity.id;
