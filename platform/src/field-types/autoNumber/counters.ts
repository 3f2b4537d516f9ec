import type { AssignTarget, Queryable } from '../field-type.ts';
import { qualified, quoteIdent, quoteLiteral } from '../../storage/sql/quote.ts';
import { periodSql, renderSql, type ParsedFormat } from './format.ts';

/**
 * The counters of a tenant's auto-numbers (`_counters` in its schema): one row per field and
 * period, holding the last number given. A create takes the next numbers with one
 * `INSERT … ON CONFLICT DO UPDATE … RETURNING` in its own transaction, which locks the row until
 * that transaction ends: numbers are gapless (a rollback gives them back, since the row goes back
 * too) and never reused (deleting records never lowers a counter). The price is that creates of
 * one field and period are serialised: a second transaction waits at its first create until the
 * first commits or rolls back. Rows are keyed by the field's id, so renames keep their counters.
 */
export function countersTableSql(schema: string): string {
  return `CREATE TABLE IF NOT EXISTS ${qualified(schema, '_counters')} (
      "fieldId" uuid NOT NULL,
      "period" text NOT NULL,
      "value" bigint NOT NULL,
      PRIMARY KEY ("fieldId", "period")
    )`;
}

/** Reserves `count` numbers of a counter in the caller's transaction; the first of them. */
export async function reserve(db: Queryable, schema: string, fieldId: string, period: string, count: number): Promise<number> {
  const { rows } = await db.query(
    `insert into ${qualified(schema, '_counters')} as k ("fieldId", "period", "value") values ($1, $2, $3)
     on conflict ("fieldId", "period") do update set "value" = k."value" + excluded."value" returning "value"`,
    [fieldId, period, count]);
  return Number(rows[0].value) - count + 1;
}

/**
 * Numbers every record of the table whose column is null (all of them when the field is new), in
 * (createdAt, id) order within each period, the period taken from the record's createdAt in the
 * tenant's time zone, continuing each period's counter. Deleted records are numbered too, so that
 * restoring one never needs a number another record has.
 */
export function fillSql(parsed: ParsedFormat, column: string, target: AssignTarget): string[] {
  const table = qualified(target.schema, target.table);
  const counters = qualified(target.schema, '_counters');
  const period = periodSql(parsed.period, 'local');
  const n = '(b."value" - c.n + todo.n)';
  return [
    countersTableSql(target.schema),
    `WITH src AS (SELECT id, "createdAt", ("createdAt" AT TIME ZONE ${quoteLiteral(target.timeZone)}) AS local FROM ${table} WHERE ${quoteIdent(column)} IS NULL),
todo AS (SELECT id, local, ${period} AS period, row_number() OVER (PARTITION BY ${period} ORDER BY "createdAt", id) AS n FROM src),
c AS (SELECT period, count(*) AS n FROM todo GROUP BY period),
b AS (INSERT INTO ${counters} AS k ("fieldId", "period", "value") SELECT ${quoteLiteral(target.fieldId)}::uuid, period, n FROM c
      ON CONFLICT ("fieldId", "period") DO UPDATE SET "value" = k."value" + excluded."value" RETURNING "period", "value")
UPDATE ${table} AS t SET ${quoteIdent(column)} = ${renderSql(parsed, n, 'todo.local')}
FROM todo JOIN c USING (period) JOIN b USING (period) WHERE t.id = todo.id`,
  ];
}
