import { getVariableValues, type FragmentDefinitionNode } from 'graphql';
import { cachedDocument, operationOf } from '../../platform/src/graphql/data-api/documents.ts';
import { limitsFrom } from '../../platform/src/model/limits.ts';
import { operationReads } from '../../platform/src/graphql/data-api/requests.ts';
import { prepareRead } from '../../platform/src/operations/index.ts';
import { loadCatalog } from '../../platform/src/metadata/index.ts';
import { wantedVisibilityIndexes } from '../../platform/src/security/visibility-indexes.ts';
import { fmt, median, time, type BenchContext } from '../harness.ts';
import { startChild, type ChildServer } from '../data-api/child.ts';
import { compareLoad, cycle, type LoadOptions } from '../data-api/compare.ts';
import type { Contender } from '../data-api/contender.ts';
import { buildDataset, type Dataset } from '../data-api/dataset.ts';
import { load, type LoadResult } from '../data-api/load.ts';
import { ask, read } from '../data-api/probe.ts';
import { tessera } from '../data-api/targets.ts';
import { tenantApi } from '../../platform/src/graphql/data-api/schema-cache.ts';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const GOAL = 1.5;

interface Org {
  /** Role ids by name. */
  roles: Map<string, string>;
  users: { id: string; role: string }[];
  /** The users the load runs as: a mid-level manager and a rep below them. */
  manager: { id: string; key: string };
  rep: { id: string; key: string };
}

/** POST /metadata as the tenant's administrator; throws on errors. */
async function md<T = any>(url: string, apiKey: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await fetch(`${url}/metadata`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }) });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (body.errors) throw new Error(`${query.slice(0, 60)}…: ${JSON.stringify(body.errors)}`);
  return body.data as T;
}

/**
 * A 5-level role hierarchy (CEO → 2 VPs → 4 directors → 8 managers → 8 rep roles of 11 reps: 103
 * users), made through the metadata API of the running server, and `lead` made PRIVATE.
 */
async function organisation(url: string, apiKey: string): Promise<Org> {
  const roles = new Map<string, string>();
  const grants = { objectPermissions: [{ object: 'lead', read: true, create: true, update: true }, { object: 'account', read: true }] };
  const role = async (name: string, parent: string | null) => {
    const r = await md(url, apiKey, `mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name, parent, ...grants } });
    roles.set(name, r.createRole.id);
  };
  await role('ceo', null);
  for (let v = 1; v <= 2; v++) await role(`vp-${v}`, 'ceo');
  for (let d = 1; d <= 4; d++) await role(`dir-${d}`, `vp-${Math.ceil(d / 2)}`);
  for (let m = 1; m <= 8; m++) await role(`mgr-${m}`, `dir-${Math.ceil(m / 2)}`);
  for (let m = 1; m <= 8; m++) await role(`rep-${m}`, `mgr-${m}`);
  const users: Org['users'] = [];
  const user = async (name: string, roleName: string) => {
    const u = await md(url, apiKey, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email: `${name}@bench.test`, name, role: roleName } });
    users.push({ id: u.createUser.id, role: roleName });
    return u.createUser.id as string;
  };
  await user('ceo', 'ceo');
  for (let v = 1; v <= 2; v++) await user(`vp${v}`, `vp-${v}`);
  for (let d = 1; d <= 4; d++) await user(`dir${d}`, `dir-${d}`);
  const managers: string[] = [];
  for (let m = 1; m <= 8; m++) managers.push(await user(`mgr${m}`, `mgr-${m}`));
  const reps: string[] = [];
  for (let m = 1; m <= 8; m++) for (let r = 1; r <= 11; r++) reps.push(await user(`rep${m}-${r}`, `rep-${m}`));
  const key = async (id: string) => (await md(url, apiKey, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key as string;
  await md(url, apiKey, `mutation { updateObject(name: "lead", input: {sharing: PRIVATE}) { name } }`);
  return { roles, users, manager: { id: managers[0], key: await key(managers[0]) }, rep: { id: reps[0], key: await key(reps[0]) } };
}

/**
 * A sharing rule (score ≥ 95, read, to mgr-1 and below: ~5% of the leads) and manual shares: 20
 * through the API to the rep-1 role, and BENCH_SHARES (default: 1 per 40 leads) seeded with SQL,
 * each lead to one user or role drawn at random (the principal keys are those shareRecord writes).
 */
async function sharing(ctx: BenchContext, url: string, data: Dataset, org: Org, leads: number): Promise<void> {
  await md(url, data.apiKey, `mutation { createSharingRule(input: {object: "lead", filter: {score: {gte: 95}}, shareWith: {roleAndSubordinates: "mgr-1"}, access: READ}) { id } }`);
  const s = `"${data.schema}"`;
  for (const id of data.leadIds.slice(0, 20)) {
    await md(url, data.apiKey, `mutation($id: ID!) { shareRecord(object: "lead", id: $id, with: {role: "rep-1"}, access: READ) }`, { id });
  }
  const principals = [...org.users.map((u) => `u:${u.id}`), ...[...org.roles.values()].map((id) => `r:${id}`)];
  const shares = num('BENCH_SHARES', Math.round(leads / 40));
  await ctx.platform.pool.query(`INSERT INTO ${s}."_share" ("object", "recordId", "principal", "access")
    SELECT 'lead', x."id", ($1::text[])[1 + abs(hashtext(x."id"::text)) % cardinality($1::text[])], 'READ'
    FROM (SELECT "id" FROM ${s}."lead" ORDER BY random() LIMIT $2) x ON CONFLICT DO NOTHING`, [principals, shares]);
  // The shares' triggers rewrote the shared leads' `_sharedWith`: vacuum as autovacuum would, so
  // that neither user's nor the admin's scan pays for the dead row versions of the set-up.
  const client = await ctx.platform.pool.connect();
  try {
    await client.query('SET statement_timeout = 0');
    await client.query(`VACUUM (ANALYZE) ${s}."_share", ${s}."lead"`);
  } finally {
    await client.query('RESET statement_timeout').catch(() => {});
    client.release();
  }
}

/**
 * The platform keeps, in the background, an index per declared index of a private object that
 * includes the visibility columns and the sharing rules' (security/visibility-indexes.ts); making
 * `lead` PRIVATE and adding the rule scheduled builds. Waits until they are in place (a sync of its
 * own does whatever the server's has not yet done), and says what they are.
 */
async function visibilityIndexes(ctx: BenchContext, tenantId: string): Promise<void> {
  const catalog = await loadCatalog(ctx.platform.sql, tenantId);
  const rules = (await ctx.platform.pool.query('select object, filter from tessera.sharing_rules where tenant_id = $1', [tenantId])).rows;
  const wanted = wantedVisibilityIndexes(catalog, rules);
  const ready = async () => {
    const { rows } = await ctx.platform.pool.query(`select c.relname from pg_index i join pg_class c on c.oid = i.indexrelid join pg_namespace n on n.oid = c.relnamespace where n.nspname = $1 and i.indisvalid`, [catalog.schema]);
    return wanted.every((w) => rows.some((r) => r.relname === w.name));
  };
  const waited = await time(async () => {
    for (let i = 0; i < 600 && !(await ready()); i++) {
      await ctx.platform.visibilityIndexes.sync(tenantId).catch(() => {});
      if (!(await ready())) await new Promise((r) => setTimeout(r, 500));
    }
  });
  if (!(await ready())) throw new Error('the visibility indexes were not built');
  console.log(`visibility indexes in place after ${fmt(waited.ms)}: ${wanted.map((w) => `CREATE ${w.sql.replace(`"${catalog.schema}".`, '<tenant>.')}`).join('; ')}`);
}

/**
 * What a user may see of the benchmark's leads, written independently of the platform: the owners
 * at or below them, the rule, the shares to their role (the set-up above has no others).
 */
function visibleSql(schema: string, owners: string[], rule: boolean, principals: string[]): { where: string; params: unknown[] } {
  return {
    where: `("ownerId" = any($1::uuid[])${rule ? ' or score >= 95' : ''} or exists (select 1 from "${schema}"."_share" x where x."object" = 'lead' and x."recordId" = l.id and x.principal = any($2::text[])))`,
    params: [owners, principals],
  };
}

const LIST = `{ leads(filter: {status: {eq: MQL}, source: {eq: sem}}, orderBy: [{createdAt: DESC}], first: 50) { edges { node { id name phone status score createdAt account { name industry } } } } }`;

/** The SQL the compiled path runs for `LIST` as a user (planned and compiled as fast-path.ts does). */
async function compiledFor(ctx: BenchContext, tenantId: string, userId: string) {
  // This process does not LISTEN for the changes the server made: forget what it knew.
  ctx.platform.schemas.invalidate(tenantId);
  ctx.platform.security.invalidate(tenantId);
  const api = tenantApi(await ctx.platform.schemas.get(tenantId));
  const security = (await ctx.platform.security.get(tenantId)).contextFor(userId);
  const doc = cachedDocument(api, LIST);
  const operation = operationOf(doc.document, undefined)!;
  const coerced = getVariableValues(doc.schema, [], {});
  const fragments = Object.fromEntries(doc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
  return prepareRead({ model: api.model, limits: limitsFrom({}), security }, operationReads({ schema: doc.schema, model: api.model, fragments, variables: coerced.coerced! }, operation)).sql;
}

/**
 * EXPLAIN ANALYZE of a user's compiled statement as the server runs it: a prepared statement
 * (PostgreSQL may switch to a generic plan after five executions), executed a few times first;
 * the median execution time of 15 EXPLAINs (without per-node timing), and what the lead scan read.
 */
async function explain(ctx: BenchContext, tenantId: string, userId: string): Promise<{ ms: number; plan: string; summary: string }> {
  const sql = await compiledFor(ctx, tenantId, userId);
  const client = await ctx.platform.pool.connect();
  try {
    await client.query(`PREPARE bench_list AS ${sql.text}`);
    // EXECUTE takes no bind parameters: the values as literals (the statement casts each one).
    const literal = (v: unknown): string => client.escapeLiteral(Array.isArray(v) ? `{${v.map((x) => `"${String(x).replace(/["\\]/g, '\\$&')}"`).join(',')}}` : String(v));
    const execute = `EXECUTE bench_list(${(sql.params as unknown[]).map(literal).join(', ')})`;
    for (let i = 0; i < 6; i++) await client.query(execute);
    const times: number[] = [];
    const planning: number[] = [];
    let plan = '';
    for (let i = 0; i < 15; i++) {
      const { rows } = await client.query(`EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) ${execute}`);
      plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      times.push(Number(/Execution Time: ([\d.]+)/.exec(plan)?.[1] ?? NaN));
      planning.push(Number(/Planning Time: ([\d.]+)/.exec(plan)?.[1] ?? 0));
    }
    const scan = /(Index Only Scan|Index Scan|Seq Scan|Bitmap Heap Scan)[^\n]* on lead [^\n]*actual rows=([\d.]+)[^\n]*(?:\n(?!\s*->)[^\n]*)*/.exec(plan);
    const removed = Number(/Rows Removed by Filter: (\d+)/.exec(scan?.[0] ?? '')?.[1] ?? 0);
    const buffers = /Buffers: shared hit=(\d+)/.exec(plan)?.[1];
    const summary = `planned in ${fmt(median(planning))} (${/\$\d/.test(plan) ? 'generic' : 'custom'} plan); ${scan?.[1] ?? '?'} on lead read ${(Number(scan?.[2] ?? 0) + removed).toLocaleString('en')} rows (kept ${Number(scan?.[2] ?? 0)}), ${buffers} buffers`;
    return { ms: median(times), plan, summary };
  } finally {
    await client.query('DEALLOCATE ALL').catch(() => {});
    client.release();
  }
}

/**
 * Issue 4's figure: the API benchmark's list query on BENCH_LEADS leads as users under a PRIVATE
 * sharing model with a 5-level role hierarchy — a mid-level manager (their leads and their 11
 * reps': 12 of 103 owners, plus a sharing rule and shares) and a rep (their own leads, the rule,
 * shares to their role) — against the same query as the administrator (no row-level conditions).
 * One Tessera server in its own process, loaded by autocannon from this one.
 */
export async function securitySuite(ctx: BenchContext): Promise<void> {
  const sizes = { leads: num('BENCH_LEADS', 1_000_000), accounts: num('BENCH_ACCOUNTS', 100_000) };
  const options: LoadOptions = { seconds: num('BENCH_SECONDS', 10), rounds: num('BENCH_ROUNDS', 3), warmupSeconds: num('BENCH_WARMUP', 2) };
  console.log(`\n## Security: the list query as users under a PRIVATE sharing model vs as the administrator\n`);
  console.log(`${options.rounds} rounds × ${options.seconds} s per user (alternating), 10 connections, after ${options.warmupSeconds} s of warm-up; goal: user/admin latency ≤ ${GOAL}×.`);
  let server: ChildServer | undefined;
  try {
    server = await startChild('tessera', 'tessera.ts', { DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: 'warn' });
    const url = server.url;
    let org: Org | undefined;
    const data = await buildDataset(ctx, sizes, {
      prepare: async (tenant) => {
        org = await organisation(url, tenant.apiKey);
        return { owners: org.users.map((u) => u.id) };
      },
    });
    await sharing(ctx, url, data, org!, sizes.leads);
    await visibilityIndexes(ctx, data.tenantId);
    const s = `"${data.schema}"`;
    const roleOf = (role: string) => org!.users.filter((u) => u.role === role).map((u) => u.id);
    // The manager: themself and the 11 reps below; shares to any of them, to their role or the reps' role.
    const team = [org!.manager.id, ...roleOf('rep-1')];
    const who = [
      { name: 'admin (no row-level conditions)', key: data.apiKey, id: data.adminId, visible: null },
      {
        name: 'manager: 12 of 103 owners + rule + shares', key: org!.manager.key, id: org!.manager.id,
        visible: visibleSql(data.schema, team, true, [...team.map((u) => `u:${u}`), `r:${org!.roles.get('mgr-1')}`, `r:${org!.roles.get('rep-1')}`]),
      },
      { name: 'rep: own leads + rule + shares', key: org!.rep.key, id: org!.rep.id, visible: visibleSql(data.schema, [org!.rep.id], true, [`u:${org!.rep.id}`, `r:${org!.roles.get('rep-1')}`]) },
    ];
    // How much of the filtered set each user sees, and that each answers exactly their newest 50.
    const matching = `FROM ${s}."lead" l WHERE l.status = 'MQL' AND l.source = 'sem' AND l."deletedAt" IS NULL`;
    const total = (await ctx.platform.pool.query(`SELECT count(*)::int AS n ${matching}`)).rows[0].n as number;
    const contenders: Contender[] = [];
    for (const w of who) {
      const target = { ...tessera(w.key), name: w.name };
      const contender: Contender = { target, server, skip: {} };
      const got = read(await ask(url, target, 'list', target.list), target.listIds);
      const expected = await ctx.platform.pool.query(`SELECT l.id ${matching}${w.visible ? ` AND ${w.visible.where}` : ''} ORDER BY l."createdAt" DESC, l.id DESC LIMIT 50`, w.visible?.params ?? []);
      const seen = w.visible ? (await ctx.platform.pool.query(`SELECT count(*)::int AS n ${matching} AND ${w.visible.where}`, w.visible.params)).rows[0].n : total;
      const same = got.value && got.value.length === expected.rows.length && got.value.every((id, i) => id === expected.rows[i].id);
      if (got.problem) contender.skip.list = got.problem;
      else if (!same) contender.skip.list = `answered other leads than the independent SQL (${got.value!.filter((id) => !expected.rows.some((r) => r.id === id)).length} of ${got.value!.length} not expected)`;
      console.log(`${w.name}: sees ${seen.toLocaleString('en')} of ${total.toLocaleString('en')} MQL/sem leads (${((100 * seen) / total).toFixed(1)}%); check: ${contender.skip.list ?? `the expected ${got.value!.length} leads, in order`}`);
      contenders.push(contender);
    }
    const measure = async (title: string): Promise<number> => {
      const results = await compareLoad(title, 'list', contenders, (c) => cycle([c.target.list]), options);
      const base = results.get(contenders[0]);
      // Without concurrency: the latency of one request at a time, where CPU contention does not multiply the difference.
      const single: LoadResult[] = [];
      for (const c of contenders) single.push(await load({ url: `${c.server.url}/graphql`, headers: c.target.headers, body: () => c.target.list }, Math.max(1, Math.round(options.seconds / 2)), 1));
      console.log(`\nOne connection: ${contenders.map((c, i) => `${c.target.name.split(':')[0].split(' ')[0]} p50 ${fmt(single[i].p50)} (${(single[i].p50 / single[0].p50).toFixed(2)}×)`).join(', ')}`);
      const plans: Awaited<ReturnType<typeof explain>>[] = [];
      for (const w of who) plans.push(await explain(ctx, data.tenantId, w.id));
      console.log(`\nEXPLAIN ANALYZE of each user's compiled statement (prepared, after 6 runs; median execution time of 15):`);
      for (const [i, w] of who.entries()) console.log(`- ${w.name.split(':')[0].split(' ')[0]}: ${fmt(plans[i].ms)}; ${plans[i].summary}`);
      let missed = 0;
      for (const [i, c] of contenders.entries()) {
        const r = results.get(c);
        if (i === 0 || !base || !r) continue;
        const ratio = r.p50 / base.p50;
        if (ratio > GOAL) missed++;
        console.log(`${c.target.name}: latency p50 ${ratio.toFixed(2)}× the admin's (p99 ${(r.p99 / base.p99).toFixed(2)}×, req/s ${(r.rps / base.rps).toFixed(2)}×) — ${ratio <= GOAL ? `within the goal (≤ ${GOAL}×)` : `misses the goal (≤ ${GOAL}×)`}`);
        if (ratio > GOAL || process.env.BENCH_PLANS) console.log(plans[i].plan.split('\n').map((l) => `    ${l}`).join('\n'));
      }
      return missed;
    };
    await measure('List: 50 leads with status=MQL and source=sem, newest first, with their account — per user');
  } finally {
    await server?.stop();
  }
}
