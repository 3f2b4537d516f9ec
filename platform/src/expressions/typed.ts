import type { Span } from './ast.ts';

/**
 * The types of the language. `null` is the type of the literal NULL (and of what is built only from
 * it): it fits wherever any other type is expected.
 */
export type ExprType = 'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'geo' | 'null';

/** A lookup followed on the way to a field: `account` in `account.industry`. */
export interface LookupStep {
  /** The object holding the lookup field. */
  readonly object: string;
  readonly field: string;
  readonly column: string;
  /** The object the lookup points to (the next step's object). */
  readonly target: string;
}

/** A field an expression reads, through the lookups in `via` (none: a field of the record itself). */
export interface FieldRef {
  readonly via: readonly LookupStep[];
  /** The object holding the field, and its API name (`owner`, not the column `ownerId`). */
  readonly object: string;
  readonly field: string;
  /** Its columns: one, or `<field>__lat` and `<field>__lng` for a geolocation. */
  readonly columns: readonly string[];
  readonly type: Exclude<ExprType, 'null'>;
  /**
   * How the JavaScript back end reads it from a record: `value` (as it is), `id` (a lookup or user
   * field: the record's id, whether the value is an id or a nested record).
   */
  readonly read: 'value' | 'id';
  /** A number column's decimals (integer 0, numeric(p, s) s); absent: unknown. */
  readonly scale?: number;
  /** Set when its type reads the column its own way in SQL (`expressionRead`, e.g. an inet's host()). */
  readonly fieldType?: string;
}

export type DateUnit = 'year' | 'month' | 'week' | 'day' | 'hour' | 'minute' | 'second';

/** A REGEX pattern, checked once and written in each back end's dialect (regex.ts). */
export interface RegexPattern {
  readonly source: string;
  readonly js: string;
  readonly pg: string;
}

/** The operations of the typed tree: every back end implements each of them (an exhaustive switch). */
export type Fn =
  | 'neg' | 'add' | 'sub' | 'mul' | 'div'
  | 'addDays' | 'diffDays' | 'addMonths' | 'dateDiff'
  | 'concat' | 'eq' | 'ne' | 'lt' | 'le' | 'gt' | 'ge'
  | 'if' | 'case' | 'and' | 'or' | 'not' | 'isBlank' | 'blankValue'
  | 'today' | 'now' | 'text' | 'value' | 'round' | 'abs' | 'len'
  | 'contains' | 'begins' | 'regex' | 'distance' | 'isChanged';

export type Typed =
  | { readonly kind: 'literal'; readonly type: ExprType; readonly value: string | boolean | null; readonly span: Span }
  /** A field of the record (or of the record before the change being checked: `prior`, rules only). */
  | { readonly kind: 'field'; readonly type: Exclude<ExprType, 'null'>; readonly ref: FieldRef; readonly prior: boolean; readonly span: Span }
  /** `$User.<property>`: the current user, given to the back ends as a value. */
  | { readonly kind: 'user'; readonly type: Exclude<ExprType, 'null'>; readonly property: string; readonly span: Span }
  | {
    readonly kind: 'call';
    readonly fn: Fn;
    readonly type: ExprType;
    readonly args: readonly Typed[];
    /** The type the operands are compared or converted as (comparisons, CASE, ISBLANK, TEXT, ISCHANGED, DATEDIFF). */
    readonly operand?: ExprType;
    readonly unit?: DateUnit;
    readonly digits?: number;
    readonly pattern?: RegexPattern;
    readonly span: Span;
  };

/** An expression that parsed and type-checked against an object of a tenant's model. */
export interface CheckedExpression {
  readonly source: string;
  readonly object: string;
  readonly root: Typed;
  readonly type: ExprType;
  /** Every field read (lookup fields on the way included), once each: what a caller checks read rights on. */
  readonly reads: readonly { readonly object: string; readonly field: string }[];
  /** The objects read through lookups (their records' row-level access is the caller's to apply). */
  readonly objects: readonly string[];
  readonly usesNow: boolean;
  readonly usesUser: boolean;
  readonly usesPrior: boolean;
}
