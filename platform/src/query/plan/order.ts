import { PlatformError } from '../../errors/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import { limitExceeded, type ApiLimits, type ObjectModel } from '../../model/index.ts';
import { textProblem } from '../../util/text.ts';
import type { ResolvedField } from '../../metadata/definitions.ts';
import { col, type Expr, type OrderTerm, type Page, type Source } from '../tree.ts';
import { castOf } from './filters.ts';

/** A computed field's SQL value and cast (query/plan/formulas.ts), for orders over formulas. */
export type ValueOf = (field: ResolvedField, pointer: string) => { expr: Expr; cast: string };

const DIRECTIONS: Record<string, Pick<OrderTerm, 'direction' | 'nulls'>> = {
  ASC: { direction: 'ASC', nulls: 'LAST' },
  DESC: { direction: 'DESC', nulls: 'FIRST' },
  ASC_NULLS_FIRST: { direction: 'ASC', nulls: 'FIRST' },
  DESC_NULLS_LAST: { direction: 'DESC', nulls: 'LAST' },
};

/**
 * `[{createdAt: DESC}, {name: ASC}]` as order terms, with the id last so that every order is total
 * (stable pages with ties). Without orderBy: newest first.
 */
export function orderTerms(object: ObjectModel, source: Source, orderBy: readonly Record<string, string>[] | null | undefined, canUse: (field: string, pointer: string) => void = () => {}, valueOf?: ValueOf): OrderTerm[] {
  const items = orderBy && orderBy.length ? orderBy : [{ createdAt: 'DESC' }];
  const terms: OrderTerm[] = [];
  items.forEach((item, i) => {
    const keys = Object.keys(item).filter((k) => item[k] !== undefined && item[k] !== null);
    if (keys.length !== 1) throw new PlatformError('BAD_USER_INPUT', 'Each orderBy item names exactly one field, e.g. [{createdAt: DESC}, {name: ASC}]', { details: [{ pointer: `/orderBy/${i}`, message: 'name exactly one field' }] });
    const field = object.filterable.get(keys[0]);
    if (!field) throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${keys[0]} to order by`, { details: [{ pointer: `/orderBy/${i}/${keys[0]}`, message: 'unknown field' }] });
    const direction = DIRECTIONS[item[keys[0]]];
    if (!direction || !Object.hasOwn(DIRECTIONS, item[keys[0]])) throw new PlatformError('BAD_USER_INPUT', `Order ${JSON.stringify(item[keys[0]])} is not one of ${Object.keys(DIRECTIONS).join(', ')}`, { details: [{ pointer: `/orderBy/${i}/${keys[0]}`, message: 'unknown direction' }] });
    canUse(keys[0], `/orderBy/${i}/${keys[0]}`);
    if (field.computed) {
      if (!valueOf) throw new PlatformError('BAD_USER_INPUT', `${object.name}.${keys[0]} is computed: it cannot order this list`, { details: [{ pointer: `/orderBy/${i}/${keys[0]}`, message: 'computed field' }] });
      const { expr, cast } = valueOf(field, `/orderBy/${i}/${keys[0]}`);
      terms.push({ expr, ...direction, cast });
      return;
    }
    const spec = fieldType(field.type).columns(field)[0];
    terms.push({ expr: col(source.alias, spec.column), ...direction, cast: castOf(spec.sqlType) });
  });
  if (!terms.some((t) => t.expr.kind === 'column' && t.expr.column === 'id')) {
    const last = terms[terms.length - 1];
    terms.push({ expr: col(source.alias, 'id'), direction: last.direction, nulls: 'LAST', cast: 'uuid' });
  }
  return terms;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a cursor value can be an order key of SQL type `cast` (as json_build_array wrote it), so
 * that a cursor of another orderBy is refused here rather than by PostgreSQL's cast.
 */
function fitsCast(value: unknown, cast: string | undefined): boolean {
  if (value === null) return true;
  switch (cast) {
    case 'integer': case 'bigint': case 'numeric': case 'double precision': case 'float8': return typeof value === 'number' && Number.isFinite(value);
    case 'boolean': return typeof value === 'boolean';
    case 'uuid': return typeof value === 'string' && UUID.test(value);
    case 'date': return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value);
    case 'timestamptz': return typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value) && !Number.isNaN(Date.parse(value));
    default: return typeof value === 'string' && textProblem(value) === undefined;
  }
}

/** A cursor back into its order-key values; anything else is a malformed cursor. */
export function decodeCursor(cursor: string, terms: OrderTerm[], pointer: string): unknown[] {
  try {
    if (cursor.length > 4096 || !/^[A-Za-z0-9+/=]+$/.test(cursor)) throw new Error('not base64');
    const values = JSON.parse(Buffer.from(cursor, 'base64').toString('utf8'));
    if (!Array.isArray(values) || values.length !== terms.length) throw new Error('wrong shape');
    values.forEach((v, i) => { if (!fitsCast(v, terms[i].cast)) throw new Error('wrong value'); });
    return values;
  } catch {
    throw new PlatformError('BAD_USER_INPUT', 'Malformed cursor: use a cursor this list returned, with the same orderBy', { details: [{ pointer, message: 'malformed cursor' }] });
  }
}

export interface PageArgs { first?: number | null; last?: number | null; after?: string | null; before?: string | null }

/** first/last/after/before as a page, checked against the page size limit. */
export function pageOf(args: PageArgs, terms: OrderTerm[], limits: ApiLimits): Page {
  for (const key of ['first', 'last'] as const) {
    const v = args[key];
    if (v === null || v === undefined) continue;
    if (v < 0) throw new PlatformError('BAD_USER_INPUT', `${key} must not be negative`, { details: [{ pointer: `/${key}`, message: 'must be ≥ 0' }] });
    if (v > limits.maxPageSize) throw limitExceeded('maxPageSize', v, limits.maxPageSize, `${key} asks for too many records`);
  }
  if (args.first != null && args.last != null) throw new PlatformError('BAD_USER_INPUT', 'Give first or last, not both', { details: [{ pointer: '/last', message: 'with first' }] });
  const page: { first?: number; last?: number; after?: unknown[]; before?: unknown[] } = {};
  if (args.after) page.after = decodeCursor(args.after, terms, '/after');
  if (args.before) page.before = decodeCursor(args.before, terms, '/before');
  if (args.last != null) page.last = args.last;
  else if (args.first != null) page.first = args.first;
  else if (page.before) page.last = limits.defaultPageSize;
  else page.first = limits.defaultPageSize;
  return page;
}
