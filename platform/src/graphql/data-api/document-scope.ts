import { Kind, type DocumentNode, type FragmentDefinitionNode, type SelectionSetNode, type TypeNode, type ValueNode } from 'graphql';
import { apiNames } from '../api-names.ts';
import { inflect } from '../inflection.ts';
import type { SchemaScope } from './builder-types.ts';
import type { SchemaModel } from '../../model/model.ts';

/**
 * The part of a tenant's API a document can touch: the objects its root fields and relations name,
 * and the objects its filters reach. A schema built for that part validates and executes the
 * document exactly as the whole one would, at a fraction of the build cost; `full` when the document
 * introspects (then only the whole schema will do); every object when it asks for `node(id)`.
 */
export function documentScope(model: SchemaModel, document: DocumentNode): SchemaScope | 'full' {
  const objects = new Set<string>();
  const filters = new Set<string>();
  const fragments = new Map(document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]));
  const filterTypes = new Map([...model.objects.keys()].map((o) => [inflect.filter(o), o]));
  let full = false;
  let everything = false;
  const names = apiNames(model);

  const addObject = (o: string) => {
    objects.add(o);
    filters.add(o);
  };
  /** Every object a filter over `o` can reach through lookups and children (for filters in variables). */
  const filterClosure = (o: string) => {
    const queue = [o];
    while (queue.length) {
      const next = queue.pop()!;
      if (filters.has(next) && next !== o) continue;
      filters.add(next);
      const om = model.objects.get(next);
      if (!om) continue;
      for (const m of om.fields.values()) if (m.kind === 'lookup' && !filters.has(m.target)) queue.push(m.target);
      for (const r of om.reverse) if (!filters.has(r.source)) queue.push(r.source);
    }
  };
  const visitFilter = (o: string, value: ValueNode | undefined) => {
    if (!value) return;
    if (value.kind === Kind.VARIABLE) return filterClosure(o);
    if (value.kind === Kind.LIST) return value.values.forEach((v) => visitFilter(o, v));
    if (value.kind !== Kind.OBJECT) return;
    const om = model.objects.get(o)!;
    for (const f of value.fields) {
      const key = f.name.value;
      if (key === 'and' || key === 'or' || key === 'not') { visitFilter(o, f.value); continue; }
      const meaning = om.fields.get(key);
      if (meaning?.kind === 'lookup') { filters.add(meaning.target); visitFilter(meaning.target, f.value); continue; }
      const rel = om.reverse.find((r) => key === `${r.name}Some` || key === `${r.name}None` || key === `${r.name}Every`);
      if (rel) { filters.add(rel.source); visitFilter(rel.source, f.value); }
    }
  };
  const visitArgs = (o: string, args: readonly { name: { value: string }; value: ValueNode }[] | undefined) => {
    for (const a of args ?? []) if (a.name.value === 'filter') visitFilter(o, a.value);
  };
  const seenFragments = new Set<string>();
  /** Walks a selection on an object type, a connection/edge of one (`container`), or anything else. */
  const visit = (o: string | undefined, container: boolean, set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FRAGMENT_SPREAD) {
        const fragment = fragments.get(sel.name.value);
        if (!fragment || seenFragments.has(sel.name.value)) continue;
        seenFragments.add(sel.name.value);
        const target = names.byType.get(fragment.typeCondition.name.value);
        if (target) addObject(target.name);
        visit(target?.name ?? o, target ? false : container, fragment.selectionSet);
        continue;
      }
      if (sel.kind === Kind.INLINE_FRAGMENT) {
        const target = sel.typeCondition ? names.byType.get(sel.typeCondition.name.value) : undefined;
        if (target) addObject(target.name);
        visit(target?.name ?? o, target ? false : container, sel.selectionSet);
        continue;
      }
      const name = sel.name.value;
      if (name === '__schema' || name === '__type') full = true;
      if (!o) continue;
      if (container) {
        if (name === 'edges' || name === 'node' || name === 'nodes') visit(o, name === 'edges', sel.selectionSet);
        continue;
      }
      const meaning = model.objects.get(o)?.fields.get(name);
      if (meaning?.kind === 'lookup') { addObject(meaning.target); visit(meaning.target, false, sel.selectionSet); }
      else if (meaning?.kind === 'reverse') { addObject(meaning.relation.source); visitArgs(meaning.relation.source, sel.arguments); visit(meaning.relation.source, true, sel.selectionSet); }
    }
  };

  for (const def of document.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    for (const v of def.variableDefinitions ?? []) {
      const filterOf = filterTypes.get(namedType(v.type));
      if (filterOf) filterClosure(filterOf);
    }
    const roots = def.operation === 'mutation' ? names.mutations : names.queries;
    const visitRoot = (set: SelectionSetNode) => {
      for (const sel of set.selections) {
        if (sel.kind === Kind.FRAGMENT_SPREAD) { const f = fragments.get(sel.name.value); if (f) visitRoot(f.selectionSet); continue; }
        if (sel.kind === Kind.INLINE_FRAGMENT) { visitRoot(sel.selectionSet); continue; }
        const name = sel.name.value;
        if (name === '__schema' || name === '__type') { full = true; continue; }
        // node(id) may answer a record of any object: every object type must be there to resolve it to.
        if (name === 'node' && def.operation === 'query') { everything = true; continue; }
        const root = roots.get(name);
        if (!root) continue;
        addObject(root.object);
        visitArgs(root.object, sel.arguments);
        const container = root.kind === 'many';
        visit(root.kind === 'aggregate' || root.kind === 'command' ? undefined : root.object, container, sel.selectionSet);
      }
    };
    visitRoot(def.selectionSet);
  }
  if (full) return 'full';
  // Not 'full': that is the whole API as the caller may see it (introspection), whereas node(id)
  // leaves out the objects the caller may not read itself, on both paths.
  if (everything) return { objects: new Set(model.objects.keys()), filters: new Set(model.objects.keys()) };
  return { objects, filters };
}

function namedType(type: TypeNode): string {
  return type.kind === Kind.NAMED_TYPE ? type.name.value : namedType(type.type);
}

export function scopeKey(scope: SchemaScope): string {
  return `${[...scope.objects].sort().join(',')}|${[...scope.filters].sort().join(',')}`;
}
