import { buildModel, canonical, changeCatalog, checkExpression, documentItems, parseDuration, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { approvalFlowSchema, type Approver, type ApprovalFlowItem } from './definition.ts';

/** What JSON Schema cannot check: the object and fields exist, node ids are unique, expressions type-check, durations parse, vote nodes have a threshold. */
export function checkApprovalFlow(model: SchemaModel, flow: ApprovalFlowItem): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const object = model.objects.get(flow.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${flow.object}"` }];
  const expr = (pointer: string, source: string) => {
    const checked = checkExpression(source, { model, object: flow.object });
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer, message: p.message })));
  };
  const approvers = (list: Approver[] | undefined, at: string) => (list ?? []).forEach((a, j) => {
    if (a.type !== 'field') return;
    const [first, second] = a.field.split('.');
    const meaning = object.fields.get(first);
    const type = meaning && 'field' in meaning ? meaning.field.type : undefined;
    if (!meaning) problems.push({ pointer: `${at}/${j}/field`, message: `${flow.object} has no field "${first}"` });
    else if (second === undefined && type !== 'user') problems.push({ pointer: `${at}/${j}/field`, message: `${first} is not a user field` });
    else if (second !== undefined) {
      const target = meaning && 'field' in meaning ? (meaning.field as { target?: string }).target : undefined;
      const related = target ? model.objects.get(target) : undefined;
      if (!related || (type !== 'lookup' && type !== 'masterDetail')) problems.push({ pointer: `${at}/${j}/field`, message: `${first} is not a lookup` });
      else if (!related.fields.has(second)) problems.push({ pointer: `${at}/${j}/field`, message: `${target} has no field "${second}"` });
    }
  });
  if (flow.entryCriteria) expr('/entryCriteria', flow.entryCriteria);
  approvers(flow.cc, '/cc');
  const ids = new Set<string>();
  flow.nodes.forEach((n, i) => {
    const at = `/nodes/${i}`;
    if (ids.has(n.id)) problems.push({ pointer: `${at}/id`, message: `the node id "${n.id}" is used twice` });
    ids.add(n.id);
    if (n.mode === 'vote' && n.threshold === undefined) problems.push({ pointer: `${at}/threshold`, message: 'a vote node needs a threshold' });
    if (n.condition) expr(`${at}/condition`, n.condition);
    approvers(n.approvers, `${at}/approvers`);
    approvers(n.cc, `${at}/cc`);
    if (n.timeout) { try { parseDuration(n.timeout.after, `${at}/timeout/after`); } catch (e) { problems.push({ pointer: `${at}/timeout/after`, message: (e as Error).message }); } }
  });
  for (const key of ['onSubmit', 'onApproved', 'onRejected'] as const) {
    for (const [field, v] of Object.entries(flow[key]?.update ?? {})) {
      if (!object.fields.has(field)) problems.push({ pointer: `/${key}/update/${field}`, message: `${flow.object} has no field "${field}"` });
      if (isExpr(v)) expr(`/${key}/update/${field}/expr`, v.expr);
    }
  }
  return problems;
}

export const isExpr = (v: unknown): v is { expr: string } => typeof v === 'object' && v !== null && !Array.isArray(v) && typeof (v as { expr?: unknown }).expr === 'string' && Object.keys(v).length === 1;

async function check(tx: ChangeTx, items: ApprovalFlowItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  return items.flatMap((f, i) => checkApprovalFlow(model, f).map((p) => ({ pointer: `/${i}${p.pointer}`, message: p.message })));
}

function uses(flow: ApprovalFlowItem): Reference[] {
  return [{ target: { kind: 'object', name: flow.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' }];
}

/**
 * Approval flows, the metadata kind `approvalFlows` (documentItems). Versioned as workflows are: a
 * save that changes a flow's definition adds a row to `tessera.approval_flow_versions` in the
 * change's transaction; a request keeps the version it was submitted on, so an active flow can be
 * edited while requests run (they finish on theirs, or an admin migrates them).
 */
export function approvalFlowKind(): MetadataKind<ApprovalFlowItem> {
  const base = documentItems<ApprovalFlowItem>({
    name: 'approvalFlow', documentKey: 'approvalFlows', schema: approvalFlowSchema as unknown as Record<string, unknown>,
    // 'metadata': the lock check knows which objects have flows by the metadata version (lock.ts).
    versions: ['metadata'], after: ['object', 'businessCalendar'], check, uses,
    normalize: (f) => ({ ...f, active: f.active ?? true }),
  });
  return {
    ...base,
    async apply(tx, change) {
      await base.apply(tx, change);
      if (change.after) await saveVersion(tx, { ...change.after, active: change.after.active ?? true });
    },
  };
}

/** A new version when the definition differs from the latest (the active flag alone is no new version). */
async function saveVersion(tx: ChangeTx, flow: ApprovalFlowItem): Promise<void> {
  const { active: _active, ...definition } = flow;
  const [latest] = await tx.sql.query<{ version: number; definition: unknown }>('select version, definition from tessera.approval_flow_versions where tenant_id = $1 and flow = $2 order by version desc limit 1', [tx.tenantId, flow.name]);
  if (latest && canonical(latest.definition) === canonical(definition)) return;
  await tx.sql.query('insert into tessera.approval_flow_versions (tenant_id, flow, version, definition, created_at) values ($1, $2, $3, $4, $5)', [tx.tenantId, flow.name, (latest?.version ?? 0) + 1, JSON.stringify(definition), tx.now]);
}
