/**
 * The immutable query tree every read compiles through (Kysely's habit: nodes tagged by `kind`).
 * Read requests (query/request.ts: from GraphQL, scripts, list views), filters and sharing rules all
 * become these nodes; transforms rewrite the tree, never the SQL text: soft delete
 * (query/soft-delete.ts) and row-level access (security/access.ts) add their conditions to every
 * source node in one walk (query/scope.ts), and the compiler takes only a tree that walk produced.
 *
 * Every node that reads a table (a record, a list, a connection, an aggregate, an EXISTS, the ids of
 * a bulk change) has `from`, `link` and `where`: `link` ties the rows to their context (the parent
 * row, the id asked for) and `where` holds the conditions on them; the scoping walk puts its
 * conditions between the two, so the SQL reads `link and live and access and filter`.
 */
import type { CheckedExpression } from '../expressions/index.ts';
import type { SchemaModel } from '../model/index.ts';

/** A table of the tenant, read under an alias (`t0`, `t1`, …). */
export interface Source {
  /** The object, or `__users` / `__share` for the platform's own tables (not records: no soft delete, no row-level access). */
  readonly object: string;
  readonly schema: string;
  readonly table: string;
  readonly alias: string;
  /** Deleted records are read too (a delete's read-back): soft delete leaves this source alone. */
  readonly includeDeleted?: boolean;
}

/** Whether a source holds the tenant's records (which soft delete and row-level access scope). */
export const isRecordSource = (source: Source): boolean => !source.object.startsWith('__');

export type Expr =
  | { readonly kind: 'column'; readonly alias: string; readonly column: string }
  /**
   * A formula field's value over the record under `alias`: its checked expression, compiled by the
   * expression language's SQL back end when the statement is written. `lookup` (set by the scoping
   * walk) gives the conditions on each row a lookup of the expression reads: soft delete and row-level
   * access, as on every source.
   */
  | { readonly kind: 'formula'; readonly alias: string; readonly formula: FormulaSql; readonly lookup?: (object: string, alias: string) => readonly Expr[] }
  | { readonly kind: 'param'; readonly value: unknown; readonly cast?: string }
  | { readonly kind: 'const'; readonly sql: ConstSql }
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'in'; readonly expr: Expr; readonly list: Expr; readonly negated: boolean }
  | { readonly kind: 'isNull'; readonly expr: Expr; readonly negated: boolean }
  | { readonly kind: 'and' | 'or'; readonly items: readonly Expr[] }
  | { readonly kind: 'not'; readonly expr: Expr }
  | { readonly kind: 'exists'; readonly from: Source; readonly link: readonly Expr[]; readonly where: readonly Expr[]; readonly negated: boolean }
  /**
   * An id-only lookup filter (`{account: {id: {eq: …}}}`): `direct` tests the foreign key itself,
   * `visible` tests it through the live target records the caller can see (an EXISTS). A link to a
   * record one cannot see must filter as null, as the lookup reads; the scoping walk keeps `visible`
   * when row-level access applies to the caller, else `direct`. Never compiled as is.
   */
  | { readonly kind: 'lookupId'; readonly direct: Expr; readonly visible: Expr }
  | { readonly kind: 'call'; readonly fn: CallFn; readonly args: readonly Expr[] }
  | { readonly kind: 'arith'; readonly op: '+' | '-' | '*' | '/'; readonly left: Expr; readonly right: Expr }
  /**
   * `expr` (a record id) is a descendant (`down`) or an ancestor (`up`) of the record `anchor` in
   * the hierarchy its table's `column` makes (a tree field), the anchor itself excluded: a
   * recursive CTE over the table, by the parent column's index (down) or the primary key (up).
   */
  | { readonly kind: 'treeWalk'; readonly direction: 'down' | 'up'; readonly schema: string; readonly table: string; readonly column: string; readonly expr: Expr; readonly anchor: Expr }
  | { readonly kind: 'relativeDate'; readonly unit: 'day' | 'week' | 'month' | 'quarter' | 'year'; readonly offset: number };

/** What compiling a formula needs besides its alias: the checked expression, the model its lookups read, the clock's now and the tenant's zone. */
export interface FormulaSql {
  readonly expression: CheckedExpression;
  readonly model: SchemaModel;
  readonly now: Date;
  readonly timeZone: string;
}

export type CompareOp = '=' | '<>' | '<' | '<=' | '>' | '>=' | 'LIKE' | 'ILIKE' | '&&' | '@>';
/** SQL that is safe to emit as is: no user text ever reaches it. */
export type ConstSql = 'true' | 'false' | 'NULL' | 'now()' | 'current_date';
/** The only functions the compiler emits. */
export type CallFn = 'date_trunc' | 'lower' | 'coalesce' | 'geo_distance_km' | 'interval_days';

export type Direction = 'ASC' | 'DESC';
export interface OrderTerm {
  readonly expr: Expr;
  readonly direction: Direction;
  readonly nulls: 'FIRST' | 'LAST';
  /** The SQL type of the value, to cast the cursor's value back (`timestamptz`, `numeric`…). */
  readonly cast?: string;
}

/** What one output key holds: a JSON value built by PostgreSQL. */
export type Shape =
  | { readonly kind: 'value'; readonly sql: ValueSql }
  /** A value computed in SQL (a formula), as PostgreSQL turns it into JSON. */
  | { readonly kind: 'expr'; readonly expr: Expr }
  | { readonly kind: 'const'; readonly value: string | number | boolean | null }
  | { readonly kind: 'object'; readonly entries: readonly ShapeEntry[] }
  | { readonly kind: 'record'; readonly from: Source; readonly link: readonly Expr[]; readonly where: readonly Expr[]; readonly entries: readonly ShapeEntry[] }
  | { readonly kind: 'list'; readonly from: Source; readonly link: readonly Expr[]; readonly where: readonly Expr[]; readonly orderBy: readonly OrderTerm[]; readonly entries: readonly ShapeEntry[] }
  | { readonly kind: 'connection'; readonly query: ConnectionQuery }
  | { readonly kind: 'aggregate'; readonly query: AggregateQuery }
  /** The first of these values that is not null (`coalesce`: the ones after it are not evaluated). */
  | { readonly kind: 'first'; readonly shapes: readonly Shape[] }
  | { readonly kind: 'search'; readonly query: SearchQuery };

export interface ShapeEntry {
  readonly key: string;
  readonly shape: Shape;
}

/** A field's JSON value from its columns (a field type's `outputSql` over the source alias). */
export interface ValueSql {
  readonly alias: string;
  readonly columns: readonly string[];
  readonly render: (columns: readonly string[]) => string;
  /** Text values answered under other names (a transport's names of option values), each element for a list. */
  readonly rename?: Rename;
}

/** Values `from[i]` answered as `to[i]`; other values as they are. Bound as parameters. */
export interface Rename {
  readonly from: readonly string[];
  readonly to: readonly string[];
  /** The value is a `text[]` whose elements are renamed (in their order). */
  readonly list: boolean;
}

export interface Page {
  readonly first?: number;
  readonly last?: number;
  /** Decoded cursor values, in order-term order. */
  readonly after?: readonly unknown[];
  readonly before?: readonly unknown[];
}

/** A paginated list: the root `leads(…)` or a reverse relation `account { leads(…) }`. */
export interface ConnectionQuery {
  readonly from: Source;
  /** Empty for a root list; the parent link of a reverse relation. */
  readonly link: readonly Expr[];
  readonly where: readonly Expr[];
  readonly orderBy: readonly OrderTerm[];
  readonly page: Page;
  readonly select: readonly ConnectionSelection[];
  /**
   * Row-level security applies: the page's ids are found first, then their rows read by id, so an
   * index holding the visibility columns (security/visibility-indexes.ts) skips the rows the user
   * may not see without visiting them. Set by the scoping walk on root lists it restricts.
   */
  readonly deferred?: boolean;
}

export type ConnectionSelection =
  | { readonly key: string; readonly kind: 'edges'; readonly select: readonly EdgeSelection[] }
  | { readonly key: string; readonly kind: 'nodes'; readonly entries: readonly ShapeEntry[] }
  | { readonly key: string; readonly kind: 'pageInfo'; readonly select: readonly { key: string; field: PageInfoField }[] }
  | { readonly key: string; readonly kind: 'totalCount' }
  | { readonly key: string; readonly kind: 'typename'; readonly value: string };

export type PageInfoField = 'hasNextPage' | 'hasPreviousPage' | 'startCursor' | 'endCursor' | '__typename';

export type EdgeSelection =
  | { readonly key: string; readonly kind: 'cursor' }
  | { readonly key: string; readonly kind: 'node'; readonly entries: readonly ShapeEntry[] }
  | { readonly key: string; readonly kind: 'typename'; readonly value: string };

export type DateBucket = 'day' | 'week' | 'month' | 'quarter' | 'year';

/** `leadsAggregate(filter, groupBy)`: one row per group. */
export interface AggregateQuery {
  readonly from: Source;
  readonly link: readonly Expr[];
  readonly where: readonly Expr[];
  readonly groupBy: readonly { readonly expr: Expr; readonly bucket?: DateBucket; readonly dateOnly?: boolean }[];
  readonly select: readonly AggregateSelection[];
}

export type AggregateSelection =
  | { readonly key: string; readonly kind: 'count' }
  | { readonly key: string; readonly kind: 'typename'; readonly value: string }
  | { readonly key: string; readonly kind: 'groupKey'; readonly select: readonly { key: string; group: number | '__typename'; typename?: string; rename?: Rename }[] }
  | { readonly key: string; readonly kind: 'fn'; readonly fn: 'sum' | 'avg' | 'min' | 'max' | 'countDistinct'; readonly select: readonly { key: string; expr: Expr | null; typename?: string }[] };

/**
 * An object's records whose searched columns contain `text` (compile-search.ts): at most
 * `candidates` come from the columns' trigram indexes, then are ranked (exact, prefix, trigram
 * similarity) and the best `first` kept. `where` is the scoping walk's: every candidate is a row
 * the caller may read.
 */
export interface SearchQuery {
  readonly from: Source;
  readonly link: readonly Expr[];
  readonly where: readonly Expr[];
  /** The columns searched: fields the caller may read, each with its trigram index. */
  readonly columns: readonly string[];
  readonly text: string;
  readonly first: number;
  /** Bounds the rows ranked, so that a fragment found in a hundred thousand records costs what one found in a thousand does. */
  readonly candidates: number;
  /** What each hit holds besides its rank (`exact`, `prefix`, `similarity`, added by the compiler). */
  readonly entries: readonly ShapeEntry[];
}

/** A whole read operation: root keys and what each holds. */
export interface ReadOperation {
  readonly kind: 'read';
  readonly entries: readonly ShapeEntry[];
  /** The next free alias number (transforms that add sources continue from it). */
  readonly nextAlias: number;
  /** Set by the scoping walk (query/scope.ts); the compiler refuses a tree without it. */
  readonly scoped?: true;
  /** It computes a value by the clock (a formula with NOW or TODAY): its SQL holds now, and is not to be reused. */
  readonly volatile?: true;
}

/** The ids of the records a bulk change reaches (or that a check looks for), in id order, optionally locked. */
export interface IdQuery {
  readonly kind: 'ids';
  readonly from: Source;
  readonly link: readonly Expr[];
  readonly where: readonly Expr[];
  /** At most this many (a bulk change asks for one more than its limit, to refuse it). */
  readonly limit?: number;
  /** `for update`: the rows stay locked until the transaction ends. */
  readonly lock?: boolean;
  readonly nextAlias: number;
  readonly scoped?: true;
}

/** A tree the scoping walk produced: the only kind the compiler takes. */
export type Scoped<T extends ReadOperation | IdQuery> = T & { readonly scoped: true };

export const col = (alias: string, column: string): Expr => ({ kind: 'column', alias, column });
export const param = (value: unknown, cast?: string): Expr => ({ kind: 'param', value, cast });
export const and = (items: readonly Expr[]): Expr => (items.length === 1 ? items[0] : { kind: 'and', items });
export const or = (items: readonly Expr[]): Expr => (items.length === 1 ? items[0] : { kind: 'or', items });
export const compare = (op: CompareOp, left: Expr, right: Expr): Expr => ({ kind: 'compare', op, left, right });
export const TRUE: Expr = { kind: 'const', sql: 'true' };
export const FALSE: Expr = { kind: 'const', sql: 'false' };
