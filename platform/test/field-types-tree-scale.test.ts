import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer, type GraphQLResponse } from './support/server.ts';

/**
 * The tree filters at scale (run with TREE_SCALE=<rows>, e.g. 1000000; skipped otherwise): a
 * 10-ary tree of `rows` categories (node i's parent is i / 10), then `under` and `above` timed
 * through the data API. Figures go to the console; the assertions are the answers' sizes only.
 */
const ROWS = Number(process.env.TREE_SCALE ?? 0);
let server: RunningServer;
let api: (query: string) => Promise<GraphQLResponse>;
let schema: string;

const idOf = (i: number) => `md5('n${i}')::uuid`;

/** How many of 1..ROWS descend from node a (its children are 10a..10a+9). */
function descendants(a: number): number {
  let n = 0;
  for (let lo = a * 10, hi = a * 10 + 9; lo <= ROWS; lo *= 10, hi = hi * 10 + 9) n += Math.min(hi, ROWS) - lo + 1;
  return n;
}

describe.skipIf(!ROWS)('tree filters at scale', () => {
  beforeAll(async () => {
    server = await startTestServer();
    const tenant = await newTenant(server, 'ts');
    schema = tenant.tenant.schema;
    const md = metadataClient(server, tenant.apiKey);
    api = (query) => gql(server, '/graphql', tenant.apiKey, query);
    const res = await md('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: { objects: [{ name: 'category', fields: [{ name: 'name', type: 'text' }, { name: 'parent', type: 'tree' }] }] } });
    expect(res.errors).toBeUndefined();
    const t0 = performance.now();
    // One transaction without the pool's statement timeout (a million rows take longer on a loaded machine).
    const client = await server.platform.pool.connect();
    try {
      await client.query('begin');
      await client.query('set local statement_timeout = 0');
      await client.query(`insert into "${schema}"."category" (id, name, parent)
        select md5('n' || i)::uuid, 'n' || i, case when i >= 10 then md5('n' || (i / 10))::uuid end from generate_series(1, $1) i`, [ROWS]);
      await client.query('commit');
      await client.query(`analyze "${schema}"."category"`);
    } finally {
      client.release();
    }
    console.log(`[tree-scale] ${ROWS} rows inserted in ${Math.round(performance.now() - t0)} ms`);
  }, 600_000);
  afterAll(async () => { await server?.close(); });

  const timed = async (label: string, query: string) => {
    await api(query);
    const runs: number[] = [];
    let data: any;
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      const res = await api(query);
      runs.push(performance.now() - t);
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      data = res.data;
    }
    runs.sort((a, b) => a - b);
    console.log(`[tree-scale] ${label}: median ${runs[2].toFixed(1)} ms (min ${runs[0].toFixed(1)}, max ${runs[4].toFixed(1)})`);
    return data;
  };

  it('under a node with ~110 descendants, ~11 110, and above the deepest leaf', async () => {
    const id = async (i: number) => (await server.platform.pool.query(`select ${idOf(i)} as id`)).rows[0].id as string;
    const small = await timed(`under (${descendants(1000)} descendants), count`, `{ categoriesAggregate(filter: {parent: {under: "${await id(1000)}"}}) { count } }`);
    expect(small.categoriesAggregate[0].count).toBe(descendants(1000));
    const page = await timed(`under (${descendants(1000)} descendants), first page of 20`, `{ categories(first: 20, filter: {parent: {under: "${await id(1000)}"}}) { nodes { id } } }`);
    expect(page.categories.nodes).toHaveLength(20);
    const big = await timed(`under (${descendants(10)} descendants), count`, `{ categoriesAggregate(filter: {parent: {under: "${await id(10)}"}}) { count } }`);
    expect(big.categoriesAggregate[0].count).toBe(descendants(10));
    const up = await timed('above a deep leaf, count', `{ categoriesAggregate(filter: {parent: {above: "${await id(ROWS)}"}}) { count } }`);
    expect(up.categoriesAggregate[0].count).toBe(String(ROWS).length - 1);
  }, 600_000);
});
