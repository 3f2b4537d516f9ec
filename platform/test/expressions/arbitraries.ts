import fc from 'fast-check';

/**
 * Random well-typed expressions over the fixture's lead (fixture.ts) and random records for them:
 * each generator yields the source text of an expression of one type, built from the language's
 * every function and operator, NULL included, with literals and values chosen to reach the edges
 * (division by zero, dates at the ends of the supported years, empty texts, Chinese and astral text,
 * rounding ties).
 */
type T = 'number' | 'text' | 'boolean' | 'date' | 'datetime' | 'geo';

const CHARS = ['a', 'b', 'c', 'e', 'A', 'Z', '0', '1', '5', '9', ' ', '.', '-', '+', '_', '"', "'", '\\', '\n', '中', '文', '成', '交', '😀', 'é', '¥', '～', 'ß', '\uE000'];
export const textValue = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: fc.constantFrom(...CHARS), maxLength: 8 }) },
  { weight: 2, arbitrary: fc.constantFrom('', ' ', '12', ' 3.5 ', '1e5', '-0', '+2', '.5', '1.', 'abc', '1e99', '1e100', '0.125', '中文', '已成交', 'New', '😀x') },
);
const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;

const numberLiteral = fc.oneof(
  fc.integer({ min: 0, max: 100 }).map(String),
  fc.tuple(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 9999 })).map(([i, f]) => `${i}.${String(f).padStart(4, '0')}`),
  fc.constantFrom('0', '0.5', '2.5', '1.005', '3', '7', '1000000000000000', '0.0000001', '86400', '36500000'),
);
const REGEXES = ['^a', 'b$', '[a-z]+', '\\d{2,}', '中', '^.{2}$', '(ab|cd)', '[^0-9]', '\\w\\s', '^$', 'é', '[😀-😂]', '^[+-]?\\d+$', 'a.c', '\\.'];
const UNITS: Record<'date' | 'datetime', string[]> = { date: ['year', 'month', 'week', 'day'], datetime: ['year', 'month', 'week', 'day', 'hour', 'minute', 'second'] };

const LEAVES: Record<T, string[]> = {
  number: ['score', 'count', 'amount', 'rate', 'account.employees', 'account.parent.employees'],
  text: ['name', 'email', 'notes', 'status', 'owner', 'account', 'account.name', 'account.industry', 'account.parent.name', '$User.name', '$User.email'],
  boolean: ['active', '$User.isAdmin', 'TRUE', 'FALSE'],
  date: ['closeDate', 'account.founded', 'TODAY()'],
  datetime: ['seenAt', 'createdAt', 'NOW()'],
  geo: ['location', 'account.location', 'account.parent.location'],
};
const PRIOR_FIELDS: Record<T, string[]> = { number: ['score', 'amount'], text: ['name', 'status'], boolean: ['active'], date: ['closeDate'], datetime: ['seenAt'], geo: ['location'] };
const TYPES: T[] = ['number', 'text', 'boolean', 'date', 'datetime', 'geo'];
const SCALARS: T[] = ['number', 'text', 'boolean', 'date', 'datetime'];

export function expressionArb(type: T, depth: number, rules: boolean): fc.Arbitrary<string> {
  const memo = new Map<string, fc.Arbitrary<string>>();
  const gen = (t: T, d: number): fc.Arbitrary<string> => {
    const key = `${t}/${d}`;
    let arb = memo.get(key);
    if (!arb) {
      arb = build(t, d);
      memo.set(key, arb);
    }
    return arb;
  };
  const leaf = (t: T): fc.Arbitrary<string> => {
    const options: fc.WeightedArbitrary<string>[] = [{ weight: 6, arbitrary: fc.constantFrom(...LEAVES[t]) }, { weight: 1, arbitrary: fc.constant('NULL') }];
    if (t === 'number') options.push({ weight: 5, arbitrary: numberLiteral });
    if (t === 'text') options.push({ weight: 4, arbitrary: textValue.map(quote) });
    if (rules) options.push({ weight: 1, arbitrary: fc.constantFrom(...PRIOR_FIELDS[t]).map((f) => `PRIORVALUE(${f})`) });
    return fc.oneof(...options);
  };
  const build = (t: T, d: number): fc.Arbitrary<string> => {
    if (d === 0) return leaf(t);
    const sub = (u: T) => gen(u, d - 1);
    const anyScalar = fc.constantFrom(...SCALARS).chain((u) => sub(u));
    const anyType = fc.constantFrom(...TYPES).chain((u) => sub(u));
    const sameTyped = (k: number) => fc.constantFrom(...SCALARS).chain((u) => fc.array(sub(u), { minLength: k, maxLength: k }));
    const common: fc.Arbitrary<string>[] = [
      fc.tuple(gen('boolean', d - 1), sub(t), sub(t)).map(([c, a, b]) => `IF(${c}, ${a}, ${b})`),
      fc.tuple(gen('boolean', d - 1), sub(t)).map(([c, a]) => `IF(${c}, ${a})`),
      fc.tuple(sub(t), sub(t)).map(([a, b]) => `BLANKVALUE(${a}, ${b})`),
    ];
    if (t !== 'geo') {
      common.push(fc.constantFrom<T>('number', 'text', 'boolean', 'date').chain((u) =>
        fc.tuple(sub(u), fc.array(fc.tuple(sub(u), sub(t)), { minLength: 1, maxLength: 3 }), fc.option(sub(t))).map(([v, pairs, dflt]) =>
          `CASE(${v}, ${pairs.map(([m, r]) => `${m}, ${r}`).join(', ')}${dflt === null ? '' : `, ${dflt}`})`)));
    }
    const specific: fc.Arbitrary<string>[] = [];
    switch (t) {
      case 'number':
        specific.push(
          fc.tuple(sub('number'), fc.constantFrom('+', '-', '*', '/'), sub('number')).map(([a, op, b]) => `(${a} ${op} ${b})`),
          sub('number').map((a) => `-${a}`),
          fc.tuple(sub('number'), fc.integer({ min: -3, max: 6 })).map(([a, n]) => `ROUND(${a}, ${n})`),
          sub('number').map((a) => `ROUND(${a})`),
          sub('number').map((a) => `ABS(${a})`),
          sub('text').map((a) => `LEN(${a})`),
          sub('text').map((a) => `VALUE(${a})`),
          fc.constantFrom<'date' | 'datetime'>('date', 'datetime').chain((u) =>
            fc.tuple(fc.option(fc.constantFrom(...UNITS[u])), sub(u), sub(u)).map(([unit, a, b]) => `DATEDIFF(${unit === null ? '' : `"${unit}", `}${a}, ${b})`)),
          fc.constantFrom<'date' | 'datetime'>('date', 'datetime').chain((u) => fc.tuple(sub(u), sub(u)).map(([a, b]) => `(${a} - ${b})`)),
          fc.tuple(sub('geo'), sub('geo')).map(([a, b]) => `DISTANCE(${a}, ${b})`),
        );
        break;
      case 'text':
        specific.push(
          fc.tuple(anyScalar, anyScalar).map(([a, b]) => `(${a} & ${b})`),
          anyScalar.map((a) => `TEXT(${a})`),
        );
        break;
      case 'boolean':
        specific.push(
          fc.tuple(sameTyped(2), fc.constantFrom('=', '<>')).map(([[a, b], op]) => `(${a} ${op} ${b})`),
          fc.constantFrom<T>('number', 'text', 'date', 'datetime').chain((u) => fc.tuple(sub(u), fc.constantFrom('<', '<=', '>', '>='), sub(u))).map(([a, op, b]) => `(${a} ${op} ${b})`),
          fc.array(sub('boolean'), { minLength: 1, maxLength: 3 }).map((xs) => `AND(${xs.join(', ')})`),
          fc.array(sub('boolean'), { minLength: 1, maxLength: 3 }).map((xs) => `OR(${xs.join(', ')})`),
          sub('boolean').map((a) => `NOT(${a})`),
          anyType.map((a) => `ISBLANK(${a})`),
          fc.tuple(sub('text'), sub('text')).map(([a, b]) => `CONTAINS(${a}, ${b})`),
          fc.tuple(sub('text'), sub('text')).map(([a, b]) => `BEGINS(${a}, ${b})`),
          fc.tuple(sub('text'), fc.constantFrom(...REGEXES)).map(([a, p]) => `REGEX(${a}, ${quote(p)})`),
        );
        if (rules) specific.push(fc.constantFrom(...Object.values(PRIOR_FIELDS).flat()).map((f) => `ISCHANGED(${f})`));
        break;
      case 'date':
      case 'datetime':
        specific.push(
          fc.tuple(sub(t), sub('number')).map(([a, n]) => `ADDDAYS(${a}, ${n})`),
          fc.tuple(sub(t), sub('number')).map(([a, n]) => `ADDMONTHS(${a}, ${n})`),
          fc.tuple(sub(t), fc.constantFrom('+', '-'), sub('number')).map(([a, op, n]) => `(${a} ${op} ${n})`),
          fc.tuple(sub('number'), sub(t)).map(([n, a]) => `(${n} + ${a})`),
        );
        break;
      case 'geo':
        break;
    }
    return fc.oneof({ weight: 2, arbitrary: leaf(t) }, { weight: 2, arbitrary: fc.oneof(...common) }, ...(specific.length ? [{ weight: 5, arbitrary: fc.oneof(...specific) }] : []));
  };
  return gen(type, depth);
}

const DAY_MS = 86_400_000;
const DAY_0001 = -719162;
const DAY_9999 = 2932896;
const day = fc.oneof(
  { weight: 8, arbitrary: fc.integer({ min: -25567, max: 47482 }) }, // 1900–2100
  { weight: 1, arbitrary: fc.constantFrom(DAY_0001, DAY_0001 + 1, DAY_9999, DAY_9999 - 1, 0, 11016, 11017, 19782) },
);
const dateValue = day.map((d) => new Date(d * DAY_MS).toISOString().slice(0, 10));
const dateTimeValue = fc.tuple(day, fc.integer({ min: 0, max: DAY_MS - 1 })).map(([d, ms]) => new Date(d * DAY_MS + ms).toISOString());
const cents = (max: number) => fc.integer({ min: -max, max }).map((c) => c / 100);
const geoValue = fc.record({ lat: fc.double({ min: -90, max: 90, noNaN: true }), lng: fc.double({ min: -180, max: 180, noNaN: true }) });
const maybe = <V>(arb: fc.Arbitrary<V>) => fc.option(arb, { freq: 4 });

export const accountArb: fc.Arbitrary<Record<string, unknown>> = fc.letrec<{ account: Record<string, unknown> }>((tie) => ({
  account: fc.record({
    name: maybe(textValue), industry: maybe(fc.constantFrom('Tech', '制造')), employees: maybe(fc.integer({ min: -1000, max: 2_000_000 })),
    founded: maybe(dateValue), location: maybe(geoValue),
    parent: fc.oneof({ depthSize: 'small', withCrossShrink: true }, fc.constant(null), tie('account')),
  }),
})).account;

export const leadArb: fc.Arbitrary<Record<string, unknown>> = fc.record({
  name: maybe(textValue), score: maybe(cents(100_000_000_000)), count: maybe(fc.integer({ min: -2_147_483_648, max: 2_147_483_647 })),
  amount: maybe(cents(1_000_000_000).map((amount) => ({ amount, currency: 'EUR' }))), rate: maybe(cents(99_999)),
  active: maybe(fc.boolean()), closeDate: maybe(dateValue), seenAt: maybe(dateTimeValue), location: maybe(geoValue),
  account: maybe(accountArb), status: maybe(fc.constantFrom('New', '已成交')), email: maybe(textValue), notes: maybe(textValue),
  owner: maybe(fc.uuid()), createdAt: dateTimeValue,
});

export const contextArb = fc.record({
  now: fc.integer({ min: 631152000000, max: 2840140800000 }).map((ms) => new Date(ms)),
  timeZone: fc.constantFrom('UTC', 'Asia/Shanghai', 'America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'Pacific/Chatham'),
  user: fc.record({ name: maybe(textValue), email: maybe(textValue), isAdmin: maybe(fc.boolean()) }),
});

export const typeArb = fc.constantFrom<T>(...TYPES);
