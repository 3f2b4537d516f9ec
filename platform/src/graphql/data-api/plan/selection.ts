import { getArgumentValues, type FieldNode, type GraphQLObjectType, type GraphQLSchema } from 'graphql';
import { PlatformError } from '../../../errors/index.ts';
import { fieldType } from '../../../field-types/registry.ts';
import { col, param, type AggregateQuery, type AggregateSelection, type ConnectionQuery, type ConnectionSelection, type EdgeSelection, type Expr, type Shape, type ShapeEntry, type Source } from '../../../query/index.ts';
import { inflect } from '../../inflection.ts';
import type { ObjectModel } from '../../../model/model.ts';
import { collectFields, subSelection, type CollectContext } from './collect.ts';
import { filterConditions } from './filters.ts';
import { limitExceeded } from '../../../model/limits.ts';
import { orderTerms, pageOf, type PageArgs } from './order.ts';
import type { PlanScope } from './scope.ts';

/** Everything a selection walk needs: the GraphQL schema (for argument coercion), fragments, variables. */
export interface Walk extends CollectContext {
  schema: GraphQLSchema;
  scope: PlanScope;
}

export function argsOf(walk: Walk, parent: GraphQLObjectType, node: FieldNode): Record<string, any> {
  const def = parent.getFields()[node.name.value];
  return getArgumentValues(def, node, walk.variables);
}

function objectType(walk: Walk, name: string): GraphQLObjectType {
  return walk.schema.getType(name) as GraphQLObjectType;
}

function checkDepth(walk: Walk, depth: number): void {
  if (depth > walk.scope.limits.maxDepth) throw limitExceeded('maxDepth', depth, walk.scope.limits.maxDepth, 'The query nests too deep');
}

/** The JSON entries of a record of `object` read under `source`, for the selection `nodes`. */
export function recordEntries(walk: Walk, object: ObjectModel, source: Source, nodes: readonly FieldNode[], depth: number): ShapeEntry[] {
  checkDepth(walk, depth);
  const typeName = inflect.type(object.name);
  const type = objectType(walk, typeName);
  const entries: ShapeEntry[] = [];
  for (const [key, fieldNodes] of collectFields(walk, typeName, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') {
      entries.push({ key, shape: { kind: 'const', value: typeName } });
      continue;
    }
    const meaning = object.fields.get(name);
    if (!meaning) throw new PlatformError('BAD_USER_INPUT', `${typeName} has no field ${name}`);
    if (meaning.kind === 'value') {
      // A field the caller may not read answers nothing (null), whatever the record holds.
      if (!meaning.system && !walk.scope.canReadField(object.name, name)) {
        entries.push({ key, shape: { kind: 'const', value: null } });
        continue;
      }
      const ft = fieldType(meaning.field.type);
      const columns = ft.columns(meaning.field).map((c) => c.column);
      entries.push({ key, shape: { kind: 'value', sql: { alias: source.alias, columns, render: ft.outputSql ?? ((c) => c[0]) } } });
    } else if (meaning.kind === 'lookup') {
      if (!walk.scope.canReadField(object.name, name) || !walk.scope.canRead(meaning.target)) {
        entries.push({ key, shape: { kind: 'const', value: null } });
        continue;
      }
      const target = walk.scope.model.objects.get(meaning.target)!;
      const t = walk.scope.source(target.name);
      const column = fieldType(meaning.field.type).columns(meaning.field)[0].column;
      const where: Expr[] = [{ kind: 'compare', op: '=', left: col(t.alias, 'id'), right: col(source.alias, column) }, ...walk.scope.visible(t)];
      entries.push({ key, shape: { kind: 'record', from: t, where, entries: recordEntries(walk, target, t, fieldNodes, depth + 1) } });
    } else if (meaning.kind === 'user') {
      // A user field the caller may not read answers null, as other fields do (owner and the audit users are always readable).
      if (!walk.scope.canReadField(object.name, name)) entries.push({ key, shape: { kind: 'const', value: null } });
      else entries.push({ key, shape: userShape(walk, source, meaning.column, fieldNodes) });
    } else {
      const rel = meaning.relation;
      const child = walk.scope.model.objects.get(rel.source)!;
      const c = walk.scope.source(child.name);
      const link: Expr = { kind: 'compare', op: '=', left: col(c.alias, rel.field), right: col(source.alias, 'id') };
      // Children the caller may not read at all: an empty list, not an error (the parent is readable).
      const links: Expr[] = walk.scope.canRead(child.name) && walk.scope.canReadField(child.name, rel.field) ? [link] : [link, { kind: 'const', sql: 'false' }];
      const args = argsOf(walk, type, fieldNodes[0]);
      entries.push({ key, shape: { kind: 'connection', query: connection(walk, child, c, links, args, fieldNodes, depth + 1) } });
    }
  }
  return entries;
}

function userShape(walk: Walk, source: Source, column: string, nodes: readonly FieldNode[]): Shape {
  const u = walk.scope.usersSource();
  const entries: ShapeEntry[] = [];
  for (const [key, fieldNodes] of collectFields(walk, 'User', subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') entries.push({ key, shape: { kind: 'const', value: 'User' } });
    else entries.push({ key, shape: { kind: 'value', sql: { alias: u.alias, columns: [name], render: (c) => c[0] } } });
  }
  const where: Expr[] = [
    { kind: 'compare', op: '=', left: col(u.alias, 'id'), right: col(source.alias, column) },
    { kind: 'compare', op: '=', left: col(u.alias, 'tenant_id'), right: param(walk.scope.model.tenantId, 'uuid') },
  ];
  return { kind: 'record', from: u, where, entries };
}

/** A connection over `object` (root list or reverse relation): filter, order, page, and the selection. */
export function connection(walk: Walk, object: ObjectModel, source: Source, links: Expr[], args: Record<string, any>, nodes: readonly FieldNode[], depth: number): ConnectionQuery {
  checkDepth(walk, depth);
  const terms = orderTerms(object, source, args.orderBy, (field, pointer) => walk.scope.checkFieldUse(object.name, field, pointer));
  const page = pageOf(args as PageArgs, terms, walk.scope.limits);
  const size = page.first ?? page.last ?? 0;
  // A nested list is read once per record of the lists around it: its cost multiplies.
  walk.scope.cost += size * walk.scope.fanout;
  const perRecord = <T>(plan: () => T): T => {
    const outer = walk.scope.fanout;
    walk.scope.fanout = outer * Math.max(size, 1);
    try { return plan(); } finally { walk.scope.fanout = outer; }
  };
  if (walk.scope.cost > walk.scope.limits.maxCost) throw limitExceeded('maxCost', walk.scope.cost, walk.scope.limits.maxCost, 'The query may return too many records');
  const visible = walk.scope.visible(source);
  const where = [...links, ...visible, ...filterConditions(walk.scope, object, source, args.filter)];
  // Root lists under row-level conditions (more than the live-record one) read their page's ids first.
  const deferred = !links.length && visible.length > 1;
  const connectionType = inflect.connection(object.name);
  const select: ConnectionSelection[] = [];
  for (const [key, fieldNodes] of collectFields(walk, connectionType, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') select.push({ key, kind: 'typename', value: connectionType });
    else if (name === 'totalCount') select.push({ key, kind: 'totalCount' });
    else if (name === 'nodes') select.push({ key, kind: 'nodes', entries: perRecord(() => recordEntries(walk, object, source, fieldNodes, depth + 1)) });
    else if (name === 'pageInfo') {
      const fields = [...collectFields(walk, 'PageInfo', subSelection(fieldNodes))].map(([k, n]) => ({ key: k, field: n[0].name.value as never }));
      select.push({ key, kind: 'pageInfo', select: fields });
    } else if (name === 'edges') {
      const edgeType = inflect.edge(object.name);
      const edge: EdgeSelection[] = [];
      for (const [k, n] of collectFields(walk, edgeType, subSelection(fieldNodes))) {
        const f = n[0].name.value;
        if (f === 'cursor') edge.push({ key: k, kind: 'cursor' });
        else if (f === 'node') edge.push({ key: k, kind: 'node', entries: perRecord(() => recordEntries(walk, object, source, n, depth + 1)) });
        else edge.push({ key: k, kind: 'typename', value: edgeType });
      }
      select.push({ key, kind: 'edges', select: edge });
    }
  }
  return { from: source, where, orderBy: terms, page, select, ...(deferred ? { deferred } : {}) };
}

/** `leadsAggregate(filter, groupBy)` and its selection. */
export function aggregate(walk: Walk, object: ObjectModel, args: Record<string, any>, nodes: readonly FieldNode[]): AggregateQuery {
  const source = walk.scope.source(object.name);
  const groupBy: AggregateQuery['groupBy'][number][] = [];
  const groupIndex = new Map<string, number>();
  (args.groupBy ?? []).forEach((item: Record<string, unknown>, i: number) => {
    const keys = Object.keys(item).filter((k) => item[k] !== undefined && item[k] !== null && item[k] !== false);
    if (keys.length !== 1) throw new PlatformError('BAD_USER_INPUT', 'Each groupBy item names exactly one field, e.g. [{status: true}, {createdAt: MONTH}]', { details: [{ pointer: `/groupBy/${i}`, message: 'name exactly one field' }] });
    const field = object.filterable.get(keys[0])!;
    walk.scope.checkFieldUse(object.name, keys[0], `/groupBy/${i}/${keys[0]}`);
    const column = fieldType(field.type).columns(field)[0].column;
    const bucket = typeof item[keys[0]] === 'string' ? (item[keys[0]] as string).toLowerCase() as 'month' : undefined;
    groupIndex.set(keys[0], groupBy.length);
    groupBy.push({ expr: col(source.alias, column), bucket, dateOnly: field.type === 'date' });
  });
  const aggregateType = inflect.aggregateType(object.name);
  const select: AggregateSelection[] = [];
  for (const [key, fieldNodes] of collectFields(walk, aggregateType, subSelection(nodes))) {
    const name = fieldNodes[0].name.value;
    if (name === '__typename') select.push({ key, kind: 'typename', value: aggregateType });
    else if (name === 'count') select.push({ key, kind: 'count' });
    else if (name === 'key') {
      const keyType = inflect.aggregateKey(object.name);
      const keys = [...collectFields(walk, keyType, subSelection(fieldNodes))].map(([k, n]) => {
        const f = n[0].name.value;
        return f === '__typename' ? { key: k, group: '__typename' as const, typename: keyType } : { key: k, group: groupIndex.get(f) ?? -1 };
      });
      for (const k of keys) if (k.group === -1) throw new PlatformError('BAD_USER_INPUT', `key.${k.key} is only known when grouping by it`, { details: [{ pointer: '/groupBy', message: `add {${k.key}: …}` }] });
      select.push({ key, kind: 'groupKey', select: keys });
    } else {
      const fn = name as 'sum';
      const valuesType = inflect.aggregateValues(object.name, fn);
      const fields = [...collectFields(walk, valuesType, subSelection(fieldNodes))].map(([k, n]) => {
        const f = n[0].name.value;
        if (f === '__typename') return { key: k, expr: null, typename: valuesType };
        const field = object.filterable.get(f)!;
        walk.scope.checkFieldUse(object.name, f, `/${fn}/${f}`);
        return { key: k, expr: col(source.alias, fieldType(field.type).columns(field)[0].column) };
      });
      select.push({ key, kind: 'fn', fn, select: fields });
    }
  }
  return { from: source, where: [...walk.scope.visible(source), ...filterConditions(walk.scope, object, source, args.filter)], groupBy, select };
}

