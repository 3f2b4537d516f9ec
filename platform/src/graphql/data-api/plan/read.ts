import type { FieldNode, GraphQLObjectType, OperationDefinitionNode } from 'graphql';
import { PlatformError } from '../../../errors/index.ts';
import { col, param, type Expr, type ReadOperation, type ShapeEntry } from '../../../query/index.ts';
import { apiNames } from '../../api-names.ts';
import { collectFields } from './collect.ts';
import { aggregate, argsOf, connection, recordEntries, type Walk } from './selection.ts';

/** Raised for root fields the compiler leaves to graphql-js (introspection). */
export class NotCompilable extends Error {}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One root query field (`lead`, `leads`, `leadsAggregate`, `__typename`, `metadataVersion`) as a JSON entry. */
export function planRootField(walk: Walk, key: string, nodes: readonly FieldNode[]): ShapeEntry {
  const name = nodes[0].name.value;
  const queryType = walk.schema.getQueryType() as GraphQLObjectType;
  if (name === '__typename') return { key, shape: { kind: 'const', value: queryType.name } };
  if (name === 'metadataVersion') return { key, shape: { kind: 'const', value: walk.scope.model.version } };
  const root = apiNames(walk.scope.model).queries.get(name);
  if (!root) throw new NotCompilable(name);
  const object = walk.scope.model.objects.get(root.object)!;
  walk.scope.checkRead(object.name);
  const args = argsOf(walk, queryType, nodes[0]);
  if (root.kind === 'one') {
    if (!UUID.test(String(args.id))) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(args.id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
    const source = walk.scope.source(object.name);
    walk.scope.cost += 1;
    const where: Expr[] = [{ kind: 'compare', op: '=', left: col(source.alias, 'id'), right: param(args.id, 'uuid') }, ...walk.scope.visible(source)];
    return { key, shape: { kind: 'record', from: source, where, entries: recordEntries(walk, object, source, nodes, 1) } };
  }
  if (root.kind === 'many') {
    const source = walk.scope.source(object.name);
    return { key, shape: { kind: 'connection', query: connection(walk, object, source, [], args, nodes, 1) } };
  }
  return { key, shape: { kind: 'aggregate', query: aggregate(walk, object, args, nodes) } };
}

/** A whole query operation as one read; NotCompilable when a root field is not ours (introspection). */
export function planQuery(walk: Walk, operation: OperationDefinitionNode): ReadOperation {
  const queryType = walk.schema.getQueryType() as GraphQLObjectType;
  const entries: ShapeEntry[] = [];
  for (const [key, nodes] of collectFields(walk, queryType.name, operation.selectionSet)) entries.push(planRootField(walk, key, nodes));
  return { entries };
}
