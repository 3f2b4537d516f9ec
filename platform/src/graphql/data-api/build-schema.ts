import type { GraphQLEnumType, GraphQLSchema } from 'graphql';
import { FIELD_TYPES, fieldType } from '../../field-types/registry.ts';
import type { ResolvedField } from '../../metadata/index.ts';
import { JSONScalar } from '../scalars/json.ts';
import { DateScalar, DateTimeScalar } from '../scalars/temporal.ts';
import { bindOptionInputs } from '../scalars/option-enum.ts';
import { inflect, optionNames } from '../inflection.ts';
import { byFieldName, byResponseKey, newBuilder, type DataSchemaBuilder, type SchemaScope } from './builder-types.ts';
import { filterFields, operandType } from './filters-schema.ts';
import type { ObjectModel, SchemaModel } from '../../model/model.ts';
import { claimTypeNames } from './type-names.ts';
import { addRootFields, type Refs } from './root-fields.ts';
import { nodeInterface } from './node.ts';

const nullable = { nullable: true } as const;


/**
 * Builds a tenant's data API with Pothos from its schema model: one object type per object, its
 * connection, filter, orderBy, groupBy, aggregate and input types, and the root operations.
 * Every output field resolves by response key from the JSON that the compiled SQL returns.
 * With a scope, only that part is built (see document-scope.ts): the same types, fewer of them.
 */
export function buildDataSchema(model: SchemaModel, scope?: SchemaScope): GraphQLSchema {
  if (!scope) claimTypeNames(model);
  const all = new Set(model.objects.keys());
  const inScope: SchemaScope = scope ?? { objects: all, filters: all };
  const builder = newBuilder();
  builder.addScalarType('JSON' as never, JSONScalar, {});
  builder.addScalarType('Date' as never, DateScalar, {});
  builder.addScalarType('DateTime' as never, DateTimeScalar, {});
  const refs = sharedTypes(builder);
  const typeFilters = new Map<string, any>();
  for (const type of FIELD_TYPES) {
    const operand = operandType(type.graphql);
    // A computed type filters as its return type (the model shows a formula as a field of that type).
    if (type.graphql === 'Enum' || type.graphql === 'EnumList' || (type.reference && !type.selfReference) || type.computed || type.links) continue;
    // A composite filters on the whole (isNull, within, overlaps) and on each part as its own type.
    const parts = type.composite?.parts.map((p) => ({ name: p.name, type: inflect.fieldTypeFilter(p.type) })) ?? [];
    typeFilters.set(type.name, inputFrom(builder, inflect.fieldTypeFilter(type.name), [...filterFields(type.operators, operand, { list: type.graphql === 'StringList', composite: type.composite?.typeName }), ...parts], `Filter over a ${type.name} field.`));
  }
  refs.composites = compositeTypes(builder);
  refs.typeFilters = typeFilters;
  refs.scope = inScope;
  for (const object of model.objects.values()) if (inScope.filters.has(object.name)) declareObject(builder, refs, object);
  for (const object of model.objects.values()) {
    if (inScope.objects.has(object.name)) implementObject(builder, refs, model, object);
    else if (inScope.filters.has(object.name)) implementFilter(refs, model, object);
  }
  addRootFields(builder, refs, model);
  const schema = builder.toSchema({ sortSchema: false });
  // Option enums read their inputs as stored values (Pothos builds the enum; its inputs are ours).
  for (const [name, field] of refs.optionEnums) bindOptionInputs(schema.getType(name) as GraphQLEnumType, optionNames(field.definition), field.label);
  return schema;
}

function inputFrom(builder: DataSchemaBuilder, name: string, specs: { name: string; type: string; list?: boolean; description?: string }[], description: string) {
  return builder.inputType(name as never, {
    description,
    fields: (t: any) => Object.fromEntries(specs.map((s) => [s.name, t.field({ type: s.list ? [s.type] : s.type, required: false, description: s.description })])),
  } as never);
}

function sharedTypes(builder: DataSchemaBuilder): Refs {
  const b = builder as any;
  const pageInfo = b.objectRef('PageInfo').implement({
    fields: (t: any) => ({
      hasNextPage: t.boolean({ nullable: false, resolve: byResponseKey }),
      hasPreviousPage: t.boolean({ nullable: false, resolve: byResponseKey }),
      startCursor: t.string({ ...nullable, resolve: byResponseKey }),
      endCursor: t.string({ ...nullable, resolve: byResponseKey }),
    }),
  });
  // Value objects resolve by field name: a field type's outputSql builds their JSON keyed by field
  // names, whatever aliases the document uses (requests.ts leaves parts and aliases to graphql-js).
  const money = b.objectRef('Money').implement({ fields: (t: any) => ({ amount: t.float({ resolve: byFieldName }), currency: t.string({ resolve: byFieldName }) }) });
  const moneyInput = b.inputType('MoneyInput', { fields: (t: any) => ({ amount: t.float({ required: true }), currency: t.string({ description: 'ISO 4217; defaults to the field\'s currency' }) }) });
  const geoPoint = b.objectRef('GeoPoint').implement({ fields: (t: any) => ({ lat: t.float({ resolve: byFieldName }), lng: t.float({ resolve: byFieldName }) }) });
  const geoPointInput = b.inputType('GeoPointInput', { fields: (t: any) => ({ lat: t.float({ required: true }), lng: t.float({ required: true }) }) });
  b.inputType('GeoWithin', { fields: (t: any) => ({ lat: t.float({ required: true }), lng: t.float({ required: true }), km: t.float({ required: true }) }) });
  const user = b.objectRef('User').implement({
    description: 'A user of the tenant.',
    fields: (t: any) => ({ id: t.id({ resolve: byResponseKey }), name: t.string({ ...nullable, resolve: byResponseKey }), email: t.string({ ...nullable, resolve: byResponseKey }) }),
  });
  // Its fields resolve by name, not response key: the value is the JSON the statement built, keyed by field name.
  const file = b.objectRef('File').implement({
    description: 'An uploaded file: its download address (`url`, GET with the same credentials) and, for images, a thumbnail.',
    fields: (t: any) => ({
      id: t.id({ resolve: byFieldName }), name: t.string({ resolve: byFieldName }), size: t.int({ resolve: byFieldName }),
      mimeType: t.string({ resolve: byFieldName }), url: t.string({ resolve: byFieldName }), thumbnailUrl: t.string({ ...nullable, resolve: byFieldName }),
    }),
  });
  const orderDirection = b.enumType('OrderDirection', { values: ['ASC', 'DESC', 'ASC_NULLS_FIRST', 'DESC_NULLS_LAST'] as const });
  const dateBucket = b.enumType('DateBucket', { values: ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const });
  const bulk = b.objectRef('BulkMutationResult').implement({
    fields: (t: any) => ({ count: t.int({ resolve: byResponseKey }), ids: t.idList({ resolve: byResponseKey }) }),
  });
  const idFilter = inputFrom(builder, 'IdFilter', filterFields(['eq', 'neq', 'in', 'nin', 'isNull'], 'ID'), 'Filter over an id.');
  const node = nodeInterface(builder);
  // A many-to-many in an update: the whole set (`set`), or links added and removed (applied in that order).
  const linksInput = b.inputType('LinksInput', {
    description: 'A change of a many-to-many relation: set replaces every link, then add and remove change them. Ids of records you cannot see are refused; an id given twice counts once.',
    fields: (t: any) => ({ set: t.idList(), add: t.idList(), remove: t.idList() }),
  });
  return { pageInfo, money, moneyInput, geoPoint, geoPointInput, user, file, orderDirection, dateBucket, bulk, idFilter, node, linksInput, typeFilters: new Map(), composites: new Map(), objects: new Map(), optionEnums: new Map(), scope: { objects: new Set(), filters: new Set() } };
}

/** The GraphQL scalar a composite part reads as (its field type's kind). */
function partScalar(type: string): string {
  const kind = fieldType(type).graphql;
  return kind === 'Decimal' ? 'Float' : kind;
}

/**
 * One output and one input object type per composite field type (`Address`, `AddressInput`). The
 * input's parts are all optional in GraphQL: the value schema says which are required, with a
 * pointer to the part (and `overlaps` takes the same input with either end left open).
 */
function compositeTypes(builder: DataSchemaBuilder): Map<string, { output: any; input: any }> {
  const b = builder as any;
  const out = new Map<string, { output: any; input: any }>();
  for (const type of FIELD_TYPES) {
    const shape = type.composite;
    if (!shape) continue;
    const output = b.objectRef(shape.typeName).implement({
      description: `The value of a ${type.name} field.`,
      // By field name, as every value object (its outputSql keys its parts by name; aliases go to graphql-js).
      fields: (t: any) => Object.fromEntries(shape.parts.map((p) => [p.name, t.field({ type: partScalar(p.type), nullable: true, resolve: byFieldName })])),
    });
    const input = b.inputType(`${shape.typeName}Input`, {
      fields: (t: any) => Object.fromEntries(shape.parts.map((p) => [p.name, t.field({ type: partScalar(p.type), required: false })])),
    });
    out.set(type.name, { output, input });
  }
  return out;
}

/** Creates the refs of an object's types so that relations can point at them before they are implemented. */
function declareObject(builder: DataSchemaBuilder, refs: Refs, object: ObjectModel) {
  const b = builder as any;
  const o = object.name;
  const options = new Map<string, { enum: any; filter: any }>();
  for (const field of object.catalog.definition.fields) {
    const kind = fieldType(field.type).graphql;
    if (kind !== 'Enum' && kind !== 'EnumList') continue;
    const enumName = inflect.optionEnum(o, field.name);
    const { nameOf } = optionNames(field);
    const enumRef = b.enumType(enumName, {
      description: `The options of ${o}.${field.name}.`,
      values: Object.fromEntries((field.options ?? []).map((opt) => {
        const name = nameOf.get(opt.value)!;
        return [name, { value: name, description: name === opt.value ? opt.label.en : `${opt.label.en} (stored as ${JSON.stringify(opt.value)})` }];
      })),
    });
    const filterRef = inputFrom(builder, inflect.optionFilter(o, field.name), filterFields(fieldType(field.type).operators, enumName), `Filter over ${o}.${field.name}.`);
    options.set(field.name, { enum: enumRef, filter: filterRef });
    refs.optionEnums.set(enumName, { definition: field, label: `${o}.${field.name}` });
  }
  refs.objects.set(o, {
    type: b.objectRef(inflect.type(o)),
    connection: b.objectRef(inflect.connection(o)),
    edge: b.objectRef(inflect.edge(o)),
    filter: b.inputRef(inflect.filter(o)),
    orderBy: b.inputRef(inflect.orderBy(o)),
    groupBy: b.inputRef(inflect.groupBy(o)),
    aggregate: b.objectRef(inflect.aggregateType(o)),
    createInput: b.inputRef(inflect.createInput(o)),
    updateInput: b.inputRef(inflect.updateInput(o)),
    matchInput: b.inputRef(inflect.matchInput(o)),
    options,
  });
}

/** The GraphQL output type of a value field. */
function outputType(refs: Refs, object: string, field: ResolvedField): unknown {
  const kind = fieldType(field.type).graphql;
  switch (kind) {
    case 'Enum': return refs.objects.get(object)!.options.get(field.name)!.enum;
    case 'EnumList': return [refs.objects.get(object)!.options.get(field.name)!.enum];
    case 'StringList': return ['String'];
    case 'Currency': return refs.money;
    case 'GeoPoint': return refs.geoPoint;
    case 'File': return refs.file;
    case 'Composite': return refs.composites.get(field.type)!.output;
    case 'Decimal': return 'Float';
    case 'Reference': case 'User': return 'ID';
    default: return kind;
  }
}

/** The GraphQL input type of a value field in create/update inputs: the same enums as outputs for options. */
export function inputType(refs: Refs, object: string, field: ResolvedField, mode: 'create' | 'update' = 'create'): unknown {
  const kind = fieldType(field.type).graphql;
  switch (kind) {
    // A create sets the links ([ID!]); an update sets them or adds and removes some (LinksInput).
    case 'Links': return mode === 'create' ? ['ID'] : refs.linksInput;
    case 'Enum': return refs.objects.get(object)!.options.get(field.name)!.enum;
    case 'EnumList': return [refs.objects.get(object)!.options.get(field.name)!.enum];
    case 'StringList': return ['String'];
    case 'Currency': return refs.moneyInput;
    case 'GeoPoint': return refs.geoPointInput;
    case 'Composite': return refs.composites.get(field.type)!.input;
    case 'Decimal': return 'Float';
    case 'Reference': case 'User': case 'File': return 'ID';
    default: return kind;
  }
}

/**
 * Whether a create must name the field (non-null in the create input): required, and nothing fills
 * it when it is left out — no default value or expression. Updates name only what they change (all nullable).
 */
function mustBeGiven(field: ResolvedField): boolean {
  return field.required && (field.defaultValue === undefined || field.defaultValue === null) && field.defaultExpression === undefined;
}

function connectionArgs(t: any, refs: Refs, object: string) {
  const r = refs.objects.get(object)!;
  return {
    filter: t.arg({ type: r.filter }),
    orderBy: t.arg({ type: [r.orderBy] }),
    first: t.arg.int(),
    after: t.arg.string(),
    last: t.arg.int(),
    before: t.arg.string(),
  };
}

function implementObject(builder: DataSchemaBuilder, refs: Refs, model: SchemaModel, object: ObjectModel) {
  const o = object.name;
  const r = refs.objects.get(o)!;
  const label = object.catalog.definition.label.en;
  r.type.implement({
    description: object.catalog.definition.description ?? label,
    interfaces: [refs.node],
    fields: (t: any) => {
      const fields: Record<string, unknown> = {};
      for (const [name, meaning] of object.fields) {
        if (meaning.kind === 'value') {
          const f = meaning.field;
          fields[name] = t.field({ type: outputType(refs, o, f), nullable: !(name === 'id' || name === 'createdAt' || name === 'updatedAt'), description: f.description ?? f.label.en, resolve: byResponseKey });
        } else if (meaning.kind === 'lookup') {
          if (!refs.scope.objects.has(meaning.target)) continue;
          fields[name] = t.field({ type: refs.objects.get(meaning.target)!.type, nullable: true, description: meaning.field.description ?? meaning.field.label.en, resolve: byResponseKey });
        } else if (meaning.kind === 'user') {
          fields[name] = t.field({ type: refs.user, nullable: true, resolve: byResponseKey });
        } else {
          const source = meaning.relation.source;
          if (!refs.scope.objects.has(source)) continue;
          const rel = meaning.relation;
          const description = !rel.junction ? `${source} records whose ${rel.field} is this ${o}` : rel.junction.near === 'sourceId' ? (object.catalog.fields.get(rel.field)?.definition.description ?? `The ${source} records this ${o} links to`) : `${source} records whose ${rel.field} links to this ${o}`;
          fields[name] = t.field({ type: refs.objects.get(source)!.connection, nullable: false, args: connectionArgs(t, refs, source), description, resolve: byResponseKey });
        }
      }
      return fields;
    },
  });
  r.edge.implement({ fields: (t: any) => ({ cursor: t.string({ nullable: false, resolve: byResponseKey }), node: t.field({ type: r.type, nullable: false, resolve: byResponseKey }) }) });
  r.connection.implement({
    fields: (t: any) => ({
      edges: t.field({ type: [r.edge], nullable: false, resolve: byResponseKey }),
      nodes: t.field({ type: [r.type], nullable: false, resolve: byResponseKey }),
      pageInfo: t.field({ type: refs.pageInfo, nullable: false, resolve: byResponseKey }),
      totalCount: t.int({ nullable: false, description: 'Counted only when asked for.', resolve: byResponseKey }),
    }),
  });
  implementFilter(refs, model, object);
  implementOrderAndGroup(refs, object);
  implementAggregate(builder, refs, object);
  implementInputs(refs, object);
}

function implementFilter(refs: Refs, model: SchemaModel, object: ObjectModel) {
  const r = refs.objects.get(object.name)!;
  r.filter.implement({
    description: `Conditions on ${object.name} records; fields combine with and.`,
    fields: (t: any) => {
      const fields: Record<string, unknown> = {
        and: t.field({ type: [r.filter] }),
        or: t.field({ type: [r.filter] }),
        not: t.field({ type: r.filter }),
      };
      for (const [name, field] of object.filterable) {
        const type = fieldType(field.type);
        if (!type.capabilities.filterable) continue;
        if (name === 'id') fields[name] = t.field({ type: refs.idFilter });
        else if (type.selfReference) fields[name] = t.field({ type: refs.typeFilters.get(field.type), description: 'Its parent by id (isNull: the roots), or its place in the tree: under (descendants) or above (ancestors) a record.' });
        else if (type.reference) {
          if (refs.scope.filters.has(field.target!)) fields[name] = t.field({ type: refs.objects.get(field.target!)!.filter, description: `Conditions on the ${field.target} it looks up (id: {isNull: true} for none).` });
        }
        else if (type.graphql === 'Enum' || type.graphql === 'EnumList') fields[name] = t.field({ type: r.options.get(name)!.filter });
        else fields[name] = t.field({ type: refs.typeFilters.get(field.type) });
      }
      for (const rel of object.reverse) {
        if (!refs.scope.filters.has(rel.source)) continue;
        const childFilter = refs.objects.get(rel.source)!.filter;
        fields[inflect.childFilter(rel.name, 'Some')] = t.field({ type: childFilter, description: `Some ${rel.name} match` });
        fields[inflect.childFilter(rel.name, 'None')] = t.field({ type: childFilter, description: `No ${rel.name} match` });
        fields[inflect.childFilter(rel.name, 'Every')] = t.field({ type: childFilter, description: `Every one of ${rel.name} matches` });
      }
      void model;
      return fields;
    },
  });
}

function implementOrderAndGroup(refs: Refs, object: ObjectModel) {
  const r = refs.objects.get(object.name)!;
  r.orderBy.implement({
    description: 'One field per item: [{createdAt: DESC}, {name: ASC}]. The id is always the last key.',
    fields: (t: any) => Object.fromEntries([...object.filterable].filter(([, f]) => fieldType(f.type).capabilities.sortable).map(([name]) => [name, t.field({ type: refs.orderDirection })])),
  });
  r.groupBy.implement({
    description: 'One field per item: {status: true} for a value, {createdAt: MONTH} for a date bucket.',
    fields: (t: any) => Object.fromEntries([...object.filterable].filter(([, f]) => fieldType(f.type).capabilities.groupable)
      .map(([name, f]) => [name, t.field({ type: ['date', 'dateTime'].includes(f.type) ? refs.dateBucket : 'Boolean' })])),
  });
}

function implementAggregate(builder: DataSchemaBuilder, refs: Refs, object: ObjectModel) {
  const b = builder as any;
  const o = object.name;
  const r = refs.objects.get(o)!;
  const groupable = [...object.filterable].filter(([, f]) => fieldType(f.type).capabilities.groupable);
  const key = b.objectRef(inflect.aggregateKey(o)).implement({
    fields: (t: any) => Object.fromEntries(groupable.map(([name, f]) => {
      const kind = fieldType(f.type).graphql;
      const type = ['date', 'dateTime'].includes(f.type) ? 'String' : kind === 'Enum' ? r.options.get(name)!.enum : kind === 'Boolean' ? 'Boolean' : 'ID';
      return [name, t.field({ type, nullable: true, resolve: byResponseKey })];
    })),
  });
  const fnTypes: Record<string, unknown> = {};
  for (const fn of ['sum', 'avg', 'min', 'max', 'countDistinct'] as const) {
    const fields = [...object.filterable].filter(([, f]) => fieldType(f.type).capabilities.aggregates.includes(fn));
    if (!fields.length) continue;
    fnTypes[fn] = b.objectRef(inflect.aggregateValues(o, fn)).implement({
      fields: (t: any) => Object.fromEntries(fields.map(([name, f]) => {
        // The bounds of a value read as text (text, e-mail, dates, times, auto-numbers) are text.
        const type = fn === 'countDistinct' ? 'Int' : (fn === 'min' || fn === 'max') && ['String', 'Date', 'DateTime'].includes(fieldType(f.type).graphql) ? 'String' : 'Float';
        return [name, t.field({ type, nullable: true, resolve: byResponseKey })];
      })),
    });
  }
  r.aggregate.implement({
    description: `One group of ${o} records (one row when there is no groupBy).`,
    fields: (t: any) => ({
      key: t.field({ type: key, resolve: byResponseKey }),
      count: t.int({ nullable: false, resolve: byResponseKey }),
      ...Object.fromEntries(Object.entries(fnTypes).map(([fn, type]) => [fn, t.field({ type, resolve: byResponseKey })])),
    }),
  });
}

function implementInputs(refs: Refs, object: ObjectModel) {
  const o = object.name;
  const r = refs.objects.get(o)!;
  // Fields the platform assigns (auto-numbers) and computed fields (formulas) are in no write input;
  // auto-numbers can still be matched on.
  const all = object.catalog.definition.fields;
  const fields = all.filter((f) => !fieldType(f.type).capabilities.readOnly && !fieldType(f.type).computed);
  r.createInput.implement({
    fields: (t: any) => ({
      id: t.id({ description: 'A UUID for the new record; generated when absent.' }),
      owner: t.id({ description: 'The owning user (defaults to the caller).' }),
      ...Object.fromEntries(fields.map((f) => [f.name, t.field({ type: inputType(refs, o, f), required: mustBeGiven(f), description: f.helpText ?? f.description })])),
    }),
  });
  r.updateInput.implement({
    fields: (t: any) => ({
      owner: t.id(),
      ...Object.fromEntries(fields.map((f) => [f.name, t.field({ type: inputType(refs, o, f, 'update'), required: false })])),
    }),
  });
  const unique = all.filter((f) => f.unique && fieldType(f.type).columns(f).length === 1);
  r.matchInput.implement({
    description: 'Exactly one unique field to match an existing record on.',
    fields: (t: any) => ({ id: t.id(), ...Object.fromEntries(unique.map((f) => [f.name, t.field({ type: inputType(refs, o, f) })])) }),
  });
}
