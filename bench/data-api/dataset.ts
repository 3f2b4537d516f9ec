import type { Actor, MetadataDocument } from '@tessera/platform';
import { fmt, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };

export interface Dataset {
  tenantId: string;
  schema: string;
  apiKey: string;
  adminId: string;
  /** Random live lead ids, for the by-id workload. */
  leadIds: string[];
  /** Random account ids, for the bulk-create workload. */
  accountIds: string[];
}

const doc: MetadataDocument = {
  objects: [
    {
      name: 'account',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'industry', type: 'select', options: ['fmcg', 'manufacturing', 'education', 'retail', 'tech'].map((value) => ({ value })) },
        { name: 'region', type: 'text' },
      ],
    },
    {
      name: 'lead',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'phone', type: 'phone' },
        { name: 'status', type: 'select', options: ['UQL', 'MQL', 'SQL', 'WON', 'LOST'].map((value) => ({ value })) },
        { name: 'source', type: 'select', options: ['website', 'sem', 'appStore', 'community', 'newMedia', 'channelPartner', 'tradeShow', 'referral'].map((value) => ({ value })) },
        { name: 'score', type: 'integer' },
        { name: 'account', type: 'lookup', target: 'account' },
      ],
      indexes: [{ fields: ['status', 'source', 'createdAt'] }],
    },
  ],
};

/** A CASE over one random draw: `weights` are cumulative thresholds in [0, 1). */
function pick(draw: string, options: [string, number][]): string {
  let acc = 0;
  const arms = options.slice(0, -1).map(([value, weight]) => `WHEN ${draw} < ${(acc += weight).toFixed(4)} THEN '${value}'`);
  return `CASE ${arms.join(' ')} ELSE '${options.at(-1)![0]}' END`;
}

// status MQL 20% × source sem 11% ≈ 2.2% of leads (22k of 1M), as in PERFORMANCE.md.
const STATUS = pick('s.r1', [['UQL', 0.3], ['MQL', 0.2], ['SQL', 0.15], ['WON', 0.1], ['LOST', 0.25]]);
const SOURCE = pick('s.r2', [['website', 0.25], ['sem', 0.11], ['appStore', 0.1], ['community', 0.1], ['newMedia', 0.14], ['channelPartner', 0.1], ['tradeShow', 0.1], ['referral', 0.1]]);

export interface DatasetOptions {
  /**
   * Runs once the metadata is applied, before any row is loaded (to make users, say); the users it
   * returns as `owners` own the leads, each lead one of them at random (else leads have no owner).
   */
  prepare?: (tenant: { id: string; schema: string; apiKey: string; adminId: string }) => Promise<{ owners?: string[] }>;
}

/** A tenant made through the platform (metadata document), then loaded with INSERT … SELECT. */
export async function buildDataset(ctx: BenchContext, sizes: { leads: number; accounts: number }, options: DatasetOptions = {}): Promise<Dataset> {
  const tenant = await ctx.newTenant('bench-data');
  await ctx.platform.metadata.applyMetadata(tenant.id, actor, doc);
  const owners = (await options.prepare?.(tenant))?.owners ?? [];
  const { pool } = ctx.platform;
  const s = `"${tenant.schema}"`;
  // The platform's pool bounds statements (15 s); loading 1M rows takes longer.
  const client = await pool.connect();
  await client.query('SET statement_timeout = 0');
  const load = await time(async () => {
    await client.query(`
      INSERT INTO ${s}."account" ("name", "industry", "region", "createdAt", "updatedAt")
      SELECT 'Account ' || g, (ARRAY['fmcg','manufacturing','education','retail','tech'])[1 + g % 5],
             (ARRAY['north','south','east','west','central'])[1 + (g / 5) % 5], c, c
      FROM generate_series(1, ${sizes.accounts}) g, LATERAL (SELECT now() - random() * interval '730 days' AS c) t`);
    await client.query(`
      INSERT INTO ${s}."lead" ("name", "phone", "status", "source", "score", "account", "createdAt", "updatedAt"${owners.length ? ', "ownerId"' : ''})
      SELECT 'Lead ' || s.g, '+86 138 ' || lpad((s.g % 100000000)::text, 8, '0'), ${STATUS}, ${SOURCE},
             (random() * 100)::int, a."id", s.c, s.c${owners.length ? ', ($1::uuid[])[1 + floor(s.r3 * cardinality($1::uuid[]))::int]' : ''}
      FROM (SELECT g, random() AS r1, random() AS r2, random() AS r3, 1 + floor(random() * ${sizes.accounts})::int AS k,
                   now() - random() * interval '730 days' AS c
            FROM generate_series(1, ${sizes.leads}) g) s
      JOIN (SELECT "id", row_number() OVER () AS k FROM ${s}."account") a ON a.k = s.k`, owners.length ? [owners] : []);
    await client.query(`ANALYZE ${s}."account"`);
    await client.query(`ANALYZE ${s}."lead"`);
  }).finally(() => client.query('RESET statement_timeout').then(() => client.release()));
  const matching = (await pool.query(`SELECT count(*)::int AS n FROM ${s}."lead" WHERE "status" = 'MQL' AND "source" = 'sem'`)).rows[0].n;
  console.log(`loaded ${sizes.accounts.toLocaleString('en')} accounts and ${sizes.leads.toLocaleString('en')} leads in ${fmt(load.ms)} (${matching.toLocaleString('en')} with status=MQL, source=sem); schema ${tenant.schema}`);
  const sample = (table: string, n: number) =>
    pool.query(`SELECT "id" FROM ${s}."${table}" ORDER BY random() LIMIT ${n}`).then((r) => r.rows.map((row) => row.id as string));
  const leadIds = await sample('lead', 1000);
  const accountIds = await sample('account', 1000);
  return { tenantId: tenant.id, schema: tenant.schema, apiKey: tenant.apiKey, adminId: tenant.adminId, leadIds, accountIds };
}
