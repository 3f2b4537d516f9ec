import { fieldType, hasFieldType } from '../field-types/registry.ts';
import { childFilterOf, relationField, reverseRelations, type ReverseRelation } from '../model/index.ts';
import type { ResolvedField, ResolvedObject } from '../metadata/definitions.ts';

/**
 * The fields a data API filter (as sharing rules and dashboard blocks keep them) names, and the
 * same filter after a rename. A filter names fields of its object, of the targets of its lookups
 * (`account: {industry: {eq: …}}`) and of the records that look it up (`contactsSome: {…}`), under
 * `and`, `or` and `not`.
 */

const isReference = (f: ResolvedField) => hasFieldType(f.type) && fieldType(f.type).reference !== undefined;

export interface FilterField {
  object: string;
  field: string;
  pointer: string;
}

interface Walk {
  objects: Map<string, ResolvedObject>;
  reverse: Map<string, ReverseRelation[]>;
}

function walkOf(objects: ResolvedObject[]): Walk {
  return { objects: new Map(objects.map((o) => [o.name, o])), reverse: reverseRelations(objects, isReference) };
}

function relationOf(walk: Walk, object: string, key: string): { relation: ReverseRelation; quantifier: string } | undefined {
  return childFilterOf(walk.reverse.get(object) ?? [], key);
}

const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Every field the filter names, with the object it belongs to and its pointer (under `pointer`). */
export function filterFields(objects: ResolvedObject[], object: string, filter: unknown, pointer: string): FilterField[] {
  const walk = walkOf(objects);
  const out: FilterField[] = [];
  const visit = (objectName: string, value: unknown, at: string) => {
    if (!isObject(value)) return;
    const definition = walk.objects.get(objectName);
    for (const [key, inner] of Object.entries(value)) {
      const here = `${at}/${key}`;
      if (key === 'and' || key === 'or') {
        if (Array.isArray(inner)) inner.forEach((part, i) => visit(objectName, part, `${here}/${i}`));
        continue;
      }
      if (key === 'not') { visit(objectName, inner, here); continue; }
      const field = definition?.fields.find((f) => f.name === key);
      if (field) {
        out.push({ object: objectName, field: key, pointer: here });
        if (isReference(field) && field.target && isObject(inner)) visit(field.target, Object.fromEntries(Object.entries(inner).filter(([k]) => k !== 'id')), here);
        continue;
      }
      const rel = relationOf(walk, objectName, key);
      if (rel) {
        out.push({ ...relationField(rel.relation), pointer: here });
        visit(rel.relation.source, inner, here);
      }
    }
  };
  visit(object, filter, pointer);
  return out;
}

/** A rename of an object or of a field, as a filter sees it. */
export type FilterRename = { kind: 'object'; from: string; to: string } | { kind: 'field'; object: string; from: string; to: string };

/** The objects as they will be after the rename (lookups follow a renamed target). */
function renamed(objects: ResolvedObject[], rename: FilterRename): ResolvedObject[] {
  return objects.map((o) => {
    const name = rename.kind === 'object' && o.name === rename.from ? rename.to : o.name;
    const fields = o.fields.map((f) => {
      let next = f;
      if (rename.kind === 'object' && f.target === rename.from) next = { ...next, target: rename.to };
      if (rename.kind === 'field' && o.name === rename.object && f.name === rename.from) next = { ...next, name: rename.to };
      return next;
    });
    return { ...o, name, fields };
  });
}

/**
 * The filter of `object` with the rename applied: the renamed field's key, and the keys of reverse
 * relations whose generated names derive from the renamed object or field. `objects` as before the rename.
 */
export function renameInFilter(objects: ResolvedObject[], object: string, filter: unknown, rename: FilterRename): unknown {
  const before = walkOf(objects);
  const after = walkOf(renamed(objects, rename));
  const objectAfter = (name: string) => (rename.kind === 'object' && name === rename.from ? rename.to : name);
  const fieldAfter = (objectName: string, name: string) => (rename.kind === 'field' && objectName === rename.object && name === rename.from ? rename.to : name);
  const rewrite = (objectName: string, value: unknown): unknown => {
    if (!isObject(value)) return value;
    const definition = before.objects.get(objectName);
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'and' || key === 'or') { out[key] = Array.isArray(inner) ? inner.map((part) => rewrite(objectName, part)) : inner; continue; }
      if (key === 'not') { out[key] = rewrite(objectName, inner); continue; }
      const field = definition?.fields.find((f) => f.name === key);
      if (field) {
        let nested = inner;
        if (isReference(field) && field.target && isObject(inner)) {
          // `id` compares the lookup's own value; the other keys filter the target's fields.
          const { id, ...rest } = inner;
          nested = { ...(id === undefined ? {} : { id }), ...(rewrite(field.target, rest) as Record<string, unknown>) };
        }
        out[fieldAfter(objectName, key)] = nested;
        continue;
      }
      const rel = relationOf(before, objectName, key);
      if (rel) {
        const source = objectAfter(rel.relation.source);
        const field = fieldAfter(relationField(rel.relation).object, rel.relation.field);
        // Both ends of a self many-to-many have the same source and field: its side tells them apart.
        const next = (after.reverse.get(objectAfter(objectName)) ?? []).find((r) => r.source === source && r.field === field && r.junction?.near === rel.relation.junction?.near);
        out[next ? `${next.name}${rel.quantifier}` : key] = rewrite(rel.relation.source, inner);
        continue;
      }
      out[key] = inner;
    }
    return out;
  };
  return rewrite(object, filter);
}
