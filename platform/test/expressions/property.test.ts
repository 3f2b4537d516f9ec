import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { checkExpression, type EvaluationContext } from '../../src/expressions/index.ts';
import { contextArb, expressionArb, leadArb, typeArb } from './arbitraries.ts';
import { expressionDb, runBoth, type Case, type ExpressionDb } from './fixture.ts';

/**
 * The SQL and JavaScript back ends agree: random well-typed expressions (every function and
 * operator, NULLs, lookups two deep, rules with PRIORVALUE/ISCHANGED) over random records, evaluated
 * by the real PostgreSQL and by the evaluator, give the same canonical value — NULL included.
 *
 * Cases are checked BATCH at a time: one INSERT per table for the batch's records, then ONE
 * statement evaluating the batch's expressions, each a scalar subquery over its own record. A
 * failure names the case (no shrinking: every step would be a batch of SQL). `FUZZ_RUNS` cases in all (default 3,000 in the suite; `npm run test:long` runs 10,400),
 * `FUZZ_SEED` replays a run, `FUZZ_DEPTH` bounds expression nesting (default 4), `FUZZ_BATCH` sets the
 * cases per statement (default 100; 25 to 400 cost the same here: PostgreSQL's work is per expression).
 */
const RUNS = Number(process.env.FUZZ_RUNS ?? 3_000);
const SEED = Number(process.env.FUZZ_SEED ?? Date.now() % 2 ** 31);
const DEPTH = Number(process.env.FUZZ_DEPTH ?? 4);
const BATCH = Number(process.env.FUZZ_BATCH ?? 100);

let db: ExpressionDb;
beforeAll(async () => {
  db = await expressionDb();
});
afterAll(async () => {
  await db?.close();
});

const expressions = { false: new Map(), true: new Map() } as Record<'false' | 'true', Map<string, fc.Arbitrary<string>>>;
const expressionOf = (type: string, rules: boolean) => {
  const memo = expressions[String(rules) as 'false' | 'true'];
  if (!memo.has(type)) memo.set(type, expressionArb(type as never, DEPTH, rules));
  return memo.get(type)!;
};

const caseArb = fc.tuple(typeArb, fc.boolean(), fc.integer({ min: 0, max: 4 })).chain(([type, rulesCoin, priorCoin]) => {
  const rules = rulesCoin && priorCoin > 0;
  return fc.record({
    source: expressionOf(type, rules),
    rules: fc.constant(rules),
    lead: leadArb,
    // Rules: a prior record (an update) or none (a create).
    prior: rules && priorCoin > 1 ? leadArb : fc.constant(null),
    context: contextArb,
  });
});

type Generated = { source: string; rules: boolean; lead: Record<string, unknown>; prior: Record<string, unknown> | null; context: Omit<EvaluationContext, 'prior'> };

/** Fresh ids for a batch's records (generated values may repeat when shrinking), lookups as ids for the tables. */
function materialize(batch: readonly Generated[]) {
  const accounts: Record<string, unknown>[] = [];
  const leads: Record<string, unknown>[] = [];
  const withIds = (account: Record<string, unknown> | null): Record<string, unknown> | null => {
    if (!account) return null;
    const parent = withIds(account.parent as Record<string, unknown> | null);
    const nested = { ...account, id: randomUUID(), parent };
    accounts.push({ ...nested, parent: parent ? parent.id : null });
    return nested;
  };
  const lead = (l: Record<string, unknown>) => {
    const nested = { ...l, id: randomUUID(), account: withIds(l.account as Record<string, unknown> | null) };
    leads.push({ ...nested, account: nested.account ? (nested.account as { id: string }).id : null });
    return nested;
  };
  const cases = batch.map((g) => ({ g, record: lead(g.lead), prior: g.prior ? lead(g.prior) : null }));
  return { accounts, leads, cases };
}

let evaluated = 0;
let sqlMs = 0;
/** Per result type: cases, and how many were not NULL (a generator that only made NULLs would prove little). */
const outcomes: Record<string, { cases: number; values: number }> = {};

it(`the SQL and JavaScript back ends give the same value for ${RUNS} random expressions over random records`, async () => {
  console.log(`[expressions] seed ${SEED} (FUZZ_SEED=${SEED} replays it), ${RUNS} cases, depth ${DEPTH}`);
  const started = performance.now();
  const details = await fc.check(
    fc.asyncProperty(fc.array(caseArb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
      const { accounts, leads, cases } = materialize(batch as Generated[]);
      await db.insert('account', accounts);
      await db.insert('lead', leads);
      const runs: Case[] = cases.map(({ g, record, prior }) => {
        const checked = checkExpression(g.source, { model: db.model, object: 'lead', rules: g.rules });
        if (!checked.ok) throw new Error(`The generator made an ill-typed expression: ${g.source}\n${JSON.stringify(checked.problems)}`);
        return { expression: checked.expression, id: record.id as string, record, context: { ...g.context, prior: g.rules ? prior : undefined }, priorId: g.rules ? ((prior?.id as string) ?? null) : undefined };
      });
      const t0 = performance.now();
      let result;
      try {
        result = await runBoth(db, runs);
      } catch (error) {
        throw new Error(`${(error as Error).message}\n${await culprit(runs)}`);
      }
      sqlMs += performance.now() - t0;
      evaluated += runs.length;
      for (let i = 0; i < runs.length; i++) {
        const outcome = (outcomes[runs[i].expression.type] ??= { cases: 0, values: 0 });
        outcome.cases++;
        if (result.js[i] !== null) outcome.values++;
        if (result.js[i] !== result.sql[i]) {
          const g = cases[i].g;
          expect.fail(`${g.source}\n  JavaScript: ${JSON.stringify(result.js[i])}\n  SQL:        ${JSON.stringify(result.sql[i])}\n  record: ${JSON.stringify(cases[i].record)}\n  prior: ${JSON.stringify(cases[i].prior)}\n  context: ${JSON.stringify(g.context)}`);
        }
      }
    }),
    { numRuns: Math.max(1, Math.ceil(RUNS / BATCH)), seed: SEED, endOnFailure: true },
  );
  // The counterexample is a whole batch of records: the error names the failing case instead.
  if (details.failed) throw new Error(`seed ${SEED}, path ${details.counterexamplePath}: ${(details.errorInstance as Error)?.message}`);
  const seconds = (performance.now() - started) / 1000;
  console.log(`[expressions] ${evaluated} cases in ${seconds.toFixed(1)} s (${(sqlMs / 1000).toFixed(1)} s in the batched SQL statements); by type (cases/not NULL): ${Object.entries(outcomes).map(([t, o]) => `${t} ${o.cases}/${o.values}`).join(', ')}`);
  expect(evaluated).toBeGreaterThanOrEqual(RUNS * 0.9);
}, 600_000);

/** Which case of a failed statement fails alone. */
async function culprit(runs: readonly Case[]): Promise<string> {
  for (const run of runs) {
    try {
      await runBoth(db, [run]);
    } catch (error) {
      return `failing alone: ${run.expression.source}\n  ${(error as Error).message}`;
    }
  }
  return 'no case fails alone';
}
