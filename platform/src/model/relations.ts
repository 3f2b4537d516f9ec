import { PlatformError } from '../errors/index.ts';
import type { ResolvedField, ResolvedObject } from '../metadata/definitions.ts';
import { pluralize } from '../util/pluralize.ts';

const upperFirst = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * How relations are named in the model: every transport shows the same names (the GraphQL field
 * `account { leads }`, a filter `leadsSome`, a script's records), so they are the model's, not one
 * transport's. The GraphQL inflector delegates these to here.
 */
export const relationNames = {
  /** The default name of a lookup's reverse relation on its target: the source's plural. */
  reverse: (source: string) => pluralize(source),
  /** Two lookups from one object to the same target: `leadsByReferrer`. */
  reverseQualified: (source: string, field: string) => `${pluralize(source)}By${upperFirst(field)}`,
  /** The filter key over a reverse relation's records: `leadsSome`, `leadsNone`, `leadsEvery`. */
  childFilter: (relation: string, quantifier: Quantifier) => `${relation}${quantifier}`,
};

export type Quantifier = 'Some' | 'None' | 'Every';
export const QUANTIFIERS: readonly Quantifier[] = ['Some', 'None', 'Every'];

/** One reverse relation: on `target`, a list named `name` of `source` records whose `field` points at it. */
export interface ReverseRelation {
  name: string;
  source: string;
  field: string;
}

/**
 * The reverse relations of every object, named by `relationNames` or the lookup's `relationName`.
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
      const name = field.relationName ?? (shared ? relationNames.reverseQualified(object.name, field.name) : relationNames.reverse(object.name));
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

/** The reverse relation and quantifier a filter key names (`leadsSome`), if it names one. */
export function childFilterOf(relations: readonly ReverseRelation[], key: string): { relation: ReverseRelation; quantifier: Quantifier } | undefined {
  for (const relation of relations) {
    if (!key.startsWith(relation.name)) continue;
    const quantifier = key.slice(relation.name.length) as Quantifier;
    if (QUANTIFIERS.includes(quantifier) && key === relationNames.childFilter(relation.name, quantifier)) return { relation, quantifier };
  }
  return undefined;
}
