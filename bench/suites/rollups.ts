import type { Actor } from '@tessera/platform';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';
import { startChild } from '../data-api/child.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);

/** Two parent/child pairs alike but for the five roll-ups `account` keeps over `opportunity`. */
const child = (name: string, parent: string) => ({
  name,
  fields: [
    { name: 'name', type: 'text' },
    { name: 'account', type: 'lookup', target: parent },
    { name: 'amount', type: 'number', precision: 18, scale: 2 },
    { name: 'stage', type: 'text' },
  ],
});
const ROLLUPS = [
  { name: 'opps', type: 'rollup', relation: 'opportunity.account', aggregate: 'COUNT' },
  { name: 'total', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount' },
  { name: 'largest', type: 'rollup', relation: 'opportunity.account', aggregate: 'MAX', field: 'amount' },
  { name: 'average', type: 'rollup', relation: 'opportunity.account', aggregate: 'AVG', field: 'amount' },
  { name: 'won', type: 'rollup', relation: 'opportunity.account', aggregate: 'SUM', field: 'amount', filter: 'stage = "won"' },
];
const OBJECTS = [
  { name: 'account', fields: [{ name: 'name', type: 'text' }, ...ROLLUPS] },
  child('opportunity', 'account'),
  { name: 'plainAccount', fields: [{ name: 'name', type: 'text' }] },
  child('plainOpportunity', 'plainAccount'),
];

/**
 * What keeping 5 roll-ups (COUNT, SUM, MAX, AVG, a filtered SUM) on a parent costs each child
 * write: the same writes to a child object whose parent keeps them and to one whose parent keeps
 * none, over HTTP to a server in its own process, interleaved (one with, one without, …) so that
 * the machine's load weighs on both alike; BENCH_ROLLUPS_RUNS of each (after 20 of warm-up), all
 * children of BENCH_ROLLUPS_PARENTS parents (the parent's row is the hot spot). Goal: ≤ 1.3×.
 */
export async function rollupsSuite(ctx: BenchContext): Promise<void> {
  const runs = num('BENCH_ROLLUPS_RUNS', 300);
  const parents = num('BENCH_ROLLUPS_PARENTS', 10);
  console.log(`\n## Roll-up fields (issue 13): per-child-write cost with 5 roll-ups on the parent vs none\n`);
  const tenant = await ctx.newTenant('bench-rollups');
  await ctx.platform.metadata.applyMetadata(tenant.id, actor, { objects: OBJECTS });
  const server = await startChild('tessera', 'tessera.ts', { DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    const post = async (query: string, variables: Record<string, unknown> = {}) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` }, body: JSON.stringify({ query, variables }) });
      const body = (await res.json()) as { data?: Record<string, any>; errors?: unknown[] };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!;
    };
    const ids = async (type: 'Account' | 'PlainAccount') => {
      const out: string[] = [];
      for (let i = 0; i < parents; i++) out.push((await post(`mutation { create${type}(data: {name: "p${i}"}) { id } }`))[`create${type}`].id);
      return out;
    };
    const sides = { with: { type: 'Opportunity', plural: 'Opportunities', parents: await ids('Account'), children: [] as string[] }, without: { type: 'PlainOpportunity', plural: 'PlainOpportunities', parents: await ids('PlainAccount'), children: [] as string[] } };
    let n = 0;
    const data = (parentIds: string[]) => ({ name: `o${++n}`, account: parentIds[n % parentIds.length], amount: (n % 1000) + 0.5, stage: n % 3 ? 'open' : 'won' });
    const ops = {
      create: async (side: typeof sides.with) => {
        const created = (await post(`mutation($d: ${side.type}CreateInput!) { create${side.type}(data: $d) { id } }`, { d: data(side.parents) }))[`create${side.type}`].id;
        side.children.push(created);
      },
      'update (amount and stage)': async (side: typeof sides.with) => {
        const id = side.children[n % side.children.length];
        await post(`mutation($id: ID!, $d: ${side.type}UpdateInput!) { update${side.type}(id: $id, data: $d) { id } }`, { id, d: { amount: (++n % 977) + 0.25, stage: n % 2 ? 'won' : 'open' } });
      },
      'move to another parent': async (side: typeof sides.with) => {
        const id = side.children[n % side.children.length];
        await post(`mutation($id: ID!, $d: ${side.type}UpdateInput!) { update${side.type}(id: $id, data: $d) { id } }`, { id, d: { account: side.parents[++n % side.parents.length] } });
      },
      'bulk create of 100 (per child)': async (side: typeof sides.with) => {
        const d = Array.from({ length: 100 }, () => data(side.parents));
        await post(`mutation($d: [${side.type}CreateInput!]!) { create${side.plural}(data: $d) { id } }`, { d });
      },
      delete: async (side: typeof sides.with) => {
        const id = side.children.pop()!;
        await post(`mutation($id: ID!) { delete${side.type}(id: $id) { id } }`, { id });
      },
    };
    const rows: Record<string, string | number>[] = [];
    for (const [what, op] of Object.entries(ops)) {
      const count = what.startsWith('bulk') ? Math.max(10, Math.round(runs / 10)) : runs;
      for (let i = 0; i < 20; i++) { await op(sides.with); await op(sides.without); }
      const times = { with: [] as number[], without: [] as number[] };
      for (let i = 0; i < count; i++) {
        times.with.push((await time(() => op(sides.with))).ms);
        times.without.push((await time(() => op(sides.without))).ms);
      }
      const per = what.startsWith('bulk') ? 100 : 1;
      const [w, wo] = [median(times.with) / per, median(times.without) / per];
      rows.push({ write: what, 'no roll-ups (p50)': fmt(wo), '5 roll-ups (p50)': fmt(w), ratio: `${(w / wo).toFixed(2)}×`, goal: '≤ 1.3×' });
    }
    table(rows);
    const check = (await ctx.platform.pool.query(
      `select count(*) filter (where a.opps <> c.n or a.total <> c.s) as wrong from "${tenant.schema}"."account" a
       left join lateral (select count(*) as n, coalesce(sum(amount), 0) as s from "${tenant.schema}"."opportunity" o where o.account = a.id and o."deletedAt" is null) c on true`)).rows[0];
    console.log(`Each figure: the median of ${runs} requests (bulk: ${Math.max(10, Math.round(runs / 10))}) to POST /graphql, one after another, with and without roll-ups interleaved, children spread over ${parents} parents. Afterwards ${check.wrong} parents differ from a recount.`);
  } finally {
    await server.stop();
  }
}
