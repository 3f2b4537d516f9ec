import type { Syntax } from './ast.ts';
import type { ExprType, Typed } from './typed.ts';

/** What a function's typing rule may ask of the checker (check.ts implements it). */
export interface CheckContext {
  readonly options: { readonly rules?: boolean };
  usesNow: boolean;
  infer(node: Syntax, depth: number): Typed;
  /** Refuses a node whose type is not among `allowed` (NULL fits anything). */
  expectType(node: Typed, allowed: readonly ExprType[], what: string): Typed;
  /** The one type of several nodes (NULLs fit any), or a problem at the first that differs. */
  unify(nodes: readonly Typed[], what: string): ExprType;
  /** A field path of the record; `prior`: its value before the change (rules only). */
  field(node: Extract<Syntax, { kind: 'path' }>, prior: boolean): Typed;
}

export interface FunctionCall {
  readonly checker: CheckContext;
  readonly call: Extract<Syntax, { kind: 'call' }>;
  /** The depth of the call's arguments (for the checker's depth bound). */
  readonly depth: number;
}

/** One function of the language: its name, how it is written and read, and its typing rule. */
export interface FunctionSpec {
  readonly name: string;
  /** How it is called, for errors and completion: `ROUND(number, digits?)`. */
  readonly signature: string;
  readonly description: string;
  readonly returns: string;
  /** Least and most arguments. */
  readonly arity: readonly [number, number];
  check(call: FunctionCall): Typed;
}

/** `a number`, `an integer`, `text`, `NULL`: a type as messages name it. */
export const article = (t: ExprType): string => (t === 'null' ? 'NULL' : t === 'text' ? 'text' : `${'aeiou'.includes(t[0]) ? 'an' : 'a'} ${t}`);
