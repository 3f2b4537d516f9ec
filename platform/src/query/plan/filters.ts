import { PlatformError } from '../../errors/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { childFilterOf, relationField, type ObjectModel } from '../../model/index.ts';
import { relationLink } from './relations.ts';
import { findBadText } from '../../util/text.ts';
import { RELATIVE_RANGES } from '../filter-operators.ts';
import { col, FALSE, param, TRUE, type Expr, type Source } from '../tree.ts';
import type { PlanScope } from './scope.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

import { castOf } from './cast.ts';
import { partField } from '../../field-types/_shared/composite.ts';
import { valueOf } from './formulas.ts';

export { castOf } from './cast.ts';

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** A LIKE pattern whose `\\` escapes nothing (a trailing backslash) is refused here, not by PostgreSQL. */
function checkPattern(value: unknown, path: string): void {
  const trailing = /\\*$/.exec(String(value))![0].length;
  if (trailing % 2 === 1) throw new PlatformError('BAD_USER_INPUT', 'A LIKE pattern cannot end with the escape character \\ (write \\\\ for a backslash)', { details: [{ pointer: path, message: 'ends with an unpaired backslash' }] });
}

function checkIds(values: unknown[], path: string): void {
  for (const v of values) if (typeof v !== 'string' || !UUID.test(v)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(v)} is not a record id (a UUID)`, { details: [{ pointer: path, message: 'is not a UUID' }] });
}

/** The conditions of one field's filter input (`{eq, in, gt, …}`) over its column (a formula: its value). */
function fieldConditions(scope: PlanScope, field: ResolvedField, source: Source, input: Record<string, unknown>, path: string, object?: ObjectModel): Expr[] {
  const type = fieldType(field.type);
  const columns = type.columns(field);
  const { expr: column, cast } = field.computed && object ? valueOf(scope, object, field, source, path) : { expr: col(source.alias, columns[0].column), cast: castOf(columns[0].sqlType) };
  const isId = type.graphql === 'ID' || type.graphql === 'User' || type.reference !== undefined || field.name === 'id';
  const isArray = cast.endsWith('[]');
  const out: Expr[] = [];
  for (const [op, given] of Object.entries(input)) {
    if (given === undefined) continue;
    const at = `${path}/${op}`;
    if (given === null && op !== 'eq') continue;
    const bad = findBadText(given, at);
    if (bad) throw new PlatformError('BAD_USER_INPUT', `The filter value at ${bad.pointer} ${bad.message}`, { details: [bad] });
    // Operands normalized as the type normalizes values (a colour's case), each of a list alike.
    const value = type.operand && given !== null && op !== 'isNull' ? (Array.isArray(given) ? given.map((v) => type.operand!(v)) : type.operand(given)) : given;
    if (isId && ['eq', 'neq', 'in', 'nin'].includes(op)) checkIds(Array.isArray(value) ? value : [value], at);
    switch (op) {
      case 'eq':
        out.push(value === null ? { kind: 'isNull', expr: column, negated: false } : { kind: 'compare', op: '=', left: column, right: param(value, cast) });
        break;
      case 'neq':
        out.push({ kind: 'or', items: [{ kind: 'compare', op: '<>', left: column, right: param(value, cast) }, { kind: 'isNull', expr: column, negated: false }] });
        break;
      case 'in':
        out.push({ kind: 'in', expr: column, list: param(value, `${cast}[]`), negated: false });
        break;
      case 'nin':
        out.push({ kind: 'or', items: [{ kind: 'in', expr: column, list: param(value, `${cast}[]`), negated: true }, { kind: 'isNull', expr: column, negated: false }] });
        break;
      case 'gt': case 'gte': case 'lt': case 'lte':
        out.push({ kind: 'compare', op: ({ gt: '>', gte: '>=', lt: '<', lte: '<=' } as const)[op], left: column, right: param(value, cast) });
        break;
      case 'isNull':
        out.push({ kind: 'isNull', expr: column, negated: value === false });
        break;
      case 'like':
        checkPattern(value, at);
        out.push({ kind: 'compare', op: 'LIKE', left: column, right: param(value, 'text') });
        break;
      case 'ilike':
        checkPattern(value, at);
        out.push({ kind: 'compare', op: 'ILIKE', left: column, right: param(value, 'text') });
        break;
      case 'startsWith':
        out.push({ kind: 'compare', op: 'ILIKE', left: column, right: param(`${escapeLike(String(value))}%`, 'text') });
        break;
      case 'endsWith':
        out.push({ kind: 'compare', op: 'ILIKE', left: column, right: param(`%${escapeLike(String(value))}`, 'text') });
        break;
      case 'contains':
        // Over an array (tags): has this element, exactly; over text: a case-insensitive substring.
        if (isArray) out.push({ kind: 'compare', op: '@>', left: column, right: param([value], 'text[]') });
        else out.push({ kind: 'compare', op: 'ILIKE', left: column, right: param(`%${escapeLike(String(value))}%`, 'text') });
        break;
      case 'containsAny':
        out.push({ kind: 'compare', op: '&&', left: column, right: param(value, 'text[]') });
        break;
      case 'containsAll':
        out.push({ kind: 'compare', op: '@>', left: column, right: param(value, 'text[]') });
        break;
      case 'lastNDays': case 'nextNDays': {
        const n = Number(value);
        if (!Number.isInteger(n) || n < 0 || n > 100_000) throw new PlatformError('BAD_USER_INPUT', `${op} must be a whole number of days from 0 to 100000`, { details: [{ pointer: at, message: 'out of range' }] });
        const [from, to] = op === 'lastNDays' ? [-n, 1] : [0, n + 1];
        out.push(range(column, 'day', from, to));
        break;
      }
      case 'within': {
        const { lat, lng, km } = value as { lat: number; lng: number; km: number };
        if (Math.abs(lat) > 90 || Math.abs(lng) > 180 || !(km >= 0)) throw new PlatformError('BAD_USER_INPUT', 'within needs lat in [-90, 90], lng in [-180, 180] and km ≥ 0', { details: [{ pointer: at, message: 'out of range' }] });
        const lngCol = col(source.alias, columns[1].column);
        // A degree of latitude is 111.195 km on the haversine's sphere: the box must not be narrower than the radius.
        const dLat = km / 111.19;
        out.push({ kind: 'and', items: [
          { kind: 'compare', op: '>=', left: column, right: param(lat - dLat, 'float8') },
          { kind: 'compare', op: '<=', left: column, right: param(lat + dLat, 'float8') },
          { kind: 'compare', op: '<=', left: { kind: 'call', fn: 'geo_distance_km', args: [column, lngCol, param(lat, 'float8'), param(lng, 'float8')] }, right: param(km, 'float8') },
        ] });
        break;
      }
      default: {
        const rel = RELATIVE_RANGES[op as keyof typeof RELATIVE_RANGES];
        if (!rel) throw new PlatformError('BAD_USER_INPUT', `Unknown filter operator ${op}`, { details: [{ pointer: at, message: 'unknown operator' }] });
        const expr = range(column, rel[0], rel[1], rel[2]);
        out.push(value === false ? { kind: 'not', expr } : expr);
      }
    }
  }
  return out;
}

function range(column: Expr, unit: 'day' | 'week' | 'month' | 'quarter' | 'year', from: number, to: number): Expr {
  return { kind: 'and', items: [
    { kind: 'compare', op: '>=', left: column, right: { kind: 'relativeDate', unit, offset: from } },
    { kind: 'compare', op: '<', left: column, right: { kind: 'relativeDate', unit, offset: to } },
  ] };
}

/**
 * A filter of an object (`{status: {eq: MQL}, account: {…}, leadsSome: {…}}`) as conditions over
 * `source`. Lookups filter through their target (an id-only condition stays on the foreign key
 * column); reverse relations filter over children with Some / None / Every. The EXISTS nodes made
 * here read the target's or children's table: soft delete and row-level access are added to them by
 * the scoping walk, as to every source.
 */
export function filterConditions(scope: PlanScope, object: ObjectModel, source: Source, filter: Record<string, unknown> | null | undefined, path = '/filter'): Expr[] {
  if (!filter) return [];
  const out: Expr[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (value === undefined || value === null) continue;
    const at = `${path}/${key}`;
    if (key === 'and' || key === 'or') {
      const items = (value as Record<string, unknown>[]).map((f, i) => andOf(filterConditions(scope, object, source, f, `${at}/${i}`)));
      out.push(items.length === 0 ? (key === 'and' ? TRUE : FALSE) : { kind: key, items });
      continue;
    }
    if (key === 'not') {
      out.push({ kind: 'not', expr: { kind: 'call', fn: 'coalesce', args: [andOf(filterConditions(scope, object, source, value as Record<string, unknown>, at)), FALSE] } });
      continue;
    }
    const field = object.filterable.get(key);
    if (field) {
      scope.checkFieldUse(object.name, key, at);
      const type = fieldType(field.type);
      if (type.reference) scope.checkRead(field.target!, at);
      if (type.selfReference) out.push(...treeConditions(scope, field, source, value as Record<string, unknown>, at));
      else if (type.reference) out.push(...lookupConditions(scope, field, source, value as Record<string, unknown>, at));
      else if (type.composite) out.push(...compositeConditions(scope, field, source, value as Record<string, unknown>, at));
      else out.push(...fieldConditions(scope, field, source, value as Record<string, unknown>, at, object));
      continue;
    }
    const found = childFilterOf(object.reverse, key);
    if (!found) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${key} to filter on`, { details: [{ pointer: at, message: 'unknown field' }] });
    const { relation: rel, quantifier } = found;
    scope.checkRead(rel.source, at);
    // Filtering by a relation whose field one may not read would tell what it links.
    const owner = relationField(rel);
    if (rel.junction) scope.checkFieldUse(owner.object, owner.field, at);
    const child = scope.source(rel.source);
    const link = relationLink(scope, rel, child, source);
    const cond = andOf(filterConditions(scope, scope.model.objects.get(rel.source)!, child, value as Record<string, unknown>, at));
    if (quantifier === 'Every') out.push({ kind: 'exists', from: child, link: [link], where: [{ kind: 'not', expr: { kind: 'call', fn: 'coalesce', args: [cond, FALSE] } }], negated: true });
    else out.push({ kind: 'exists', from: child, link: [link], where: [cond], negated: quantifier === 'None' });
  }
  return out;
}

/**
 * A tree field's filter: its id operators as a lookup's id filter (a parent one cannot see filters
 * as none), and `under`/`above` a record: a walk of the hierarchy (the `treeWalk` node) beside an
 * EXISTS that the anchor is a live record the caller can see (else nothing matches: no probing of
 * hidden records). The walk itself reads only ids and parents, through any record.
 */
function treeConditions(scope: PlanScope, field: ResolvedField, source: Source, input: Record<string, unknown>, path: string): Expr[] {
  const ids: Record<string, unknown> = {};
  const out: Expr[] = [];
  const column = fieldType(field.type).columns(field)[0].column;
  for (const [op, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    if (op !== 'under' && op !== 'above') {
      ids[op] = value;
      continue;
    }
    const at = `${path}/${op}`;
    checkIds([value], at);
    const anchor = scope.source(field.target!);
    const walk: Expr = { kind: 'treeWalk', direction: op === 'under' ? 'down' : 'up', schema: anchor.schema, table: anchor.table, column, expr: col(source.alias, 'id'), anchor: param(value, 'uuid') };
    const visible: Expr = { kind: 'exists', from: anchor, link: [{ kind: 'compare', op: '=', left: col(anchor.alias, 'id'), right: param(value, 'uuid') }], where: [], negated: false };
    out.push(visible, walk);
  }
  if (Object.keys(ids).length) out.push(...lookupConditions(scope, field, source, { id: ids }, path));
  return out;
}

/**
 * A composite field's filter: each part as a field of its own type over its column
 * (`{city: {eq: …}}`), `isNull` over all parts (an address is empty when every part is), and the
 * type's own operators on the whole value (`within` over a place's lat/lng, `overlaps` for a range).
 */
function compositeConditions(scope: PlanScope, field: ResolvedField, source: Source, input: Record<string, unknown>, path: string): Expr[] {
  const type = fieldType(field.type);
  const out: Expr[] = [];
  const whole: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined || value === null) continue;
    const at = `${path}/${key}`;
    const part = type.composite!.parts.find((p) => p.name === key);
    if (part) {
      if (typeof value !== 'object' || Array.isArray(value)) throw new PlatformError('BAD_USER_INPUT', `The filter on ${field.name}.${key} must be an object of operators`, { details: [{ pointer: at, message: 'not an object of operators' }] });
      const partType = fieldType(part.type);
      const pf = partField(field, part);
      out.push(...fieldConditions(scope, partType.resolve ? partType.resolve(pf) : pf, source, value as Record<string, unknown>, at));
    } else if (key === 'isNull') {
      const empty = andOf(type.columns(field).map((c) => ({ kind: 'isNull', expr: col(source.alias, c.column), negated: false }) as Expr));
      out.push(value === false ? { kind: 'not', expr: empty } : empty);
    } else if (key === 'overlaps') {
      out.push(overlapCondition(field, source, value as { start?: string | null; end?: string | null }, at));
    } else if (type.operators.includes(key as never)) whole[key] = value;
    else throw new PlatformError('BAD_USER_INPUT', `Unknown filter operator ${key}`, { details: [{ pointer: at, message: 'unknown operator' }] });
  }
  if (Object.keys(whole).length) out.push(...fieldConditions(scope, field, source, whole, path));
  return out;
}

/**
 * Two spans of days (ends included, a missing end open) share a day: the stored one starts on or
 * before the asked end, and ends (or runs on) on or after the asked start.
 */
function overlapCondition(field: ResolvedField, source: Source, range: { start?: string | null; end?: string | null }, at: string): Expr {
  const [start, end] = fieldType(field.type).columns(field).map((c) => col(source.alias, c.column));
  for (const key of ['start', 'end'] as const) {
    const day = range?.[key];
    if (day !== undefined && day !== null && (typeof day !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(day) || Number.isNaN(Date.parse(day)))) {
      throw new PlatformError('BAD_USER_INPUT', `overlaps: ${key} must be a date (YYYY-MM-DD)`, { details: [{ pointer: `${at}/${key}`, message: 'not a date' }] });
    }
  }
  if (range.start && range.end && range.end < range.start) throw new PlatformError('BAD_USER_INPUT', 'overlaps: the end is before the start', { details: [{ pointer: `${at}/end`, message: 'is before the start' }] });
  const items: Expr[] = [{ kind: 'isNull', expr: start, negated: true }];
  if (range.end) items.push({ kind: 'compare', op: '<=', left: start, right: param(range.end, 'date') });
  if (range.start) items.push({ kind: 'or', items: [{ kind: 'isNull', expr: end, negated: false }, { kind: 'compare', op: '>=', left: end, right: param(range.start, 'date') }] });
  return andOf(items);
}

function lookupConditions(scope: PlanScope, field: ResolvedField, source: Source, value: Record<string, unknown>, path: string): Expr[] {
  const keys = Object.keys(value).filter((k) => value[k] !== undefined && value[k] !== null);
  if (keys.length === 0) return [];
  const column = fieldType(field.type).columns(field)[0].column;
  const target = scope.model.objects.get(field.target!)!;
  if (keys.length === 1 && keys[0] === 'id') {
    const idField: ResolvedField = { ...field, name: column, type: 'uuid' };
    // On the column (its ids checked, with their pointers), one condition per operator, and beside
    // each its form through the visible targets: the scoping walk keeps the one that applies.
    const ops = value.id as Record<string, unknown>;
    const direct = fieldConditions(scope, idField, source, ops, `${path}/id`);
    const visible = visibleIdConditions(scope, target, source, column, ops, `${path}/id`);
    return direct.map((d, i) => ({ kind: 'lookupId', direct: d, visible: visible[i] }));
  }
  const t = scope.source(target.name);
  const link: Expr = { kind: 'compare', op: '=', left: col(t.alias, 'id'), right: col(source.alias, column) };
  return [{ kind: 'exists', from: t, link: [link], where: filterConditions(scope, target, t, value, path), negated: false }];
}

/**
 * An id-only lookup filter for a caller to whom row-level access applies: a link to a record they
 * cannot see (or a soft-deleted one) is null to them, as the lookup reads, so it must filter as
 * null too — else `{account: {id: {in: […]}}}` would tell which hidden account a record links to.
 * Each operator becomes an EXISTS over the target (eq, in, isNull: false) or its negation (neq,
 * nin, isNull: true, eq: null); the scoping walk makes it read only the visible, live targets.
 * One per operator, in the order fieldConditions makes the direct ones.
 */
function visibleIdConditions(scope: PlanScope, target: ObjectModel, source: Source, column: string, ops: Record<string, unknown>, path: string): Expr[] {
  const out: Expr[] = [];
  for (const [op, value] of Object.entries(ops)) {
    if (value === undefined || (value === null && op !== 'eq')) continue;
    const t = scope.linkSource(target.name);
    const negated = (op === 'eq' && value === null) || (op === 'isNull' && value === true) || op === 'neq' || op === 'nin';
    const positive = op === 'isNull' || value === null ? null : op === 'neq' ? { eq: value } : op === 'nin' ? { in: value } : { [op]: value };
    const link: Expr = { kind: 'compare', op: '=', left: col(t.alias, 'id'), right: col(source.alias, column) };
    const idField: ResolvedField = { name: 'id', type: 'uuid', label: { en: 'id' }, required: true, unique: true };
    out.push({ kind: 'exists', from: t, link: [link], where: positive ? fieldConditions(scope, idField, t, positive, path) : [], negated });
  }
  return out;
}

export function andOf(items: Expr[]): Expr {
  return items.length === 0 ? TRUE : items.length === 1 ? items[0] : { kind: 'and', items };
}
