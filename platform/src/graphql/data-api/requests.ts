import { getArgumentValues, GraphQLObjectType, type FieldNode, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { PlatformError } from '../../errors/index.ts';
import type { ObjectModel, SchemaModel } from '../../model/index.ts';
import type { AggregateSelect, ConnectionSelect, EdgeField, FieldSelect, ListArgs, PageInfoSelect, RecordSelect, RootRead, UserSelect } from '../../query/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import type { ResolvedField } from '../../metadata/index.ts';
import { apiNames } from '../api-names.ts';
import { inflect, optionNames } from '../inflection.ts';
import { collectFields, subSelection, type CollectContext } from './plan/collect.ts';

/** Raised for root fields the compiled path leaves to graphql-js (introspection, recordHistory). */
export class NotCompilable extends Error {}

/** What converting a document needs: the schema it was validated against (argument coercion), fragments, variables, the model. */
export interface Walk extends CollectContext {
  schema: GraphQLSchema;
  model: SchemaModel;
  /**
   * The answer is the statement's JSON as it is (the compiled path): a value object (`Money`,
   * `GeoPoint`, `File`…) must then be selected whole, in its fields' order, without aliases —
   * anything else is left to graphql-js (NotCompilable), whose resolvers pick its fields by name.
   */
  verbatim?: boolean;
}

/**
 * A value object's fields as the statement builds them (a field type's `outputSql`: `Money`,
 * `GeoPoint`, `File`…): the object type's own fields, in declared order — every value object
 * type's outputSql builds its keys in that order (golden schema and fast-path tests hold them).
 */
function valueObjectFields(walk: Walk, kind: string): readonly string[] | undefined {
  const type = walk.schema.getType(kind);
  return type instanceof GraphQLObjectType ? Object.keys(type.getFields()) : undefined;
}

function checkVerbatim(walk: Walk, field: ResolvedField, nodes: readonly FieldNode[]): void {
  if (!walk.verbatim) return;
  const kind = fieldType(field.type).graphql;
  const fields = valueObjectFields(walk, kind);
  if (!fields) return;
  const picked = [...collectFields(walk, kind, subSelection(nodes))];
  const whole = picked.length === fields.length && picked.every(([key, n], i) => key === fields[i] && n[0].name.value === fields[i]);
  if (!whole) throw new NotCompilable(`${field.name}: part of a ${kind}`);
}

/** A field's arguments, coerced by its definition in the schema (variables substituted). */
export function argsOf(walk: Walk, parent: GraphQLObjectType, node: FieldNode): Record<string, any> {
  const def = parent.getFields()[node.name.value];
  return getArgumentValues(def, node, walk.variables);
}

const listArgs = (args: Record<string, any>): ListArgs => ({ filter: args.filter, orderBy: args.orderBy, first: args.first, last: args.last, after: args.after, before: args.before });

/**
 * The GraphQL transport's side of a read: a selection (fragments, aliases, @skip/@include and
 * variables resolved by collectFields) as a transport-neutral request (query/request.ts), with the
 * type names GraphQL answers for `__typename` given as constants. The planner never sees GraphQL.
 */
export function recordSelect(walk: Walk, object: ObjectModel, nodes: readonly FieldNode[]): RecordSelect {
  const typeName = inflect.type(object.name);
  const select: RecordSelect[number][] = [];
  for (const [key, fieldNodes] of collectFields(walk, typeName, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      select.push({ key, kind: 'const', value: typeName });
      continue;
    }
    const meaning = object.fields.get(name);
    if (!meaning) throw new PlatformError('BAD_USER_INPUT', `${typeName} has no field ${name}`);
    if (meaning.kind === 'value') {
      checkVerbatim(walk, meaning.field, fieldNodes);
      select.push(valueSelect(key, meaning.field));
    }
    else if (meaning.kind === 'lookup') select.push({ key, kind: 'record', field: name, select: recordSelect(walk, walk.model.objects.get(meaning.target)!, fieldNodes) });
    else if (meaning.kind === 'user') select.push({ key, kind: 'user', field: name, select: userSelect(walk, fieldNodes) });
    else {
      const type = walk.schema.getType(typeName) as GraphQLObjectType;
      const child = walk.model.objects.get(meaning.relation.source)!;
      select.push({ key, kind: 'relation', field: name, args: listArgs(argsOf(walk, type, fieldNodes[0])), select: connectionSelect(walk, child, fieldNodes) });
    }
  }
  return select;
}

/** A value field; an option field whose options are not all GraphQL names answers its enum value names. */
function valueSelect(key: string, field: ResolvedField): FieldSelect {
  const kind = fieldType(field.type).graphql;
  if (kind !== 'Enum' && kind !== 'EnumList') return { key, kind: 'field', field: field.name };
  const { mapped } = optionNames(field);
  return mapped.size ? { key, kind: 'field', field: field.name, names: mapped } : { key, kind: 'field', field: field.name };
}

function userSelect(walk: Walk, nodes: readonly FieldNode[]): UserSelect[] {
  return [...collectFields(walk, 'User', subSelection(nodes))].map(([key, n]): UserSelect => {
    const name = n[0].name.value;
    return name === '__typename' ? { key, kind: 'const', value: 'User' } : { key, kind: 'field', field: name as 'id' };
  });
}

export function connectionSelect(walk: Walk, object: ObjectModel, nodes: readonly FieldNode[]): ConnectionSelect {
  const connectionType = inflect.connection(object.name);
  const select: ConnectionSelect[number][] = [];
  for (const [key, fieldNodes] of collectFields(walk, connectionType, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') select.push({ key, kind: 'const', value: connectionType });
    else if (name === 'totalCount') select.push({ key, kind: 'totalCount' });
    else if (name === 'nodes') select.push({ key, kind: 'nodes', select: recordSelect(walk, object, fieldNodes) });
    else if (name === 'pageInfo') {
      const fields = [...collectFields(walk, 'PageInfo', subSelection(fieldNodes))].map(([k, n]): PageInfoSelect => (n[0].name.value === '__typename' ? { key: k, kind: 'const', value: 'PageInfo' } : { key: k, kind: 'field', field: n[0].name.value as 'hasNextPage' }));
      select.push({ key, kind: 'pageInfo', select: fields });
    } else if (name === 'edges') {
      const edgeType = inflect.edge(object.name);
      const edge: EdgeField[] = [];
      for (const [k, n] of collectFields(walk, edgeType, subSelection(fieldNodes))) {
        const f = n[0].name.value;
        if (f === 'cursor') edge.push({ key: k, kind: 'cursor' });
        else if (f === 'node') edge.push({ key: k, kind: 'node', select: recordSelect(walk, object, n) });
        else edge.push({ key: k, kind: 'const', value: edgeType });
      }
      select.push({ key, kind: 'edges', select: edge });
    }
  }
  return select;
}

function aggregateSelect(walk: Walk, object: ObjectModel, nodes: readonly FieldNode[]): AggregateSelect {
  const aggregateType = inflect.aggregateType(object.name);
  const select: AggregateSelect[number][] = [];
  for (const [key, fieldNodes] of collectFields(walk, aggregateType, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') select.push({ key, kind: 'const', value: aggregateType });
    else if (name === 'count') select.push({ key, kind: 'count' });
    else if (name === 'key') {
      const keyType = inflect.aggregateKey(object.name);
      select.push({ key, kind: 'key', select: [...collectFields(walk, keyType, subSelection(fieldNodes))].map(([k, n]) => {
        if (n[0].name.value === '__typename') return { key: k, kind: 'const' as const, value: keyType };
        const meaning = object.fields.get(n[0].name.value);
        return meaning?.kind === 'value' ? valueSelect(k, meaning.field) as { key: string; kind: 'field'; field: string } : { key: k, kind: 'field' as const, field: n[0].name.value };
      }) });
    } else {
      const fn = name as 'sum';
      const valuesType = inflect.aggregateValues(object.name, fn);
      select.push({ key, kind: 'fn', fn, select: [...collectFields(walk, valuesType, subSelection(fieldNodes))].map(([k, n]) => (n[0].name.value === '__typename' ? { key: k, kind: 'const' as const, value: valuesType } : { key: k, kind: 'field' as const, field: n[0].name.value })) });
    }
  }
  return select;
}

/** One root query field (`lead`, `leads`, `leadsAggregate`, `__typename`, `metadataVersion`) as a read; NotCompilable for the others. */
export function rootRead(walk: Walk, key: string, nodes: readonly FieldNode[]): RootRead {
  const name = nodes[0].name.value;
  const queryType = walk.schema.getQueryType() as GraphQLObjectType;
  if (name === '__typename') return { key, kind: 'const', value: queryType.name };
  if (name === 'metadataVersion') return { key, kind: 'const', value: walk.model.version };
  if (name === 'node') return nodeRead(walk, key, nodes).root;
  const root = apiNames(walk.model).queries.get(name);
  if (!root || root.kind === 'command') throw new NotCompilable(name);
  const object = walk.model.objects.get(root.object)!;
  const args = argsOf(walk, queryType, nodes[0]);
  if (root.kind === 'one') return { key, request: { kind: 'get', object: object.name, id: args.id, select: recordSelect(walk, object, nodes) } };
  if (root.kind === 'many') return { key, request: { kind: 'list', object: object.name, args: listArgs(args), select: connectionSelect(walk, object, nodes) } };
  return { key, request: { kind: 'aggregate', object: object.name, args: { filter: args.filter, groupBy: args.groupBy }, select: aggregateSelect(walk, object, nodes) } };
}

/**
 * `node(id)` as a read: every object a candidate, each with the selection that applies to its type
 * (fields of `Node`, fragments on it or on `Node`). `tagged` (the fallback path, whose `Node` must
 * resolve a type) also answers each candidate's type name at `typeKey`, a key the selection leaves free.
 */
export function nodeRead(walk: Walk, key: string, nodes: readonly FieldNode[], tagged = false): { root: RootRead; typeKey?: string } {
  const args = argsOf(walk, walk.schema.getQueryType() as GraphQLObjectType, nodes[0]);
  const selects = [...walk.model.objects.values()].map((object) => ({ object: object.name, select: recordSelect(walk, object, nodes) }));
  if (!tagged) return { root: { key, request: { kind: 'node', id: args.id, candidates: selects } } };
  const taken = new Set(selects.flatMap((c) => c.select.map((s) => s.key)));
  let typeKey = '__nodeType';
  while (taken.has(typeKey)) typeKey += '_';
  const candidates = selects.map((c) => ({ object: c.object, select: [...c.select, { key: typeKey, kind: 'const' as const, value: inflect.type(c.object) }] }));
  return { root: { key, request: { kind: 'node', id: args.id, candidates } }, typeKey };
}

/** A whole query operation as reads (one statement); NotCompilable when a root field is not ours (introspection). */
export function operationReads(walk: Walk, operation: OperationDefinitionNode): RootRead[] {
  const queryType = walk.schema.getQueryType() as GraphQLObjectType;
  return [...collectFields(walk, queryType.name, operation.selectionSet)].map(([key, nodes]) => rootRead(walk, key, nodes));
}
