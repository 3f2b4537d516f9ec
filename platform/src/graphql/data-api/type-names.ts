import { PlatformError } from '../../errors/index.ts';
import { FIELD_TYPES, fieldType } from '../../field-types/registry.ts';
import { apiNames } from '../api-names.ts';
import { inflect } from '../inflection.ts';
import type { SchemaModel } from '../../model/model.ts';

/** Types every tenant's API shares; no generated name may take one. */
export const SHARED_TYPE_NAMES = [
  'Query', 'Mutation', 'PageInfo', 'Money', 'MoneyInput', 'GeoPoint', 'GeoPointInput', 'GeoWithin', 'User', 'File',
  'OrderDirection', 'DateBucket', 'BulkMutationResult', 'JSON', 'Date', 'DateTime', 'String', 'Int', 'Float', 'Boolean', 'ID',
  'IdFilter', 'RecordHistoryEntry', 'RecordChange', 'Actor', 'Node', 'SearchHit', 'DuplicateMatch',
  ...FIELD_TYPES.map((t) => inflect.fieldTypeFilter(t.name)),
  ...FIELD_TYPES.flatMap((t) => (t.composite ? [t.composite.typeName, `${t.composite.typeName}Input`] : [])),
];

/**
 * Every type name the tenant's API generates, with what claims it. Two claims of one name fail
 * loudly, naming both sources — at metadata-change time, before the change commits.
 */
export function claimTypeNames(model: SchemaModel): Map<string, string> {
  // The root fields first: two objects whose queries would share a name are refused by apiNames.
  apiNames(model);
  const claims = new Map<string, string>(SHARED_TYPE_NAMES.map((n) => [n, 'the platform']));
  const claim = (name: string, source: string) => {
    const prior = claims.get(name);
    if (prior && prior !== source) throw new PlatformError('CONFLICT', `The GraphQL type name "${name}" is claimed by ${prior} and by ${source}; rename one of them`);
    claims.set(name, source);
  };
  for (const object of model.objects.values()) {
    const o = object.name;
    const source = `object ${o}`;
    for (const name of [inflect.type(o), inflect.connection(o), inflect.edge(o), inflect.filter(o), inflect.orderBy(o), inflect.groupBy(o),
      inflect.aggregateType(o), inflect.aggregateKey(o), inflect.createInput(o), inflect.updateInput(o), inflect.matchInput(o),
      ...['sum', 'avg', 'min', 'max', 'countDistinct'].map((fn) => inflect.aggregateValues(o, fn))]) claim(name, source);
    for (const field of object.catalog.definition.fields) {
      const kind = fieldType(field.type).graphql;
      if (kind === 'Enum' || kind === 'EnumList') {
        const s = `field ${o}.${field.name}`;
        claim(inflect.optionEnum(o, field.name), s);
        claim(inflect.optionFilter(o, field.name), s);
      }
    }
  }
  return claims;
}
