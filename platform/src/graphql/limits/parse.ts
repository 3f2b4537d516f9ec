import { Lexer, parse, Source, TokenKind, type DocumentNode } from 'graphql';
import { documentError, limitError } from './errors.ts';

export interface ParseLimits {
  /** Tokens of the document (graphql-js stops its parser past this many). */
  maxTokens: number;
  /** Comments, which are not tokens but still cost lexing. */
  maxComments: number;
  /** Braces, brackets and parentheses open at once: how deep any recursive code can go. */
  maxNesting: number;
}

export const PARSE_LIMITS: ParseLimits = { maxTokens: 20_000, maxComments: 5_000, maxNesting: 200 };

const OPEN = new Set<string>([TokenKind.BRACE_L, TokenKind.BRACKET_L, TokenKind.PAREN_L]);
const CLOSE = new Set<string>([TokenKind.BRACE_R, TokenKind.BRACKET_R, TokenKind.PAREN_R]);

/**
 * Parses a GraphQL document within bounds. graphql-js's parser (and every visitor after it) is
 * recursive, so a document nested 3,000 deep would overflow the stack somewhere: one pass of its
 * own lexer, which is a loop, measures the nesting first and refuses past `maxNesting` with the
 * location of the brace that went too deep. Throws a GraphQLError (syntax or LIMIT_EXCEEDED).
 */
export function parseWithin(text: string, limits: ParseLimits = PARSE_LIMITS): DocumentNode {
  return parseCounted(text, limits).document;
}

/** parseWithin, with the number of tokens read (what a cache of documents should weigh them by). */
export function parseCounted(text: string, limits: ParseLimits = PARSE_LIMITS): { document: DocumentNode; tokens: number } {
  const source = new Source(text);
  const lexer = new Lexer(source);
  let depth = 0;
  let tokens = 0;
  for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
    if (++tokens > limits.maxTokens) {
      throw documentError(limitError('maxTokens', tokens, limits.maxTokens, 'The document has too many tokens'), { source, positions: [token.start] });
    }
    if (OPEN.has(token.kind)) {
      if (++depth > limits.maxNesting) {
        throw documentError(limitError('maxNesting', depth, limits.maxNesting, 'The document nests too deep (braces, brackets and parentheses)'), { source, positions: [token.start] });
      }
    } else if (CLOSE.has(token.kind)) depth--;
  }
  return { document: parse(source, { maxTokens: limits.maxTokens, maxComments: limits.maxComments }), tokens };
}

/**
 * What a parsed document weighs in a cache, roughly in bytes: its text, and a syntax node (with its
 * location) per token. A cache bounded by this cannot be made to hold gigabytes by a few huge or
 * dense documents.
 */
export function documentWeight(text: string, tokens: number): number {
  return text.length * 2 + tokens * 200 + 1024;
}

