import { definePlugin, PlatformError, type OperationContext, type Plugin, type PluginQuery, type PluginServices, type QueryCall } from '@tessera/platform';
import { computeScores, rescore, rulesOf } from './compute.ts';
import { scoringHook } from './hooks.ts';
import { scoringRuleKind } from './kind.ts';
import { enqueueRecompute, recompute, signature, type RecomputeJob } from './recompute.ts';
import { migrations, progressTable } from './tables.ts';

const field = (name: string, description: string, args: PluginQuery['args'], properties: Record<string, unknown>, run: (op: OperationContext, input: any, call: QueryCall) => Promise<unknown>, capability?: string): PluginQuery => ({
  name, description, args, ...(capability ? { capability } : {}),
  input: { type: 'object', additionalProperties: false, required: Object.entries(args ?? {}).filter(([, a]) => a.required).map(([k]) => k), properties },
  run: (call) => run(call.op, call.input, call),
});

/**
 * Lead scoring for any object: the kind `scoringRules` (points by criteria and by activity into a
 * stored number field), recomputed in the write's transaction when the record or one of its
 * activities changes, by a timer per record when a counted activity leaves its window, and fully by
 * a batched background job (with progress) when the rule changes.
 */
export function createScoringPlugin(): Plugin {
  const held: { services?: PluginServices } = {};
  const services = () => held.services!;
  return definePlugin({
    name: 'scoring', version: '0.1.0', label: { en: 'Scoring', zh: '线索评分' },
    after: ['permissions', 'duplicates', 'rollups', 'audit', 'scripts', 'workflows', 'approvals'],
    description: 'Scores records by criteria and activities into a stored number field, kept current on every write path.',
    metadataKinds: [scoringRuleKind(async (tx, name, before, after) => { if (held.services) await enqueueRecompute(held.services, tx, name, before, after); })],
    migrations,
    saveHooks: [scoringHook(services)],
    jobs: [
      { name: 'recompute', async run(p: RecomputeJob, ctx) { await recompute(ctx, ctx.tx, p); } },
      {
        // A record's window moved: its oldest counted activity left it. Idempotent (a score computed
        // from the records as they are), so a timer that fires twice or late writes it once.
        name: 'decay',
        async run(p: { tenantId: string; rule: string; id: string }, ctx) {
          const { op } = await ctx.asSystem(p.tenantId, ctx.tx);
          const rule = (rulesOf(op.model)).find((r) => r.name === p.rule);
          if (rule) await rescore(op, ctx, rule, [p.id], ctx.clock.now());
        },
      },
    ],
    queries: [
      field('scoringRules', 'The scoring rules (of one object with `object`), as documents carry them: what the studio lists and edits.', { object: { type: 'String' } }, { object: { type: ['string', 'null'] } },
        async (op, i) => (await op.db.query<{ item: Record<string, unknown> }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [op.model.tenantId, 'scoringRule'])).rows.map((r) => r.item).filter((r) => !i.object || r.object === i.object)),
      field('scoringProgress', 'The latest full recomputation of each rule (of one object with `object`): {rule, done, total, startedAt, finishedAt}.', { object: { type: 'String' } }, { object: { type: ['string', 'null'] } },
        async (op, i) => {
          const { rows } = await op.db.query(`select rule, done::int as done, total::int as total, started_at as "startedAt", finished_at as "finishedAt" from ${progressTable(op.model.schema)} order by rule`);
          const names = new Set((rulesOf(op.model)).filter((r) => !i.object || r.object === i.object).map((r) => r.name));
          return rows.filter((r) => names.has(r.rule));
        }),
      field('scoreBreakdown', 'Why a record has its score: each rule\'s total and the score stored.', { object: { type: 'String', required: true }, id: { type: 'ID', required: true } }, { object: { type: 'string' }, id: { type: 'string' } },
        async (op, i, call) => {
          if (!(await call.api.get(i.object, i.id))) throw new PlatformError('NOT_FOUND', `No ${i.object} ${i.id}`, { details: [{ pointer: '/id', message: 'no such record' }] });
          const out = [];
          for (const rule of (rulesOf(op.model)).filter((r) => r.object === i.object)) {
            const [s] = await computeScores(op, rule, call.clock.now(), { ids: [i.id] });
            out.push({ rule: rule.name, field: rule.field, score: s?.score ?? null, stored: s?.current ?? null, expires: s?.expires ?? null });
          }
          return out;
        }),
    ],
    mutations: [
      field('recomputeScores', 'Recomputes every record of a scoring rule in the background (a batched job with progress: scoringProgress).', { rule: { type: 'String', required: true } }, { rule: { type: 'string' } },
        async (op, i, call) => {
          const rule = (rulesOf(op.model)).find((r) => r.name === i.rule);
          if (!rule) throw new PlatformError('NOT_FOUND', `No active scoring rule ${i.rule}`, { details: [{ pointer: '/rule', message: 'no such rule' }] });
          await call.enqueue('recompute', { tenantId: op.model.tenantId, rule: rule.name, sig: signature(rule), after: null } satisfies RecomputeJob, { tx: op.db, tenantId: op.model.tenantId });
          return { rule: rule.name, enqueued: true };
        }, 'manageMetadata'),
    ],
    setup(s) { held.services = s; },
  });
}
