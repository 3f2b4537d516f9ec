import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { Span } from './ast.ts';

/** Why an expression was refused: a closed set, so that editors and tests need not parse messages. */
export type ProblemCode =
  | 'syntax' | 'tooLong' | 'tooDeep' | 'unknownField' | 'unknownFunction' | 'unknownGlobal' | 'unsupportedField'
  | 'notNavigable' | 'arity' | 'type' | 'literalRequired' | 'invalidArgument' | 'notInRules';

/**
 * One problem in an expression, with where it is: `offset` and `length` in UTF-16 code units (what
 * JavaScript strings and the studio's editor count), `line` and `column` 1-based (column in code
 * units too, so `column - 1` is the offset within the line).
 */
export interface ExpressionProblem {
  code: ProblemCode;
  message: string;
  offset: number;
  length: number;
  line: number;
  column: number;
}

/** Thrown inside the parser and checker; collected as a problem with its position. */
export class ProblemAt extends Error {
  readonly code: ProblemCode;
  readonly span: Span;

  constructor(code: ProblemCode, message: string, span: Span) {
    super(message);
    this.code = code;
    this.span = span;
  }
}

export function problemAt(source: string, code: ProblemCode, message: string, span: Span): ExpressionProblem {
  const { line, column } = lineColumn(source, span.start);
  return { code, message, offset: span.start, length: Math.max(0, span.end - span.start), line, column };
}

/** 1-based line and column of an offset; a line ends at `\n` (a `\r\n` counts as one break). */
export function lineColumn(source: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/**
 * The problems as a VALIDATION_FAILED refusal: every detail carries the pointer of the expression in
 * the input (e.g. `/objects/0/fields/3/expression`) and its position inside it.
 */
export function expressionError(problems: readonly ExpressionProblem[], pointer: string): PlatformError {
  const details: ErrorDetail[] = problems.map((p) => ({
    pointer,
    message: `${p.message} (line ${p.line}, column ${p.column})`,
    expression: { code: p.code, offset: p.offset, length: p.length, line: p.line, column: p.column },
  }));
  return new PlatformError('VALIDATION_FAILED', problems[0]?.message ?? 'Invalid expression', { details });
}
