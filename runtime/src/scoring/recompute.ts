import { createHash } from 'node:crypto';
import type pg from 'pg';
import { canonical, loadDocumentItems, type ChangeTx, type PluginServices } from '@tessera/platform';
import { applyScores, computeScores, tableOf } from './compute.ts';
import type { ScoringRuleItem } from './definition.ts';
import { progressTable } from './tables.ts';

/** Records one recomputation job scores and writes (one transaction each). */
const batchSize = () => Number(process.env.TESSERA_SCORING_BATCH) || 1000;

export interface RecomputeJob { tenantId: string; rule: string; sig: string; after: string | null }

/** What a rule computes (object, field, criteria, activities), or `off` when it computes nothing: a save that changes only its label needs no recomputation. */
export function signature(rule: ScoringRuleItem | null): string {
  if (!rule || rule.active === false) return 'off';
  return createHash('sha256').update(canonical([rule.object, rule.field, rule.criteria ?? [], rule.activities ?? []])).digest('hex').slice(0, 16);
}

/** The change's transaction as the job queue speaks to it, so the job exists iff the change commits. */
function clientOf(tx: ChangeTx): pg.PoolClient {
  return { query: async (text: string, values?: unknown[]) => ({ rows: await tx.sql.query(text, values) }) } as unknown as pg.PoolClient;
}

/**
 * A save of a rule that changes what it computes: the full recomputation, as a job enqueued in the
 * change's transaction. Why a job and not the change: a change holds the tenant's configuration lock,
 * and a million records must hold neither it nor one long transaction; the job walks the records in
 * id order, a batch per transaction, each batch committed with the job that goes on from it (a crash
 * repeats at most one batch, and recomputing a score twice writes nothing the second time).
 */
export async function enqueueRecompute(services: PluginServices, tx: ChangeTx, name: string, before: ScoringRuleItem | null, after: ScoringRuleItem | null): Promise<void> {
  const sig = signature(after);
  if (sig === 'off' || sig === signature(before)) return;
  await services.enqueue('recompute', { tenantId: tx.tenantId, rule: name, sig, after: null } satisfies RecomputeJob, { tx: clientOf(tx), tenantId: tx.tenantId });
  // Progress starts with the change (pending until the first batch counts the records). A tenant
  // whose plugin tables are not there yet (migrations run on its first use) gets it from that batch.
  const [tenant] = await tx.sql.query<{ schema_name: string; t: string | null }>('select schema_name, to_regclass(quote_ident(schema_name) || $2)::text as t from tessera.tenants where id = $1', [tx.tenantId, '._scoring_progress']);
  if (!tenant?.t) return;
  await tx.sql.query(`insert into ${progressTable(tenant.schema_name)} (rule, sig, done, total, started_at, finished_at) values ($1, $2, 0, null, $3, null)
    on conflict (rule) do update set sig = excluded.sig, done = 0, total = null, started_at = excluded.started_at, finished_at = null`, [name, sig, services.clock.now()]);
}

/** One batch of a recomputation. A job whose rule moved on (another signature) stops: the later save enqueued its own. */
export async function recompute(services: PluginServices, tx: pg.PoolClient, p: RecomputeJob): Promise<void> {
  const { op } = await services.asSystem(p.tenantId, tx);
  // Read as stored now (not through the model cache, which may not have seen the change yet).
  const rule = (await loadDocumentItems<ScoringRuleItem>({ query: async <R>(text: string, values?: unknown[]) => (await tx.query(text, values as unknown[])).rows as R[] }, p.tenantId, 'scoringRule')).find((r) => r.name === p.rule) ?? null;
  if (signature(rule) !== p.sig) return;
  const now = services.clock.now();
  const progress = progressTable(op.model.schema);
  if (p.after === null) {
    const { rows: [{ n }] } = await tx.query<{ n: string }>(`select count(*) as n from ${tableOf(op.model, rule!.object)} where "deletedAt" is null`);
    await tx.query(`insert into ${progress} (rule, sig, done, total, started_at, finished_at) values ($1, $2, 0, $3, $4, null)
      on conflict (rule) do update set sig = excluded.sig, done = 0, total = excluded.total, finished_at = null, started_at = case when ${progress}.sig = excluded.sig then ${progress}.started_at else excluded.started_at end`, [p.rule, p.sig, Number(n), now]);
  }
  const n = batchSize();
  const scored = await computeScores(op, rule!, now, { after: p.after, limit: n });
  await applyScores(op, services, rule!, scored);
  const more = scored.length === n;
  await tx.query(`update ${progress} set done = done + $3, finished_at = $4 where rule = $1 and sig = $2`, [p.rule, p.sig, scored.length, more ? null : now]);
  if (more) await services.enqueue('recompute', { ...p, after: scored.at(-1)!.id } satisfies RecomputeJob, { tx, tenantId: p.tenantId });
}
