import { isWorkingTime, LocalApi, loadCalendar, nextWorkingStart, updateMatching, type OperationContext, type PluginServices, type SaveBatch } from '@tessera/platform';
import { evaluateIn } from '../workflows/values.ts';
import { objectPools, systemOf, moveToPool, poolOf } from '../pools/index.ts';
import { applyRules } from './assign.ts';
import { dispatchRulesOf } from './config.ts';
import type { DispatchRuleItem } from './definition.ts';
import { dispatchesTable } from './tables.ts';

export const DISPATCH_TIMER = (object: string, id: string, rule: string) => `dispatch:${object}:${id}:${rule}`;

const empty = (v: unknown) => v === null || v === undefined || v === '' || (Array.isArray(v) && v.length === 0);
const num = (v: unknown): number | null => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : null);

/** Whether the record meets the rule's criteria: its required fields hold values, its score reaches the threshold, its condition holds. */
export function meets(ctx: OperationContext, rule: DispatchRuleItem, record: Record<string, unknown>, now: Date): boolean {
  if ((rule.requiredFields ?? []).some((f) => empty(record[f]))) return false;
  if (rule.score) { const s = num(record[rule.score.field]); if (s === null || s < rule.score.min) return false; }
  return rule.when === undefined || evaluateIn({ model: ctx.model, object: rule.object, record, now, settings: {} }, rule.when) === true;
}

const readAll = (op: OperationContext, object: string, ids: string[]) => new LocalApi(op, { limits: { maxQueries: Number.MAX_SAFE_INTEGER } }).many(object, ids);

/**
 * After a create or update (a save hook, in the write's transaction): each record meeting a
 * dispatch rule it has not met before is recorded once (`_dispatches`, keyed by record and rule:
 * the insert that wins is the only one that acts, so a rule dispatches a record exactly once), then
 * dispatched at once inside the rule calendar's working hours, or queued: a timer at the next
 * working start, whose job dispatches it then (if it still meets the criteria).
 */
export async function dispatchAfterWrite(ctx: OperationContext, batch: SaveBatch, services: PluginServices): Promise<void> {
  const rules = dispatchRulesOf(ctx.model, batch.object.name);
  if (!rules.length || !batch.ids.length || (batch.kind === 'update' && batch.changes?.length === 0)) return;
  const object = batch.object.name;
  const schema = ctx.model.schema;
  const now = services.clock.now();
  const system = systemOf(ctx);
  const records = await readAll(system, object, batch.ids);
  const { rows: seen } = await ctx.db.query<{ record_id: string; rule: string }>(`select record_id, rule from ${dispatchesTable(schema)} where object = $1 and record_id = any($2::uuid[])`, [object, batch.ids]);
  const met = new Set(seen.map((r) => `${r.record_id}:${r.rule}`));
  const matched: { id: string; rule: DispatchRuleItem }[] = [];
  for (const record of records) {
    const id = record.id as string;
    const rule = rules.find((r) => !met.has(`${id}:${r.name}`) && meets(ctx, r, record, now));
    if (rule) matched.push({ id, rule });
  }
  if (!matched.length) return;
  const { rows: won } = await ctx.db.query<{ record_id: string; rule: string }>(
    `insert into ${dispatchesTable(schema)} (object, record_id, rule, state, matched_at) select $1, x.id, x.rule, 'queued', $2 from unnest($3::uuid[], $4::text[]) as x(id, rule)
     on conflict do nothing returning record_id, rule`, [object, now, matched.map((m) => m.id), matched.map((m) => m.rule.name)]);
  const mine = new Set(won.map((r) => `${r.record_id}:${r.rule}`));
  for (const { id, rule } of matched) {
    if (!mine.has(`${id}:${rule.name}`)) continue;
    const calendar = (await loadCalendar({ query: async <R>(t: string, v?: unknown[]) => (await ctx.db.query(t, v as unknown[])).rows as R[] }, ctx.model.tenantId, rule.calendar))!;
    if (isWorkingTime(calendar, now)) await perform(system, object, id, rule, now);
    else {
      const due = nextWorkingStart(calendar, now);
      await ctx.db.query(`update ${dispatchesTable(schema)} set due_at = $4 where object = $1 and record_id = $2 and rule = $3`, [object, id, rule.name, due]);
      await services.schedule({ tenantId: ctx.model.tenantId, key: DISPATCH_TIMER(object, id, rule.name), dueAt: due, job: 'dispatch', payload: { tenantId: ctx.model.tenantId, object, id, rule: rule.name }, tx: ctx.db });
    }
  }
}

/**
 * Moves the record to the rule's team: its values set, then the pool (its public part; without a
 * pool the record stays where it is) with DISPATCH in the pool history, then the assignment rules
 * when the rule says so. The system writes all of it through the save pipeline.
 */
async function perform(system: OperationContext, object: string, id: string, rule: DispatchRuleItem, now: Date): Promise<void> {
  await system.db.query(`update ${dispatchesTable(system.model.schema)} set state = 'done', done_at = $4 where object = $1 and record_id = $2 and rule = $3`, [object, id, rule.name, now]);
  const model = system.model.objects.get(object)!;
  if (rule.set && Object.keys(rule.set).length) await updateMatching(system, model, { id: { in: [id] } }, rule.set);
  if ((objectPools(system.model, object)).length) {
    const where = await poolOf(system, object, id);
    if (where) await moveToPool(system, object, [id], rule.pool ?? where.pool, { action: 'DISPATCH', reason: rule.name, owner: rule.pool ? null : where.owner });
  }
  if (rule.assign) await applyRules(system, object, [id], now);
}

/** The queued dispatch's timer fired (the working day started): dispatch it if it still meets the criteria, else drop it. */
export async function dispatchQueued(op: OperationContext, p: { object: string; id: string; rule: string }, services: PluginServices): Promise<void> {
  const schema = op.model.schema;
  const { rows } = await op.db.query<{ state: string }>(`select state from ${dispatchesTable(schema)} where object = $1 and record_id = $2 and rule = $3 for update`, [p.object, p.id, p.rule]);
  if (rows[0]?.state !== 'queued') return;
  const now = services.clock.now();
  const rule = (dispatchRulesOf(op.model, p.object)).find((r) => r.name === p.rule);
  const [record] = op.model.objects.has(p.object) ? await readAll(op, p.object, [p.id]) : [];
  if (!rule || !record || !meets(op, rule, record, now)) {
    await op.db.query(`update ${dispatchesTable(schema)} set state = 'dropped', done_at = $4 where object = $1 and record_id = $2 and rule = $3`, [p.object, p.id, p.rule, now]);
    return;
  }
  const calendar = (await loadCalendar({ query: async <R>(t: string, v?: unknown[]) => (await op.db.query(t, v as unknown[])).rows as R[] }, op.model.tenantId, rule.calendar))!;
  if (!isWorkingTime(calendar, now)) {
    // The calendar changed meanwhile (a holiday added): wait for its next working start.
    const due = nextWorkingStart(calendar, now);
    await services.schedule({ tenantId: op.model.tenantId, key: DISPATCH_TIMER(p.object, p.id, p.rule), dueAt: due, job: 'dispatch', payload: { tenantId: op.model.tenantId, ...p }, tx: op.db });
    return;
  }
  await perform(op, p.object, p.id, rule, now);
}

/** A record's dispatches: [{rule, state, matchedAt, dueAt, doneAt}] (for those who read it). */
export async function dispatchesOf(op: OperationContext, object: string, id: string): Promise<unknown[]> {
  const { rows } = await op.db.query(`select rule, state, matched_at as "matchedAt", due_at as "dueAt", done_at as "doneAt" from ${dispatchesTable(op.model.schema)} where object = $1 and record_id = $2 order by matched_at, rule`, [object, id]);
  return rows;
}
