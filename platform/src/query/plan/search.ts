import { fieldType } from '../../field-types/registry.ts';
import { searchFields, titleField } from '../../metadata/search-fields.ts';
import type { ObjectModel } from '../../model/index.ts';
import type { SearchRequest } from '../request.ts';
import type { ShapeEntry } from '../tree.ts';
import type { PlanScope } from './scope.ts';

/** Rows ranked per object and kind of match at most (see SearchQuery.candidates). */
export const SEARCH_CANDIDATES = 500;

const columnOf = (object: ObjectModel, name: string) => {
  const field = object.catalog.fields.get(name)!.definition;
  return fieldType(field.type).columns(field)[0].column;
};

/**
 * A search of one object as a JSON entry of the tree. Only fields the caller may read are matched
 * (a field they may not read must not decide which records come back: no oracle), and the hit's
 * title is its title field when they may read it, else the first searched field with a value,
 * else its id. Which records are candidates is row-level access, applied to the tree afterwards.
 */
export function planSearch(scope: PlanScope, key: string, request: SearchRequest): ShapeEntry {
  const object = scope.object(request.object);
  const definition = object.catalog.definition;
  const readable = (name: string) => scope.canReadField(object.name, name);
  const searched = searchFields(definition).filter((f) => readable(f.name)).map((f) => columnOf(object, f.name));
  // Nothing the caller may read is searched: no hits (an empty JSON array, like a search that found none).
  if (!searched.length) return { key, shape: { kind: 'value', sql: { alias: '', columns: [], render: () => `'[]'::json` } } };
  const title = titleField(definition);
  const named = [...new Set([...(title && readable(title.name) ? [columnOf(object, title.name)] : []), ...searched])];
  const source = scope.source(object.name);
  scope.cost += request.first;
  const entries: ShapeEntry[] = [
    { key: 'id', shape: { kind: 'value', sql: { alias: source.alias, columns: ['id'], render: (c) => c[0] } } },
    { key: 'title', shape: { kind: 'value', sql: { alias: source.alias, columns: [...named, 'id'], render: (c) => `coalesce(${c.slice(0, -1).map((x) => `nullif(${x}, '')`).join(', ')}, ${c.at(-1)}::text)` } } },
  ];
  return { key, shape: { kind: 'search', query: { from: source, link: [], where: [], columns: searched, text: request.text, first: request.first, candidates: SEARCH_CANDIDATES, entries } } };
}
