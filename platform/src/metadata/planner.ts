import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { TenantCatalog } from './catalog.ts';
import type { Change } from './changes.ts';
import type { ResolvedField, ResolvedIndex, ResolvedObject } from './definitions.ts';

/** Canonical JSON (sorted keys), to compare definitions whatever order their properties came in. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v) => (v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));
}

const objectProps = (o: ResolvedObject) => canonical({ label: o.label, pluralLabel: o.pluralLabel, description: o.description, sharing: o.sharing, layout: o.layout, listColumns: o.listColumns });
const sameIndexes = (a: ResolvedIndex[], b: ResolvedIndex[]) => canonical(a) === canonical(b);

/** The changes that create an object: its table, then its fields, then its indexes. */
export function createObjectChanges(object: ResolvedObject, pointer: string): { tables: Change[]; fields: Change[]; indexes: Change[] } {
  return {
    tables: [{ kind: 'createObject', pointer, object }],
    fields: object.fields.map((field, i): Change => ({ kind: 'createField', pointer: `${pointer}/fields/${i}`, object: object.name, field, position: i })),
    indexes: object.indexes.length ? [{ kind: 'setIndexes', pointer: `${pointer}/indexes`, object: object.name, indexes: object.indexes }] : [],
  };
}

/**
 * The difference between the catalog and the desired state of the objects in a document. Objects the
 * document does not name are left alone; for a named object, fields it does not list are deleted
 * (recoverably). Order: tables, object properties, new and changed fields, indexes, deleted fields —
 * so lookups find their targets and indexes never outlive their fields.
 */
export function planDocument(catalog: TenantCatalog, objects: ResolvedObject[]): Change[] {
  const tables: Change[] = [];
  const updates: Change[] = [];
  const fieldChanges: Change[] = [];
  const indexes: Change[] = [];
  const deletions: Change[] = [];
  const seen = new Map<string, number>();
  const duplicates: ErrorDetail[] = [];
  objects.forEach((object, i) => {
    const first = seen.get(object.name);
    if (first !== undefined) duplicates.push({ pointer: `/objects/${i}/name`, message: `duplicates the name of /objects/${first}` });
    seen.set(object.name, i);
  });
  if (duplicates.length) throw new PlatformError('VALIDATION_FAILED', 'The document names an object twice', { details: duplicates });

  objects.forEach((desired, i) => {
    const pointer = `/objects/${i}`;
    const current = catalog.objects.get(desired.name);
    if (!current) {
      const created = createObjectChanges(desired, pointer);
      tables.push(...created.tables);
      fieldChanges.push(...created.fields);
      indexes.push(...created.indexes);
      return;
    }
    if (objectProps(current.definition) !== objectProps(desired)) updates.push({ kind: 'updateObject', pointer, name: desired.name, object: desired });
    const currentOrder = current.definition.fields.map((f) => f.name);
    desired.fields.forEach((field: ResolvedField, j) => {
      const existing = current.fields.get(field.name);
      const fieldPointer = `${pointer}/fields/${j}`;
      if (!existing) fieldChanges.push({ kind: 'createField', pointer: fieldPointer, object: desired.name, field, position: j });
      else if (canonical(existing.definition) !== canonical(field) || currentOrder.indexOf(field.name) !== j) {
        fieldChanges.push({ kind: 'updateField', pointer: fieldPointer, object: desired.name, name: field.name, field, position: j });
      }
    });
    if (!sameIndexes(current.definition.indexes, desired.indexes)) indexes.push({ kind: 'setIndexes', pointer: `${pointer}/indexes`, object: desired.name, indexes: desired.indexes });
    const wanted = new Set(desired.fields.map((f) => f.name));
    for (const name of currentOrder) if (!wanted.has(name)) deletions.push({ kind: 'deleteField', pointer, object: desired.name, name });
  });
  return [...tables, ...updates, ...fieldChanges, ...indexes, ...deletions];
}
