import { expect } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import type { CreatedTenant } from '../../src/tenancy/index.ts';
import { gql, metadataClient, newTenant, type GraphQLResponse } from '../support/server.ts';

/**
 * The fixture tenant of the data-API read suites: accounts, contacts and leads with fixed ids and
 * "createdAt" values, seeded with plain SQL into the tenant's tables. The rows are exported as data
 * so that tests compute what the API must answer independently of the SQL the platform generates.
 * A few values are relative to the day the fixture is seeded (for today / lastNDays / thisMonth).
 */

export const METADATA = {
  objects: [
    {
      name: 'account',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'industry', type: 'select', options: [{ value: 'fmcg' }, { value: 'manufacturing' }, { value: 'tech' }] },
        { name: 'region', type: 'text' },
        { name: 'revenue', type: 'currency', currencyCode: 'CNY' },
        { name: 'founded', type: 'date' },
        { name: 'location', type: 'geolocation' },
        { name: 'tags', type: 'multiSelect', options: [{ value: 'vip' }, { value: 'partner' }, { value: 'new' }] },
      ],
    },
    {
      name: 'contact',
      fields: [
        { name: 'account', type: 'lookup', target: 'account', relationName: 'contacts' },
        { name: 'fullName', type: 'text' },
        { name: 'email', type: 'email', unique: true },
        { name: 'phone', type: 'phone' },
      ],
    },
    {
      name: 'lead',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'phone', type: 'phone' },
        { name: 'status', type: 'select', options: ['UQL', 'MQL', 'SQL', 'WON', 'LOST'].map((value) => ({ value })) },
        { name: 'source', type: 'select', options: [{ value: 'website' }, { value: 'sem' }, { value: 'referral' }] },
        { name: 'score', type: 'integer' },
        { name: 'amount', type: 'number' },
        { name: 'account', type: 'lookup', target: 'account', relationName: 'leads' },
        { name: 'rep', type: 'user' },
        { name: 'lastContactAt', type: 'dateTime' },
        { name: 'notes', type: 'longText' },
        // Not in the brief's list: a boolean to group by (groupBy on boolean fields).
        { name: 'hot', type: 'boolean' },
      ],
    },
  ],
};

export type Money = { amount: number; currency: string };
export type Geo = { lat: number; lng: number };
export interface AccountRow { id: string; name: string; industry: string | null; region: string | null; revenue: Money | null; founded: string | null; location: Geo | null; tags: string[] | null; createdAt: string; deletedAt: string | null }
export interface ContactRow { id: string; account: string | null; fullName: string; email: string | null; phone: string | null; createdAt: string; deletedAt: string | null }
export type RepKey = 'admin' | 'rita' | null;
export interface LeadRow { id: string; name: string; phone: string | null; status: string; source: string | null; score: number | null; amount: number | null; account: string | null; rep: RepKey; lastContactAt: string | null; notes: string | null; hot: boolean | null; createdAt: string; deletedAt: string | null }

export const accountId = (n: number) => `a0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const contactId = (n: number) => `c0000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const leadId = (n: number) => `1e000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;
export const genLeadId = (i: number) => `9e000000-0000-4000-8000-${i.toString(16).padStart(12, '0')}`;

/** Shanghai, Suzhou (~84 km), Hangzhou (~165 km), Nanjing (~270 km), Beijing, Shenzhen. */
export const PLACES = {
  shanghai: { lat: 31.2304, lng: 121.4737 }, suzhou: { lat: 31.2989, lng: 120.5853 }, hangzhou: { lat: 30.2741, lng: 120.1551 },
  nanjing: { lat: 32.0603, lng: 118.7969 }, beijing: { lat: 39.9042, lng: 116.4074 }, shenzhen: { lat: 22.5431, lng: 114.0579 },
};

export const GENERATED = 900;
export const STATUSES = ['UQL', 'MQL', 'SQL', 'WON', 'LOST'];
export const SOURCES = ['website', 'sem', 'referral'];

const day = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

/** The fixture's rows; `today` is UTC midnight of the seeding day. */
export function fixtureData(today: number) {
  const todayDate = iso(today).slice(0, 10);
  const A = (n: number, name: string, industry: string | null, region: string | null, revenue: Money | null, founded: string | null, location: Geo | null, tags: string[] | null, deletedAt: string | null = null): AccountRow =>
    ({ id: accountId(n), name, industry, region, revenue, founded, location, tags, createdAt: `2024-01-${String(9 + n).padStart(2, '0')}T08:00:00.000Z`, deletedAt });
  const accounts: AccountRow[] = [
    A(1, 'Acme Foods', 'fmcg', 'East', { amount: 1_000_000, currency: 'CNY' }, '2001-03-15', PLACES.shanghai, ['vip', 'partner']),
    A(2, 'Bolt Manufacturing', 'manufacturing', 'North', { amount: 500_000, currency: 'CNY' }, '1995-07-01', PLACES.beijing, ['partner']),
    A(3, 'Cloudware', 'tech', 'South', { amount: 2_500_000.5, currency: 'USD' }, '2015-11-30', PLACES.shenzhen, ['new']),
    A(4, 'Dragon Snacks', 'fmcg', 'East', null, null, PLACES.hangzhou, ['vip']),
    A(5, 'Eastern Tools', 'manufacturing', null, { amount: 120_000, currency: 'CNY' }, todayDate, null, null),
    A(6, 'Fintech 50%_Lab', 'tech', 'West', { amount: 80_000, currency: 'CNY' }, '2019-06-01', PLACES.suzhou, []),
    A(7, 'Global Mart', 'fmcg', 'North', { amount: 3_000_000, currency: 'CNY' }, '1990-01-01', PLACES.nanjing, ['vip', 'new']),
    A(8, 'Hidden Co', 'fmcg', 'East', { amount: 9_999_999, currency: 'CNY' }, '2000-01-01', PLACES.shanghai, ['vip', 'partner', 'new'], '2024-06-01T00:00:00.000Z'),
  ];
  const C = (n: number, fullName: string, email: string | null, phone: string | null, account: number | null, deletedAt: string | null = null): ContactRow =>
    ({ id: contactId(n), account: account === null ? null : accountId(account), fullName, email, phone, createdAt: `2024-02-${String(n).padStart(2, '0')}T09:00:00.000Z`, deletedAt });
  const contacts: ContactRow[] = [
    C(1, 'Alice Wang', 'alice@acme.cn', '+86 21 5555 0101', 1),
    C(2, 'Bob Li', 'bob@acme.cn', null, 1),
    C(3, 'Carol Zhang', 'carol@bolt.com', '+86 10 5555 0303', 2),
    C(4, 'Dan Chen', 'dan@cloudware.io', null, 3),
    C(5, 'Eve Zhao', 'eve@example.com', null, 3),
    C(6, 'Frank Wu', 'frank@dragon.cn', null, 4),
    C(7, 'Grace Sun', null, null, 6),
    C(8, 'Henry Zhou', 'henry@nowhere.org', null, null),
    C(9, 'Ivy Gone', 'ivy@bolt.cn', null, 2, '2024-05-01T00:00:00.000Z'),
  ];
  type L = Omit<LeadRow, 'id' | 'createdAt' | 'deletedAt'>;
  const H = (n: number, createdAt: string, l: L, deletedAt: string | null = null): LeadRow => ({ id: leadId(n), ...l, createdAt, deletedAt });
  const rel = (days: number, hours: number) => iso(today + days * day + hours * 3_600_000);
  const leads: LeadRow[] = [
    // l01..l03 share one createdAt (ties broken by id).
    H(1, '2024-03-01T10:00:00.000Z', { name: 'Zhang Wei', phone: '+86 138 0000 0001', status: 'MQL', source: 'sem', score: 80, amount: 1200.5, account: accountId(1), rep: 'admin', lastContactAt: rel(0, 9), notes: 'Met at expo; wants 100% coverage', hot: true }),
    H(2, '2024-03-01T10:00:00.000Z', { name: 'Li Na', phone: null, status: 'SQL', source: 'website', score: 95, amount: 5000, account: accountId(1), rep: 'rita', lastContactAt: rel(-3, 12), notes: null, hot: false }),
    H(3, '2024-03-01T10:00:00.000Z', { name: 'Wang Fang', phone: '+86 139 1111 2222', status: 'UQL', source: 'referral', score: null, amount: null, account: accountId(2), rep: null, lastContactAt: rel(-20, 12), notes: 'snake_case_name', hot: null }),
    H(4, '2024-03-02T10:00:00.000Z', { name: 'Liu Yang', phone: '+86 137 0000 0004', status: 'WON', source: 'website', score: 60, amount: 25000, account: accountId(3), rep: 'admin', lastContactAt: null, notes: null, hot: true }),
    H(5, '2024-03-03T10:00:00.000Z', { name: 'Chen Jie', phone: null, status: 'LOST', source: 'sem', score: 10, amount: 99.99, account: accountId(4), rep: null, lastContactAt: rel(-40, 12), notes: null, hot: false }),
    H(6, '2024-03-04T10:00:00.000Z', { name: 'Yang Ming', phone: '+86 136 0000 0006', status: 'MQL', source: 'referral', score: 80, amount: 700, account: null, rep: 'rita', lastContactAt: null, notes: null, hot: null }),
    H(7, '2024-03-05T10:00:00.000Z', { name: 'Zhao Lei', phone: null, status: 'SQL', source: 'sem', score: 45, amount: 3200, account: accountId(6), rep: null, lastContactAt: null, notes: null, hot: null }),
    H(8, '2024-03-06T10:00:00.000Z', { name: 'Huang Min', phone: '+86 135 0000 0008', status: 'MQL', source: 'website', score: 80, amount: null, account: accountId(5), rep: 'admin', lastContactAt: null, notes: null, hot: true }),
    H(9, '2024-03-07T10:00:00.000Z', { name: 'Sun Li', phone: null, status: 'WON', source: 'referral', score: 100, amount: 88000, account: accountId(7), rep: 'rita', lastContactAt: null, notes: null, hot: null }),
    H(10, '2024-03-08T10:00:00.000Z', { name: 'Zhou Xun', phone: null, status: 'MQL', source: 'sem', score: null, amount: 150, account: accountId(1), rep: null, lastContactAt: null, notes: null, hot: null }),
    H(11, '2024-03-09T10:00:00.000Z', { name: 'Wu 100%_Deal', phone: null, status: 'UQL', source: 'website', score: 5, amount: 10, account: accountId(3), rep: null, lastContactAt: null, notes: null, hot: null }),
    H(12, '2024-03-10T10:00:00.000Z', { name: 'Deleted Lead', phone: null, status: 'MQL', source: 'sem', score: 99, amount: 1, account: accountId(1), rep: 'admin', lastContactAt: rel(0, 1), notes: null, hot: true }, '2024-04-01T00:00:00.000Z'),
  ];
  const generatedAccounts = [accountId(1), accountId(2), accountId(3), accountId(4), accountId(5), null];
  for (let i = 0; i < GENERATED; i++) {
    leads.push({
      id: genLeadId(i),
      name: `Gen ${String(i).padStart(3, '0')}`,
      phone: `+86 139 0000 ${String(i).padStart(4, '0')}`,
      status: STATUSES[i % 5],
      source: SOURCES[i % 3],
      score: i % 11 === 0 ? null : (i * 37) % 101,
      amount: i % 7 === 0 ? null : ((i * 53) % 1000) + 0.5,
      account: generatedAccounts[i % 6],
      rep: i % 4 === 0 ? 'admin' : i % 4 === 1 ? 'rita' : null,
      lastContactAt: i % 9 === 0 ? null : iso(Date.UTC(2024, 5, 1) + i * 3_600_000),
      notes: i % 50 === 0 ? `generated note ${i}` : null,
      hot: i % 4 === 0 ? true : i % 4 === 2 ? false : null,
      createdAt: iso(Date.UTC(2025, 0, 1) + i * 6 * 3_600_000),
      deletedAt: null,
    });
  }
  return { accounts, contacts, leads };
}

export type FixtureData = ReturnType<typeof fixtureData>;

export interface Fixture {
  server: RunningServer;
  tenant: CreatedTenant;
  /** User ids of the reps. */
  users: { admin: string; rita: string };
  today: number;
  data: FixtureData;
  live: { accounts: AccountRow[]; contacts: ContactRow[]; leads: LeadRow[] };
  /** POST /graphql as the tenant admin. */
  api<T = any>(query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>>;
  /** POST /graphql and expect no errors. */
  q<T = any>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

async function insertRows(server: RunningServer, table: string, columns: string[], rows: unknown[][]): Promise<void> {
  for (let start = 0; start < rows.length; start += 500) {
    const chunk = rows.slice(start, start + 500);
    const params: unknown[] = [];
    const values = chunk.map((row) => `(${row.map((v) => { params.push(v); return `$${params.length}`; }).join(', ')})`);
    await server.platform.pool.query(`insert into ${table} (${columns.map((c) => `"${c}"`).join(', ')}) values ${values.join(', ')}`, params);
  }
}

/** A new tenant with the fixture's objects and rows. */
export async function createFixture(server: RunningServer): Promise<Fixture> {
  const tenant = await newTenant(server, 'fx');
  // The suites send hundreds of requests in a few seconds: lift the per-key and per-tenant rate limits.
  const unlimited = { rate: 1_000_000, burst: 1_000_000 };
  await server.platform.pool.query(`update tessera.tenants set settings = coalesce(settings, '{}'::jsonb) || $2::jsonb where id = $1`, [tenant.tenant.id, { rateLimits: { perKey: unlimited, perTenant: unlimited } }]);
  const applied = await metadataClient(server, tenant.apiKey)(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: METADATA });
  if (applied.errors) throw new Error(`fixture metadata: ${JSON.stringify(applied.errors)}`);
  const rita = (await server.platform.pool.query(`insert into tessera.users (tenant_id, email, name) values ($1, 'rita@fixture.test', 'Rita Rep') returning id`, [tenant.tenant.id])).rows[0].id as string;
  const users = { admin: tenant.admin.id, rita };
  const now = new Date();
  const today = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const data = fixtureData(today);
  const s = `"${tenant.tenant.schema}"`;
  const sys = (r: { id: string; createdAt: string; deletedAt: string | null }) => [r.id, r.createdAt, r.createdAt, users.admin, users.admin, users.admin, r.deletedAt];
  const sysCols = ['id', 'createdAt', 'updatedAt', 'createdBy', 'updatedBy', 'ownerId', 'deletedAt'];
  await insertRows(server, `${s}."account"`, [...sysCols, 'name', 'industry', 'region', 'revenue', 'revenue__currency', 'founded', 'location__lat', 'location__lng', 'tags'],
    data.accounts.map((a) => [...sys(a), a.name, a.industry, a.region, a.revenue?.amount ?? null, a.revenue?.currency ?? null, a.founded, a.location?.lat ?? null, a.location?.lng ?? null, a.tags]));
  await insertRows(server, `${s}."contact"`, [...sysCols, 'account', 'fullName', 'email', 'phone'],
    data.contacts.map((c) => [...sys(c), c.account, c.fullName, c.email, c.phone]));
  await insertRows(server, `${s}."lead"`, [...sysCols, 'name', 'phone', 'status', 'source', 'score', 'amount', 'account', 'rep', 'lastContactAt', 'notes', 'hot'],
    data.leads.map((l) => [...sys(l), l.name, l.phone, l.status, l.source, l.score, l.amount, l.account, l.rep ? users[l.rep] : null, l.lastContactAt, l.notes, l.hot]));
  const api = <T = any>(query: string, variables?: Record<string, unknown>) => gql<T>(server, '/graphql', tenant.apiKey, query, variables);
  return {
    server, tenant, users, today, data,
    live: { accounts: data.accounts.filter((r) => !r.deletedAt), contacts: data.contacts.filter((r) => !r.deletedAt), leads: data.leads.filter((r) => !r.deletedAt) },
    api,
    async q<T = any>(query: string, variables?: Record<string, unknown>): Promise<T> {
      const res = await api<T>(query, variables);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      expect(res.status).toBe(200);
      return res.data as T;
    },
  };
}

/** Great-circle distance in km (the same haversine the platform uses, computed here independently). */
export function distanceKm(a: Geo, b: Geo): number {
  const rad = (d: number) => (d * Math.PI) / 180;
  const h = Math.sin(rad(b.lat - a.lat) / 2) ** 2 + Math.cos(rad(a.lat)) * Math.cos(rad(b.lat)) * Math.sin(rad(b.lng - a.lng) / 2) ** 2;
  return 6371.0088 * 2 * Math.asin(Math.sqrt(h));
}
