import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { accountId, createFixture, distanceKm, PLACES, type AccountRow, type ContactRow, type Fixture, type LeadRow } from './fixture.ts';

/**
 * Read-side behaviour of the generated API over the fixture tenant. Every expectation is computed
 * here from the fixture's rows (never from the SQL the platform generates).
 */

let server: RunningServer;
let fx: Fixture;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
});
afterAll(async () => { await server?.close(); });

type Objects = { leads: LeadRow; accounts: AccountRow; contacts: ContactRow };
const TYPE = { leads: 'Lead', accounts: 'Account', contacts: 'Contact' } as const;
const DAY = 86_400_000;
const ms = (iso: string | null) => (iso === null ? null : Date.parse(iso));
const hand = (l: LeadRow) => l.createdAt < '2025';

/** Runs `filter` (as a variable) over a list and checks the matching ids against `expected` over the fixture rows. */
async function check<K extends keyof Objects>(list: K, filter: unknown, expected: (row: Objects[K]) => boolean): Promise<number> {
  const want = (fx.live[list] as Objects[K][]).filter(expected).map((r) => r.id).sort();
  const data = await fx.q(`query($f: ${TYPE[list]}Filter) { l: ${list}(filter: $f, orderBy: [{id: ASC}], first: 500) { totalCount nodes { id } } }`, { f: filter });
  expect(data.l.totalCount, JSON.stringify(filter)).toBe(want.length);
  expect(data.l.nodes.map((n: { id: string }) => n.id), JSON.stringify(filter)).toEqual(want.slice(0, 500));
  return want.length;
}

describe('filter operators per field type', () => {
  it('text: eq, neq (with nulls), in, nin, gt/gte/lt/lte, isNull', async () => {
    await check('accounts', { name: { eq: 'Cloudware' } }, (a) => a.name === 'Cloudware');
    expect(await check('accounts', { region: { neq: 'East' } }, (a) => a.region !== 'East')).toBe(5); // Eastern Tools has no region: included
    await check('accounts', { region: { in: ['East', 'West'] } }, (a) => a.region === 'East' || a.region === 'West');
    await check('accounts', { region: { nin: ['East', 'West'] } }, (a) => a.region !== 'East' && a.region !== 'West');
    await check('accounts', { name: { gt: 'Cloudware' } }, (a) => a.name > 'Cloudware');
    await check('accounts', { name: { gte: 'Cloudware', lte: 'Eastern Tools' } }, (a) => a.name >= 'Cloudware' && a.name <= 'Eastern Tools');
    await check('accounts', { name: { lt: 'Cloudware' } }, (a) => a.name < 'Cloudware');
    await check('accounts', { region: { isNull: true } }, (a) => a.region === null);
    await check('accounts', { region: { isNull: false } }, (a) => a.region !== null);
  });

  it('text: like is case-sensitive SQL pattern, ilike is not; startsWith/endsWith/contains escape % and _', async () => {
    await check('accounts', { name: { like: 'Acme%' } }, (a) => a.name.startsWith('Acme'));
    await check('accounts', { name: { like: 'acme%' } }, () => false);
    await check('accounts', { name: { like: '%o_s' } }, (a) => /o.s$/.test(a.name));
    await check('accounts', { name: { ilike: 'ACME%' } }, (a) => a.name.startsWith('Acme'));
    await check('accounts', { name: { startsWith: 'acme' } }, (a) => a.name.startsWith('Acme'));
    await check('accounts', { name: { startsWith: 'Acme_' } }, () => false); // `_` unescaped would match "Acme Foods"
    await check('accounts', { name: { endsWith: 'MART' } }, (a) => a.name === 'Global Mart');
    await check('accounts', { name: { endsWith: '%_lab' } }, (a) => a.name === 'Fintech 50%_Lab');
    await check('accounts', { name: { contains: '%' } }, (a) => a.name.includes('%'));
    await check('accounts', { name: { contains: '_' } }, (a) => a.name.includes('_'));
    await check('accounts', { name: { contains: '\\' } }, () => false);
    await check('accounts', { name: { contains: 'O' } }, (a) => a.name.toLowerCase().includes('o'));
    await check('leads', { name: { contains: '0%_d' } }, (l) => l.name === 'Wu 100%_Deal');
    await check('leads', { notes: { contains: '_' } }, (l) => (l.notes ?? '').includes('_'));
    await check('leads', { notes: { contains: '100%' } }, (l) => (l.notes ?? '').includes('100%'));
    await check('leads', { notes: { isNull: false, startsWith: 'generated' } }, (l) => (l.notes ?? '').startsWith('generated'));
    await check('contacts', { email: { ilike: '%@ACME.CN' } }, (c) => (c.email ?? '').endsWith('@acme.cn'));
    await check('contacts', { email: { neq: 'bob@acme.cn' } }, (c) => c.email !== 'bob@acme.cn'); // null email included
    await check('contacts', { phone: { contains: '5555 0' } }, (c) => (c.phone ?? '').includes('5555 0'));
  });

  it('integer, number and currency: eq, neq (with nulls), in, nin, comparisons, isNull', async () => {
    await check('leads', { score: { eq: 80 } }, (l) => l.score === 80);
    await check('leads', { score: { neq: 80 }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.score !== 80);
    await check('leads', { score: { in: [5, 10, 100] } }, (l) => [5, 10, 100].includes(l.score as number));
    await check('leads', { score: { nin: [80, 95] }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.score !== 80 && l.score !== 95);
    await check('leads', { score: { gt: 97 } }, (l) => l.score !== null && l.score > 97);
    await check('leads', { score: { gte: 98, lte: 99 } }, (l) => l.score !== null && l.score >= 98 && l.score <= 99);
    await check('leads', { score: { lt: 2 } }, (l) => l.score !== null && l.score < 2);
    await check('leads', { score: { isNull: true } }, (l) => l.score === null);
    await check('leads', { amount: { eq: 1200.5 } }, (l) => l.amount === 1200.5);
    await check('leads', { amount: { gt: 998 } }, (l) => l.amount !== null && l.amount > 998);
    await check('leads', { amount: { lte: 99.99 } }, (l) => l.amount !== null && l.amount <= 99.99);
    await check('leads', { amount: { in: [10, 150] } }, (l) => l.amount === 10 || l.amount === 150);
    await check('accounts', { revenue: { gt: 500000 } }, (a) => a.revenue !== null && a.revenue.amount > 500000);
    await check('accounts', { revenue: { lte: 500000 } }, (a) => a.revenue !== null && a.revenue.amount <= 500000);
    await check('accounts', { revenue: { eq: 2500000.5 } }, (a) => a.revenue?.amount === 2500000.5);
    await check('accounts', { revenue: { neq: 80000 } }, (a) => a.revenue?.amount !== 80000);
    await check('accounts', { revenue: { isNull: true } }, (a) => a.revenue === null);
  });

  it('date and dateTime: comparisons, in, isNull, and relative ranges', async () => {
    await check('accounts', { founded: { eq: '2001-03-15' } }, (a) => a.founded === '2001-03-15');
    await check('accounts', { founded: { gt: '2000-01-01', lt: '2020-01-01' } }, (a) => a.founded !== null && a.founded > '2000-01-01' && a.founded < '2020-01-01');
    await check('accounts', { founded: { in: ['1990-01-01', '1995-07-01'] } }, (a) => ['1990-01-01', '1995-07-01'].includes(a.founded as string));
    await check('accounts', { founded: { isNull: true } }, (a) => a.founded === null);
    await check('accounts', { founded: { today: true } }, (a) => a.founded === new Date(fx.today).toISOString().slice(0, 10));
    await check('accounts', { founded: { lastNDays: 0 } }, (a) => a.founded === new Date(fx.today).toISOString().slice(0, 10));
    await check('leads', { createdAt: { gte: '2025-08-13T00:00:00Z' } }, (l) => l.createdAt >= '2025-08-13');
    await check('leads', { createdAt: { eq: '2024-03-01T10:00:00Z' } }, (l) => l.createdAt === '2024-03-01T10:00:00.000Z');
    await check('leads', { lastContactAt: { isNull: true }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.lastContactAt === null);
    const t = fx.today;
    const d = new Date(t);
    const within = (l: LeadRow, from: number, to: number) => l.lastContactAt !== null && ms(l.lastContactAt)! >= from && ms(l.lastContactAt)! < to;
    await check('leads', { lastContactAt: { today: true } }, (l) => within(l, t, t + DAY));
    await check('leads', { lastContactAt: { yesterday: true } }, (l) => within(l, t - DAY, t));
    await check('leads', { lastContactAt: { lastNDays: 7 } }, (l) => within(l, t - 7 * DAY, t + DAY));
    await check('leads', { lastContactAt: { lastNDays: 30 } }, (l) => within(l, t - 30 * DAY, t + DAY));
    await check('leads', { lastContactAt: { thisMonth: true } }, (l) => within(l, Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1), Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1)));
    await check('leads', { lastContactAt: { thisYear: true } }, (l) => within(l, Date.UTC(d.getUTCFullYear(), 0, 1), Date.UTC(d.getUTCFullYear() + 1, 0, 1)));
    await check('leads', { lastContactAt: { nextNDays: 3 } }, (l) => within(l, t, t + 4 * DAY));
  });

  it('boolean, select (enum literal or string), multiSelect, geolocation, user', async () => {
    await check('leads', { hot: { eq: true } }, (l) => l.hot === true);
    await check('leads', { hot: { eq: false } }, (l) => l.hot === false);
    await check('leads', { hot: { neq: true }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.hot !== true);
    await check('leads', { hot: { isNull: true }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.hot === null);
    await check('leads', { status: { neq: 'MQL' }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.status !== 'MQL');
    await check('leads', { status: { in: ['WON', 'LOST'] }, source: { nin: ['sem'] } }, (l) => ['WON', 'LOST'].includes(l.status) && l.source !== 'sem');
    await check('accounts', { industry: { isNull: false } }, (a) => a.industry !== null);
    for (const literal of ['status: {eq: MQL}', 'status: {eq: "MQL"}', 'status: {in: [MQL, "SQL"]}']) {
      const data = await fx.q(`{ leads(filter: {${literal}, createdAt: {lt: "2025-01-01T00:00:00Z"}}, orderBy: [{id: ASC}]) { nodes { name status } } }`);
      const want = literal.includes('in') ? ['MQL', 'SQL'] : ['MQL'];
      expect(data.leads.nodes.map((n: any) => n.name)).toEqual(fx.live.leads.filter((l) => hand(l) && want.includes(l.status)).map((l) => l.name));
    }
    const bad = await fx.api('{ leads(filter: {status: {eq: "mql"}}) { totalCount } }');
    expect(bad.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await check('accounts', { tags: { containsAny: ['partner', 'new'] } }, (a) => (a.tags ?? []).some((t) => t === 'partner' || t === 'new'));
    await check('accounts', { tags: { containsAll: ['vip', 'new'] } }, (a) => ['vip', 'new'].every((t) => (a.tags ?? []).includes(t)));
    await check('accounts', { tags: { isNull: false } }, (a) => a.tags !== null);
    for (const km of [0.5, 90, 170, 300, 20000]) {
      await check('accounts', { location: { within: { ...PLACES.shanghai, km } } }, (a) => a.location !== null && distanceKm(PLACES.shanghai, a.location) <= km);
    }
    // Acme lies due north of this centre at 99.997 km: inside a 100 km radius (the latitude pre-filter must not cut it off).
    const south = { lat: PLACES.shanghai.lat - 0.8993, lng: PLACES.shanghai.lng };
    expect(distanceKm(south, PLACES.shanghai)).toBeLessThan(100);
    await check('accounts', { location: { within: { ...south, km: 100 } } }, (a) => a.location !== null && distanceKm(south, a.location) <= 100);
    await check('accounts', { location: { isNull: false } }, (a) => a.location !== null);
    const bad2 = await fx.api('{ accounts(filter: {location: {within: {lat: 91, lng: 0, km: 1}}}) { totalCount } }');
    expect(bad2.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    await check('leads', { rep: { eq: fx.users.rita } }, (l) => l.rep === 'rita');
    await check('leads', { rep: { neq: fx.users.rita }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.rep !== 'rita');
    await check('leads', { rep: { in: [fx.users.admin] }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.rep === 'admin');
    await check('leads', { rep: { isNull: true }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.rep === null);
    await check('leads', { owner: { eq: fx.users.admin }, id: { in: [fx.data.leads[0].id, fx.data.leads[1].id] } }, (l) => l.id === fx.data.leads[0].id || l.id === fx.data.leads[1].id);
    await check('leads', { id: { nin: [fx.data.leads[0].id] }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && l.id !== fx.data.leads[0].id);
  });
});

describe('and / or / not, lookups, children', () => {
  it('combines with and, or, not (not keeps rows where the condition is unknown)', async () => {
    await check('leads', { or: [{ status: { eq: 'WON' } }, { score: { gte: 99 } }] }, (l) => l.status === 'WON' || (l.score ?? -1) >= 99);
    await check('leads', { not: { status: { in: ['MQL', 'SQL'] } } }, (l) => !['MQL', 'SQL'].includes(l.status));
    await check('leads', { not: { score: { gte: 50 } }, createdAt: { lt: '2025-01-01T00:00:00Z' } }, (l) => hand(l) && !(l.score !== null && l.score >= 50));
    await check('leads', { and: [{ score: { gte: 50 } }, { score: { lt: 52 } }] }, (l) => l.score !== null && l.score >= 50 && l.score < 52);
    await check('leads', { and: [], score: { eq: 100 } }, (l) => l.score === 100);
    await check('leads', { or: [] }, () => false);
    await check('leads', { or: [{ and: [{ hot: { eq: true } }, { source: { eq: 'sem' } }] }, { not: { or: [{ amount: { isNull: false } }, { score: { isNull: false } }] } }] },
      (l) => (l.hot === true && l.source === 'sem') || (l.amount === null && l.score === null));
  });

  it('filters through lookups, including id isNull for none', async () => {
    const acc = new Map(fx.live.accounts.map((a) => [a.id, a]));
    await check('leads', { account: { industry: { eq: 'fmcg' } } }, (l) => acc.get(l.account as string)?.industry === 'fmcg');
    await check('leads', { account: { id: { isNull: true } } }, (l) => l.account === null);
    await check('leads', { account: { id: { eq: accountId(3) } } }, (l) => l.account === accountId(3));
    await check('leads', { account: { id: { in: [accountId(3), accountId(4)] }, name: { startsWith: 'd' } } }, (l) => l.account === accountId(4));
    await check('leads', { account: { tags: { containsAny: ['new'] } }, status: { eq: 'SQL' } }, (l) => l.status === 'SQL' && (acc.get(l.account as string)?.tags ?? []).includes('new'));
    await check('contacts', { account: { location: { within: { ...PLACES.shanghai, km: 100 } } } }, (c) => c.account === accountId(1) || c.account === accountId(6));
  });

  it('filters over children with Some, None and Every (deleted children ignored, Every holds for none)', async () => {
    const contactsOf = (a: AccountRow) => fx.live.contacts.filter((c) => c.account === a.id);
    const leadsOf = (a: AccountRow) => fx.live.leads.filter((l) => l.account === a.id);
    const cn = (c: ContactRow) => (c.email ?? '').endsWith('.cn') && c.email !== null;
    await check('accounts', { contactsSome: { email: { endsWith: '.cn' } } }, (a) => contactsOf(a).some(cn));
    await check('accounts', { contactsNone: { email: { endsWith: '.cn' } } }, (a) => !contactsOf(a).some(cn));
    await check('accounts', { contactsEvery: { email: { endsWith: '.cn' } } }, (a) => contactsOf(a).every(cn));
    await check('accounts', { contactsSome: {} }, (a) => contactsOf(a).length > 0);
    await check('accounts', { leadsEvery: { status: { eq: 'MQL' } } }, (a) => leadsOf(a).every((l) => l.status === 'MQL'));
    await check('accounts', { leadsSome: { score: { eq: 100 }, status: { eq: 'WON' } }, contactsNone: { phone: { isNull: false } } },
      (a) => leadsOf(a).some((l) => l.score === 100 && l.status === 'WON') && !contactsOf(a).some((c) => c.phone !== null));
  });

  it('takes filters, page sizes and orders from variables', async () => {
    const data = await fx.q('query($f: LeadFilter!, $n: Int) { leads(filter: $f, first: $n, orderBy: [{score: ASC}]) { nodes { score } } }', { f: { status: { eq: 'WON' }, score: { gte: 90 } }, n: 4 });
    const want = fx.live.leads.filter((l) => l.status === 'WON' && (l.score ?? -1) >= 90).map((l) => l.score!).sort((a, b) => a - b).slice(0, 4);
    expect(data.leads.nodes.map((n: any) => n.score)).toEqual(want);
  });
});

/** The fixture's order for `[{key: dir}, …]` with the id last (in the last key's direction), as the API promises. */
function sorter(keys: [keyof LeadRow, string][]) {
  const terms = [...keys, ['id', keys[keys.length - 1][1].startsWith('DESC') ? 'DESC_NULLS_LAST' : 'ASC'] as [keyof LeadRow, string]];
  return (a: LeadRow, b: LeadRow) => {
    for (const [key, dir] of terms) {
      const desc = dir.startsWith('DESC');
      const nullsFirst = dir === 'DESC' || dir === 'ASC_NULLS_FIRST';
      const x = a[key], y = b[key];
      if (x === y) continue;
      if (x === null) return nullsFirst ? -1 : 1;
      if (y === null) return nullsFirst ? 1 : -1;
      const c = x! < y! ? -1 : 1;
      return desc ? -c : c;
    }
    return 0;
  };
}

describe('order and pages', () => {
  const orders: [keyof LeadRow, string][][] = [
    [['score', 'DESC'], ['createdAt', 'ASC']],
    [['hot', 'ASC_NULLS_FIRST'], ['createdAt', 'DESC']],
    [['status', 'ASC'], ['score', 'DESC_NULLS_LAST'], ['amount', 'ASC']],
    [['createdAt', 'DESC']],
  ];
  for (const order of orders) {
    const orderBy = `[${order.map(([k, d]) => `{${k}: ${d}}`).join(', ')}]`;
    it(`walks every page of ${orderBy} forwards (first/after) and backwards (last/before), each record once, in order`, async () => {
      const filter = '{createdAt: {lt: "2025-01-01T00:00:00Z"}}';
      const want = fx.live.leads.filter(hand).sort(sorter(order)).map((l) => l.name);
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 10; page++) {
        const data: any = await fx.q(`query($a: String) { leads(filter: ${filter}, orderBy: ${orderBy}, first: 3, after: $a) { pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { name } } } }`, { a: after });
        const { pageInfo, edges } = data.leads;
        seen.push(...edges.map((e: any) => e.node.name));
        expect(pageInfo.startCursor).toBe(edges[0]?.cursor ?? null);
        expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
        expect(pageInfo.hasPreviousPage).toBe(after !== null);
        expect(pageInfo.hasNextPage).toBe(seen.length < want.length);
        if (!pageInfo.hasNextPage) break;
        after = pageInfo.endCursor;
      }
      expect(seen).toEqual(want);
      const back: string[] = [];
      let before: string | null = null;
      for (let page = 0; page < 10; page++) {
        const data: any = await fx.q(`query($b: String) { leads(filter: ${filter}, orderBy: ${orderBy}, last: 3, before: $b) { pageInfo { hasPreviousPage startCursor } nodes { name } } }`, { b: before });
        back.unshift(...data.leads.nodes.map((n: any) => n.name));
        if (!data.leads.pageInfo.hasPreviousPage) break;
        before = data.leads.pageInfo.startCursor;
      }
      expect(back).toEqual(want);
    });
  }

  it('pages a large ordered list with ties (status, then score) without loss or repetition', async () => {
    const want = fx.live.leads.filter((l) => l.account === accountId(2)).sort(sorter([['status', 'ASC'], ['score', 'DESC_NULLS_LAST']])).map((l) => l.id);
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const data: any = await fx.q('query($a: String) { leads(filter: {account: {id: {eq: "a0000000-0000-4000-8000-000000000002"}}}, orderBy: [{status: ASC}, {score: DESC_NULLS_LAST}], first: 7, after: $a) { pageInfo { hasNextPage endCursor } nodes { id } } }', { a: after });
      seen.push(...data.leads.nodes.map((n: any) => n.id));
      after = data.leads.pageInfo.hasNextPage ? data.leads.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toEqual(want);
  });

  it('first with before returns the first records before the cursor; last with after the last ones after it', async () => {
    const want = fx.live.leads.filter(hand).sort(sorter([['createdAt', 'DESC']])).map((l) => l.name);
    const all: any = await fx.q('{ leads(filter: {createdAt: {lt: "2025-01-01T00:00:00Z"}}) { edges { cursor node { name } } } }');
    const cursors = all.leads.edges.map((e: any) => e.cursor);
    const a = await fx.q('query($b: String) { leads(filter: {createdAt: {lt: "2025-01-01T00:00:00Z"}}, first: 2, before: $b) { nodes { name } } }', { b: cursors[6] });
    expect(a.leads.nodes.map((n: any) => n.name)).toEqual(want.slice(0, 2));
    const b = await fx.q('query($a: String) { leads(filter: {createdAt: {lt: "2025-01-01T00:00:00Z"}}, last: 2, after: $a) { nodes { name } } }', { a: cursors[3] });
    expect(b.leads.nodes.map((n: any) => n.name)).toEqual(want.slice(-2));
    const c = await fx.q('query($a: String, $b: String) { leads(filter: {createdAt: {lt: "2025-01-01T00:00:00Z"}}, first: 10, after: $a, before: $b) { nodes { name } } }', { a: cursors[1], b: cursors[5] });
    expect(c.leads.nodes.map((n: any) => n.name)).toEqual(want.slice(2, 5));
  });

  it('puts nulls where asked: ASC_NULLS_FIRST, DESC_NULLS_LAST (and ASC last, DESC first by default)', async () => {
    const q = async (dir: string) => (await fx.q(`{ leads(filter: {createdAt: {lt: "2025-01-01T00:00:00Z"}}, orderBy: [{score: ${dir}}]) { nodes { score } } }`)).leads.nodes.map((n: any) => n.score);
    const scores = fx.live.leads.filter(hand).map((l) => l.score);
    const values = scores.filter((s): s is number => s !== null).sort((a, b) => a - b);
    const nulls = scores.filter((s) => s === null);
    expect(await q('ASC_NULLS_FIRST')).toEqual([...nulls, ...values]);
    expect(await q('ASC')).toEqual([...values, ...nulls]);
    expect(await q('DESC_NULLS_LAST')).toEqual([...[...values].reverse(), ...nulls]);
    expect(await q('DESC')).toEqual([...nulls, ...[...values].reverse()]);
  });

  it('computes totalCount only when it is asked for', async () => {
    const seen: string[] = [];
    const pool = server.platform.pool as any;
    pool.query = function (this: unknown, config: any, ...rest: unknown[]) { seen.push(typeof config === 'string' ? config : config.text); return Object.getPrototypeOf(pool).query.call(pool, config, ...rest); };
    try {
      await fx.q('{ leads(filter: {score: {eq: 7}}) { nodes { id } } }');
      await fx.q('{ leads(filter: {score: {eq: 7}}) { totalCount nodes { id } } }');
    } finally { delete pool.query; }
    const reads = seen.filter((s) => s.includes('"lead"'));
    expect(reads).toHaveLength(2);
    expect(reads[0]).not.toMatch(/select count\(\*\) from/);
    expect(reads[1]).toMatch(/select count\(\*\) from/);
  });

  it('pages reverse relations with their own filter, orderBy and last', async () => {
    const data = await fx.q('{ account(id: "a0000000-0000-4000-8000-000000000002") { leads(filter: {hot: {eq: true}}, orderBy: [{score: ASC_NULLS_FIRST}], last: 3) { totalCount pageInfo { hasPreviousPage hasNextPage } nodes { id score } } } }');
    const want = fx.live.leads.filter((l) => l.account === accountId(2) && l.hot === true).sort(sorter([['score', 'ASC_NULLS_FIRST']]));
    expect(data.account.leads.totalCount).toBe(want.length);
    expect(data.account.leads.nodes.map((n: any) => n.id)).toEqual(want.slice(-3).map((l) => l.id));
    expect(data.account.leads.pageInfo).toEqual({ hasPreviousPage: want.length > 3, hasNextPage: false });
  });
});

describe('aggregates', () => {
  const live = () => fx.live.leads;
  const groups = <T>(rows: LeadRow[], key: (l: LeadRow) => T) => {
    const m = new Map<T, LeadRow[]>();
    for (const r of rows) m.set(key(r), [...(m.get(key(r)) ?? []), r]);
    return m;
  };
  const nums = (rows: LeadRow[], f: (l: LeadRow) => number | null) => rows.map(f).filter((v): v is number => v !== null);

  it('counts, sums, averages, min/max and countDistinct per select group', async () => {
    const data = await fx.q('{ leadsAggregate(groupBy: [{status: true}]) { key { status } count sum { score amount } avg { score } min { score createdAt } max { amount } countDistinct { source rep } } }');
    const want = [...groups(live(), (l) => l.status)].sort(([a], [b]) => (a < b ? -1 : 1)).map(([status, rows]) => {
      const s = nums(rows, (l) => l.score), a = nums(rows, (l) => l.amount);
      return {
        key: { status }, count: rows.length,
        sum: { score: s.reduce((x, y) => x + y, 0), amount: Math.round(a.reduce((x, y) => x + y, 0) * 100) / 100 },
        avg: { score: s.reduce((x, y) => x + y, 0) / s.length },
        min: { score: Math.min(...s), createdAt: rows.map((r) => r.createdAt).sort()[0].replace('.000Z', '+00:00') },
        max: { amount: Math.max(...a) },
        countDistinct: { source: new Set(rows.map((r) => r.source)).size, rep: new Set(rows.map((r) => r.rep).filter(Boolean)).size },
      };
    });
    expect(data.leadsAggregate.length).toBe(want.length);
    data.leadsAggregate.forEach((g: any, i: number) => {
      expect({ ...g, avg: undefined }).toEqual({ ...want[i], avg: undefined });
      expect(g.avg.score).toBeCloseTo(want[i].avg.score, 9);
    });
  });

  it('groups by lookup, user and boolean fields, with a filter through a lookup', async () => {
    const data = await fx.q('{ leadsAggregate(filter: {account: {industry: {in: [tech, manufacturing]}}}, groupBy: [{account: true}, {rep: true}, {hot: true}]) { key { account rep hot } count } }');
    const acc = new Map(fx.live.accounts.map((a) => [a.id, a]));
    const rows = live().filter((l) => ['tech', 'manufacturing'].includes(acc.get(l.account as string)?.industry as string));
    const got = new Map(data.leadsAggregate.map((g: any) => [`${g.key.account}|${g.key.rep}|${g.key.hot}`, g.count]));
    const want = new Map([...groups(rows, (l) => `${l.account}|${l.rep ? fx.users[l.rep] : null}|${l.hot}`)].map(([k, v]) => [k, v.length]));
    expect(got).toEqual(want);
  });

  it('groups by date buckets (day, week, month, quarter, year) of dateTime and date fields', async () => {
    const bucket = (iso: string, unit: string) => {
      const d = new Date(iso);
      const y = d.getUTCFullYear(), m = d.getUTCMonth();
      const start = unit === 'YEAR' ? Date.UTC(y, 0, 1) : unit === 'QUARTER' ? Date.UTC(y, m - (m % 3), 1) : unit === 'MONTH' ? Date.UTC(y, m, 1)
        : unit === 'WEEK' ? Date.UTC(y, m, d.getUTCDate() - ((d.getUTCDay() + 6) % 7)) : Date.UTC(y, m, d.getUTCDate());
      return new Date(start).toISOString().replace('.000Z', '+00:00');
    };
    for (const unit of ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR']) {
      const data = await fx.q(`{ leadsAggregate(groupBy: [{createdAt: ${unit}}]) { key { createdAt } count } }`);
      const want = [...groups(live(), (l) => bucket(l.createdAt, unit))].sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => ({ key: { createdAt: k }, count: v.length }));
      expect(data.leadsAggregate, unit).toEqual(want);
    }
    const years = await fx.q('{ accountsAggregate(filter: {founded: {lt: "2010-01-01"}}, groupBy: [{founded: YEAR}]) { key { founded } count } }');
    expect(years.accountsAggregate).toEqual([{ key: { founded: '1990-01-01' }, count: 1 }, { key: { founded: '1995-01-01' }, count: 1 }, { key: { founded: '2001-01-01' }, count: 1 }]);
  });

  it('answers one row with count 0 and null values without groupBy, and no rows with groupBy, when nothing matches', async () => {
    const data = await fx.q('{ a: leadsAggregate(filter: {name: {eq: "nobody"}}) { count sum { score } min { createdAt } } b: leadsAggregate(filter: {name: {eq: "nobody"}}, groupBy: [{status: true}]) { count } }');
    expect(data).toEqual({ a: [{ count: 0, sum: { score: null }, min: { createdAt: null } }], b: [] });
  });
});

describe('the benchmark query', () => {
  it('returns the newest 50 MQL leads from sem, newest first, with their accounts', async () => {
    const data = await fx.q('{ leads(filter: {status: {eq: "MQL"}, source: {eq: "sem"}}, orderBy: [{createdAt: DESC}], first: 50) { edges { node { id name phone status score createdAt account { name industry } } } } }');
    const acc = new Map(fx.live.accounts.map((a) => [a.id, a]));
    const want = fx.live.leads.filter((l) => l.status === 'MQL' && l.source === 'sem').sort(sorter([['createdAt', 'DESC']])).slice(0, 50);
    expect(want).toHaveLength(50);
    expect(data.leads.edges.map((e: any) => e.node)).toEqual(want.map((l) => ({
      id: l.id, name: l.name, phone: l.phone, status: 'MQL', score: l.score, createdAt: l.createdAt.replace('.000Z', '+00:00'),
      account: l.account ? { name: acc.get(l.account)!.name, industry: acc.get(l.account)!.industry } : null,
    })));
  });
});

describe('value objects (Money, GeoPoint) answer exactly what was selected', () => {
  it('a part, a reordered or an aliased selection answers those keys in that order, as graphql-js does', async () => {
    const whole = await fx.q('{ accounts(orderBy: [{name: ASC}], first: 1) { nodes { revenue { amount currency } location { lat lng } } } }');
    const [row] = whole.accounts.nodes;
    expect(row.revenue).toEqual({ amount: 1_000_000, currency: 'CNY' });
    const parts = await fx.q('{ accounts(orderBy: [{name: ASC}], first: 1) { nodes { revenue { currency } location { lng lat } money: revenue { a: amount c: currency } } } }');
    const [part] = parts.accounts.nodes;
    expect(part.revenue).toEqual({ currency: 'CNY' });
    expect(Object.keys(part.location)).toEqual(['lng', 'lat']);
    expect(part.location).toEqual({ lng: row.location.lng, lat: row.location.lat });
    expect(part.money).toEqual({ a: 1_000_000, c: 'CNY' });
  });
});
