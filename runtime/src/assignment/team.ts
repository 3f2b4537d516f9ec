import type pg from 'pg';
import { addDuration, fieldType, parseDuration, type OperationContext } from '@tessera/platform';
import { usersOfAll, type Member } from '../people.ts';
import type { Performance } from './definition.ts';

/**
 * A team's reps in a stable order: the users listed (in their order), then a role's and a group's
 * active users by id (people.ts). Inactive users never receive records.
 */
export function teamOf(db: pg.PoolClient, tenantId: string, members: Member[] | undefined): Promise<string[]> {
  return usersOfAll(db, tenantId, members);
}

const table = (ctx: OperationContext, object: string) => `"${ctx.model.schema}"."${ctx.model.objects.get(object)!.catalog.tableName}"`;
const column = (ctx: OperationContext, object: string, field: string) => {
  const def = ctx.model.objects.get(object)!.catalog.definition.fields.find((f) => f.name === field)!;
  return `"${fieldType(def.type).columns(def)[0].column}"`;
};

/** Each user's current load: the records of the object they own (their private pool). */
export async function loads(ctx: OperationContext, object: string, users: string[]): Promise<Map<string, number>> {
  const { rows } = await ctx.db.query<{ owner: string; n: number }>(`select "ownerId" as owner, count(*)::int as n from ${table(ctx, object)} where "ownerId" = any($1::uuid[]) and "deletedAt" is null group by 1`, [users]);
  const out = new Map(users.map((u) => [u, 0]));
  for (const r of rows) out.set(r.owner, r.n);
  return out;
}

/**
 * Each rep's performance over the window before `now`, from the records of `p.object` they own that
 * were created in it: `amount` = the sum of `amountField` over those whose `field` is one of `won`;
 * `conversion` = how many of them are won / how many there are (0 with none).
 */
export async function performance(ctx: OperationContext, p: Performance, users: string[], now: Date): Promise<Map<string, number>> {
  // The window has no months or years (its schema): a fixed length back from now.
  const from = new Date(2 * now.getTime() - addDuration(now, parseDuration(p.window ?? 'P90D', '/performance/window')).getTime());
  const won = `${column(ctx, p.object, p.field)}::text = any($3::text[])`;
  const value = p.measure === 'amount' ? `coalesce(sum(${column(ctx, p.object, p.amountField!)}) filter (where ${won}), 0)::float8` : `(count(*) filter (where ${won}))::float8 / greatest(count(*), 1)`;
  const { rows } = await ctx.db.query<{ owner: string; v: number }>(
    `select "ownerId" as owner, ${value} as v from ${table(ctx, p.object)} where "ownerId" = any($1::uuid[]) and "deletedAt" is null and "createdAt" >= $2 and "createdAt" <= $4 group by 1`, [users, from, p.won, now]);
  const out = new Map(users.map((u) => [u, 0]));
  for (const r of rows) out.set(r.owner, Number(r.v));
  return out;
}
