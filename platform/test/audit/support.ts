import { expect } from 'vitest';
import type { FixtureTenant } from '../data-api-writes/fixture.ts';

export interface Entry {
  object: string;
  recordId: string;
  action: string;
  actorId: string | null;
  via: string;
  at: string;
  /** The changes as `{field: [before, after]}`. */
  changes: Record<string, [unknown, unknown]>;
}

/** The stored history entries of a record (or of every record of an object), oldest first, read with SQL. */
export async function entries(t: FixtureTenant, object: string, id?: string): Promise<Entry[]> {
  const rows = await t.sql(`select * from "${t.schema}"."_audit" where object = $1 and ($2::uuid is null or "recordId" = $2) order by at, id`, [object, id ?? null]);
  return rows.map((r) => ({ ...r, changes: Object.fromEntries((r.changes as [string, unknown, unknown][]).map(([f, b, a]) => [f, [b, a]])) }));
}

/** The data of an answer that must have no errors. */
export function ok(res: { data?: unknown; errors?: unknown[] }): any {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

/** Creates one record through the API; returns its id. */
export async function create(t: FixtureTenant, type: string, data: Record<string, unknown>): Promise<string> {
  const res = ok(await t.api(`mutation($d: ${type}CreateInput!) { create${type}(data: $d) { id } }`, { d: data }));
  return res[`create${type}`].id;
}

export async function update(t: FixtureTenant, type: string, id: string, data: Record<string, unknown>): Promise<void> {
  ok(await t.api(`mutation($id: ID!, $d: ${type}UpdateInput!) { update${type}(id: $id, data: $d) { id } }`, { id, d: data }));
}
