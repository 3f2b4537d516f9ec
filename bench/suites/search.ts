import type { Actor } from '@tessera/platform';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';
import { startChild } from '../data-api/child.ts';

const actor: Actor = { userId: null, via: 'system' };
const num = (name: string, fallback: number) => Number(process.env[name] || fallback);

/** crm-core's lead, as far as search is concerned: its name (the title), company and phone. */
const lead = (searchable: boolean) => ({
  name: 'lead',
  fields: [
    { name: 'name', type: 'text', required: true, ...(searchable ? {} : { searchable: false }) },
    { name: 'company', type: 'text', ...(searchable ? { searchable: true } : {}) },
    { name: 'phone', type: 'phone', ...(searchable ? { searchable: true } : {}) },
    { name: 'status', type: 'select', options: ['UQL', 'MQL', 'SQL', 'WON', 'LOST'].map((value) => ({ value })) },
  ],
});

const arr = (items: string[]) => `ARRAY[${items.map((i) => `'${i}'`).join(',')}]`;
const chars = (text: string) => arr([...text]);
const CITIES = ['北京', '上海', '广州', '深圳', '杭州', '苏州', '南京', '无锡', '宁波', '成都', '重庆', '武汉', '西安', '天津', '青岛', '厦门', '长沙', '郑州', '合肥', '济南',
  '福州', '东莞', '佛山', '常州', '温州', '绍兴', '嘉兴', '昆明', '沈阳', '大连', '华东', '华南', '华北', '华中', '西南', '东北', '江苏', '浙江', '广东', '山东'];
const TRADES = ['精密机械', '电子科技', '新材料', '医疗器械', '智能装备', '化工', '食品', '物流', '信息技术', '环保科技', '能源', '建设工程', '汽车零部件', '纺织', '生物科技',
  '教育科技', '网络科技', '光电', '仪器仪表', '电气', '贸易', '包装', '塑胶', '五金', '家居', '农业发展', '医药', '通信', '软件', '半导体'];
const BRANDS = '宏鑫瑞恒泰盛达华新兴隆源通远博创锦金天宇航晟昊凯益中联信诚德利安康嘉禾和佳润丰裕永长海山峰川明光辉星云龙凤腾飞骏捷迅科智力美元启正方圆合众汇同立成顺昌茂荣耀鼎誉卓越精英优品睿思维拓展';
const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华玉萍红梅鑫斌宇浩凯健俊帆帅旭宁琳晨辰雪倩颖露瑶怡婷欣悦楠佳嘉思雨萱涵梓轩博文然诺墨';

/**
 * `n` leads in one INSERT … SELECT: four in five Chinese names (王伟, 欧阳…), English ones otherwise;
 * companies `<city><brand><brand><trade><suffix>` (40 × 128² × 30 × 3: 华东精密机械有限公司); mainland
 * mobile numbers. `精密机` is in one company in 30, `苏州宏` in about one in 5,000.
 */
function loadSql(schema: string, n: number): string {
  const at = (list: string, r: string) => `(${list})[1 + floor(${r} * cardinality(${list}))::int]`;
  return `INSERT INTO "${schema}"."lead" ("name", "company", "phone", "status", "createdAt", "updatedAt")
    SELECT
      CASE WHEN r1 < 0.8 THEN ${at(chars(SURNAMES), 'r2')} || ${at(chars(GIVEN), 'r3')} || CASE WHEN r4 < 0.6 THEN ${at(chars(GIVEN), 'r5')} ELSE '' END
           ELSE ${at(arr(['James', 'Mary', 'John', 'Linda', 'David', 'Susan', 'Michael', 'Karen', 'Daniel', 'Emma', 'Oliver', 'Sophia', 'Lucas', 'Mia', 'Ethan', 'Grace']), 'r2')}
                || ' ' || ${at(arr(['Smith', 'Johnson', 'Brown', 'Lee', 'Wang', 'Chen', 'Miller', 'Davis', 'Wilson', 'Taylor', 'Clark', 'Walker']), 'r3')} END,
      ${at(arr(CITIES), 'r6')} || ${at(chars(BRANDS), 'r7')} || ${at(chars(BRANDS), 'r8')} || ${at(arr(TRADES), 'r9')} || ${at(arr(['有限公司', '股份有限公司', '集团有限公司']), 'r4')},
      '1' || ${at(arr(['3', '5', '7', '8', '9']), 'r5')} || lpad(floor(r10 * 1000000000)::bigint::text, 9, '0'),
      ${at(arr(['UQL', 'MQL', 'SQL', 'WON', 'LOST']), 'r1')}, c, c
    FROM (SELECT random() r1, random() r2, random() r3, random() r4, random() r5, random() r6, random() r7, random() r8, random() r9, random() r10,
                 now() - random() * interval '730 days' AS c
          FROM generate_series(1, ${n})) g`;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * Global search over BENCH_SEARCH_LEADS leads (default 200,000; 1,000,000 for the issue's figure):
 * loaded with INSERT … SELECT, then made searchable by a metadata change (the engine builds the
 * trigram indexes, CONCURRENTLY on a large table), then `search(text)` on a Tessera server in its own
 * process, one request at a time, BENCH_SEARCH_RUNS times per text: p50 and p95 of the round trip.
 */
export async function searchSuite(ctx: BenchContext): Promise<void> {
  const size = num('BENCH_SEARCH_LEADS', 200_000);
  const runs = num('BENCH_SEARCH_RUNS', 100);
  console.log(`\n## Global search (issue 12): ${size.toLocaleString('en')} leads\n`);
  const tenant = await ctx.newTenant('bench-search');
  const { pool, metadata } = ctx.platform;
  await metadata.applyMetadata(tenant.id, actor, { objects: [lead(false)] });
  const client = await pool.connect();
  await client.query('SET statement_timeout = 0');
  await client.query('SELECT setseed(0.12)');
  const load = await time(() => client.query(loadSql(tenant.schema, size)));
  await client.query(`ANALYZE "${tenant.schema}"."lead"`);
  await client.query('RESET statement_timeout');
  client.release();
  const index = await time(() => metadata.applyMetadata(tenant.id, actor, { objects: [lead(true)] }));
  const notes = index.result.changes.flatMap((c) => c.notes).filter((n) => /built/.test(n));
  const bytes = (await pool.query(`select coalesce(sum(pg_relation_size(c.oid)), 0)::bigint as b from pg_class c where c.relnamespace = to_regnamespace($1) and c.relname like 'sr\\_%'`, [tenant.schema])).rows[0].b;
  const heap = (await pool.query(`select pg_relation_size(to_regclass($1)) as b`, [`"${tenant.schema}"."lead"`])).rows[0].b;
  console.log(`loaded in ${fmt(load.ms)}; the metadata change that makes name, company and phone searchable: ${fmt(index.ms)} (${notes.join('; ') || 'indexes built in the transaction'})`);
  console.log(`trigram indexes: ${(Number(bytes) / 2 ** 20).toFixed(0)} MB for a ${(Number(heap) / 2 ** 20).toFixed(0)} MB table`);

  const server = await startChild('tessera', 'tessera.ts', { DATABASE_URL: ctx.databaseUrl, LOG_LEVEL: 'warn' });
  try {
    const search = async (text: string) => {
      const res = await fetch(`${server.url}/graphql`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` },
        body: JSON.stringify({ query: 'query($t: String!) { search(text: $t) { object id title } }', variables: { t: text } }),
      });
      const body = (await res.json()) as { data?: { search: unknown[] }; errors?: unknown[] };
      if (body.errors) throw new Error(`search ${text}: ${JSON.stringify(body.errors)}`);
      return body.data!.search.length;
    };
    const count = async (text: string) => (await pool.query(
      `select count(*)::int as n from "${tenant.schema}"."lead" where strpos(lower(name), lower($1)) > 0 or strpos(lower(company), lower($1)) > 0 or strpos(lower(phone), lower($1)) > 0`, [text])).rows[0].n;
    const rows: Record<string, string | number>[] = [];
    const texts: [string, string, string][] = [
      ['3-character Chinese fragment, selective', '苏州宏', '< 50 ms'],
      ['3-character Chinese fragment, in 1 company of 30', '精密机', '< 50 ms'],
      ['4-digit phone fragment', '5678', '< 50 ms'],
      ['2-character Chinese name', '王伟', ''],
      ['English surname', 'smith', ''],
    ];
    for (const [what, text, goal] of texts) {
      for (let i = 0; i < 5; i++) await search(text);
      const times: number[] = [];
      let hits = 0;
      for (let i = 0; i < runs; i++) {
        const t = await time(() => search(text));
        times.push(t.ms);
        hits = t.result;
      }
      rows.push({ search: `${what}: "${text}"`, matches: (await count(text)).toLocaleString('en'), hits, p50: fmt(median(times)), p95: fmt(percentile(times, 95)), goal: goal ? `p95 ${goal}` : '' });
    }
    table(rows);
    console.log(`Each figure: ${runs} requests one after another (after 5 of warm-up) to POST /graphql, as the tenant's administrator; matches counts the leads whose name, company or phone contain the text.`);
  } finally {
    await server.stop();
  }
}
