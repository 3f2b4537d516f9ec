import { createRecords, inTransaction, Tracer, type OperationContext, type SaveBatch } from '@tessera/platform';
import { createPlugin, ScriptRuntime } from '@tessera/runtime';
import { fmt, median, table, time, type BenchContext } from '../harness.ts';

const ROWS = Number(process.env.BENCH_SCRIPT_ROWS ?? 100_000);
const ROUNDS = Number(process.env.BENCH_SCRIPT_ROUNDS ?? 5);
const BATCH = 10_000;
const TRIGGER = `export const triggers = { lead: { beforeCreate(ctx) { for (const r of ctx.records) r.score = (r.score ?? 0) + 1; } } };`;
const us = (ms: number) => `${(ms * 1000).toFixed(2)} µs`;

/**
 * Issue 5's figures: a bulk create of 100k records with and without a simple before-trigger (one
 * call per batch of 10k; ROUNDS rounds, batches alternating between the two tenants), the scripts'
 * hook time inside the pipeline, a warm single call (one record in and out), and a cold isolate.
 */
export async function scriptsSuite(ctx: BenchContext): Promise<void> {
  console.log(`\n## Script runtime (issue 5)\n`);
  const platform = ctx.platform;
  const plugin = createPlugin({ onFailure: () => {} });
  await platform.plugins.install(plugin);
  const runtime = plugin.runtime as ScriptRuntime;
  const plain = await ctx.newTenant('bench-sc-plain');
  const scripted = await ctx.newTenant('bench-sc-trig');
  const actor = { userId: null, via: 'system' as const };
  for (const t of [plain, scripted]) await platform.metadata.createObject(t.id, actor, { name: 'lead', fields: [{ name: 'name', type: 'text' }, { name: 'score', type: 'integer' }] });
  const saved = await platform.scripting!.compile({ name: 'bench', language: 'JS', source: TRIGGER });
  await platform.pool.query(`insert into tessera.scripts (tenant_id, name, version, language, source, compiled, source_map, handlers, active) values ($1, 'bench', 1, 'JS', $2, $3, $4, $5, true)`,
    [scripted.id, TRIGGER, saved.compiled, JSON.stringify(saved.lineMap), JSON.stringify(saved.handlers)]);
  await platform.pool.query('update tessera.tenants set metadata_version = metadata_version + 1 where id = $1', [scripted.id]);
  platform.schemas.invalidate(scripted.id);

  const opFor = async (tenantId: string, db: OperationContext['db'], tracer?: Tracer): Promise<OperationContext> => {
    const { model } = await platform.schemas.get(tenantId);
    const principal = { tenantId, tenantSlug: 'bench', schema: model.schema, userId: (await platform.pool.query('select id from tessera.users where tenant_id = $1 limit 1', [tenantId])).rows[0].id, userName: 'bench', locale: 'en', isAdmin: true, roleId: null, apiKeyId: null, via: 'api' as const, settings: {} };
    return { principal, model, limits: { maxDepth: 10, defaultPageSize: 100, maxPageSize: 500, maxCost: 50_000, statementTimeoutMs: 120_000, maxBatchSize: BATCH, maxRowsPerRequest: BATCH, maxFilterTerms: 1_000 }, db, via: 'api', pipeline: platform.pipeline, depth: 0, tracer };
  };
  const records = Array.from({ length: BATCH }, (_, i) => ({ name: `lead ${i}`, score: i % 100 }));
  /** One batch through createRecords (the whole save pipeline); its time, and the time of the scripts' before-write hook in it. */
  const batch = async (tenantId: string) => {
    const tracer = new Tracer();
    const { ms } = await time(() => inTransaction(platform.pool, 120_000, async (db) => createRecords(await opFor(tenantId, db, tracer), (await platform.schemas.get(tenantId)).model.objects.get('lead')!, records.map((r) => ({ ...r })))));
    const hook = tracer.steps.filter((s) => s.hook === 'scripts:before').reduce((sum, s) => sum + s.ms, 0);
    return { ms, hook };
  };
  // Both tenants on the same platform and pipeline (the scripts' hooks installed); only the scripted
  // tenant has a trigger. Batches alternate between the two, ROWS records each per round.
  const without: number[] = [];
  const withTrigger: number[] = [];
  const overheads: number[] = [];
  const hookWith: number[] = [];
  const hookWithout: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    let a = 0, b = 0, ha = 0, hb = 0;
    for (let done = 0; done < ROWS; done += BATCH) {
      const plainRun = await batch(plain.id);
      const scriptedRun = await batch(scripted.id);
      a += plainRun.ms; ha += plainRun.hook;
      b += scriptedRun.ms; hb += scriptedRun.hook;
    }
    without.push(a); withTrigger.push(b); overheads.push((b - a) / ROWS);
    hookWithout.push(ha / ROWS); hookWith.push(hb / ROWS);
  }
  const check = await platform.pool.query(`select min(score) as lo from "${scripted.schema}"."lead"`);
  const overhead = median(overheads);

  // Warm single call: one record in, changed, out, through the trigger hook.
  const warmCtx = await opFor(scripted.id, undefined as never);
  const object = warmCtx.model.objects.get('lead')!;
  const one = (): SaveBatch => ({ kind: 'create', object, records: [{ name: 'one', score: 1 }], ids: ['00000000-0000-0000-0000-000000000001'] });
  for (let i = 0; i < 2000; i++) await runtime.runTriggers(warmCtx, one(), 'before');
  // 10 blocks of 2,000 calls; the median block's mean (a GC pause or a neighbour's burst moves one block, not the figure).
  const blocks: number[] = [];
  for (let b = 0; b < 10; b++) {
    const started = performance.now();
    for (let i = 0; i < 2000; i++) await runtime.runTriggers(warmCtx, one(), 'before');
    blocks.push((performance.now() - started) / 2000);
  }
  const warm = median(blocks);

  // Cold isolate: a tenant the sandbox process has not seen (its isolate created, bootstrap and the
  // script's context compiled and evaluated) and its first call through the hook.
  const cold: number[] = [];
  for (let i = 0; i < 20; i++) {
    const coldCtx = { ...warmCtx, model: { ...warmCtx.model, tenantId: `${scripted.id}-cold-${i}` } };
    const t = performance.now();
    await runtime.runTriggers(coldCtx, one(), 'before');
    cold.push(performance.now() - t);
  }
  // Cold process: a new runtime (its own sandbox processes, started on first use) and its first call.
  const coldProcess: number[] = [];
  for (let i = 0; i < 5; i++) {
    const fresh = new ScriptRuntime({ onFailure: () => {} });
    const t = performance.now();
    await fresh.runTriggers(warmCtx, one(), 'before');
    coldProcess.push(performance.now() - t);
    await fresh.close();
  }
  table([
    { what: `bulk create ${ROWS.toLocaleString('en')} leads (batches of ${BATCH.toLocaleString('en')}), no trigger, median of ${ROUNDS}`, value: fmt(median(without)), goal: '' },
    { what: 'same, with a simple before-trigger (one call per batch)', value: fmt(median(withTrigger)), goal: '' },
    { what: 'trigger overhead per record (median of the rounds\' differences)', value: us(overhead), goal: '≤ 1 µs' },
    { what: 'scripts\' before-write hook per record, with / without the trigger', value: `${us(median(hookWith))} / ${us(median(hookWithout))}`, goal: '' },
    { what: 'warm single call (1 record in and out, through the hook), median of 10 blocks of 2,000', value: us(warm), goal: '≤ 20 µs' },
    { what: 'cold isolate (new isolate + context + script + first call), median of 20', value: fmt(median(cold)), goal: '≤ 5 ms' },
    { what: 'cold sandbox process (process started + cold isolate), median of 5', value: fmt(median(coldProcess)), goal: '' },
  ]);
  console.log(`rounds (ms without / with): ${without.map((w, i) => `${w.toFixed(0)}/${withTrigger[i].toFixed(0)}`).join(', ')}`);
  console.log(`trigger applied: min score with trigger = ${check.rows[0].lo} (≥ 1 expected)`);
  await platform.plugins.uninstall('scripts');
}
