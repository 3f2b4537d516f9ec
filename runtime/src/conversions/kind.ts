import { buildModel, changeCatalog, checkExpression, configItemsOf, documentItems, type ChangeTx, type ErrorDetail, type MetadataKind, type ObjectModel, type Reference, type SchemaModel } from '@tessera/platform';
import { conversionSchema, isExpr, isField, isTarget, type ConversionItem, type MappedValue } from './definition.ts';

/** A field's type and, for lookups, its target object. */
function fieldOf(object: ObjectModel, name: string): { type: string; target?: string } | undefined {
  const meaning = object.fields.get(name);
  if (!meaning || !('field' in meaning)) return undefined;
  return { type: meaning.field.type, target: meaning.kind === 'lookup' ? meaning.target : (meaning.field as { target?: string }).target };
}

const isLookup = (f: { type: string } | undefined) => f?.type === 'lookup' || f?.type === 'masterDetail';

/**
 * What JSON Schema cannot check: the objects and fields exist, source fields and expressions are of
 * the source object, a `{target}` value names a target before it (its id is known by then) and fills
 * a lookup to that target's object, moved children look the source up, one active conversion per object.
 */
export function checkConversion(model: SchemaModel, c: ConversionItem): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const source = model.objects.get(c.object);
  if (!source) return [{ pointer: '/object', message: `there is no object "${c.object}"` }];
  const targets = new Map<string, string>();
  const value = (pointer: string, into: ObjectModel, field: string, v: MappedValue, known: Map<string, string>) => {
    const f = fieldOf(into, field);
    if (!f) { problems.push({ pointer, message: `${into.name} has no field "${field}"` }); return; }
    if (isField(v) && !source.fields.has(v.field)) problems.push({ pointer: `${pointer}/field`, message: `${c.object} has no field "${v.field}"` });
    if (isExpr(v)) {
      const checked = checkExpression(v.expr, { model, object: c.object });
      if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer: `${pointer}/expr`, message: p.message })));
    }
    if (isTarget(v)) {
      const object = known.get(v.target);
      if (!object) problems.push({ pointer: `${pointer}/target`, message: `no target "${v.target}" before this one` });
      else if (!isLookup(f) || f.target !== object) problems.push({ pointer, message: `${into.name}.${field} is not a lookup to ${object}` });
    }
  };
  c.targets.forEach((t, i) => {
    const at = `/targets/${i}`;
    if (targets.has(t.name)) problems.push({ pointer: `${at}/name`, message: `the target name "${t.name}" is used twice` });
    const object = model.objects.get(t.object);
    if (!object) problems.push({ pointer: `${at}/object`, message: `there is no object "${t.object}"` });
    else for (const [field, v] of Object.entries(t.fields)) value(`${at}/fields/${field}`, object, field, v, targets);
    targets.set(t.name, t.object);
  });
  for (const [field, v] of Object.entries(c.source?.set ?? {})) value(`/source/set/${field}`, source, field, v, targets);
  (c.moves ?? []).forEach((m, i) => {
    const at = `/moves/${i}`;
    const child = model.objects.get(m.object);
    if (!child) { problems.push({ pointer: `${at}/object`, message: `there is no object "${m.object}"` }); return; }
    const lookup = fieldOf(child, m.lookup);
    if (!isLookup(lookup) || lookup!.target !== c.object) problems.push({ pointer: `${at}/lookup`, message: `${m.object}.${m.lookup} is not a lookup to ${c.object}` });
    for (const [field, target] of Object.entries(m.set)) {
      const f = fieldOf(child, field);
      const object = targets.get(target);
      if (!object) problems.push({ pointer: `${at}/set/${field}`, message: `there is no target "${target}"` });
      else if (!isLookup(f) || f!.target !== object) problems.push({ pointer: `${at}/set/${field}`, message: `${m.object}.${field} is not a lookup to ${object}` });
    }
  });
  return problems;
}

async function check(tx: ChangeTx, items: ConversionItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  const problems = items.flatMap((c, i) => checkConversion(model, c).map((p) => ({ pointer: `/${i}${p.pointer}`, message: p.message })));
  const active = new Map<string, number>();
  items.forEach((c, i) => {
    if (c.active === false) return;
    if (active.has(c.object)) problems.push({ pointer: `/${i}/active`, message: `${c.object} already has an active conversion (${items[active.get(c.object)!].name})` });
    else active.set(c.object, i);
  });
  return problems;
}

/** The objects and fields a conversion names: renames followed; a deleted object or field leaves it inert (its check fails on the next save). */
function uses(c: ConversionItem): Reference[] {
  const object = (name: string, pointer: string): Reference => ({ target: { kind: 'object', name }, pointer, onDelete: 'keep', onRename: 'follow' });
  return [
    object(c.object, '/object'),
    ...c.targets.map((t, i) => object(t.object, `/targets/${i}/object`)),
    ...(c.moves ?? []).map((m, i) => object(m.object, `/moves/${i}/object`)),
  ];
}

/** Conversions, the metadata kind `conversions`: a change bumps the metadata version (the `<object>Convert` mutation comes and goes with an active conversion). */
export function conversionKind(): MetadataKind<ConversionItem> {
  return documentItems<ConversionItem>({
    name: 'conversion', documentKey: 'conversions', schema: conversionSchema as unknown as Record<string, unknown>,
    versions: ['metadata'], after: ['object'], check, uses,
    normalize: (c) => ({ ...c, active: c.active ?? true }),
  });
}

/** The active conversion of an object in a tenant's model, if any. */
export function activeConversion(model: SchemaModel, object: string): ConversionItem | undefined {
  return configItemsOf<ConversionItem>(model, 'conversion').find((c) => c.object === object && c.active !== false);
}
