import type { SchemaModel } from '../model/index.ts';
import type { ChangeTx, VersionName } from '../changes/index.ts';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { DependencyEvent, MetadataKind, Reference, Target } from '../kinds/kind.ts';
import { canonical } from '../metadata/planner.ts';
import { changeCatalog } from '../metadata/engine.ts';
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
  /** What a change bumps (default `metadata`: the tenant's API; none for what only the studio reads). */
  versions?: readonly VersionName[];
  /** Kinds applied first (default `object`: items usually name objects). */
  after?: readonly string[];
  /** The item with its defaults filled in: what is stored and pulled, and what a document is compared in. */
  normalize?(item: T): T;
  /** Checks JSON Schema cannot express (names that must exist), pointers relative to the kind's array (`/2/objects/0`). */
  check?(tx: ChangeTx, items: T[]): Promise<ErrorDetail[]>;
  /**
   * What an item uses (objects, fields…), each with what happens when it is renamed or deleted:
   * `refuse` the change, `follow` a rename, `prune` the use on deletion (the item lets go of it),
   * or `keep` it inert. Following and pruning rewrite the value at the use's pointer (`followUses`).
   */
  uses?(item: T): Reference[];
  /**
   * Properties that hold secrets (a webhook's signing secret): never read back — pulls, diffs and the
   * studio see SECRET_KEPT in their place — nor written to the history; an item applied with
   * SECRET_KEPT keeps the value stored. The model (`configItemsOf`) has the real values.
   */
  secrets?: readonly string[];
}

/** What a secret property reads as, and what keeps the stored value when applied (at least 16 characters: secrets' schemas ask for that). */
export const SECRET_KEPT = '(secret: kept as stored)';

/** The item with each of its `secrets` that has a value read as SECRET_KEPT (the item itself when it names none). */
export function redactSecrets<T extends Item>(item: T, secrets: readonly string[]): T {
  if (!secrets.length) return item;
  const copy: Item = { ...item };
  for (const key of secrets) if (copy[key] !== undefined) copy[key] = SECRET_KEPT;
  return copy as T;
}

/** Whether a use is of `target`: the thing itself, or (for an object) one of its fields. */
function isTo(use: Target, target: Target): boolean {
  return (use.kind === target.kind && use.name === target.name) || (target.kind === 'object' && use.kind === 'field' && use.name.startsWith(`${target.name}.`));
}

const steps = (pointer: string) => pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));

/** The new value of a renamed name: `lead` → `prospect`, `lead.phone` → `prospect.phone` or `lead.mobile`, `phone` → `mobile`. */
function renamed(value: unknown, event: Extract<DependencyEvent, { action: 'rename' }>): unknown {
  if (typeof value !== 'string') return value;
  if (event.target.kind === 'field') {
    const [object, field] = event.target.name.split('.');
    if (value === event.target.name) return `${object}.${event.to}`;
    return value === field ? event.to : value;
  }
  if (value === event.target.name) return event.to;
  return value.startsWith(`${event.target.name}.`) ? `${event.to}${value.slice(event.target.name.length)}` : value;
}

/**
 * An item after a rename or deletion of something it uses, as its uses say: each `follow` use's
 * value becomes the new name; each `prune` use is taken out (an array element, or a property);
 * `refuse` uses never get here (the change was refused), `keep` uses stay as they are.
 */
export function followUses<T extends Item>(item: T, uses: Reference[], event: DependencyEvent): T {
  const next = structuredClone(item) as Item;
  const affected = uses.filter((u) => isTo(u.target, event.target) && (event.action === 'rename' ? u.onRename === 'follow' : u.onDelete === 'prune'));
  // Deepest and last first, so that removing an array element leaves the other pointers right.
  const ordered = affected.map((u) => steps(u.pointer)).sort((a, b) => b.join('\u0000').localeCompare(a.join('\u0000'), undefined, { numeric: true }));
  for (const path of ordered) {
    let parent: any = next;
    for (const step of path.slice(0, -1)) parent = parent?.[step];
    const last = path.at(-1)!;
    if (parent === null || typeof parent !== 'object' || !(last in parent)) continue;
    if (event.action === 'rename') parent[last] = renamed(parent[last], event);
    else if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  }
  return next as T;
}

/**
 * A metadata kind whose items are stored as documents (`tessera.config_items`), for configuration
 * that needs no table of its own (plugins' kinds, and the platform's apps): validated by its JSON
 * Schema, pulled and applied with the rest of a tenant's configuration, recorded in the history,
 * and kept consistent with what it uses: by what `uses` declares, a rename or deletion is refused,
 * followed, pruned from the item, or left inert.
 */
export function documentItems<T extends Item>(options: DocumentItemsOptions<T>): MetadataKind<T> {
  const keyOf = options.keyOf ?? ((item: T) => String(item.name));
  const normalize = options.normalize ?? ((item: T) => item);
  const upper = options.name[0].toUpperCase() + options.name.slice(1);
  const secrets = options.secrets ?? [];
  const redact = (item: T | null): T | null => (item ? redactSecrets(item, secrets) : item);
  /** The item to store: each SECRET_KEPT replaced by the value stored (a new item must give its secrets). */
  const unredact = async (tx: ChangeTx, key: string, item: T | null): Promise<T | null> => {
    if (!item || !secrets.some((k) => item[k] === SECRET_KEPT)) return item;
    const [row] = await tx.sql.query<{ item: Item }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 and name = $3', [tx.tenantId, options.name, key]);
    const copy: Item = { ...item };
    for (const k of secrets) {
      if (copy[k] !== SECRET_KEPT) continue;
      if (row?.item[k] === undefined) throw new PlatformError('VALIDATION_FAILED', `The ${options.name} ${key} has no stored ${k} to keep: give one`, { details: [{ pointer: `/${options.documentKey}/${key}/${k}`, message: 'no stored value to keep' }] });
      copy[k] = row.item[k];
    }
    return copy as T;
  };
  const store = async (tx: ChangeTx, action: 'create' | 'update' | 'delete', key: string, before: T | null, after: T | null) => {
    tx.record({ kind: options.name, action: `${action}${upper}`, target: key, before: redact(before), after: redact(after) });
    if (action !== 'create') await tx.sql.query('delete from tessera.config_items where tenant_id = $1 and kind = $2 and name = $3', [tx.tenantId, options.name, key]);
    if (!after) return;
    await tx.sql.query(
      `insert into tessera.config_items (tenant_id, kind, name, item, updated_at) values ($1, $2, $3, $4, $5)
       on conflict (tenant_id, kind, name) do update set item = excluded.item, updated_at = excluded.updated_at`,
      [tx.tenantId, options.name, keyOf(after), JSON.stringify(after), tx.now]);
  };
  /** The change's catalog gets the kind's items as they now are (the model handed over at commit is built from it). */
  const refresh = async (tx: ChangeTx) => {
    const catalog = await changeCatalog(tx);
    if (!catalog.configItems || options.name === 'duplicateRule' || options.name === 'validationRule') return;
    const rows = await tx.sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [tx.tenantId, options.name]);
    catalog.configItems.set(options.name, rows.map((r) => r.item));
  };
  return {
    name: options.name,
    documentKey: options.documentKey,
    schema: { $id: `tessera:${options.name}`, ...options.schema },
    versions: options.versions ?? ['metadata'],
    capability: options.capability ?? 'manageMetadata',
    after: options.after ?? ['object'],
    keyOf,
    ...(options.normalize ? { normalize } : {}),
    ...(options.check ? { check: options.check } : {}),
    async load(reader) {
      const rows = await reader.sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [reader.tenantId, options.name]);
      return rows.map((r) => redact(r.item)!);
    },
    removes: true,
    async apply(tx, change) {
      await store(tx, change.action, change.key, change.before, await unredact(tx, change.key, change.after && normalize(change.after)));
      await refresh(tx);
    },
    async references(reader) {
      if (!options.uses) return [];
      const rows = await reader.sql.query<{ name: string; item: T }>('select name, item from tessera.config_items where tenant_id = $1 and kind = $2', [reader.tenantId, options.name]);
      return rows.flatMap((r) => options.uses!(r.item).map((use) => ({ ...use, kind: options.name, item: r.name, handle: r.name })));
    },
    async follow(tx, ref, event) {
      const [row] = await tx.sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 and name = $3', [tx.tenantId, options.name, ref.handle]);
      if (!row || !options.uses) return '';
      const next = normalize(followUses(row.item, options.uses(row.item), event));
      if (canonical(next) === canonical(row.item)) return '';
      await store(tx, 'update', ref.handle, row.item, next);
      await refresh(tx);
      const what = event.target.kind === 'field' ? `the field ${event.target.name}` : `the ${event.target.kind} ${event.target.name}`;
      return event.action === 'rename' ? `the ${options.name} ${ref.item} follows the rename of ${what}` : `the ${options.name} ${ref.item} lets go of ${what}`;
    },
  };
}

/**
 * A plugin kind's items as the tenant's model has them (`model.configItems`: loaded with the catalog,
 * refreshed by the change that touches them, so current at the model's metadata version). What the
 * request path reads: no statement, and no cache of its own per plugin.
 */
export function configItemsOf<T>(model: SchemaModel, kind: string): T[] {
  return (model.configItems?.get(kind) ?? []) as T[];
}

/** Reads a plugin kind's items of a tenant outside a change (e.g. in a command). */
export async function loadDocumentItems<T extends Item>(sql: { query<R>(text: string, values?: unknown[]): Promise<R[]> }, tenantId: string, kind: string): Promise<T[]> {
  const rows = await sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2 order by name', [tenantId, kind]);
  return rows.map((r) => r.item);
}
