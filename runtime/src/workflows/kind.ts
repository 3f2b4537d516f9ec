import { buildModel, canonical, changeCatalog, checkExpression, documentItems, parseDuration, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { CronExpressionParser } from 'cron-parser';
import type { FirstSpec, Step, WorkflowItem } from './definition.ts';
import { workflowSchema } from './definition.ts';

/** The expressions of a workflow with where they are and whether they may read PRIORVALUE/ISCHANGED. */
function expressions(wf: WorkflowItem): { pointer: string; source: string; rules: boolean; object?: string }[] {
  const out: { pointer: string; source: string; rules: boolean; object?: string }[] = [];
  if ((wf.trigger.type === 'record' || wf.trigger.type === 'date') && wf.trigger.condition) out.push({ pointer: '/trigger/condition', source: wf.trigger.condition, rules: wf.trigger.type === 'record' });
  wf.steps.forEach((s, i) => {
    const at = `/steps/${i}`;
    if (s.type === 'branch') s.branches.forEach((b, j) => out.push({ pointer: `${at}/branches/${j}/when`, source: b.when, rules: false }));
    if (s.type === 'wait') for (const k of ['until', 'condition'] as const) if (s[k]) out.push({ pointer: `${at}/${k}`, source: s[k]!, rules: false });
    const values = (prefix: string, data: Record<string, unknown> | undefined) => {
      for (const [k, v] of Object.entries(data ?? {})) {
        if (isExpr(v)) out.push({ pointer: `${prefix}/${k}/expr`, source: v.expr, rules: false });
        if (isFirst(v)) for (const e of filterExpressions(v.first.filter, `${prefix}/${k}/first/filter`)) out.push({ ...e, rules: false });
      }
    };
    if (s.type === 'update' || s.type === 'create') values(`${at}/data`, s.data);
    if (s.type === 'command' || s.type === 'script') values(`${at}/input`, s.input);
    if (s.type === 'webhook') values(`${at}/body`, s.body);
    if (s.type === 'notify') {
      s.to.forEach((v, j) => { if (isExpr(v)) out.push({ pointer: `${at}/to/${j}/expr`, source: v.expr, rules: false }); });
      for (const k of ['title', 'body'] as const) { const v = s[k]; if (isExpr(v)) out.push({ pointer: `${at}/${k}/expr`, source: v.expr, rules: false }); }
    }
    if ('record' in s && isExpr(s.record)) out.push({ pointer: `${at}/record/expr`, source: s.record.expr, rules: false });
  });
  return out;
}

/** A `{first: {object, filter?, orderBy?}}` value (definition.ts, FirstSpec). */
export const isFirst = (v: unknown): v is FirstSpec => typeof v === 'object' && v !== null && !Array.isArray(v) && Object.keys(v).length === 1
  && typeof (v as { first?: unknown }).first === 'object' && (v as { first?: unknown }).first !== null && typeof (v as FirstSpec).first.object === 'string';

/** The `{expr}` values inside a filter, at any depth, with their pointers. */
export function filterExpressions(filter: unknown, pointer: string): { pointer: string; source: string }[] {
  if (isExpr(filter)) return [{ pointer: `${pointer}/expr`, source: filter.expr }];
  if (Array.isArray(filter)) return filter.flatMap((v, i) => filterExpressions(v, `${pointer}/${i}`));
  if (typeof filter === 'object' && filter !== null) return Object.entries(filter).flatMap(([k, v]) => filterExpressions(v, `${pointer}/${k.replaceAll('~', '~0').replaceAll('/', '~1')}`));
  return [];
}

export const isExpr = (v: unknown): v is { expr: string } => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { expr?: unknown }).expr === 'string' && Object.keys(v).length === 1;

/** What JSON Schema cannot check: objects and fields exist, step ids are unique and jumps land, expressions type-check, durations and cron parse. */
export function checkWorkflow(model: SchemaModel, wf: WorkflowItem): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const object = wf.object ? model.objects.get(wf.object) : undefined;
  if (wf.object && !object) problems.push({ pointer: '/object', message: `there is no object "${wf.object}"` });
  if ((wf.trigger.type === 'record' || wf.trigger.type === 'date' || wf.trigger.type === 'approval') && !wf.object) problems.push({ pointer: '/object', message: `a ${wf.trigger.type} trigger needs the workflow's object` });
  if (object && wf.trigger.type === 'record') (wf.trigger.fields ?? []).forEach((f, i) => { if (!object.fields.has(f)) problems.push({ pointer: `/trigger/fields/${i}`, message: `${wf.object} has no field "${f}"` }); });
  if (object && wf.trigger.type === 'date') {
    const meaning = object.fields.get(wf.trigger.field);
    const type = meaning && 'field' in meaning ? meaning.field.type : undefined;
    if (!meaning) problems.push({ pointer: '/trigger/field', message: `${wf.object} has no field "${wf.trigger.field}"` });
    else if (!['date', 'dateTime'].includes(type ?? '') && !['createdAt', 'updatedAt'].includes(wf.trigger.field)) problems.push({ pointer: '/trigger/field', message: `${wf.trigger.field} is not a date or date/time field` });
  }
  if (wf.trigger.type === 'cron') {
    try { CronExpressionParser.parse(wf.trigger.cron, { tz: 'UTC' }); } catch (e) { problems.push({ pointer: '/trigger/cron', message: `not a cron expression: ${(e as Error).message}` }); }
  }
  const ids = new Set<string>();
  wf.steps.forEach((s, i) => { if (ids.has(s.id)) problems.push({ pointer: `/steps/${i}/id`, message: `the step id "${s.id}" is used twice` }); ids.add(s.id); });
  const lands = (target: string | undefined, pointer: string) => { if (target !== undefined && target !== 'end' && !ids.has(target)) problems.push({ pointer, message: `there is no step "${target}"` }); };
  wf.steps.forEach((s: Step, i) => {
    lands(s.next, `/steps/${i}/next`);
    if (s.type === 'branch') { s.branches.forEach((b, j) => lands(b.next, `/steps/${i}/branches/${j}/next`)); lands(s.otherwise, `/steps/${i}/otherwise`); }
    if ((s.type === 'create' || s.type === 'forEach' || ((s.type === 'update' || s.type === 'command' || s.type === 'script') && s.object)) && !model.objects.has(s.object!)) problems.push({ pointer: `/steps/${i}/object`, message: `there is no object "${s.object}"` });
    if (s.type === 'update' || s.type === 'create') {
      for (const [k, v] of Object.entries(s.data)) {
        if (!isFirst(v)) continue;
        const target = model.objects.get(v.first.object);
        if (!target) { problems.push({ pointer: `/steps/${i}/data/${k}/first/object`, message: `there is no object "${v.first.object}"` }); continue; }
        (v.first.orderBy ?? []).forEach((o, j) => Object.entries(o).forEach(([f, dir]) => {
          if (!target.fields.has(f) && f !== 'id') problems.push({ pointer: `/steps/${i}/data/${k}/first/orderBy/${j}/${f}`, message: `${v.first.object} has no field "${f}"` });
          else if (dir !== 'ASC' && dir !== 'DESC') problems.push({ pointer: `/steps/${i}/data/${k}/first/orderBy/${j}/${f}`, message: 'ASC or DESC' });
        }));
      }
    }
    if (s.type === 'startApproval' && s.object && !model.objects.has(s.object)) problems.push({ pointer: `/steps/${i}/object`, message: `there is no object "${s.object}"` });
    if ((s.type === 'update' || s.type === 'command' || s.type === 'script' || s.type === 'startApproval') && !s.object && !wf.object) problems.push({ pointer: `/steps/${i}/object`, message: 'name the object (the workflow has none)' });
    if (s.type === 'wait') {
      if ([s.duration, s.until, s.condition].filter(Boolean).length !== 1) problems.push({ pointer: `/steps/${i}`, message: 'a wait has one of duration, until or condition' });
      for (const k of ['duration', 'timeout'] as const) if (s[k]) { try { parseDuration(s[k]!, `/steps/${i}/${k}`); } catch (e) { problems.push({ pointer: `/steps/${i}/${k}`, message: (e as Error).message }); } }
    }
  });
  for (const e of expressions(wf)) {
    const on = e.object ?? wf.object;
    if (!on || !model.objects.has(on)) { problems.push({ pointer: e.pointer, message: 'an expression needs the workflow\'s object' }); continue; }
    const checked = checkExpression(e.source, { model, object: on, rules: e.rules });
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer: e.pointer, message: p.message })));
  }
  return problems;
}

async function check(tx: ChangeTx, items: WorkflowItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  return items.flatMap((wf, i) => checkWorkflow(model, wf).map((p) => ({ pointer: `/${i}${p.pointer}`, message: p.message })));
}

function uses(wf: WorkflowItem): Reference[] {
  return wf.object ? [{ target: { kind: 'object', name: wf.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' }] : [];
}

/**
 * Workflows, the metadata kind `workflows` (documentItems). Versioned: a save that changes a
 * workflow's definition adds a row to `tessera.workflow_versions` in the change's transaction
 * (version 1, 2, …); a run keeps the version it started with. `onSaved` runs after commit (cron
 * triggers are (re)scheduled there).
 */
export function workflowKind(onSaved: (tenantId: string, wf: WorkflowItem | null, name: string) => Promise<void>, onApply?: (tx: ChangeTx, name: string, before: WorkflowItem | null, after: WorkflowItem | null) => Promise<void>): MetadataKind<WorkflowItem> {
  const base = documentItems<WorkflowItem>({
    name: 'workflow', documentKey: 'workflows', schema: workflowSchema as unknown as Record<string, unknown>,
    // 'metadata': the tenant's API follows its workflows (the runWorkflow command is on the objects
    // that have an active manual workflow, decided when the model is built).
    versions: ['metadata'], after: ['object', 'businessCalendar'], check, uses,
    // The webhook signing secret is written, never read back (pulls, the designer, the history see SECRET_KEPT).
    secrets: ['secret'],
    normalize: (wf) => ({ ...wf, active: wf.active ?? true }),
  });
  return {
    ...base,
    async apply(tx, change) {
      await base.apply(tx, change);
      const wf = change.after ? { ...change.after, active: change.after.active ?? true } : null;
      if (wf) await saveVersion(tx, wf);
      await onApply?.(tx, change.key, change.before, wf);
      tx.afterCommit(() => onSaved(tx.tenantId, wf, change.key));
    },
  };
}

/**
 * A new version when the definition differs from the latest (the active flag alone is no new
 * version; nor is a new secret: versions keep none, they are read back by whoever designs workflows).
 */
async function saveVersion(tx: ChangeTx, wf: WorkflowItem): Promise<void> {
  const { active: _active, secret: _secret, ...definition } = wf;
  const [latest] = await tx.sql.query<{ version: number; definition: unknown }>('select version, definition from tessera.workflow_versions where tenant_id = $1 and workflow = $2 order by version desc limit 1', [tx.tenantId, wf.name]);
  if (latest && canonical(latest.definition) === canonical(definition)) return;
  await tx.sql.query('insert into tessera.workflow_versions (tenant_id, workflow, version, definition, created_at) values ($1, $2, $3, $4, $5)', [tx.tenantId, wf.name, (latest?.version ?? 0) + 1, JSON.stringify(definition), tx.now]);
}


