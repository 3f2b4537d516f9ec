/**
 * The expression language's syntax tree as the parser produces it: untyped, every node tagged by
 * `kind` and carrying its span in the source (UTF-16 offsets, as JavaScript strings and the
 * studio's editor count them). The checker (check.ts) turns it into the typed tree (typed.ts).
 */

/** `[start, end)` in the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type BinaryOp = '+' | '-' | '*' | '/' | '&' | '=' | '<>' | '<' | '<=' | '>' | '>=';

export type Syntax =
  | { readonly kind: 'number'; readonly text: string; readonly span: Span }
  /** `offsets[i]`: where the i-th code unit of the value was written (escapes take two); one more for the end. */
  | { readonly kind: 'text'; readonly value: string; readonly offsets: readonly number[]; readonly span: Span }
  | { readonly kind: 'boolean'; readonly value: boolean; readonly span: Span }
  | { readonly kind: 'null'; readonly span: Span }
  /** `score`, `account.industry`: names in order, each with its own span (errors point at the step). */
  | { readonly kind: 'path'; readonly steps: readonly PathStep[]; readonly span: Span }
  /** `$User.email`: a global (only `$User` today) and the property read from it. */
  | { readonly kind: 'global'; readonly name: string; readonly property: PathStep | null; readonly span: Span }
  | { readonly kind: 'call'; readonly name: string; readonly nameSpan: Span; readonly args: readonly Syntax[]; readonly span: Span }
  | { readonly kind: 'negate'; readonly arg: Syntax; readonly span: Span }
  | { readonly kind: 'binary'; readonly op: BinaryOp; readonly left: Syntax; readonly right: Syntax; readonly opSpan: Span; readonly span: Span }
  /** Parentheses, kept so that spans of errors cover what the author wrote. */
  | { readonly kind: 'group'; readonly inner: Syntax; readonly span: Span };

export interface PathStep {
  readonly name: string;
  readonly span: Span;
}
