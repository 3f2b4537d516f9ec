import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../src/expressions/index.ts';
import { coordinate, rint } from '../../src/expressions/geo.ts';
import { both, expressionDb, insertLead, mustCheck, NOW, runBoth, type ExpressionDb } from './fixture.ts';

/**
 * Every function and operator, through BOTH back ends (`both` fails when the real PostgreSQL and
 * the evaluator differ), against the value it must have: decimal arithmetic and its rounding, NULL
 * rules, Chinese and astral text, dates at month ends and at the ends of the supported years, time
 * zones, DISTANCE against known distances between cities.
 */
let db: ExpressionDb;
beforeAll(async () => {
  db = await expressionDb();
});
afterAll(async () => {
  await db?.close();
});

type Row = [source: string, expected: string | null, lead?: Record<string, unknown>];
const table = (rows: Row[]) => it.each(rows)('%s → %s', async (source, expected, lead) => {
  expect(await both(db, source, lead ?? {})).toBe(expected);
});

describe('numbers are decimals', () => {
  table([
    ['1 + 2', '3'],
    ['0.1 + 0.2', '0.3'],
    ['score * 3', '0.3', { score: 0.1 }],
    ['123456789012345678901234567890 * 10 + 0.5', '1234567890123456789012345678900.5'],
    ['1 / 3', '0.3333333333333333'],
    ['2 / 3', '0.6666666666666667'],
    ['-2 / 3', '-0.6666666666666667'],
    ['10 / 4', '2.5'],
    ['count / 2', '3.5', { count: 7 }],
    // The 17th decimal is a tie: rounded once, away from zero (PostgreSQL's own `/` would keep 20 digits).
    ['0.00000000000000005 / 1', '0.0000000000000001'],
    ['-0.00000000000000005 / 1', '-0.0000000000000001'],
    // A literal divisor with a terminating inverse is a multiplication in SQL: the same numbers.
    ['score / 100', '0.0123', { score: 1.23 }],
    ['score / 0.25 + score / 8', '5.07375', { score: 1.23 }],
    ['0.123456789 / 1000000000', '0.0000000001234568'],
    ['1 / 0', null],
    ['score / count', null, { score: 1, count: 0 }],
    ['ROUND(2.5)', '3'],
    ['ROUND(-2.5)', '-3'],
    ['ROUND(1.005, 2)', '1.01'],
    ['ROUND(1234.5, -2)', '1200'],
    ['ROUND(-1250, -2)', '-1300'],
    ['ROUND(1 / 3, 4) * 3', '0.9999'],
    ['ABS(-3.5)', '3.5'],
    ['-score', '-2.25', { score: 2.25 }],
    ['amount + rate', '22.75', { amount: { amount: 10.25, currency: 'EUR' }, rate: 12.5 }],
    ['TEXT(2.50) & "|" & TEXT(0 * -1) & "|" & TEXT(1000000)', '2.5|0|1000000'],
  ]);
});

describe('NULL propagates as in SQL', () => {
  table([
    ['score + 1', null, { score: null }],
    ['-score', null],
    ['score = NULL', null, { score: 1 }],
    ['NULL = NULL', null],
    ['AND(TRUE, NULL)', null],
    ['AND(FALSE, NULL)', 'false'],
    ['OR(TRUE, NULL)', 'true'],
    ['OR(FALSE, NULL)', null],
    ['NOT(NULL)', null],
    ['IF(NULL, 1, 2)', '2'],
    ['IF(FALSE, 1)', null],
    ['ISBLANK(NULL)', 'true'],
    ['ISBLANK("")', 'true'],
    ['ISBLANK(" ")', 'false'],
    ['ISBLANK(0)', 'false'],
    ['ISBLANK(location)', 'true', { location: null }],
    ['BLANKVALUE(name, "—")', '—', { name: '' }],
    ['BLANKVALUE(score, 0)', '0', { score: null }],
    ['CASE(status, "New", 1, "已成交", 2, 0)', '2', { status: '已成交' }],
    ['CASE(status, "New", 1, "已成交", 2, 0)', '0', { status: null }],
    ['CASE(NULL, NULL, 1, 2)', '2'],
    ['CASE(1, 2, "x")', null],
    ['name & NULL & 1', 'a1', { name: 'a' }],
    ['NULL & NULL', ''],
    // NULL in + and - is NULL, whichever of number or date was meant, and fits where a date does.
    ['IF(active, closeDate, NULL + closeDate)', null, { active: false, closeDate: '2026-01-02' }],
    ['DATEDIFF(closeDate, closeDate - NULL)', null, { closeDate: '2026-01-02' }],
  ]);

  it('writes a NULL operand of TEXT out with its parameters (a dropped $n made PostgreSQL refuse the statement)', async () => {
    expect(await both(db, 'TEXT(IF($User.isAdmin, NULL)) & "x"', {}, { context: { user: { isAdmin: true } } })).toBe('x');
  });
});

describe('text', () => {
  table([
    ['"中文" & "测试"', '中文测试'],
    ['1.50 & "x" & TRUE & closeDate', '1.5xtrue2026-01-31', { closeDate: '2026-01-31' }],
    ['LEN("已成交😀")', '4'],
    ['LEN(name)', null, { name: null }],
    ['CONTAINS("已成交客户", "成交")', 'true'],
    ['CONTAINS("abc", "")', 'true'],
    ['CONTAINS("Abc", "a")', 'false'],
    ['CONTAINS(name, NULL)', null, { name: 'x' }],
    ['BEGINS("上海市浦东", "上海")', 'true'],
    ['BEGINS("浦东上海", "上海")', 'false'],
    ['REGEX("订单-2026", "^订单-\\\\d{4}$")', 'true'],
    ['REGEX("a\\nb", "^a.b$")', 'true'],
    ['REGEX("é", "\\\\w")', 'false'],
    ['REGEX("😀", "^.$")', 'true'],
    ['REGEX("😁", "[😀-😂]")', 'true'],
    ['REGEX("Lead-1", "(lead|deal)-[0-9]+")', 'false'],
    ['REGEX(email, "^[a-z0-9._%+-]+@[a-z0-9.-]+\\\\.[a-z]{2,}$")', 'true', { email: 'wang.li@example.cn' }],
    ['"a" < "b"', 'true'],
    ['"Z" < "a"', 'true'],
    ['"中" > "z"', 'true'],
    // Code point order (PostgreSQL's "C"): U+1F600 after U+FF5E, though its UTF-16 starts lower.
    ['"😀" > "～"', 'true'],
    ['name = "已成交"', 'true', { name: '已成交' }],
    ['TEXT(TRUE)', 'true'],
    ['VALUE(" 12.5 ")', '12.5'],
    ['VALUE("1e3") + VALUE("-.5") + VALUE("+2.")', '1001.5'],
    ['VALUE("abc")', null],
    ['VALUE("")', null],
    ['VALUE("１２")', null],
    ['VALUE("1e100")', null],
    ['VALUE("1 2")', null],
  ]);
});

describe('dates and date/times', () => {
  table([
    ['TODAY()', '2026-03-15'],
    ['NOW()', '2026-03-15T10:20:30.456Z'],
    ['TODAY() + 30', '2026-04-14'],
    ['closeDate - 1', '2025-12-31', { closeDate: '2026-01-01' }],
    ['closeDate + 0.5', '2026-01-02', { closeDate: '2026-01-01' }],
    ['closeDate + 1.4999', '2026-01-02', { closeDate: '2026-01-01' }],
    ['closeDate - 0.5', '2025-12-31', { closeDate: '2026-01-01' }],
    ['closeDate - account.founded', '366', { closeDate: '2025-01-01', account: { founded: '2024-01-01' } }],
    ['ADDMONTHS(closeDate, 1)', '2024-02-29', { closeDate: '2024-01-31' }],
    ['ADDMONTHS(closeDate, 1)', '2023-02-28', { closeDate: '2023-01-31' }],
    ['ADDMONTHS(closeDate, -1)', '2024-02-29', { closeDate: '2024-03-31' }],
    ['ADDMONTHS(closeDate, 12)', '2025-02-28', { closeDate: '2024-02-29' }],
    ['ADDMONTHS(closeDate, 1.5)', '2024-03-31', { closeDate: '2024-01-31' }],
    ['ADDDAYS(closeDate, 1)', null, { closeDate: '9999-12-31' }],
    ['ADDDAYS(closeDate, -1)', null, { closeDate: '0001-01-01' }],
    ['ADDDAYS(closeDate, 1000000000000000 * 1000000000000000)', null, { closeDate: '2026-01-01' }],
    ['ADDMONTHS(closeDate, -1)', null, { closeDate: '0001-01-15' }],
    ['TEXT(closeDate)', '0001-01-01', { closeDate: '0001-01-01' }],
    ['ADDDAYS(seenAt, 1.5)', '2026-03-02T20:00:00.123Z', { seenAt: '2026-03-01T08:00:00.123Z' }],
    ['seenAt + 1 / 24', '2026-03-01T09:00:00.123Z', { seenAt: '2026-03-01T08:00:00.123Z' }],
    ['ADDDAYS(seenAt, 1 / 86400000)', '2026-03-01T08:00:00.124Z', { seenAt: '2026-03-01T08:00:00.123Z' }],
    ['ADDMONTHS(seenAt, 1)', '2024-02-29T23:59:59.999Z', { seenAt: '2024-01-31T23:59:59.999Z' }],
    ['seenAt - ADDDAYS(seenAt, -0.25)', '0.25', { seenAt: '2026-03-01T08:00:00Z' }],
    ['NOW() - seenAt', '14.0975747222222222', { seenAt: '2026-03-01T08:00:00Z' }],
    // Date/times are read to the millisecond, as the API shows them.
    ['createdAt', '2026-01-01T00:00:00.123Z', { createdAt: '2026-01-01T00:00:00.123999Z' }],
    ['DATEDIFF(closeDate, TODAY())', '43', { closeDate: '2026-01-31' }],
    ['DATEDIFF("week", closeDate, TODAY())', '6', { closeDate: '2026-01-31' }],
    ['DATEDIFF("week", TODAY(), closeDate)', '-6', { closeDate: '2026-01-31' }],
    ['DATEDIFF("month", closeDate, account.founded)', '1', { closeDate: '2024-01-31', account: { founded: '2024-02-29' } }],
    ['DATEDIFF("month", closeDate, account.founded)', '0', { closeDate: '2024-01-31', account: { founded: '2024-02-28' } }],
    ['DATEDIFF("months", closeDate, account.founded)', '-1', { closeDate: '2024-03-31', account: { founded: '2024-02-29' } }],
    ['DATEDIFF("Year", account.founded, closeDate)', '26', { closeDate: '2026-02-28', account: { founded: '2000-02-29' } }],
    ['DATEDIFF("year", account.founded, closeDate)', '-25', { closeDate: '2000-03-01', account: { founded: '2026-02-28' } }],
    ['DATEDIFF("second", seenAt, createdAt)', '-1', { seenAt: '2026-01-01T00:00:01.500Z', createdAt: '2026-01-01T00:00:00Z' }],
    ['DATEDIFF("hour", seenAt, NOW())', '338', { seenAt: '2026-03-01T08:00:00Z' }],
    ['DATEDIFF("month", seenAt, createdAt)', '0', { seenAt: '2026-01-31T12:00:00Z', createdAt: '2026-02-28T11:59:59.999Z' }],
    ['DATEDIFF("month", seenAt, createdAt)', '1', { seenAt: '2026-01-31T12:00:00Z', createdAt: '2026-02-28T12:00:00Z' }],
    ['closeDate < account.founded', 'true', { closeDate: '2024-01-01', account: { founded: '2024-01-02' } }],
    ['seenAt = createdAt', 'true', { seenAt: '2026-01-01T00:00:00.000Z', createdAt: '2026-01-01T00:00:00Z' }],
  ]);

  it("TODAY and TEXT of a date/time follow the tenant's time zone", async () => {
    const late = new Date('2026-03-15T23:30:00Z');
    expect(await both(db, 'TODAY()', {}, { context: { now: late, timeZone: 'Asia/Shanghai' } })).toBe('2026-03-16');
    expect(await both(db, 'TODAY()', {}, { context: { now: late, timeZone: 'America/Los_Angeles' } })).toBe('2026-03-15');
    expect(await both(db, 'TEXT(NOW())', {}, { context: { now: late, timeZone: 'Asia/Kolkata' } })).toBe('2026-03-16 05:00:00');
    expect(await both(db, 'TEXT(seenAt) & " / " & seenAt', { seenAt: '2026-07-01T12:00:00Z' }, { context: { timeZone: 'Europe/Berlin' } })).toBe('2026-07-01 14:00:00 / 2026-07-01 14:00:00');
  });
});

describe('DISTANCE in metres', () => {
  // Geodesic distances (WGS84) between city centres; the haversine on the mean sphere is within 0.5 %.
  const cities = {
    shanghai: { lat: 31.2304, lng: 121.4737 }, beijing: { lat: 39.9042, lng: 116.4074 },
    london: { lat: 51.5074, lng: -0.1278 }, paris: { lat: 48.8566, lng: 2.3522 },
    newYork: { lat: 40.7128, lng: -74.006 }, losAngeles: { lat: 34.0522, lng: -118.2437 },
    sydney: { lat: -33.8688, lng: 151.2093 }, melbourne: { lat: -37.8136, lng: 144.9631 },
  };
  it.each([
    ['shanghai', 'beijing', 1_067_000],
    ['london', 'paris', 343_900],
    ['newYork', 'losAngeles', 3_944_000],
    ['sydney', 'melbourne', 713_800],
  ] as const)('%s – %s ≈ %d m', async (a, b, metres) => {
    const value = Number(await both(db, 'DISTANCE(location, account.location)', { location: cities[a], account: { location: cities[b] } }));
    expect(Math.abs(value - metres) / metres).toBeLessThan(0.005);
  });

  table([
    ['DISTANCE(location, location)', '0', { location: { lat: 31.2304, lng: 121.4737 } }],
    ['DISTANCE(location, account.location)', '20015114.442', { location: { lat: 0, lng: 0 }, account: { location: { lat: 0, lng: 180 } } }],
    ['DISTANCE(location, account.location)', '10007557.221', { location: { lat: 0, lng: 0 }, account: { location: { lat: 90, lng: 0 } } }],
    // The FMCG rule: a check-in more than 200 m from the terminal.
    ['DISTANCE(location, account.location) > 200', 'true', { location: { lat: 31.2304, lng: 121.4737 }, account: { location: { lat: 31.2324, lng: 121.4737 } } }],
    ['DISTANCE(location, account.location) > 200', 'false', { location: { lat: 31.2304, lng: 121.4737 }, account: { location: { lat: 31.2314, lng: 121.4737 } } }],
    // NULL is NULL (PostgreSQL's least() skips NULLs: least(1, NULL) made it half the Earth round).
    ['DISTANCE(location, account.location)', null, { location: { lat: 1, lng: 2 }, account: null }],
    ['DISTANCE(IF(active, location), location)', null, { active: false, location: { lat: 1, lng: 2 } }],
    // Coordinates are read to the nano-degree: a float8 product underflowing to zero is an error in PostgreSQL.
    ['DISTANCE(location, account.location)', '0', { location: { lat: 1e-200, lng: -5e-324 }, account: { location: { lat: 0, lng: 0 } } }],
    ['DISTANCE(location, account.location)', '1.112', { location: { lat: 0.00001, lng: 0 }, account: { location: { lat: 0, lng: 0 } } }],
  ]);
});

it('reads coordinates to the nano-degree, rounding ties to even as PostgreSQL does', () => {
  expect([rint(2.5), rint(1.5), rint(-0.5), rint(-1.5), rint(0.49999999999999994), rint(31230400000.000004)]).toEqual([2, 2, -0, -2, 0, 31230400000]);
  expect(coordinate(1e-200)).toBe(0);
  expect(coordinate(31.2304)).toBe(31.2304);
});

describe('$User, lookups and rules', () => {
  it('reads the current user', async () => {
    const user = { email: 'li@example.cn', isAdmin: true, name: '李雷' };
    expect(await both(db, '$User.name & " <" & $User.email & ">"', {}, { context: { user } })).toBe('李雷 <li@example.cn>');
    expect(await both(db, 'IF($User.isAdmin, 1, 2)', {}, { context: { user } })).toBe('1');
    expect(await both(db, 'ISBLANK($User.role)', {}, { context: { user } })).toBe('true');
  });

  table([
    ['account.parent.name & "/" & account.name', '母公司/子公司', { account: { name: '子公司', parent: { name: '母公司' } } }],
    ['account.parent.name', null, { account: { name: 'x', parent: null } }],
    ['account.industry', null, { account: null }],
    ['ISBLANK(account)', 'false', { account: { name: 'x' } }],
  ]);

  it('reads through a lookup only live records (a target in the recycle bin reads as NULL in SQL)', async () => {
    const { id, record } = await insertLead(db, { account: { name: 'gone' } });
    await db.pool.query(`update "${db.schema}"."account" set "deletedAt" = now() where id = $1`, [(record.account as { id: string }).id]);
    const expression = mustCheck(db.model, 'account.name');
    const { sql } = await runBoth(db, [{ expression, id, record: { ...record, account: null }, context: { now: NOW } }]);
    expect(sql).toEqual([null]);
  });

  it('PRIORVALUE and ISCHANGED compare with the record before the change, and see a create as no change', async () => {
    const rules = { check: { rules: true } };
    const prior = { score: 1, status: 'New', location: { lat: 1, lng: 2 }, name: '旧' };
    expect(await both(db, 'ISCHANGED(score)', { score: 1.0 }, { ...rules, prior })).toBe('false');
    expect(await both(db, 'ISCHANGED(status)', { status: '已成交' }, { ...rules, prior })).toBe('true');
    expect(await both(db, 'ISCHANGED(location)', { location: { lat: 1, lng: 2.5 } }, { ...rules, prior })).toBe('true');
    expect(await both(db, 'ISCHANGED(location)', { location: { lat: 1, lng: 2 } }, { ...rules, prior })).toBe('false');
    expect(await both(db, 'ISCHANGED(name)', { name: null }, { ...rules, prior })).toBe('true');
    expect(await both(db, 'PRIORVALUE(name) & "→" & name', { name: '新' }, { ...rules, prior })).toBe('旧→新');
    expect(await both(db, 'ISCHANGED(status)', { status: 'New' }, { ...rules, prior: null })).toBe('false');
    expect(await both(db, 'ISBLANK(PRIORVALUE(status))', { status: 'New' }, { ...rules, prior: null })).toBe('true');
  });
});

it('the functions tested above are all the language has (a new one needs its cases here)', () => {
  expect([...FUNCTIONS.keys()].sort()).toEqual(['ABS', 'ADDDAYS', 'ADDMONTHS', 'AND', 'BEGINS', 'BLANKVALUE', 'CASE', 'CONTAINS', 'DATEDIFF', 'DISTANCE', 'IF', 'ISBLANK', 'ISCHANGED', 'LEN', 'NOT', 'NOW', 'OR', 'PRIORVALUE', 'REGEX', 'ROUND', 'TEXT', 'TODAY', 'VALUE']);
});
