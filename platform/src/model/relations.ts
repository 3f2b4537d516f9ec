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

/**
 * One relation read as a list: on `target`, a list named `name` of `source` records whose `field`
 * points at it — or, with `junction`, the records linked to it through a many-to-many field's
 * junction table (`field` of `junction.owner`), from either end.
 */
export interface ReverseRelation {
  name: string;
  source: string;
  field: string;
  junction?: Junction;
}

/**
 * How a many-to-many relation reads its junction: the rows whose `near` column is the record the
 * list is on give the listed records' ids in `far`. `owner` holds the field (`source` on its own
 * side, the target on the other); the field's read right governs both ends.
 */
export interface Junction {
  table: string;
  near: 'sourceId' | 'targetId';
  far: 'sourceId' | 'targetId';
  owner: string;
}

/** The object and field whose read right decides whether a relation may be listed or filtered on. */
export function relationField(relation: ReverseRelation): { object: string; field: string } {
  return { object: relation.junction?.owner ?? relation.source, field: relation.field };
}

/**
 * The reverse relations of every object, named by `relationNames` or the lookup's `relationName`.
 * Two lookups from one object to the same target get qualified names. A clash with a field of the
 * target or with another relation fails loudly, naming both sources.
 */
export function reverseRelations(objects: ResolvedObject[], isReference: (field: ResolvedField) => boolean, junctionOf: (object: string, field: string) => string = () => ''): Map<string, ReverseRelation[]> {
  const byTarget = new Map<string, ReverseRelation[]>();
  const counts = new Map<string, number>();
  const isLinks = (field: ResolvedField) => field.type === 'manyToMany';
  for (const object of objects) for (const field of object.fields) if (isReference(field) || isLinks(field)) counts.set(`${object.name}→${field.target}`, (counts.get(`${object.name}→${field.target}`) ?? 0) + 1);
  const fieldsOf = new Map(objects.map((o) => [o.name, new Set(o.fields.map((f) => f.name))]));
  // A many-to-many lists its targets on its own object under its own name (a field name: no clash).
  for (const object of objects) {
    for (const field of object.fields) {
      if (!isLinks(field) || !field.target || !fieldsOf.has(field.target)) continue;
      const list = byTarget.get(object.name) ?? [];
      list.push({ name: field.name, source: field.target, field: field.name, junction: { table: junctionOf(object.name, field.name), near: 'sourceId', far: 'targetId', owner: object.name } });
      byTarget.set(object.name, list);
    }
  }
  for (const object of objects) {
    for (const field of object.fields) {
      const links = isLinks(field);
      if ((!isReference(field) && !links) || !field.target || !fieldsOf.has(field.target)) continue;
      const shared = (counts.get(`${object.name}→${field.target}`) ?? 0) > 1;
      const name = field.relationName ?? (shared ? relationNames.reverseQualified(object.name, field.name) : relationNames.reverse(object.name));
      const list = byTarget.get(field.target) ?? [];
      const clash = list.find((r) => r.name === name);
      const source = `${object.name}.${field.name}`;
      if (clash) throw new PlatformError('CONFLICT', `The reverse relation "${name}" on ${field.target} is claimed by ${clash.source}.${clash.field} and ${source}; set relationName on one of them`);
      if (fieldsOf.get(field.target)!.has(name)) throw new PlatformError('CONFLICT', `The reverse relation "${name}" of ${source} clashes with the field ${field.target}.${name}; set relationName on ${source}`);
      list.push({ name, source: object.name, field: field.name, ...(links ? { junction: { table: junctionOf(object.name, field.name), near: 'targetId', far: 'sourceId', owner: object.name } } : {}) });
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
