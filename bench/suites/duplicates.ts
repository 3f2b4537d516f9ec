import type { Actor } from '@tessera/platform';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';
import { startChild } from '../data-api/child.ts';
import { DEFAULT_LIMITS } from '../../platform/src/model/index.ts';
import { findDuplicates } from '../../platform/src/duplicates/find.ts';
import { matchCandidates } from '../../platform/src/duplicates/match.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);

/** crm-core's lead as far as duplicates go; its name is not globally searched, so the rule's own trigram index serves it. */
const LEAD = {
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true, searchable: false },
    { name: 'phone', type: 'phone' },
    { name: 'status', type: 'select', options: ['UQL', 'MQL', 'SQL', 'WON', 'LOST'].map((value) => ({ value })) },
  ],
};
const FUZZY_NAME = { name: 'leadName', object: 'lead', action: 'WARN', match: { field: 'name', match: 'fuzzy', threshold: 0.6 } };
const NAME_OR_PHONE = { name: 'leadNameOrPhone', object: 'lead', action: 'WARN', match: { or: [{ field: 'name', match: 'fuzzy', threshold: 0.6 }, { field: 'phone', match: 'normalized', countryCode: '86' }] } };

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红梅鑫斌宇浩凯健俊帆帅旭宁琳晨辰雪倩颖露瑶怡婷欣悦楠佳嘉思雨萱涵梓轩博文然诺墨';
const FIRST = ['James', 'Mary', 'John', 'Linda', 'David', 'Susan', 'Michael', 'Karen', 'Daniel', 'Emma', 'Oliver', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Grace'];
const LAST = ['Smith', 'Johnson', 'Brown', 'Lee', 'Wang', 'Chen', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker'];

const arr = (items: string[]) => `ARRAY[${items.map((i) => `'${i}'`).join(',')}]`;

/** `n` leads in one INSERT … SELECT: four in five Chinese names (surname, one or two given characters), English ones otherwise; mainland mobiles. */
function loadSql(schema: string, n: number): string {
  const at = (list: string, r: string) => `(${list})[1 + floor(${r} * cardinality(${list}))::int]`;
  return `INSERT INTO "${schema}"."lead" ("name", "phone", "status", "createdAt", "updatedAt")
    SELECT
      CASE WHEN r1 < 0.8 THEN ${at(arr([...SURNAMES]), 'r2')} || ${at(arr([...GIVEN]), 'r3')} || CASE WHEN r4 < 0.6 THEN ${at(arr([...GIVEN]), 'r5')} ELSE '' END
           ELSE ${at(arr(FIRST), 'r2')} || ' ' || ${at(arr(LAST), 'r3')} END,
      '1' || ${at(arr(['3', '5', '7', '8', '9']), 'r5')} || lpad(floor(r6 * 1000000000)::bigint::text, 9, '0'),
      ${at(arr(['UQL', 'MQL', 'SQL', 'WON', 'LOST']), 'r1')}, c, c
    FROM (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, now() - random() * interval '730 days' AS c
          FROM generate_series(1, ${n})) g`;
}

/** A name as the load draws them (so checks meet realistic neighbours): Chinese with two or three characters, or English. */
function drawName(): string {
  const pick = (s: string | string[]) => s[Math.floor(Math.random() * s.length)];
  if (Math.random() < 0.8) return pick([...SURNAMES]) + pick([...GIVEN]) + (Math.random() < 0.6 ? pick([...GIVEN]) : '');
  return `${pick(FIRST)} ${pick(LAST)}`;
}

const drawPhone = () => `+86 1${'35789'[Math.floor(Math.random() * 5)]}${String(Math.floor(Math.random() * 1e9)).padStart(9, '0')}`;

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Duplicate checks over BENCH_DUPLICATES_LEADS leads (default 100,000: minutes; 1,000,000 for the
 * issue's figure): loaded with INSERT … SELECT, then a fuzzy name rule (pg_trgm, threshold 0.6) is
 * applied — a metadata change whose DDL builds the trigram index (CONCURRENTLY on a large table).
 * On a Tessera server in its own process, one request at a time, BENCH_DUPLICATES_RUNS each:
 * `findDuplicates` for names drawn like the loaded ones, and `createLead` with the check
 * (allowDuplicates: false; a duplicate is refused, CONFLICT) beside the same create without it
 * (allowDuplicates: true lifts the WARN rule, so the difference is what the check costs a write,
 * its advisory locks included). Then the same with name OR normalized phone.
 */
export async function duplicatesSuite(ctx: BenchContext): Promise<void> {
  const size = num('BENCH_DUPLICATES_LEADS', 100_000);
  const runs = num('BENCH_DUPLICATES_RUNS', 200);
  console.log(`\n## Duplicate rules (issue 13): ${size.toLocaleString('en')} leads\n`);
  const tenant = await ctx.newTenant('bench-dupes');
  const { pool, metadata } = ctx.platform;
  await metadata.applyMetadata(tenant.id, actor, { objects: [LEAD] });
  const client = await pool.connect();
  await client.query('SET statement_timeout = 0');
  await client.query('SELECT setseed(0.13)');
  const load = await time(() => client.query(loadSql(tenant.schema, size)));
  await client.query(`ANALYZE "${tenant.schema}"."lead"`);
  await client.query('RESET statement_timeout');
  client.release();
  const rule = await time(() => metadata.applyMetadata(tenant.id, actor, { duplicateRules: [FUZZY_NAME] }));
  const notes = rule.result.changes.flatMap((c) => c.notes).filter((n) => /index|built/.test(n));
  const bytes = (await pool.query(`select coalesce(sum(pg_relation_size(c.oid)), 0)::bigint as b from pg_class c where c.relnamespace = to_regnamespace($1) and c.relname like 'dp\\_%'`, [tenant.schema])).rows[0].b;
  console.log(`loaded in ${fmt(load.ms)}; the metadata change adding the fuzzy name rule: ${fmt(rule.ms)} (${notes.join('; ')}); its index: ${(Number(bytes) / 2 ** 20).toFixed(0)} MB`);

  const server = await startChild('tessera', 'tessera.ts', { DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    const post = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` }, body: JSON.stringify({ query, variables }) });
      return (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
    };
    const find = async (data: Record<string, unknown>) => {
      const body = await post('query($d: JSON!) { findDuplicates(object: "lead", data: $d) { id score } }', { d: data });
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data!.findDuplicates.length as number;
    };
    const create = async (data: Record<string, unknown>, allow: boolean) => {
      const body = await post('mutation($d: LeadCreateInput!, $a: Boolean) { createLead(data: $d, allowDuplicates: $a) { id } }', { d: data, a: allow });
      const code = body.errors?.[0]?.extensions?.code;
      if (body.errors && code !== 'CONFLICT') throw new Error(JSON.stringify(body.errors));
      return code === 'CONFLICT' ? 1 : 0;
    };
    const measure = async (what: string, goal: string, run: () => Promise<number>, unit: 'matches' | 'refused') => {
      for (let i = 0; i < 10; i++) await run();
      const times: number[] = [];
      let total = 0;
      for (let i = 0; i < runs; i++) {
        const t = await time(run);
        times.push(t.ms);
        total += t.result;
      }
      return { measured: what, p50: fmt(median(times)), p95: fmt(percentile(times, 95)), 'per request': `${(total / runs).toFixed(2)} ${unit}`, goal };
    };
    const rows: Record<string, string | number>[] = [];
    rows.push(await measure('findDuplicates, fuzzy name', 'p95 < 20 ms at 1M', () => find({ name: drawName() }), 'matches'));
    // The verb without HTTP and GraphQL (the same process as the database client): what the check itself costs.
    const { model } = await ctx.platform.models.get(tenant.id);
    const verb = { model, limits: DEFAULT_LIMITS, pool };
    rows.push(await measure('findDuplicates verb in-process (no HTTP), fuzzy name', '', async () => (await findDuplicates(verb, { object: 'lead', data: { name: drawName() } })).length, 'matches'));
    rows.push(await measure('createLead, fuzzy name checked', '', () => create({ name: drawName(), phone: drawPhone() }, false), 'refused'));
    rows.push(await measure('createLead, check lifted (allowDuplicates)', '', () => create({ name: drawName(), phone: drawPhone() }, true), 'refused'));
    await metadata.applyMetadata(tenant.id, actor, { duplicateRules: [{ ...FUZZY_NAME, active: false }, NAME_OR_PHONE] });
    rows.push(await measure('findDuplicates, fuzzy name OR normalized phone', '', () => find({ name: drawName(), phone: drawPhone() }), 'matches'));
    rows.push(await measure('createLead, name OR phone checked', '', () => create({ name: drawName(), phone: drawPhone() }, false), 'refused'));
    table(rows);
    console.log(`Each figure: ${runs} requests one after another (after 10 of warm-up) to POST /graphql, as the tenant's administrator, names drawn as the loaded ones are (so common names meet their namesakes). The cost of the check on a write is the difference of the two createLead rows.`);
    await explainCommonName(ctx, model);
  } finally {
    await server.stop();
  }
}

/** The plan of one check for a common name (about a thousand namesakes at 1M): the trigram index, the scan stopping at 50 true matches. */
async function explainCommonName(ctx: BenchContext, model: Awaited<ReturnType<BenchContext['platform']['models']['get']>>['model']): Promise<void> {
  const client = await ctx.platform.pool.connect();
  let plan = '';
  try {
    await client.query('begin read only');
    const explaining = {
      query: async (text: string, params?: unknown[]) => {
        if (!text.startsWith('with w')) return client.query(text, params);
        plan = (await client.query(`explain (analyze, costs off, timing off, summary on) ${text}`, params)).rows.map((r) => r['QUERY PLAN']).join('\n');
        return { rows: [] };
      },
    } as unknown as Parameters<typeof matchCandidates>[0];
    const object = model.objects.get('lead')!;
    await matchCandidates(explaining, model, object, object.duplicateRules, { kind: 'values', rows: [new Map([['name', 'James Smith']])] });
  } finally {
    await client.query('rollback');
    client.release();
  }
  console.log(`\nThe check of "James Smith" (a name a thousand leads have at 1M), as PostgreSQL ran it:\n\n\`\`\`\n${plan}\n\`\`\``);
}
