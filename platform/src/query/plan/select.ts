import { PlatformError } from '../../errors/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import { limitExceeded, type ObjectModel } from '../../model/index.ts';
import type { AggregateArgs, AggregateSelect, ConnectionSelect, ListArgs, RecordSelect, UserSelect, ValueNames } from '../request.ts';
import { col, param, type AggregateQuery, type AggregateSelection, type ConnectionQuery, type ConnectionSelection, type EdgeSelection, type Expr, type PageInfoField, type Rename, type Shape, type ShapeEntry, type Source } from '../tree.ts';
import { filterConditions } from './filters.ts';
import { formulaValue, valueOf } from './formulas.ts';
import { orderTerms, pageOf } from './order.ts';
import type { PlanScope } from './scope.ts';
import { canListRelation, relationLink } from './relations.ts';

function checkDepth(scope: PlanScope, depth: number): void {
  if (depth > scope.limits.maxDepth) throw limitExceeded('maxDepth', depth, scope.limits.maxDepth, 'The query nests too deep');
}

const noField = (object: ObjectModel, name: string) => new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${name}`);

/** A field's JSON value from its columns (lookups and users as their ids), options under the names the transport gives them. */
function valueShape(source: Source, field: { type: string }, columns: string[], raw: boolean, names?: ValueNames): Shape {
  const ft = fieldType(field.type);
  const rename = renameOf(names, ft.graphql === 'EnumList');
  return { kind: 'value', sql: { alias: source.alias, columns, render: raw || !ft.outputSql ? (c) => c[0] : (c) => ft.outputSql!(c, { schema: source.schema }), ...(rename ? { rename } : {}) } };
}

function renameOf(names: ValueNames | undefined, list: boolean): Rename | undefined {
  if (!names?.size) return undefined;
  return { from: [...names.keys()], to: [...names.values()], list };
}

/** The JSON entries of a record of `object` read under `source`, for the selection `select`. */
export function recordEntries(scope: PlanScope, object: ObjectModel, source: Source, select: RecordSelect, depth: number): ShapeEntry[] {
  checkDepth(scope, depth);
  const entries: ShapeEntry[] = [];
  for (const sel of select) {
    if (sel.kind === 'const') {
      entries.push({ key: sel.key, shape: { kind: 'const', value: sel.value } });
      continue;
    }
    const name = sel.field;
    const meaning = object.fields.get(name);
    if (!meaning) throw noField(object, name);
    const key = sel.key;
    if (sel.kind === 'field') {
      if (meaning.kind === 'reverse') throw noField(object, name);
      if (meaning.kind === 'user') {
        // A user field the caller may not read answers null, as other fields do (owner and the audit users are always readable).
        entries.push({ key, shape: scope.canReadField(object.name, name) ? { kind: 'value', sql: { alias: source.alias, columns: [meaning.column], render: (c) => c[0] } } : { kind: 'const', value: null } });
        continue;
      }
      // A field the caller may not read answers nothing (null), whatever the record holds.
      if (!(meaning.kind === 'value' && meaning.system) && !scope.canReadField(object.name, name)) {
        entries.push({ key, shape: { kind: 'const', value: null } });
        continue;
      }
      if (meaning.field.computed) {
        // A formula: its expression in the statement (null when the caller may not read what it reads).
        const expr = formulaValue(scope, object, meaning.field, source);
        entries.push({ key, shape: expr ? { kind: 'expr', expr } : { kind: 'const', value: null } });
        continue;
      }
      const columns = fieldType(meaning.field.type).columns(meaning.field).map((c) => c.column);
      entries.push({ key, shape: valueShape(source, meaning.field, columns, meaning.kind === 'lookup', meaning.kind === 'value' ? sel.names : undefined) });
    } else if (sel.kind === 'record') {
      if (meaning.kind !== 'lookup') throw noField(object, name);
      if (!scope.canReadField(object.name, name) || !scope.canRead(meaning.target)) {
        entries.push({ key, shape: { kind: 'const', value: null } });
        continue;
      }
      const target = scope.model.objects.get(meaning.target)!;
      const t = scope.source(target.name);
      const column = fieldType(meaning.field.type).columns(meaning.field)[0].column;
      const link: Expr = { kind: 'compare', op: '=', left: col(t.alias, 'id'), right: col(source.alias, column) };
      entries.push({ key, shape: { kind: 'record', from: t, link: [link], where: [], entries: recordEntries(scope, target, t, sel.select, depth + 1) } });
    } else if (sel.kind === 'user') {
      if (meaning.kind !== 'user') throw noField(object, name);
      if (!scope.canReadField(object.name, name)) entries.push({ key, shape: { kind: 'const', value: null } });
      else entries.push({ key, shape: userShape(scope, source, meaning.column, sel.select) });
    } else {
      if (meaning.kind !== 'reverse') throw noField(object, name);
      const rel = meaning.relation;
      const child = scope.model.objects.get(rel.source)!;
      const c = scope.source(child.name);
      const link = relationLink(scope, rel, c, source);
      // Children the caller may not read at all (or the relation's field): an empty list, not an error (the parent is readable).
      const links: Expr[] = canListRelation(scope, rel) ? [link] : [link, { kind: 'const', sql: 'false' }];
      entries.push({ key, shape: { kind: 'connection', query: connection(scope, child, c, links, sel.args, sel.select, depth + 1) } });
    }
  }
  return entries;
}

const USER_FIELDS = new Set(['id', 'name', 'email']);

function userShape(scope: PlanScope, source: Source, column: string, select: readonly UserSelect[]): Shape {
  const u = scope.usersSource();
  const entries: ShapeEntry[] = [];
  for (const sel of select) {
    if (sel.kind === 'const') entries.push({ key: sel.key, shape: { kind: 'const', value: sel.value } });
    else if (!USER_FIELDS.has(sel.field)) throw new PlatformError('BAD_USER_INPUT', `A user has no field ${sel.field}`);
    else entries.push({ key: sel.key, shape: { kind: 'value', sql: { alias: u.alias, columns: [sel.field], render: (c) => c[0] } } });
  }
  const link: Expr[] = [
    { kind: 'compare', op: '=', left: col(u.alias, 'id'), right: col(source.alias, column) },
    { kind: 'compare', op: '=', left: col(u.alias, 'tenant_id'), right: param(scope.model.tenantId, 'uuid') },
  ];
  return { kind: 'record', from: u, link, where: [], entries };
}

/** A connection over `object` (root list or reverse relation): filter, order, page, and the selection. */
export function connection(scope: PlanScope, object: ObjectModel, source: Source, link: Expr[], args: ListArgs, select: ConnectionSelect, depth: number): ConnectionQuery {
  checkDepth(scope, depth);
  const terms = orderTerms(object, source, args.orderBy, (field, pointer) => scope.checkFieldUse(object.name, field, pointer), (field, pointer) => valueOf(scope, object, field, source, pointer));
  const page = pageOf(args, terms, scope.limits);
  const size = page.first ?? page.last ?? 0;
  // A nested list is read once per record of the lists around it: its cost multiplies.
  scope.cost += size * scope.fanout;
  const perRecord = <T>(plan: () => T): T => {
    const outer = scope.fanout;
    scope.fanout = outer * Math.max(size, 1);
    try { return plan(); } finally { scope.fanout = outer; }
  };
  if (scope.cost > scope.limits.maxCost) throw limitExceeded('maxCost', scope.cost, scope.limits.maxCost, 'The query may return too many records');
  const where = filterConditions(scope, object, source, args.filter);
  const out: ConnectionSelection[] = [];
  for (const sel of select) {
    switch (sel.kind) {
      case 'const': out.push({ key: sel.key, kind: 'typename', value: String(sel.value) }); break;
      case 'totalCount': out.push({ key: sel.key, kind: 'totalCount' }); break;
      case 'nodes': out.push({ key: sel.key, kind: 'nodes', entries: perRecord(() => recordEntries(scope, object, source, sel.select, depth + 1)) }); break;
      case 'pageInfo':
        out.push({ key: sel.key, kind: 'pageInfo', select: sel.select.map((f) => ({ key: f.key, field: (f.kind === 'const' ? '__typename' : f.field) as PageInfoField })) });
        break;
      case 'edges': {
        const edge: EdgeSelection[] = [];
        for (const e of sel.select) {
          if (e.kind === 'cursor') edge.push({ key: e.key, kind: 'cursor' });
          else if (e.kind === 'node') edge.push({ key: e.key, kind: 'node', entries: perRecord(() => recordEntries(scope, object, source, e.select, depth + 1)) });
          else edge.push({ key: e.key, kind: 'typename', value: String(e.value) });
        }
        out.push({ key: sel.key, kind: 'edges', select: edge });
        break;
      }
    }
  }
  return { from: source, link, where, orderBy: terms, page, select: out };
}

const BUCKETS = new Set(['day', 'week', 'month', 'quarter', 'year']);

/** `leadsAggregate(filter, groupBy)` and its selection. */
export function aggregate(scope: PlanScope, object: ObjectModel, args: AggregateArgs, select: AggregateSelect): AggregateQuery {
  const source = scope.source(object.name);
  const groupBy: AggregateQuery['groupBy'][number][] = [];
  const groupIndex = new Map<string, number>();
  (args.groupBy ?? []).forEach((item: Record<string, unknown>, i: number) => {
    const keys = Object.keys(item ?? {}).filter((k) => item[k] !== undefined && item[k] !== null && item[k] !== false);
    if (keys.length !== 1) throw new PlatformError('BAD_USER_INPUT', 'Each groupBy item names exactly one field, e.g. [{status: true}, {createdAt: MONTH}]', { details: [{ pointer: `/groupBy/${i}`, message: 'name exactly one field' }] });
    const field = object.filterable.get(keys[0]);
    if (!field) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${JSON.stringify(keys[0])} to group by`, { details: [{ pointer: `/groupBy/${i}`, message: 'unknown field' }] });
    scope.checkFieldUse(object.name, keys[0], `/groupBy/${i}/${keys[0]}`);
    const { expr } = valueOf(scope, object, field, source, `/groupBy/${i}/${keys[0]}`);
    const bucket = typeof item[keys[0]] === 'string' ? (item[keys[0]] as string).toLowerCase() as 'month' : undefined;
    if (bucket !== undefined && !BUCKETS.has(bucket)) throw new PlatformError('BAD_USER_INPUT', `Unknown date bucket ${item[keys[0]]}`, { details: [{ pointer: `/groupBy/${i}/${keys[0]}`, message: 'unknown bucket' }] });
    groupIndex.set(keys[0], groupBy.length);
    groupBy.push({ expr, bucket, dateOnly: field.type === 'date' });
  });
  const out: AggregateSelection[] = [];
  for (const sel of select) {
    if (sel.kind === 'const') out.push({ key: sel.key, kind: 'typename', value: String(sel.value) });
    else if (sel.kind === 'count') out.push({ key: sel.key, kind: 'count' });
    else if (sel.kind === 'key') {
      const keys = sel.select.map((k) => {
        if (k.kind === 'const') return { key: k.key, group: '__typename' as const, typename: String(k.value) };
        const rename = renameOf(k.names, false);
        return { key: k.key, group: groupIndex.get(k.field) ?? -1, ...(rename ? { rename } : {}) };
      });
      for (const k of keys) if (k.group === -1) throw new PlatformError('BAD_USER_INPUT', `key.${k.key} is only known when grouping by it`, { details: [{ pointer: '/groupBy', message: `add {${k.key}: …}` }] });
      out.push({ key: sel.key, kind: 'groupKey', select: keys });
    } else {
      const fields = sel.select.map((f) => {
        if (f.kind === 'const') return { key: f.key, expr: null, typename: String(f.value) };
        const field = object.filterable.get(f.field);
        if (!field) throw noField(object, f.field);
        scope.checkFieldUse(object.name, f.field, `/${sel.fn}/${f.field}`);
        return { key: f.key, expr: valueOf(scope, object, field, source, `/${sel.fn}/${f.field}`).expr };
      });
      out.push({ key: sel.key, kind: 'fn', fn: sel.fn, select: fields });
    }
  }
  return { from: source, link: [], where: filterConditions(scope, object, source, args.filter), groupBy, select: out };
}
