import { EmbeddedActionsParser, type IToken, type TokenType } from 'chevrotain';
import type { BinaryOp, PathStep, Span, Syntax } from './ast.ts';
import * as T from './lexer.ts';
import { ProblemAt, problemAt, type ExpressionProblem } from './problems.ts';

/**
 * The grammar, lowest precedence first (as spreadsheets: comparison, then `&`, then `+ -`, then
 * `* /`, then unary minus):
 *
 *   expression     := concat (('=' | '<>' | '<' | '<=' | '>' | '>=') concat)?
 *   concat         := additive ('&' additive)*
 *   additive       := multiplicative (('+' | '-') multiplicative)*
 *   multiplicative := unary (('*' | '/') unary)*
 *   unary          := ('-' | '+')* primary
 *   primary        := NUMBER | TEXT | TRUE | FALSE | NULL | '(' expression ')'
 *                   | NAME '(' (expression (',' expression)*)? ')'      a function call
 *                   | NAME ('.' NAME)*                                    a field path
 *                   | '$' NAME ('.' NAME)?                                a global ($User.email)
 *
 * A comparison does not chain (`a < b < c` is a syntax error, not a surprise).
 */
export const MAX_SOURCE_LENGTH = 10_000;
/** Parentheses nested deeper than this are refused before parsing (the parser recurses per level). */
export const MAX_NESTING = 64;

const span = (start: number, end: number): Span => ({ start, end });
const tokenSpan = (t: IToken): Span => span(t.startOffset, t.startOffset + t.image.length);

const OPS = new Map<TokenType, BinaryOp>([
  [T.Plus, '+'], [T.Minus, '-'], [T.Star, '*'], [T.Slash, '/'], [T.Amp, '&'],
  [T.Equal, '='], [T.NotEqual, '<>'], [T.Less, '<'], [T.LessEqual, '<='], [T.Greater, '>'], [T.GreaterEqual, '>='],
]);

const ESCAPES: Record<string, string> = { '\\': '\\', '"': '"', "'": "'", n: '\n', t: '\t', r: '\r' };

/**
 * The text a quoted literal stands for, and where each of its code units was written (so that a
 * problem found inside the text, e.g. in a REGEX pattern, points at the source); an unknown escape
 * is a problem at its position.
 */
function unquote(token: IToken): { value: string; offsets: number[] } {
  const body = token.image.slice(1, -1);
  const base = token.startOffset + 1;
  let value = '';
  const offsets: number[] = [];
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c !== '\\') {
      value += c;
      offsets.push(base + i);
      continue;
    }
    const next = body[++i];
    const escaped = ESCAPES[next];
    if (escaped === undefined) throw new ProblemAt('syntax', `Unknown escape \\${next} (use \\\\, \\", \\', \\n, \\t or \\r)`, span(base + i - 1, base + i + 1));
    value += escaped;
    offsets.push(base + i - 1);
  }
  offsets.push(base + body.length);
  return { value, offsets };
}

function binary(op: BinaryOp, opToken: IToken, left: Syntax, right: Syntax): Syntax {
  return { kind: 'binary', op, left, right, opSpan: tokenSpan(opToken), span: span(left.span.start, right.span.end) };
}

class ExpressionParser extends EmbeddedActionsParser {
  constructor() {
    super(T.ALL_TOKENS, { recoveryEnabled: false, maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  expression = this.RULE('expression', (): Syntax => {
    let left = this.SUBRULE(this.concat);
    this.OPTION(() => {
      const op = this.OR(T.COMPARISON_TOKENS.map((t) => ({ ALT: () => this.CONSUME(t) })));
      const right = this.SUBRULE2(this.concat);
      left = this.ACTION(() => binary(OPS.get(op.tokenType)!, op, left, right));
    });
    return left;
  });

  concat = this.RULE('concat', (): Syntax => {
    let left = this.SUBRULE(this.additive);
    this.MANY(() => {
      const op = this.CONSUME(T.Amp);
      const right = this.SUBRULE2(this.additive);
      left = this.ACTION(() => binary('&', op, left, right));
    });
    return left;
  });

  additive = this.RULE('additive', (): Syntax => {
    let left = this.SUBRULE(this.multiplicative);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Plus) }, { ALT: () => this.CONSUME(T.Minus) }]);
      const right = this.SUBRULE2(this.multiplicative);
      left = this.ACTION(() => binary(OPS.get(op.tokenType)!, op, left, right));
    });
    return left;
  });

  multiplicative = this.RULE('multiplicative', (): Syntax => {
    let left = this.SUBRULE(this.unary);
    this.MANY(() => {
      const op = this.OR([{ ALT: () => this.CONSUME(T.Star) }, { ALT: () => this.CONSUME(T.Slash) }]);
      const right = this.SUBRULE2(this.unary);
      left = this.ACTION(() => binary(OPS.get(op.tokenType)!, op, left, right));
    });
    return left;
  });

  /** Signs are read in a loop, not by recursion: a long run of them cannot exhaust the stack. */
  unary = this.RULE('unary', (): Syntax => {
    const signs: IToken[] = [];
    this.MANY(() => {
      signs.push(this.OR([{ ALT: () => this.CONSUME(T.Minus) }, { ALT: () => this.CONSUME(T.Plus) }]));
    });
    const operand = this.SUBRULE(this.primary);
    return this.ACTION(() => {
      let out = operand;
      for (let i = signs.length - 1; i >= 0; i--) {
        if (signs[i].tokenType === T.Minus) out = { kind: 'negate', arg: out, span: span(signs[i].startOffset, out.span.end) };
        else out = { ...out, span: span(signs[i].startOffset, out.span.end) } as Syntax;
      }
      return out;
    });
  });

  primary = this.RULE('primary', (): Syntax =>
    this.OR([
      { ALT: (): Syntax => {
        const t = this.CONSUME(T.NumberLiteral);
        return { kind: 'number', text: t.image, span: tokenSpan(t) };
      } },
      { ALT: (): Syntax => {
        const t = this.CONSUME(T.StringLiteral);
        return this.ACTION(() => ({ kind: 'text', ...unquote(t), span: tokenSpan(t) }));
      } },
      { ALT: (): Syntax => {
        const t = this.CONSUME(T.True);
        return { kind: 'boolean', value: true, span: tokenSpan(t) };
      } },
      { ALT: (): Syntax => {
        const t = this.CONSUME(T.False);
        return { kind: 'boolean', value: false, span: tokenSpan(t) };
      } },
      { ALT: (): Syntax => {
        const t = this.CONSUME(T.Null);
        return { kind: 'null', span: tokenSpan(t) };
      } },
      { ALT: (): Syntax => {
        const open = this.CONSUME(T.LParen);
        const inner = this.SUBRULE(this.expression);
        const close = this.CONSUME(T.RParen);
        return { kind: 'group', inner, span: span(open.startOffset, close.startOffset + 1) };
      } },
      { ALT: (): Syntax => this.SUBRULE(this.global) },
      { GATE: () => this.LA(2).tokenType === T.LParen, ALT: (): Syntax => this.SUBRULE(this.call) },
      { ALT: (): Syntax => this.SUBRULE(this.path) },
    ]),
  );

  call = this.RULE('call', (): Syntax => {
    const name = this.CONSUME(T.Identifier);
    this.CONSUME(T.LParen);
    const args: Syntax[] = [];
    this.OPTION(() => {
      args.push(this.SUBRULE(this.expression));
      this.MANY(() => {
        this.CONSUME(T.Comma);
        args.push(this.SUBRULE2(this.expression));
      });
    });
    const close = this.CONSUME(T.RParen);
    return { kind: 'call', name: name.image, nameSpan: tokenSpan(name), args, span: span(name.startOffset, close.startOffset + 1) };
  });

  path = this.RULE('path', (): Syntax => {
    const first = this.CONSUME(T.Identifier);
    const steps: PathStep[] = [{ name: first.image, span: tokenSpan(first) }];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      const next = this.CONSUME2(T.Identifier);
      steps.push({ name: next.image, span: tokenSpan(next) });
    });
    return this.ACTION(() => ({ kind: 'path', steps, span: span(steps[0].span.start, steps[steps.length - 1].span.end) }));
  });

  global = this.RULE('global', (): Syntax => {
    const g = this.CONSUME(T.Global);
    let property: PathStep | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Dot);
      const p = this.CONSUME(T.Identifier);
      property = { name: p.image, span: tokenSpan(p) };
    });
    return this.ACTION(() => {
      const prop = property as PathStep | null;
      return { kind: 'global', name: g.image.slice(1), property: prop, span: span(g.startOffset, prop ? prop.span.end : g.startOffset + g.image.length) };
    });
  });
}

/** One parser for the process: chevrotain parsers are reusable (parsing is synchronous). */
const parser = new ExpressionParser();

export type ParseResult = { ok: true; syntax: Syntax } | { ok: false; problems: ExpressionProblem[] };

/** Parses an expression; every refusal names its position (lexing, nesting, grammar, escapes). */
export function parseExpression(source: string): ParseResult {
  const fail = (code: ExpressionProblem['code'], message: string, at: Span): ParseResult => ({ ok: false, problems: [problemAt(source, code, message, at)] });
  if (source.length > MAX_SOURCE_LENGTH) return fail('tooLong', `An expression has at most ${MAX_SOURCE_LENGTH} characters`, span(MAX_SOURCE_LENGTH, source.length));
  const lexed = T.lexer.tokenize(source);
  if (lexed.errors.length) {
    const e = lexed.errors[0];
    const char = String.fromCodePoint(source.codePointAt(e.offset) ?? 32);
    if (char === '"' || char === "'") return fail('syntax', `A text is not closed: the ${char} that ends it is missing`, span(e.offset, source.length));
    return fail('syntax', `Unexpected character ${JSON.stringify(char)}`, span(e.offset, e.offset + Math.max(1, e.length)));
  }
  let depth = 0;
  for (const t of lexed.tokens) {
    if (t.tokenType === T.LParen && ++depth > MAX_NESTING) return fail('tooDeep', `Parentheses nest at most ${MAX_NESTING} deep`, tokenSpan(t));
    if (t.tokenType === T.RParen) depth--;
  }
  if (!lexed.tokens.length) return fail('syntax', 'The expression is empty', span(0, source.length));
  parser.input = lexed.tokens;
  let syntax: Syntax;
  try {
    syntax = parser.expression();
  } catch (error) {
    if (error instanceof ProblemAt) return fail(error.code, error.message, error.span);
    throw error;
  }
  if (parser.errors.length) {
    const e = parser.errors[0];
    const t = e.token;
    const atEnd = t.tokenType.name === 'EOF' || Number.isNaN(t.startOffset);
    const at = atEnd ? span(source.length, source.length) : tokenSpan(t);
    const found = atEnd ? 'the end of the expression' : JSON.stringify(t.image);
    return fail('syntax', syntaxMessage(e.name, e.message, t.tokenType, found), at);
  }
  return { ok: true, syntax };
}

/** Chevrotain's exceptions, said in the language's words. */
function syntaxMessage(name: string, message: string, found: TokenType, foundText: string): string {
  if (name === 'NotAllInputParsedException') {
    if ((T.COMPARISON_TOKENS as readonly TokenType[]).includes(found)) return 'A comparison cannot be chained (combine comparisons with AND or OR)';
    return `Unexpected ${foundText} after a complete expression (a missing operator or comma?)`;
  }
  if (name === 'MismatchedTokenException') {
    const expected = /--> (.*?) <--/.exec(message)?.[1];
    if (expected) return `Expected ${expected}, found ${foundText}`;
  }
  return `Expected a value (a number, a text in quotes, TRUE, FALSE, NULL, a field, a function call or a parenthesis), found ${foundText}`;
}
