import type { FieldMeta, ObjectMeta } from '../api/metadata.ts';

/** Types the platform computes: never written by an import (as runtime/src/imports/mapping.ts refuses them). */
const COMPUTED = new Set(['formula', 'rollup', 'autoNumber', 'sequence', 'manyToMany', 'links']);

const writable = (f: FieldMeta) => !f.capabilities.readOnly && !COMPUTED.has(f.type);

export interface TargetOption { value: string; label: string }

/**
 * What a column may be imported into: each writable field, and each lookup both by record id and
 * by every unique field of its target (`account.code`: the account whose code the cell holds).
 */
export function targetOptions(object: ObjectMeta, objects: ObjectMeta[], t: (key: string, values?: Record<string, string>) => string): TargetOption[] {
  const options: TargetOption[] = [];
  for (const f of object.fields.filter(writable)) {
    if (f.type !== 'lookup' && f.type !== 'masterDetail') { options.push({ value: f.name, label: f.label }); continue; }
    options.push({ value: f.name, label: t('mapping.byId', { field: f.label }) });
    const target = objects.find((o) => o.name === f.target);
    for (const u of target?.fields.filter((x) => x.unique) ?? []) options.push({ value: `${f.name}.${u.name}`, label: t('mapping.by', { field: f.label, target: u.label }) });
  }
  return options;
}

/** The fields a match key may be: the object's unique fields (and the record id). */
export function matchOptions(object: ObjectMeta): TargetOption[] {
  return [{ value: 'id', label: 'ID' }, ...object.fields.filter((f) => f.unique && writable(f)).map((f) => ({ value: f.name, label: f.label }))];
}
