import { relationNames } from '../model/relations.ts';
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
  /** Merges duplicates into a master record (duplicates/merge.ts). */
  mergeOne: (object: string) => `merge${upperFirst(object)}`,
  mutationResult: (object: string, verb: string) => `${upperFirst(object)}${upperFirst(verb)}Result`,
  /** The enum of a select or multiSelect field's options (outputs, inputs, filters): `LeadStatusOption`; its values: `optionNames`. */
  optionEnum: (object: string, field: string) => `${upperFirst(object)}${upperFirst(field)}Option`,
  optionFilter: (object: string, field: string) => `${upperFirst(object)}${upperFirst(field)}OptionFilter`,
  fieldTypeFilter: (type: string) => `${upperFirst(type)}Filter`,
  // Relation names are the model's (every transport shows them): model/relations.ts.
  reverse: relationNames.reverse,
  reverseQualified: relationNames.reverseQualified,
  childFilter: relationNames.childFilter,
  action: (object: string, action: string) => `${object}${upperFirst(action)}`,
};

export { reverseRelations, type ReverseRelation } from '../model/relations.ts';
/** The enum value names of a field's options (a stored value that is no GraphQL name is mapped). */
export { optionNames, type OptionNames } from './option-names.ts';
