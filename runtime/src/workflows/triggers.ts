import type pg from 'pg';
import { addBusinessTime, addDuration, configItemsOf, loadCalendar, loadDocumentItems, parseDuration, tenantTimeZone, type ChangeEvent, type PluginServices, type SchemaModel } from '@tessera/platform';
import { CronExpressionParser } from 'cron-parser';
import type { WorkflowItem } from './definition.ts';
import { schemaOf } from './engine.ts';
import { startRun } from './runs.ts';
import { waitsTable } from './tables.ts';
import { evaluateIn, withLookups, type RecordLoader } from './values.ts';

export const DATE_TIMER = (wf: string, record: string) => `wf-date:${wf}:${record}`;
export const CRON_TIMER = (wf: string) => `wf-cron:${wf}`;

const sqlOf = (db: pg.PoolClient) => ({ query: async <R>(text: string, values?: unknown[]) => (await db.query(text, values as unknown[])).rows as R[] });

export async function activeWorkflows(db: pg.PoolClient, tenantId: string): Promise<WorkflowItem[]> {
  return (await loadDocumentItems<WorkflowItem>(sqlOf(db), tenantId, 'workflow')).filter((w) => w.active !== false);
}

/** Per tenant, at a metadata version: its active workflows, and whether it ever had one. */
const known = new Map<string, { version: number; active: WorkflowItem[]; ever: boolean }>();

/**
 * A tenant's active workflows and whether it ever had one (runs may still wait), read once per
 * metadata version — a workflow's save bumps it (kind.ts) — so change events of a tenant without
 * workflows cost the subscriber no statement. (Another process learns a new version by NOTIFY:
 * an event delivered there in those milliseconds is seen as delivered just before the save.)
 */
async function workflowsAt(services: PluginServices, db: pg.PoolClient, tenantId: string): Promise<{ active: WorkflowItem[]; ever: boolean }> {
  const model = await services.model(tenantId);
  const { version } = model;
  const hit = known.get(tenantId);
  if (hit && hit.version === version) return hit;
  const active = configItemsOf<WorkflowItem>(model, 'workflow').filter((w) => w.active !== false);
  const { rows } = await db.query<{ ever: boolean }>('select exists (select 1 from tessera.workflow_versions where tenant_id = $1) as ever', [tenantId]);
  const entry = { version, active, ever: rows[0].ever };
  if (known.size > 10_000) known.clear();
  known.set(tenantId, entry);
  return entry;
}

/**
 * When a date trigger fires for a record (null: not at all — the field is blank or the condition
 * does not hold). `load` reads the records the condition's lookups point to; `calendars`: business
 * calendars already loaded (a back-fill's batch loads one once).
 */
export async function dueFor(db: pg.PoolClient, tenantId: string, wf: WorkflowItem, model: SchemaModel, record: Record<string, unknown>, now: Date, settings: Record<string, unknown>, load: RecordLoader, calendars = new Map<string, unknown>()): Promise<Date | null> {
  const trigger = wf.trigger as Extract<WorkflowItem['trigger'], { type: 'date' }>;
  const value = record[trigger.field];
  if (value === null || value === undefined) return null;
  if (trigger.condition && evaluateIn({ model, object: wf.object!, record: await withLookups(model, wf.object!, record, [{ source: trigger.condition }], load), now, settings }, trigger.condition) !== true) return null;
  const base = new Date(String(value).length === 10 ? `${value}T00:00:00Z` : String(value));
  if (!trigger.offset) return base;
  const d = parseDuration(trigger.offset, '/trigger/offset');
  if (!trigger.business) return addDuration(base, d);
  const key = wf.calendar ?? '';
  if (!calendars.has(key)) calendars.set(key, await loadCalendar(sqlOf(db), tenantId, wf.calendar));
  const calendar = calendars.get(key) as Awaited<ReturnType<typeof loadCalendar>>;
  if (!calendar) throw new Error(`There is no business calendar "${wf.calendar}"`);
  return addBusinessTime(calendar, base, (((d.weeks * 7 + d.days) * 24 + d.hours) * 60 + d.minutes) * 60_000 + d.seconds * 1000);
}

/**
 * The trigger subscriber: committed record writes start runs of record-triggered workflows
 * (exactly once: the run is inserted in the delivery's transaction, which also moves the cursor,
 * and a dedupe key of the workflow and the event refuses a second), keep date triggers' timers
 * where the record now puts them (moved on update, cancelled on delete or when the condition no
 * longer holds), and wake runs waiting for a condition on a changed record.
 */
export function triggerSubscriber(services: PluginServices) {
  return {
    name: 'triggers',
    async handle(events: ChangeEvent[], tx: pg.PoolClient): Promise<void> {
      if (!events.length) return;
      const tenantId = events[0].tenantId;
      const { active: workflows, ever } = await workflowsAt(services, tx, tenantId);
      if (!ever) return; // never a workflow: no triggers, and no run waits on a record
      const schema = await schemaOf(tx, tenantId);
      // Runs waiting on a changed record's condition: resumed to re-check it.
      const { rows: waits } = await tx.query<{ run_id: string }>(`select run_id from ${waitsTable(schema)} where (object, record_id) in (select * from unnest($1::text[], $2::uuid[]))`, [events.map((e) => e.object), events.map((e) => e.recordId)]);
      for (const w of waits) await services.enqueue('resume', { tenantId, runId: w.run_id, check: true }, { tx, tenantId });
      const relevant = workflows.filter((w) => w.object && (w.trigger.type === 'record' || w.trigger.type === 'date'));
      if (!relevant.length) return;
      const { op, api } = await services.asSystem(tenantId, tx);
      const load: RecordLoader = (object, id) => api.get(object, id);
      const settings = op.principal.settings;
      const now = services.clock.now();
      for (const event of events) {
        const mine = relevant.filter((w) => w.object === event.object);
        if (!mine.length) continue;
        const current = event.kind === 'delete' ? null : await api.get(event.object, event.recordId);
        const after: Record<string, unknown> = { ...(current ?? {}), id: event.recordId };
        const before: Record<string, unknown> = { ...after };
        for (const c of event.changes) { after[c.field] = c.after; before[c.field] = c.before; }
        for (const wf of mine) {
          const t = wf.trigger;
          if (t.type === 'record') {
            if (!t.on.includes(event.kind as 'create')) continue;
            if (event.kind === 'update' && t.fields?.length && !event.changes.some((c) => t.fields!.includes(c.field))) continue;
            if (t.condition && event.kind !== 'delete' && evaluateIn({ model: op.model, object: wf.object!, record: await withLookups(op.model, wf.object!, after, [{ source: t.condition, rules: true }], load), prior: event.kind === 'update' ? before : null, now, settings }, t.condition, true) !== true) continue;
            const run = await startRun(tx, { schema, tenantId, workflow: wf.name, object: event.object, recordId: event.recordId, actorId: event.actorId, trigger: { type: 'record', kind: event.kind, event: event.id, changes: event.changes }, dedupe: `event:${wf.name}:${event.id}`, now });
            if (run) await services.enqueue('advance', { tenantId, runId: run }, { tx, tenantId });
          } else if (t.type === 'date') {
            const key = DATE_TIMER(wf.name, event.recordId);
            const due = event.kind === 'delete' || !current ? null : await dueFor(tx, tenantId, wf, op.model, after, now, settings, load);
            if (!due) await services.cancelTimer(tenantId, key, tx);
            else await services.schedule({ tenantId, key, dueAt: due, job: 'fire', payload: { tenantId, workflow: wf.name, recordId: event.recordId, dueAt: due.toISOString() }, tx });
          }
        }
      }
    },
  };
}

/**
 * A date trigger's timer fired: the record is read again (a change between the move and the fire
 * is seen), and a run starts only if it is still due at this time (dedupe: workflow, record, due).
 */
export async function fireDateTrigger(services: PluginServices, tx: pg.PoolClient, p: { tenantId: string; workflow: string; recordId: string; dueAt: string }): Promise<void> {
  const wf = (await activeWorkflows(tx, p.tenantId)).find((w) => w.name === p.workflow);
  if (!wf || wf.trigger.type !== 'date') return;
  const { op, api } = await services.asSystem(p.tenantId, tx);
  const record = await api.get(wf.object!, p.recordId);
  if (!record) return;
  const now = services.clock.now();
  const due = await dueFor(tx, p.tenantId, wf, op.model, record, now, op.principal.settings, (o, id) => api.get(o, id));
  if (due && due.toISOString() !== p.dueAt && due.getTime() > now.getTime()) {
    // A timer left at a stale time (a back-fill's batch that read the record before a change
    // committed its own): moved to where the record now puts it, rather than lost.
    await services.schedule({ tenantId: p.tenantId, key: DATE_TIMER(wf.name, p.recordId), dueAt: due, job: 'fire', payload: { tenantId: p.tenantId, workflow: wf.name, recordId: p.recordId, dueAt: due.toISOString() }, tx });
    return;
  }
  if (!due || due.toISOString() !== p.dueAt) return;
  const schema = await schemaOf(tx, p.tenantId);
  const run = await startRun(tx, { schema, tenantId: p.tenantId, workflow: wf.name, object: wf.object, recordId: p.recordId, actorId: wf.runAs, trigger: { type: 'date', dueAt: p.dueAt }, dedupe: `date:${wf.name}:${p.recordId}:${p.dueAt}`, now: services.clock.now() });
  if (run) await services.enqueue('advance', { tenantId: p.tenantId, runId: run }, { tx, tenantId: p.tenantId });
}

/** The next time a cron trigger fires after `after`, in its time zone (default the tenant's). */
export function nextCron(wf: WorkflowItem, after: Date, settings: Record<string, unknown>): Date {
  const t = wf.trigger as Extract<WorkflowItem['trigger'], { type: 'cron' }>;
  return CronExpressionParser.parse(t.cron, { currentDate: after, tz: t.timeZone ?? tenantTimeZone(settings) }).next().toDate();
}

/** Keeps a workflow's cron timer as its definition says (after a save). */
export async function scheduleCron(services: PluginServices, db: pg.PoolClient, tenantId: string, wf: WorkflowItem | null, name: string): Promise<void> {
  if (!wf || wf.active === false || wf.trigger.type !== 'cron') { await services.cancelTimer(tenantId, CRON_TIMER(name), db); return; }
  const { rows } = await db.query<{ settings: Record<string, unknown> | null }>('select settings from tessera.tenants where id = $1', [tenantId]);
  const at = nextCron(wf, services.clock.now(), rows[0]?.settings ?? {});
  await services.schedule({ tenantId, key: CRON_TIMER(name), dueAt: at, job: 'cron', payload: { tenantId, workflow: name, at: at.toISOString() }, tx: db });
}

/** A cron timer fired: one run for this occurrence (dedupe), and the next occurrence scheduled in the same transaction. */
export async function fireCron(services: PluginServices, tx: pg.PoolClient, p: { tenantId: string; workflow: string; at: string }): Promise<void> {
  const wf = (await activeWorkflows(tx, p.tenantId)).find((w) => w.name === p.workflow);
  if (!wf || wf.trigger.type !== 'cron') return;
  const schema = await schemaOf(tx, p.tenantId);
  const run = await startRun(tx, { schema, tenantId: p.tenantId, workflow: wf.name, object: wf.object, actorId: wf.runAs, trigger: { type: 'cron', at: p.at }, dedupe: `cron:${wf.name}:${p.at}`, now: services.clock.now() });
  if (run) await services.enqueue('advance', { tenantId: p.tenantId, runId: run }, { tx, tenantId: p.tenantId });
  const { rows } = await tx.query<{ settings: Record<string, unknown> | null }>('select settings from tessera.tenants where id = $1', [p.tenantId]);
  const next = nextCron(wf, new Date(Math.max(new Date(p.at).getTime(), services.clock.now().getTime())), rows[0]?.settings ?? {});
  await services.schedule({ tenantId: p.tenantId, key: CRON_TIMER(wf.name), dueAt: next, job: 'cron', payload: { tenantId: p.tenantId, workflow: wf.name, at: next.toISOString() }, tx });
}
