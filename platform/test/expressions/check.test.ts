import { describe, expect, it } from 'vitest';
import { checkExpression, compileSql, evaluate, expressionError, parseExpression, UnloadedLookupError, type ExpressionProblem } from '../../src/expressions/index.ts';
import { isPlatformError } from '../../src/errors/index.ts';
import { fixtureModel, NOW } from './fixture.ts';

/**
 * The parser and type checker refuse with the problem's code, message and exact position (offset
 * and length in UTF-16 code units, 1-based line and column), and what an accepted expression reads.
 */
const model = fixtureModel('s');

function problem(source: string, options: { rules?: boolean; expect?: 'number' | 'boolean' | 'text' } = {}): ExpressionProblem {
  const result = checkExpression(source, { model, object: 'lead', ...options });
  if (result.ok) throw new Error(`${source} was accepted`);
  expect(result.problems).toHaveLength(1);
  return result.problems[0];
}

/** The text a problem points at. */
const at = (source: string, p: ExpressionProblem) => source.slice(p.offset, p.offset + p.length);

describe('syntax errors name their position', () => {
  it.each([
    ['1 +', 'syntax', '', 1, 4, 'Expected a value'],
    ['IF(score > 1, "a" "b")', 'syntax', '"b"', 1, 19, "Expected ')'"],
    ['(1 + 2', 'syntax', '', 1, 7, "Expected ')'"],
    ['score # 2', 'syntax', '#', 1, 7, 'Unexpected character "#"'],
    ['name & "open', 'syntax', '"open', 1, 8, 'A text is not closed'],
    ['a < b < c', 'syntax', '<', 1, 7, 'cannot be chained'],
    ['score 2', 'syntax', '2', 1, 7, 'after a complete expression'],
    ['"a\\qb"', 'syntax', '\\q', 1, 3, 'Unknown escape \\q'],
    ['', 'syntax', '', 1, 1, 'empty'],
  ])('%s', (source, code, text, line, column, message) => {
    const p = problem(source);
    expect(p).toMatchObject({ code, line, column });
    expect(at(source, p)).toBe(text);
    expect(p.message).toContain(message);
  });

  it('counts lines and columns across line breaks, and UTF-16 code units in Chinese and astral text', () => {
    const source = 'IF(name = "已成交😀",\n  1,\n  2 +)';
    const p = problem(source);
    expect(p).toMatchObject({ code: 'syntax', line: 3, column: 6, offset: source.indexOf('+)') + 1 });
    const q = problem('"中文" & 中');
    expect(q).toMatchObject({ code: 'syntax', line: 1, column: 8, offset: 7, length: 1 });
  });

  it('refuses nesting deeper than the bound before parsing, and over-long sources', () => {
    const deep = `${'('.repeat(65)}1${')'.repeat(65)}`;
    expect(problem(deep)).toMatchObject({ code: 'tooDeep', offset: 64, column: 65 });
    expect(problem(`1${' + 1'.repeat(2500)}`)).toMatchObject({ code: 'tooLong', offset: 10_000 });
    // A long chain of operators is one left-deep tree: its depth is bounded by the checker.
    expect(problem(`1${' + 1'.repeat(300)}`).code).toBe('tooDeep');
    expect(checkExpression(`${'-'.repeat(150)}1`, { model, object: 'lead' }).ok).toBe(true);
  });
});

describe('type errors name the node at fault', () => {
  it.each([
    ['score + name', 'type', '+', '+ cannot combine a number and text (convert with VALUE or TEXT)'],
    ['IF(active, 1, "one")', 'type', '"one"', 'IF cannot mix a number with text'],
    ['IF(score, 1, 2)', 'type', 'score', "IF's argument 1 needs a boolean, not a number"],
    ['closeDate < seenAt', 'type', 'seenAt', '< compares a date with a datetime'],
    ['location = location', 'type', '=', 'Geolocations cannot be compared'],
    ['active > FALSE', 'type', '>', 'does not order booleans'],
    ['location & "x"', 'type', 'location', '& cannot join a geolocation'],
    ['nope + 1', 'unknownField', 'nope', 'lead has no field nope'],
    ['account.nope', 'unknownField', 'nope', 'account has no field nope'],
    ['name.first', 'notNavigable', 'first', 'name is not a lookup'],
    ['owner.name', 'notNavigable', 'name', 'the current user is $User'],
    ['tags', 'unsupportedField', 'tags', 'multiSelect field'],
    ['data', 'unsupportedField', 'data', 'json field'],
    ['FOO(1)', 'unknownFunction', 'FOO', 'Unknown function FOO'],
    ['ROUND()', 'arity', 'ROUND()', 'ROUND takes 1 to 2 arguments (ROUND(number, digits?)), not 0'],
    ['NOT(TRUE, FALSE)', 'arity', 'NOT(TRUE, FALSE)', 'NOT takes 1 argument'],
    ['ROUND(score, count)', 'literalRequired', 'count', 'must be written as a whole number'],
    ['ROUND(score, 21)', 'invalidArgument', '21', 'between -20 and 20'],
    ['DATEDIFF("fortnight", closeDate, closeDate)', 'invalidArgument', '"fortnight"', 'Unknown unit "fortnight"'],
    ['DATEDIFF("hour", closeDate, closeDate)', 'invalidArgument', '"hour"', 'does not apply to a date'],
    ['DATEDIFF(name, closeDate, closeDate)', 'literalRequired', 'name', 'must be written as a text in quotes'],
    ['$Org.name', 'unknownGlobal', '$Org.name', 'Unknown global $Org'],
    ['$User.salary', 'unknownField', 'salary', '$User has no property salary'],
    ['$User.constructor', 'unknownField', 'constructor', '$User has no property constructor'],
    ['PRIORVALUE(score)', 'notInRules', 'PRIORVALUE', 'only available in rules'],
    ['ISCHANGED(score)', 'notInRules', 'ISCHANGED', 'only available in rules'],
  ])('%s', (source, code, text, message) => {
    const p = problem(source);
    expect(p.code).toBe(code);
    expect(at(source, p)).toBe(text);
    expect(p.message).toContain(message);
  });

  it('points into a REGEX pattern at the offending character, escapes of the literal counted', () => {
    const source = 'REGEX(name, "^\\\\d(a+)+$")';
    const p = problem(source);
    expect(p).toMatchObject({ code: 'invalidArgument' });
    expect(at(source, p)).toBe('(');
    expect(p.message).toContain('exponential');
    for (const [pattern, bad, message] of [['[a-', '[', 'not closed'], ['a{2,1}', '{', 'n ≤ m'], ['\\\\b', '\\', 'not supported'], ['(?=x)', '(', 'no options'], ['a**', '*', 'cannot be repeated']]) {
      const s = `REGEX(name, "${pattern}")`;
      const q = problem(s);
      expect(at(s, q), s).toBe(bad);
      expect(q.message).toContain(message);
    }
  });

  it('checks the expected type of the whole expression, NULL fitting any', () => {
    expect(problem('score + 1', { expect: 'boolean' })).toMatchObject({ code: 'type', message: 'The expression must give a boolean, not a number', offset: 0, length: 9 });
    expect(checkExpression('NULL', { model, object: 'lead', expect: 'boolean' }).ok).toBe(true);
  });

  it('in rules, PRIORVALUE and ISCHANGED take a field of the record itself', () => {
    expect(problem('PRIORVALUE(account.name)', { rules: true })).toMatchObject({ code: 'invalidArgument' });
    expect(problem('ISCHANGED(1)', { rules: true })).toMatchObject({ code: 'invalidArgument' });
    const ok = checkExpression('AND(ISCHANGED(status), PRIORVALUE(status) = "New")', { model, object: 'lead', rules: true });
    expect(ok.ok && ok.expression.usesPrior).toBe(true);
  });
});

describe('a refusal as the API answers it', () => {
  it('is VALIDATION_FAILED with the expression pointer and the position in each detail', () => {
    const p = problem('IF(score > 1, "a", 2)');
    const error = expressionError([p], '/objects/0/fields/3/expression');
    expect(isPlatformError(error)).toBe(true);
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.toExtensions()).toEqual({
      code: 'VALIDATION_FAILED',
      errors: [{ pointer: '/objects/0/fields/3/expression', message: 'IF cannot mix text with a number (convert with VALUE or TEXT) (line 1, column 20)', expression: { code: 'type', offset: 19, length: 1, line: 1, column: 20 } }],
    });
  });
});

describe('what an expression reads', () => {
  it('lists every field read, lookups on the way included, and the objects reached through them', () => {
    const result = checkExpression('IF(account.parent.industry = "Tech", name & $User.email, TEXT(NOW()))', { model, object: 'lead' });
    if (!result.ok) throw new Error('refused');
    const e = result.expression;
    expect(e.type).toBe('text');
    expect(e.reads).toEqual([
      { object: 'lead', field: 'account' }, { object: 'account', field: 'parent' }, { object: 'account', field: 'industry' }, { object: 'lead', field: 'name' },
    ]);
    expect(e.objects).toEqual(['account']);
    expect([e.usesNow, e.usesUser, e.usesPrior]).toEqual([true, true, false]);
  });

  it('compiles to SQL with every value a parameter and every identifier quoted', () => {
    const result = checkExpression(`IF(name = "'; drop table lead; --", $User.email, account.name)`, { model, object: 'lead' });
    if (!result.ok) throw new Error('refused');
    const params: unknown[] = [];
    const writer = { param: (v: unknown, cast?: string) => (params.push(v), `$${params.length}${cast ? `::${cast}` : ''}`) };
    const compiled = compileSql(result.expression, model, { writer, alias: 't0', now: NOW, user: { email: 'x@y.z' }, lookupConditions: (object, alias) => [`"${alias}"."visible_${object}"`] });
    expect(compiled.sql).not.toContain('drop table');
    expect(compiled.sql).not.toContain('x@y.z');
    expect(params).toEqual(["'; drop table lead; --", 'x@y.z']);
    expect(compiled.sql).toBe(`(case when ("t0"."name"::text = $1::text) then $2::text else (select "__e1"."name"::text from "s"."account" "__e1" where "__e1"."id" = "t0"."account" and "__e1"."deletedAt" is null and "__e1"."visible_account") end)`);
  });
});

describe('parsing alone', () => {
  it('gives the syntax tree with spans, names case-insensitive and keywords not swallowing longer names', () => {
    const parsed = parseExpression('if(nullable, true, NULL)');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.syntax).toMatchObject({ kind: 'call', name: 'if', span: { start: 0, end: 24 }, args: [{ kind: 'path', steps: [{ name: 'nullable' }] }, { kind: 'boolean', value: true }, { kind: 'null' }] });
  });
});

describe('the JavaScript back end on API records', () => {
  const check = (source: string) => {
    const result = checkExpression(source, { model, object: 'lead' });
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    return result.expression;
  };

  it('answers API values (numbers, YYYY-MM-DD, ISO date/times) and reads lookups given as ids or records', () => {
    const record = { score: 12.5, closeDate: '2026-01-31', account: { id: 'acc-1', name: 'Acme' } };
    expect(evaluate(check('score * 2'), record, { now: NOW })).toBe(25);
    expect(evaluate(check('ADDMONTHS(closeDate, 1)'), record, { now: NOW })).toBe('2026-02-28');
    expect(evaluate(check('NOW()'), record, { now: NOW })).toBe('2026-03-15T10:20:30.456Z');
    expect(evaluate(check('account & "/" & account.name'), record, { now: NOW })).toBe('acc-1/Acme');
    expect(evaluate(check('account'), { account: 'acc-2' }, { now: NOW })).toBe('acc-2');
  });

  it('refuses to guess a lookup given only as an id: the caller loads what `reads` names', () => {
    expect(() => evaluate(check('account.name'), { account: 'acc-2' }, { now: NOW })).toThrow(UnloadedLookupError);
    expect(evaluate(check('account.name'), { account: null }, { now: NOW })).toBeNull();
  });
});
