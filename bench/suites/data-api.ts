import type { BenchContext } from '../harness.ts';
import { compareBulk } from '../data-api/bulk.ts';
import { startChild, type ChildServer } from '../data-api/child.ts';
import { compareLoad, cycle, type LoadOptions } from '../data-api/compare.ts';
import type { Contender } from '../data-api/contender.ts';
import { buildDataset, type Dataset } from '../data-api/dataset.ts';
import { ask, read } from '../data-api/probe.ts';
import { handWritten, postgraphile, tessera } from '../data-api/targets.ts';
import { tesseraTarget } from '../data-api/tessera-probe.ts';

const PG_BULK_NA = 'no bulk create in v5 (see the note)';
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);

/**
 * The data API side by side on one database: the hand-written ideal (node http + pg, JSON built by
 * PostgreSQL), Tessera's generated `/graphql`, and PostGraphile 5, each in its own process, loaded
 * by autocannon from this one. BENCH_LEADS, BENCH_ACCOUNTS, BENCH_SECONDS, BENCH_ROUNDS,
 * BENCH_WARMUP, BENCH_BULK_SIZE, BENCH_BULK_RUNS size it.
 */
export async function dataApiSuite(ctx: BenchContext): Promise<void> {
  const sizes = { leads: num('BENCH_LEADS', 1_000_000), accounts: num('BENCH_ACCOUNTS', 100_000) };
  const options: LoadOptions = { seconds: num('BENCH_SECONDS', 10), rounds: num('BENCH_ROUNDS', 3), warmupSeconds: num('BENCH_WARMUP', 2) };
  console.log(`\n## Data API: Tessera /graphql vs PostGraphile vs hand-written\n`);
  console.log(`${options.rounds} rounds × ${options.seconds} s per server and workload (servers alternating), 10 connections, after ${options.warmupSeconds} s of warm-up.`);
  const data = await buildDataset(ctx, sizes);
  const env = { DATABASE_URL: ctx.databaseUrl, BENCH_SCHEMA: data.schema, LOG_LEVEL: 'warn', GRAPHILE_ENV: 'production' };
  const servers: ChildServer[] = [];
  const start = async (name: string, file: string) => {
    const server = await startChild(name, file, env);
    servers.push(server);
    return server;
  };
  try {
    const contenders: Contender[] = [
      { target: handWritten, server: await start('hand-written', 'handwritten.ts'), skip: {} },
      await tesseraContender(data, () => start('tessera', 'tessera.ts')),
      { target: postgraphile, server: await start('postgraphile', 'postgraphile.ts'), skip: process.env.BENCH_PG_BULK ? {} : { bulk: PG_BULK_NA } },
    ];
    await check(contenders, data);
    await compareLoad('List: 50 leads with status=MQL and source=sem, newest first, with their account', 'list', contenders, (c) => cycle([c.target.list]), options);
    await compareLoad('Read by id: one lead with its account (a random id each request)', 'byId', contenders, (c) => cycle(data.leadIds.map(c.target.byId)), options);
    await compareBulk(contenders, data.accountIds, num('BENCH_BULK_SIZE', 10_000), num('BENCH_BULK_RUNS', 3));
    console.log(`\nPostGraphile 5 has no bulk create. Its stand-in, one document of aliased createLead fields, is planned in superlinear time by grafast (step deduplication): 1,000 aliases took ~5 s, 2,000 ~50 s, 10,000 did not answer within 5 min. BENCH_PG_BULK=1 tries it anyway.`);
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
  }
}

/** Tessera's server and target; n/a for every workload when it does not start or has no working /graphql. */
async function tesseraContender(data: Dataset, start: () => Promise<ChildServer>): Promise<Contender> {
  let server: ChildServer;
  try {
    server = await start();
  } catch (error) {
    const problem = `did not start: ${(error as Error).message.split('\n')[0]}`;
    return { target: tessera(data.apiKey), server: { name: 'tessera', url: 'http://127.0.0.1:1', stop: async () => {} }, skip: { list: problem, byId: problem, bulk: problem } };
  }
  const { target, problem } = await tesseraTarget(server.url, data.apiKey);
  return { target, server, skip: problem ? { list: problem, byId: problem, bulk: problem } : {} };
}

/**
 * One request of each read workload per contender: errors make that workload n/a (printed), and
 * every server must answer the same 50 lead ids for the list.
 */
async function check(contenders: Contender[], data: Dataset): Promise<void> {
  const lists: [Contender, string[]][] = [];
  for (const c of contenders) {
    if (!c.skip.list) {
      const ids = read(await ask(c.server.url, c.target, 'list', c.target.list), c.target.listIds);
      if (ids.problem) c.skip.list = ids.problem;
      else lists.push([c, ids.value!]);
    }
    if (!c.skip.byId) {
      const id = data.leadIds[0];
      const got = read(await ask(c.server.url, c.target, 'byId', c.target.byId(id)), c.target.byIdOf);
      if (got.problem || got.value !== id) c.skip.byId = got.problem ?? `lead(id: ${id}) answered ${got.value}`;
    }
    for (const [workload, why] of Object.entries(c.skip)) console.log(`${c.target.name}: ${workload} n/a: ${why}`);
  }
  const [first, ...others] = lists;
  for (const [c, ids] of others) {
    if (ids.join() !== first[1].join()) console.log(`WARNING: ${c.target.name} lists other leads than ${first[0].target.name} (${ids.filter((id) => !first[1].includes(id)).length} of ${ids.length} differ, or the order does)`);
  }
  if (first) console.log(`list check: ${lists.map(([c, ids]) => `${c.target.name} ${ids.length} ids`).join(', ')}${others.every(([, ids]) => ids.join() === first[1].join()) ? ' — the same leads in the same order' : ''}`);
}
