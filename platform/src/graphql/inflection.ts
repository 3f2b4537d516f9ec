import { PlatformError } from '../errors/index.ts';
import type { ResolvedField, ResolvedObject } from '../metadata/index.ts';
import { pluralize } from '../util/pluralize.ts';

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Every generated GraphQL name comes from here (PostGraphile's habit): change a rule once and the
 * whole API follows. Names derive from API names, which are already valid GraphQL names.
 */
export const inflect: Record<string, (...args: any[]) => string> & { reverse(source: string): string } = {
  type: (object: string) => upperFirst(object),
  one: (object: string) => object,
  /** The list field; an uncountable name (`news`) gets `newsList` so it never equals `one`. */
  many: (object: string) => (pluralize(object) === object ? `${object}List` : pluralize(object)),
  connection: (object: string) => `${upperFirst(object)}Connection`,
  edge: (object: string) => `${upperFirst(object)}Edge`,
  filter: (object: string) => `${upperFirst(object)}Filter`,
  orderBy: (object: string) => `${upperFirst(object)}OrderBy`,
  groupBy: (object: string) => `${upperFirst(object)}GroupBy`,
  aggregate: (object: string) => `${inflect.many(object)}Aggregate`,
  aggregateType: (object: string) => `${upperFirst(object)}Aggregate`,
  aggregateKey: (object: string) => `${upperFirst(object)}AggregateKey`,
  aggregateValues: (object: string, fn: string) => `${upperFirst(object)}${upperFirst(fn)}`,
  createInput: (object: string) => `${upperFirst(object)}CreateInput`,
  updateInput: (object: string) => `${upperFirst(object)}UpdateInput`,
  matchInput: (object: string) => `${upperFirst(object)}MatchInput`,
  createOne: (object: string) => `create${upperFirst(object)}`,
  createMany: (object: string) => `create${upperFirst(inflect.many(object))}`,
  updateOne: (object: string) => `update${upperFirst(object)}`,
  updateMany: (object: string) => `update${upperFirst(inflect.many(object))}`,
  deleteOne: (object: string) => `delete${upperFirst(object)}`,
  deleteMany: (object: string) => `delete${upperFirst(inflect.many(object))}`,
  restoreOne: (object: string) => `restore${upperFirst(object)}`,
  upsertOne: (object: string) => `upsert${upperFirst(object)}`,
  mutationResult: (object: string, verb: string) => `${upperFirst(object)}${upperFirst(verb)}Result`,
  /** The enum of a select or multiSelect field's options: `LeadStatusOption`. */
  optionEnum: (object: string, field: string) => `${upperFirst(object)}${upperFirst(field)}Option`,
  /** The scalar filters and inputs use for option values: accepts `MQL` and `"MQL"`. */
  optionValue: (object: string, field: string) => `${upperFirst(object)}${upperFirst(field)}OptionValue`,
  optionFilter: (object: string, field: string) => `${upperFirst(object)}${upperFirst(field)}OptionFilter`,
  fieldTypeFilter: (type: string) => `${upperFirst(type)}Filter`,
  /** The default name of a lookup's reverse connection on its target: the source's plural. */
  reverse: (source: string) => pluralize(source),
  reverseQualified: (source: string, field: string) => `${pluralize(source)}By${upperFirst(field)}`,
  childFilter: (relation: string, quantifier: 'Some' | 'None' | 'Every') => `${relation}${quantifier}`,
  action: (object: string, action: string) => `${object}${upperFirst(action)}`,
};

/** One reverse relation: on `target`, a connection named `name` over `source` records whose `field` points at it. */
export interface ReverseRelation {
  name: string;
  source: string;
  field: string;
}

/**
 * The reverse connections of every object, named by the inflector or the lookup's `relationName`.
 * Two lookups from one object to the same target get qualified names. A clash with a field of the
 * target or with another relation fails loudly, naming both sources.
 */
export function reverseRelations(objects: ResolvedObject[], isReference: (field: ResolvedField) => boolean): Map<string, ReverseRelation[]> {
  const byTarget = new Map<string, ReverseRelation[]>();
  const counts = new Map<string, number>();
  for (const object of objects) for (const field of object.fields) if (isReference(field)) counts.set(`${object.name}→${field.target}`, (counts.get(`${object.name}→${field.target}`) ?? 0) + 1);
  const fieldsOf = new Map(objects.map((o) => [o.name, new Set(o.fields.map((f) => f.name))]));
  for (const object of objects) {
    for (const field of object.fields) {
      if (!isReference(field) || !field.target || !fieldsOf.has(field.target)) continue;
      const shared = (counts.get(`${object.name}→${field.target}`) ?? 0) > 1;
      const name = field.relationName ?? (shared ? inflect.reverseQualified(object.name, field.name) : inflect.reverse(object.name));
      const list = byTarget.get(field.target) ?? [];
      const clash = list.find((r) => r.name === name);
      const source = `${object.name}.${field.name}`;
      if (clash) throw new PlatformError('CONFLICT', `The reverse relation "${name}" on ${field.target} is claimed by ${clash.source}.${clash.field} and ${source}; set relationName on one of them`);
      if (fieldsOf.get(field.target)!.has(name)) throw new PlatformError('CONFLICT', `The reverse relation "${name}" of ${source} clashes with the field ${field.target}.${name}; set relationName on ${source}`);
      list.push({ name, source: object.name, field: field.name });
      byTarget.set(field.target, list);
    }
  }
  return byTarget;
}
