import { createHash } from 'node:crypto';
import type pg from 'pg';
import type { ChangeTx, PluginServices } from '@tessera/platform';
import type { WorkflowItem } from './definition.ts';
import { activeWorkflows, DATE_TIMER, dueFor } from './triggers.ts';

/** Records one back-fill job reads and schedules (one transaction each). */
const batchSize = () => Number(process.env.TESSERA_WORKFLOW_BACKFILL_BATCH) || 500;

export interface BackfillJob { tenantId: string; workflow: string; sig: string; after: string | null }

/**
 * What a workflow's date timers depend on (object, trigger, calendar), or `off` when it keeps none
 * (inactive, deleted, not date-triggered): a save that leaves it as it was needs no back-fill.
 */
export function dateSignature(wf: WorkflowItem | null): string {
  if (!wf || wf.active === false || wf.trigger.type !== 'date' || !wf.object) return 'off';
  return createHash('sha256').update(JSON.stringify([wf.object, wf.trigger, wf.calendar ?? null])).digest('hex').slice(0, 16);
}

/** The change's transaction as the job queue speaks to it (its rows), so the job commits with the change. */
function clientOf(tx: ChangeTx): pg.PoolClient {
  return { query: async (text: string, values?: unknown[]) => ({ rows: await tx.sql.query(text, values) }) } as unknown as pg.PoolClient;
}

/**
 * A save of a workflow whose date timers it changes (activated, deactivated, deleted, its trigger,
 * object or calendar changed): the back-fill job, enqueued in the change's transaction (it exists
 * iff the change commits). Why a job and not the change itself: a change holds the tenant's
 * configuration lock, and a million records must not hold it (nor one transaction) for minutes; the
 * job goes through the records in batches, each batch and the job that goes on from it committed
 * together, so a crash repeats at most one batch, and scheduling a timer twice moves it to where it
 * already is (idempotent).
 */
export async function enqueueBackfill(services: PluginServices, tx: ChangeTx, name: string, before: WorkflowItem | null, after: WorkflowItem | null): Promise<void> {
  const sig = dateSignature(after);
  if (sig === dateSignature(before)) return;
  await services.enqueue('backfill', { tenantId: tx.tenantId, workflow: name, sig, after: null } satisfies BackfillJob, { tx: clientOf(tx), tenantId: tx.tenantId });
}

/**
 * One batch of a back-fill. A job whose workflow has moved on since it was enqueued (its signature
 * no longer the live one) stops: the later save enqueued its own. `off`: up to a batch of the
 * workflow's date timers go. Otherwise a batch of the object's records, in id order: each record
 * whose trigger time is still to come gets its timer (moved if it had one); the others lose theirs
 * (due times already past when the workflow became active are not fired: the rule did not exist
 * then, and activating it must not start a storm of runs). Records changed meanwhile are kept right
 * by the trigger subscriber, and a timer left at a stale time is moved when it fires (fireDateTrigger).
 */
export async function backfill(services: PluginServices, tx: pg.PoolClient, p: BackfillJob): Promise<void> {
  const wf = (await activeWorkflows(tx, p.tenantId)).find((w) => w.name === p.workflow) ?? null;
  if (dateSignature(wf) !== p.sig) return;
  const n = batchSize();
  const next = (after: string | null) => services.enqueue('backfill', { ...p, after } satisfies BackfillJob, { tx, tenantId: p.tenantId });
  if (!wf || p.sig === 'off') {
    const gone = await services.cancelTimers(p.tenantId, { prefix: DATE_TIMER(p.workflow, ''), limit: n }, tx);
    if (gone === n) await next(null);
    return;
  }
  const { op, api } = await services.asSystem(p.tenantId, tx);
  const first = Math.min(n, op.limits.maxPageSize);
  const records = await api.find(wf.object!, { filter: p.after ? { id: { gt: p.after } } : null, orderBy: [{ id: 'ASC' }], first });
  const now = services.clock.now();
  const calendars = new Map();
  const timers: Parameters<PluginServices['scheduleMany']>[1] = [];
  const stale: string[] = [];
  for (const record of records) {
    const id = record.id as string;
    const due = await dueFor(tx, p.tenantId, wf, op.model, record, now, op.principal.settings, (o, i) => api.get(o, i), calendars);
    if (due && due.getTime() > now.getTime()) timers.push({ key: DATE_TIMER(wf.name, id), dueAt: due, job: 'fire', payload: { tenantId: p.tenantId, workflow: wf.name, recordId: id, dueAt: due.toISOString() } });
    else stale.push(DATE_TIMER(wf.name, id));
  }
  await services.scheduleMany(p.tenantId, timers, tx);
  if (stale.length) await services.cancelTimers(p.tenantId, { keys: stale }, tx);
  if (records.length === first) await next(records.at(-1)!.id as string);
}
