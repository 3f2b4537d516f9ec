import type { Actor } from '@tessera/platform';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';

const actor: Actor = { userId: null, via: 'system' };
const ROWS = Number(process.env.BENCH_METADATA_ROWS ?? 1_000_000);

/**
 * Issue 2's figures: adding a field to a 1M-row object through the whole metadata engine (validation,
 * transaction, DDL, metadata rows, history, version), next to PostgreSQL's own ALTER TABLE; and
 * creating 200 objects × 30 fields.
 */
export async function metadataSuite(ctx: BenchContext): Promise<void> {
  console.log(`\n## Metadata engine (issue 2)\n`);
  const tenant = await ctx.newTenant('bench-md');
  const { metadata, pool } = ctx.platform;
  await metadata.createObject(tenant.id, actor, { name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'score', type: 'integer' }] });
  const load = await time(() => pool.query(`insert into "${tenant.schema}"."lead" ("name", "score") select 'lead ' || g, g % 100 from generate_series(1, ${ROWS}) g`));
  await pool.query(`analyze "${tenant.schema}"."lead"`);
  console.log(`loaded ${ROWS.toLocaleString('en')} leads in ${fmt(load.ms)}`);

  const engine: number[] = [];
  const raw: number[] = [];
  const types = ['text', 'number', 'date', 'email', 'select', 'lookup', 'boolean', 'currency', 'integer', 'dateTime'];
  await metadata.createObject(tenant.id, actor, { name: 'account' });
  for (let i = 0; i < types.length; i++) {
    const type = types[i];
    const extra = type === 'select' ? { options: [{ value: 'A' }, { value: 'B' }] } : type === 'lookup' ? { target: 'account' } : {};
    engine.push((await time(() => metadata.createField(tenant.id, actor, 'lead', { name: `f${i}`, type, ...extra }))).ms);
    raw.push((await time(() => pool.query(`alter table "${tenant.schema}"."lead" add column "raw${i}" text`))).ms);
  }
  const filenode = (await pool.query(`select pg_relation_filenode($1::regclass) as f`, [`"${tenant.schema}"."lead"`])).rows[0].f;
  table([
    { what: `add a field to ${ROWS.toLocaleString('en')} rows, engine (median of ${types.length} types)`, time: fmt(median(engine)), goal: '< 50 ms' },
    { what: 'same, PostgreSQL ALTER TABLE ADD COLUMN alone', time: fmt(median(raw)), goal: '~2 ms' },
    { what: 'engine / PostgreSQL', time: `${(median(engine) / median(raw)).toFixed(1)}×`, goal: '' },
  ]);
  console.log(`per type: ${types.map((t, i) => `${t} ${fmt(engine[i])}`).join(', ')}; table file unchanged: ${filenode !== null}`);

  const wide = await ctx.newTenant('bench-wide');
  const fields = (o: number) => Array.from({ length: 30 }, (_, j) => {
    const kinds = [
      { type: 'text' }, { type: 'number', precision: 14, scale: 2 }, { type: 'date' }, { type: 'email' },
      { type: 'select', options: [{ value: 'NEW' }, { value: 'OPEN' }, { value: 'DONE' }] }, { type: 'boolean' },
      { type: 'currency', currencyCode: 'CNY' }, { type: 'dateTime' }, { type: 'integer' },
      ...(o > 0 ? [{ type: 'lookup', target: `object${o - 1}` }] : [{ type: 'phone' }]),
    ];
    return { name: `field${j}`, label: { en: `Field ${j}`, 'zh-CN': `字段 ${j}` }, ...kinds[j % kinds.length] };
  });
  const perObject: number[] = [];
  const all = await time(async () => {
    for (let o = 0; o < 200; o++) {
      perObject.push((await time(() => metadata.createObject(wide.id, actor, { name: `object${o}`, label: `Object ${o}`, fields: fields(o) }))).ms);
    }
  });
  const doc = await time(async () => {
    const t = await ctx.newTenant('bench-doc');
    return metadata.applyMetadata(t.id, actor, { objects: Array.from({ length: 200 }, (_, o) => ({ name: `object${o}`, fields: fields(o) })) });
  });
  table([
    { what: 'create 200 objects × 30 fields, one createObject each (total)', time: fmt(all.ms) },
    { what: '… per object (median)', time: fmt(median(perObject)) },
    { what: '… per object (slowest)', time: fmt(Math.max(...perObject)) },
    { what: 'the same 200 × 30 as one applyMetadata document (one transaction)', time: fmt(doc.ms) },
  ]);
}
