import { afterAll, beforeAll, expect, it } from 'vitest';
import { both, expressionDb, type ExpressionDb } from './fixture.ts';

let db: ExpressionDb;
beforeAll(async () => { db = await expressionDb(); });
afterAll(async () => { await db?.close(); });

it('smoke', async () => {
  const lead = { name: '张三', score: 61.5, count: 3, amount: { amount: 10.25, currency: 'EUR' }, active: true, closeDate: '2026-01-31', seenAt: '2026-03-01T08:00:00.123Z', location: { lat: 31.2304, lng: 121.4737 }, account: { name: 'Acme', industry: 'Tech', employees: 10, founded: '2000-02-29', location: { lat: 39.9042, lng: 116.4074 }, parent: { name: 'Root' } } };
  for (const s of ['IF(score >= 60, "hot", "cold")', 'score / 3', '1/3', 'name & "-" & score & active & closeDate', 'account.industry', 'account.parent.name', 'DISTANCE(location, account.location)', 'ADDMONTHS(closeDate, 1)', 'DATEDIFF("month", account.founded, closeDate)', 'TEXT(seenAt)', 'ADDDAYS(seenAt, 1.5)', 'VALUE(" 1e2 ")', 'REGEX(name, "^\\\\w")', 'TODAY()', 'NOW()', 'amount * 2', 'CASE(status, "New", 1, 2)', 'seenAt - ADDDAYS(seenAt, -0.25)', 'DATEDIFF("year", account.founded, closeDate)', 'ROUND(score, -1)', 'LEN(name)']) {
    console.log(s, '=>', await both(db, s, lead));
  }
});
