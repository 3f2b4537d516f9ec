import type pg from 'pg';
import { loadDocumentItems, type SchemaModel } from '@tessera/platform';
import type { AssignmentRuleItem, DispatchRuleItem } from './definition.ts';

/** A tenant's items of one kind at one metadata version (every change of an item bumps it), read once. */
const cache = new Map<string, Promise<unknown[]>>();

async function itemsOf<T extends Record<string, unknown>>(db: pg.PoolClient, model: SchemaModel, kind: string): Promise<T[]> {
  const key = `${model.tenantId}:${model.version}:${kind}`;
  let items = cache.get(key);
  if (!items) {
    if (cache.size > 5000) cache.clear();
    items = loadDocumentItems<T>({ query: async <R>(text: string, values?: unknown[]) => (await db.query(text, values as unknown[])).rows as R[] }, model.tenantId, kind);
    cache.set(key, items);
    items.catch(() => cache.delete(key));
  }
  return items as Promise<T[]>;
}

const ordered = <T extends { order?: number; name: string; active?: boolean; object: string }>(items: T[], object?: string) =>
  items.filter((r) => r.active !== false && (!object || r.object === object)).sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.name < b.name ? -1 : 1));

/** The object's active assignment rules, in the order they are tried. */
export const assignmentRulesOf = async (db: pg.PoolClient, model: SchemaModel, object?: string) => ordered(await itemsOf<AssignmentRuleItem>(db, model, 'assignmentRule'), object);
/** The object's active dispatch rules, in order. */
export const dispatchRulesOf = async (db: pg.PoolClient, model: SchemaModel, object?: string) => ordered(await itemsOf<DispatchRuleItem>(db, model, 'dispatchRule'), object);
/** Every rule of either kind (active or not), as documents carry them: what the studio lists and edits. */
export const allRules = async (db: pg.PoolClient, model: SchemaModel) => ({
  assignmentRules: await itemsOf<AssignmentRuleItem>(db, model, 'assignmentRule'),
  dispatchRules: await itemsOf<DispatchRuleItem>(db, model, 'dispatchRule'),
});
