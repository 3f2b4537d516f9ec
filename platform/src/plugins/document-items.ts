import type { MetadataKind, Reference } from '../kinds/kind.ts';
import type { Capability } from '../security/model.ts';

type Item = Record<string, unknown>;

export interface DocumentItemsOptions<T extends Item> {
  /** Singular, camelCase (`leadPool`). */
  name: string;
  /** The document's key (`leadPools`). */
  documentKey: string;
  /** The JSON Schema of one item (validated by ajv, published at GET /metadata/schema). */
  schema: Record<string, unknown>;
  /** The item's name (unique in the kind). Default: its `name` property. */
  keyOf?(item: T): string;
  /** Who may change the kind (default `manageMetadata`). */
  capability?: Capability | 'admin';
  /** Kinds applied first (default `object`: items usually name objects). */
  after?: readonly string[];
  /** What an item uses (objects, fields…), for the dependants checks: its deletion is refused, or the use kept inert. */
  uses?(item: T): Reference[];
}

/**
 * A metadata kind whose items are stored as documents (`tessera.config_items`), for plugins whose
 * configuration needs no table of its own: validated by its JSON Schema, pulled and applied with the
 * rest of a tenant's configuration, recorded in the history, and protected from dangling
 * references by what `uses` declares (renames are refused while an item uses the name).
 */
export function documentItems<T extends Item>(options: DocumentItemsOptions<T>): MetadataKind<T> {
  const keyOf = options.keyOf ?? ((item: T) => String(item.name));
  return {
    name: options.name,
    documentKey: options.documentKey,
    schema: { $id: `tessera:${options.name}`, ...options.schema },
    versions: ['metadata'],
    capability: options.capability ?? 'manageMetadata',
    after: options.after ?? ['object'],
    keyOf,
    async load(reader) {
      const rows = await reader.sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [reader.tenantId, options.name]);
      return rows.map((r) => r.item);
    },
    async apply(tx, change) {
      const upper = options.name[0].toUpperCase() + options.name.slice(1);
      tx.record({ kind: options.name, action: `${change.action}${upper}`, target: change.key, before: change.before, after: change.after });
      if (change.action === 'delete') {
        await tx.sql.query('delete from tessera.config_items where tenant_id = $1 and kind = $2 and name = $3', [tx.tenantId, options.name, change.key]);
        return;
      }
      await tx.sql.query(
        `insert into tessera.config_items (tenant_id, kind, name, item, updated_at) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, kind, name) do update set item = excluded.item, updated_at = excluded.updated_at`,
        [tx.tenantId, options.name, keyOf(change.after!), JSON.stringify(change.after), tx.now]);
    },
    async references(reader) {
      if (!options.uses) return [];
      const rows = await reader.sql.query<{ name: string; item: T }>('select name, item from tessera.config_items where tenant_id = $1 and kind = $2', [reader.tenantId, options.name]);
      return rows.flatMap((r) => options.uses!(r.item).map((use) => ({ ...use, kind: options.name, item: r.name, handle: r.name })));
    },
  };
}

/** Reads a plugin kind's items of a tenant outside a change (e.g. in a command). */
export async function loadDocumentItems<T extends Item>(sql: { query<R>(text: string, values?: unknown[]): Promise<R[]> }, tenantId: string, kind: string): Promise<T[]> {
  const rows = await sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [tenantId, kind]);
  return rows.map((r) => r.item);
}
