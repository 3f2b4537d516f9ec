import { createToken, Lexer, type TokenType } from 'chevrotain';

/**
 * The tokens of the expression language (chevrotain's lexer: the patterns below only cut the text
 * into tokens; the grammar is parser.ts). Order matters where one token is a prefix of another
 * (`<>` and `<=` before `<`), and keywords give way to a longer identifier (`nullable` is a name).
 */
export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/, label: 'a name' });
export const Global = createToken({ name: 'Global', pattern: /\$[A-Za-z_][A-Za-z0-9_]*/, label: 'a global such as $User' });
export const True = createToken({ name: 'True', pattern: /true/i, longer_alt: Identifier, label: 'TRUE' });
export const False = createToken({ name: 'False', pattern: /false/i, longer_alt: Identifier, label: 'FALSE' });
export const Null = createToken({ name: 'Null', pattern: /null/i, longer_alt: Identifier, label: 'NULL' });
export const NumberLiteral = createToken({ name: 'NumberLiteral', pattern: /[0-9]+(?:\.[0-9]+)?/, label: 'a number' });
/** Double- or single-quoted; a backslash escapes the next character (escapes are read by the parser). */
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: /"(?:[^"\\]|\\[^])*"|'(?:[^'\\]|\\[^])*'/, label: 'a text in quotes' });
export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\u00a0\u3000]+/, group: Lexer.SKIPPED });

export const LParen = createToken({ name: 'LParen', pattern: '(', label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: ')', label: "')'" });
export const Comma = createToken({ name: 'Comma', pattern: ',', label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: '.', label: "'.'" });
export const Plus = createToken({ name: 'Plus', pattern: '+', label: "'+'" });
export const Minus = createToken({ name: 'Minus', pattern: '-', label: "'-'" });
export const Star = createToken({ name: 'Star', pattern: '*', label: "'*'" });
export const Slash = createToken({ name: 'Slash', pattern: '/', label: "'/'" });
export const Amp = createToken({ name: 'Amp', pattern: '&', label: "'&'" });
/** `<>` and its spelling `!=`; `==` is `=`. */
export const NotEqual = createToken({ name: 'NotEqual', pattern: /<>|!=/, label: "'<>'" });
export const LessEqual = createToken({ name: 'LessEqual', pattern: '<=', label: "'<='" });
export const GreaterEqual = createToken({ name: 'GreaterEqual', pattern: '>=', label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: '<', label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: '>', label: "'>'" });
export const Equal = createToken({ name: 'Equal', pattern: /==?/, label: "'='" });

export const ALL_TOKENS: TokenType[] = [
  WhiteSpace, StringLiteral, NumberLiteral, Global, True, False, Null, Identifier,
  LParen, RParen, Comma, Dot, Plus, Minus, Star, Slash, Amp,
  NotEqual, LessEqual, GreaterEqual, Less, Greater, Equal,
];

export const COMPARISON_TOKENS = [Equal, NotEqual, LessEqual, GreaterEqual, Less, Greater] as const;

/** Offsets only: lines and columns are derived from offsets where a problem is reported (problems.ts). */
export const lexer = new Lexer(ALL_TOKENS, { ensureOptimizations: false, positionTracking: 'onlyOffset' });
