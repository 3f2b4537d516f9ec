import { buildModel, changeCatalog, documentItems, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { plainField } from '../scoring/kind.ts';
import { webFormSchema, type WebFormItem } from './definition.ts';

/** Field types a form cannot fill: computed by the platform, or not expressible as a posted value. */
const NOT_POSTABLE = new Set(['formula', 'rollup', 'autoNumber', 'sequence', 'file', 'image', 'signature', 'encrypted', 'manyToMany', 'json', 'lookup', 'masterDetail', 'user']);
// Lookups and users are left out too: an anonymous visitor must not link a record to ids they chose.

/** The input's name in the post. */
export const inputName = (f: { field: string; name?: string }) => f.name ?? f.field;

/** What JSON Schema cannot check: the object and fields exist and are postable, inputs are distinct, the pool is the object's. */
export function checkWebForm(model: SchemaModel, form: WebFormItem, poolsOfObject: string[] | null): ErrorDetail[] {
  const object = model.objects.get(form.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${form.object}"` }];
  const problems: ErrorDetail[] = [];
  const seen = new Set<string>();
  form.fields.forEach((f, i) => {
    const field = plainField(object, f.field);
    if (!field || field.system) problems.push({ pointer: `/fields/${i}/field`, message: `${form.object} has no field "${f.field}" a form may fill` });
    else if (NOT_POSTABLE.has(field.type)) problems.push({ pointer: `/fields/${i}/field`, message: `${form.object}.${f.field} (${field.type}) cannot be filled by a form` });
    const input = inputName(f);
    if (seen.has(input)) problems.push({ pointer: `/fields/${i}/name`, message: `the input "${input}" is named twice` });
    seen.add(input);
  });
  if (form.honeypot && seen.has(form.honeypot)) problems.push({ pointer: '/honeypot', message: `the honeypot "${form.honeypot}" is also an input of the form` });
  for (const f of Object.keys(form.set ?? {})) {
    const field = plainField(object, f);
    if (!field || field.system) problems.push({ pointer: `/set/${f}`, message: `${form.object} has no field "${f}"` });
  }
  if (form.pool && poolsOfObject && !poolsOfObject.includes(form.pool)) problems.push({ pointer: '/pool', message: `"${form.pool}" is not a pool of ${form.object}` });
  return problems;
}

async function check(tx: ChangeTx, items: WebFormItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  const pools = (await tx.sql.query<{ item: { name: string; object: string } }>('select item from tessera.config_items where tenant_id = $1 and kind = $2', [tx.tenantId, 'pool'])).map((r) => r.item);
  return items.flatMap((form, i) => checkWebForm(model, form, form.pool ? pools.filter((p) => p.object === form.object).map((p) => p.name) : null)
    .map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
}

function uses(form: WebFormItem): Reference[] {
  const refs: Reference[] = [{ target: { kind: 'object', name: form.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' }];
  form.fields.forEach((f, i) => refs.push({ target: { kind: 'field', name: `${form.object}.${f.field}` }, pointer: `/fields/${i}/field`, onDelete: 'refuse', onRename: 'follow' }));
  return refs;
}

/** Web forms, the metadata kind `webForms` (documentItems, in `tessera.config_items`). */
export function webFormKind(): MetadataKind<WebFormItem> {
  return documentItems<WebFormItem>({
    name: 'webForm', documentKey: 'webForms', schema: webFormSchema as unknown as Record<string, unknown>,
    after: ['object', 'pool'], check, uses,
    normalize: (f) => ({ ...f, active: f.active ?? true }),
  });
}
