import type { ObjectModel } from '../model/model.ts';
import { changesJson, type OperationContext, type PendingInsert } from '../operations/index.ts';
import { qualified } from '../storage/sql/quote.ts';
import { auditPlan, rowValues, type Change, type Values } from './values.ts';

/** One history entry to write: the record and its changes. */
export interface Entry {
  id: string;
  c: Change[];
}

/** The table of record history in a tenant's schema. */
export const auditTable = (schema: string) => qualified(schema, '_audit');

/**
 * API values of the given live records, in one query (locked with `lock`, as the write will), and
 * the database's clock when they were read.
 */
export async function readValues(ctx: OperationContext, object: ObjectModel, ids: string[], lock = false): Promise<{ at: string; values: Map<string, Values> }> {
  const plan = auditPlan(object, ctx.model.schema);
  const { rows } = await ctx.db.query(
    `select clock_timestamp()::text as "__at", ${plan.select} from ${qualified(ctx.model.schema, object.catalog.tableName)} where id = any($1::uuid[]) and "deletedAt" is null${lock ? ' for update' : ''}`, [ids]);
  return { at: rows[0]?.__at ?? (await clock(ctx)), values: new Map(rows.map((row) => [row.id as string, rowValues(plan, row)])) };
}

/** The database's clock now (not the transaction's start): entries of one transaction keep their order. */
export async function clock(ctx: OperationContext): Promise<string> {
  return (await ctx.db.query('select clock_timestamp()::text as at')).rows[0].at;
}

/** Which of the ids are live records (not soft-deleted), in one query. */
export async function liveIds(ctx: OperationContext, object: ObjectModel, ids: string[]): Promise<Set<string>> {
  const { rows } = await ctx.db.query(`select id from ${qualified(ctx.model.schema, object.catalog.tableName)} where id = any($1::uuid[]) and "deletedAt" is null`, [ids]);
  return new Set(rows.map((r) => r.id as string));
}

/** Writes one history entry per record, all at `at`, in one INSERT … SELECT. */
export async function writeEntries(ctx: OperationContext, object: ObjectModel, action: string, at: string, entries: Entry[]): Promise<void> {
  if (entries.length === 0) return;
  const { text, params } = entriesInsert(ctx, object, action, at, entries);
  await ctx.db.query(text, params);
}

/** The INSERT … SELECT of writeEntries (sent by itself, or with the change events' rows: pending). */
export function entriesInsert(ctx: OperationContext, object: ObjectModel, action: string, at: string, entries: Entry[]): PendingInsert {
  const head = `insert into ${auditTable(ctx.model.schema)} ("object", "recordId", "action", "actorId", "via", "at", "changes")`;
  const params = [object.name, action, ctx.principal.userId ?? null, ctx.via, at];
  if (entries.every((e) => e.c.length === 0)) return { text: `${head} select $1, unnest($6::uuid[]), $2, $3, $4, $5::timestamptz, '[]'::jsonb`, params: [...params, entries.map((e) => e.id)] };
  // [[id, changes], …] parsed once into jsonb and taken apart without re-parsing (json_to_recordset
  // of objects costs about twice as much for a bulk create).
  return { text: `${head} select $1, (x.e->>0)::uuid, $2, $3, $4, $5::timestamptz, x.e->1 from jsonb_array_elements($6::jsonb) as x(e)`, params: [...params, changesJson(entries)] };
}
