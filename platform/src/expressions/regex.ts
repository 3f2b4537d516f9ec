import type { RegexPattern } from './typed.ts';

/**
 * REGEX patterns: the subset on which PostgreSQL's regular expressions (AREs) and JavaScript's agree,
 * read by a small scanner and written out in each dialect, so both back ends answer alike.
 *
 *   literal characters; `\` before any of `\^$.|?*+()[]{}/` for that character; `\n \t \r`
 *   `.` (any character, newlines included), `^` and `$` (start and end of the whole text)
 *   `\d \w \s` and `\D \W \S`: ASCII digits, ASCII letters/digits/underscore, ASCII white space
 *   `[abc]`, `[^a-z]` (ranges by code point; `\d \w \s` inside), groups `( … )`, alternatives `|`
 *   quantifiers `* + ? {n} {n,} {n,m}` (n, m ≤ 255)
 *
 * A quantified group may contain neither a quantifier nor `|` (`(a+)+`, `(a|ab)*`): those make a
 * backtracking engine (JavaScript's) take exponential time. Matching is case-sensitive and finds the
 * pattern anywhere in the text (anchor it with `^…$` to match the whole text).
 */
export const MAX_PATTERN_LENGTH = 500;
const MAX_REPEAT = 255;

const META = new Set([...'\\^$.|?*+()[]{}/']);
const CLASS_SPECIAL = new Set([...'\\]-^[']);
const SPACE = ' \t\n\r\f\v';
const SHORTHAND: Record<string, { set: string; negated: boolean }> = {
  d: { set: '0-9', negated: false }, D: { set: '0-9', negated: true },
  w: { set: 'A-Za-z0-9_', negated: false }, W: { set: 'A-Za-z0-9_', negated: true },
  s: { set: SPACE, negated: false }, S: { set: SPACE, negated: true },
};
const CONTROL: Record<string, string> = { n: '\n', t: '\t', r: '\r' };

export class PatternError extends Error {
  readonly index: number;

  constructor(message: string, index: number) {
    super(message);
    this.index = index;
  }
}

interface Piece {
  /** The same text serves both dialects: only constructs they read alike are ever written. */
  out: string;
  /** Contains a quantifier or an alternative (a quantifier on it would risk exponential backtracking). */
  risky: boolean;
}

/** Checks a pattern and writes it for both back ends; a PatternError names the offending index. */
export function compilePattern(source: string): RegexPattern {
  if (source.length > MAX_PATTERN_LENGTH) throw new PatternError(`A pattern has at most ${MAX_PATTERN_LENGTH} characters`, MAX_PATTERN_LENGTH);
  const chars = [...source];
  let i = 0;
  // Indexes in `chars` are code points; errors report UTF-16 offsets within the pattern.
  const at = (index: number) => chars.slice(0, index).join('').length;
  const fail = (message: string, index = i): never => {
    throw new PatternError(message, at(index));
  };

  const alternatives = (depth: number): Piece => {
    const branches: Piece[] = [sequence(depth)];
    while (chars[i] === '|') {
      i++;
      branches.push(sequence(depth));
    }
    if (branches.length > 1 && branches.some((b) => b.out === '')) fail('An alternative is empty');
    return { out: branches.map((b) => b.out).join('|'), risky: branches.length > 1 || branches.some((b) => b.risky) };
  };

  const sequence = (depth: number): Piece => {
    let out = '';
    let risky = false;
    while (i < chars.length && chars[i] !== '|' && !(chars[i] === ')' && depth > 0)) {
      const start = i;
      const atom = atomAt(depth);
      const quantifier = quantifierAt();
      if (quantifier) {
        if (atom.anchor) fail('An anchor (^ or $) cannot be repeated', start);
        if (atom.group && atom.risky) fail('A repeated group may contain neither a repetition nor |, e.g. (a+)+ (they can take exponential time)', start);
        risky = true;
      }
      risky ||= atom.risky;
      out += atom.out + quantifier;
    }
    return { out, risky };
  };

  const atomAt = (depth: number): Piece & { anchor?: boolean; group?: boolean } => {
    const c = chars[i];
    if (c === '(') {
      const open = i++;
      if (chars[i] === '?') fail('Groups take no options: (?…) is not supported', open);
      const inner = alternatives(depth + 1);
      if (chars[i] !== ')') fail('A group is not closed: ) is missing', open);
      i++;
      if (inner.out === '') fail('A group is empty', open);
      return { out: `(?:${inner.out})`, risky: inner.risky, group: true };
    }
    if (c === ')') fail('Unmatched )');
    if (c === '[') return { out: classAt(), risky: false };
    if (c === ']' || c === '}' || c === '{') fail(`${c} must be escaped as \\${c}`);
    if (c === '*' || c === '+' || c === '?') fail(`${c} repeats nothing`);
    if (c === '^' || c === '$') {
      i++;
      return { out: c, risky: false, anchor: true };
    }
    if (c === '.') {
      i++;
      return { out: '.', risky: false };
    }
    if (c === '\\') return { out: escapeAt(false), risky: false };
    i++;
    return { out: literal(c), risky: false };
  };

  const escapeAt = (inClass: boolean): string => {
    const next = chars[i + 1];
    if (next === undefined) fail('A pattern cannot end with \\');
    i += 2;
    if (META.has(next) || next === '-') return inClass ? classLiteral(next) : next === '-' ? '-' : `\\${next}`;
    if (CONTROL[next]) return inClass ? classLiteral(CONTROL[next]) : CONTROL[next];
    const shorthand = SHORTHAND[next];
    if (shorthand) {
      if (!inClass) return `[${shorthand.negated ? '^' : ''}${classSet(shorthand.set)}]`;
      if (shorthand.negated) fail(`\\${next} cannot be used inside [ ]`, i - 2);
      return classSet(shorthand.set);
    }
    return fail(`\\${next} is not supported (use \\d \\w \\s \\D \\W \\S \\n \\t \\r, or \\ before a special character)`, i - 2);
  };

  const classAt = (): string => {
    const open = i++;
    let out = '[';
    if (chars[i] === '^') {
      out += '^';
      i++;
    }
    let items = 0;
    while (i < chars.length && chars[i] !== ']') {
      const start = i;
      const first = classCharAt();
      if (first.set !== undefined) {
        out += first.set;
        items++;
        continue;
      }
      if (chars[i] === '-' && chars[i + 1] !== undefined && chars[i + 1] !== ']') {
        i++;
        const last = classCharAt();
        if (last.set !== undefined) fail('A range cannot end with a class such as \\d', start);
        if (last.char!.codePointAt(0)! < first.char!.codePointAt(0)!) fail(`The range ${first.char}-${last.char} is backwards`, start);
        out += `${classLiteral(first.char!)}-${classLiteral(last.char!)}`;
      } else out += classLiteral(first.char!);
      items++;
    }
    if (chars[i] !== ']') fail('A [ is not closed: ] is missing', open);
    if (!items) fail('[] is empty', open);
    i++;
    return `${out}]`;
  };

  /** One member of a class: a character, or the set of a shorthand (`\d` inside `[ ]`). */
  const classCharAt = (): { char?: string; set?: string } => {
    if (chars[i] === '\\') {
      const next = chars[i + 1];
      if (next !== undefined && SHORTHAND[next]) return { set: escapeAt(true) };
      if (next !== undefined && CONTROL[next]) {
        i += 2;
        return { char: CONTROL[next] };
      }
      if (next !== undefined && (META.has(next) || next === '-')) {
        i += 2;
        return { char: next };
      }
      escapeAt(true);
    }
    if (chars[i] === '[') fail('[ inside [ ] must be escaped as \\[');
    return { char: chars[i++] };
  };

  const quantifierAt = (): string => {
    const c = chars[i];
    if (c === '*' || c === '+' || c === '?') {
      i++;
      if (chars[i] === '?' || chars[i] === '+' || chars[i] === '*') fail('A repetition cannot be repeated (lazy and possessive forms are not supported)');
      return c;
    }
    if (c !== '{') return '';
    const open = i++;
    const number = (): number | null => {
      let digits = '';
      while (chars[i] !== undefined && chars[i] >= '0' && chars[i] <= '9') digits += chars[i++];
      return digits ? Number(digits) : null;
    };
    const min = number();
    if (min === null) fail('{ must start a repetition such as {2} or {1,3} (escape it as \\{)', open);
    let max: number | null = min;
    let text = `{${min}`;
    if (chars[i] === ',') {
      i++;
      max = number();
      text += `,${max ?? ''}`;
    }
    if (chars[i] !== '}') fail('A repetition {…} is not closed', open);
    i++;
    if ((max ?? min)! > MAX_REPEAT) fail(`A repetition counts at most ${MAX_REPEAT}`, open);
    if (max !== null && max < min!) fail('A repetition {n,m} needs n ≤ m', open);
    if (chars[i] === '?' || chars[i] === '+' || chars[i] === '*') fail('A repetition cannot be repeated (lazy and possessive forms are not supported)');
    return `${text}}`;
  };

  const out = alternatives(0);
  if (i < chars.length) fail('Unmatched )');
  return { source, js: out.out, pg: out.out };
}

/** A literal outside a class: special characters escaped (both dialects read `\.` as `.`). */
function literal(c: string): string {
  return META.has(c) ? `\\${c}` : c;
}

function classLiteral(c: string): string {
  return CLASS_SPECIAL.has(c) ? `\\${c}` : c;
}

/** A shorthand's members written inside brackets (space characters as themselves). */
function classSet(set: string): string {
  return set;
}
