import { buildModel, changeCatalog, documentItems, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { plainField } from '../scoring/kind.ts';
import { reactivationSchema, type ReactivationItem } from './definition.ts';

/** What JSON Schema cannot check: the object and fields exist, the note's lookup points at the object, one active reactivation per object. */
export function checkReactivation(model: SchemaModel, r: ReactivationItem): ErrorDetail[] {
  const object = model.objects.get(r.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${r.object}"` }];
  const problems: ErrorDetail[] = [];
  const has = (name: string) => { const f = plainField(object, name); return !!f && !f.system; };
  if (r.dormant && !has(r.dormant.field)) problems.push({ pointer: '/dormant/field', message: `${r.object} has no field "${r.dormant.field}"` });
  (r.update ?? []).forEach((f, i) => { if (!has(f)) problems.push({ pointer: `/update/${i}`, message: `${r.object} has no field "${f}"` }); });
  for (const f of Object.keys(r.set ?? {})) if (!has(f)) problems.push({ pointer: `/set/${f}`, message: `${r.object} has no field "${f}"` });
  (r.rules ?? []).forEach((name, i) => { if (!object.duplicateRules.some((d) => d.name === name)) problems.push({ pointer: `/rules/${i}`, message: `${r.object} has no active duplicate rule "${name}"` }); });
  if (r.note) {
    const activity = model.objects.get(r.note.object);
    if (!activity) problems.push({ pointer: '/note/object', message: `there is no object "${r.note.object}"` });
    else {
      const lookup = plainField(activity, r.note.field);
      if (!lookup || (lookup.type !== 'lookup' && lookup.type !== 'masterDetail') || lookup.target !== r.object) problems.push({ pointer: '/note/field', message: `${r.note.object}.${r.note.field} is not a lookup of ${r.object}` });
      if (r.note.textField && !plainField(activity, r.note.textField)) problems.push({ pointer: '/note/textField', message: `${r.note.object} has no field "${r.note.textField}"` });
      for (const f of Object.keys(r.note.values ?? {})) if (!plainField(activity, f)) problems.push({ pointer: `/note/values/${f}`, message: `${r.note.object} has no field "${f}"` });
    }
  }
  return problems;
}

async function check(tx: ChangeTx, items: ReactivationItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  const problems = items.flatMap((r, i) => checkReactivation(model, r).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
  const stored = (await tx.sql.query<{ item: ReactivationItem }>('select item from tessera.config_items where tenant_id = $1 and kind = $2', [tx.tenantId, 'reactivation'])).map((r) => r.item);
  const all = [...stored.filter((s) => !items.some((i) => i.name === s.name)), ...items];
  items.forEach((r, i) => {
    const other = r.active !== false && all.find((o) => o.name !== r.name && o.active !== false && o.object === r.object);
    if (other) problems.push({ pointer: `/${i}/object`, message: `${r.object} already has an active reactivation (${other.name})` });
  });
  return problems;
}

function uses(r: ReactivationItem): Reference[] {
  const refs: Reference[] = [{ target: { kind: 'object', name: r.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' }];
  if (r.dormant) refs.push({ target: { kind: 'field', name: `${r.object}.${r.dormant.field}` }, pointer: '/dormant/field', onDelete: 'refuse', onRename: 'follow' });
  (r.update ?? []).forEach((f, i) => refs.push({ target: { kind: 'field', name: `${r.object}.${f}` }, pointer: `/update/${i}`, onDelete: 'prune', onRename: 'follow' }));
  if (r.note) refs.push({ target: { kind: 'object', name: r.note.object }, pointer: '/note/object', onDelete: 'refuse', onRename: 'follow' });
  return refs;
}

/** Reactivations, the metadata kind `reactivations` (documentItems, in `tessera.config_items`). */
export function reactivationKind(): MetadataKind<ReactivationItem> {
  return documentItems<ReactivationItem>({
    name: 'reactivation', documentKey: 'reactivations', schema: reactivationSchema as unknown as Record<string, unknown>,
    after: ['object', 'duplicateRule'], check, uses,
    normalize: (r) => ({ ...r, active: r.active ?? true }),
  });
}
