import type { ChangeTx, ConfigReader, VersionName } from '../changes/index.ts';
import type { ErrorDetail } from '../errors/index.ts';
import type { AppliedChange } from '../metadata/changes.ts';
import type { Capability } from '../security/model.ts';

/**
 * Something the configuration history records: every kind of metadata, and the security changes
 * that are not part of a document (users, API keys, manual shares).
 */
export interface ChangeKind {
  /** Singular, camelCase: `role`, `listView`. History entries carry it. */
  name: string;
  /** The versions a change of this kind bumps: `metadata` (the tenant's API), `security` (rights), or none. */
  versions: readonly VersionName[];
  /** Who may change it: holders of a capability, or administrators only. */
  capability: Capability | 'admin';
  /** Who may read its history (default: whoever may change it). */
  historyCapability?: Capability;
  /** Its changes run under the rights guard (security/guard.ts): no one gains a right the author lacks. */
  guarded?: boolean;
}

/** Something a stored item uses: an object, a field (`lead.amount`), a role, a group, a user (by e-mail), or an item of any kind. */
export interface Target {
  kind: string;
  name: string;
}

/**
 * One use of a target by an item, and what happens to the item when the target goes away or is
 * renamed: `refuse` (the change is refused with CONFLICT naming the item), `prune` (the use is
 * removed from the item: safe, the item shows less), `follow` (the item is rewritten to the new
 * name), `keep` (nothing: the use is inert while the target is deleted, and back with a restore).
 */
export interface Reference {
  target: Target;
  /** Where in the item (a JSON pointer into its document form). */
  pointer: string;
  onDelete: 'refuse' | 'prune' | 'keep';
  onRename: 'refuse' | 'follow';
}

/** A reference made by one stored item: the item's kind and name, and the kind's own handle to it. */
export interface StoredReference extends Reference {
  kind: string;
  /** The item's name as documents and dependants lists name it. */
  item: string;
  /** Whatever the kind needs to find the item again (its row id). */
  handle: string;
}

/** A rename or deletion that items may depend on. */
export type DependencyEvent =
  | { action: 'delete'; target: Target }
  | { action: 'rename'; target: Target; to: string };

/** A dependant as refusals list it (`extensions.dependants`). */
export interface Dependant {
  kind: string;
  name: string;
  pointer?: string;
}

/** One item to create, change or remove, as a kind's diff plans it. */
export interface ItemChange<Item> {
  action: 'create' | 'update' | 'delete';
  /** The item's name. */
  key: string;
  /** Where the wanted item is in the document (`/roles/2`). */
  pointer: string;
  before: Item | null;
  after: Item | null;
}

/**
 * A kind of metadata: what a plugin registers to have its configuration validated, diffed,
 * applied, pulled and pushed with the rest (`applyMetadata`, `tessera metadata pull|apply`),
 * recorded in the history, and protected from dangling references.
 *
 * Items are named, never identified by ids, so a tenant's configuration round-trips: what `load`
 * returns, applied to another tenant, is loaded back the same. Ids, secrets and people are not
 * configuration: a user is named by e-mail, and must exist where the document is applied.
 */
export interface MetadataKind<Item = any> extends ChangeKind {
  /** The document's top-level key (`roles`); a document without it leaves the kind alone. */
  documentKey: string;
  /** The JSON Schema of one item (draft 2020-12, `$id` `tessera:<name>`), validated by ajv and published at GET /metadata/schema. */
  schema: Record<string, unknown>;
  /** Kinds whose items this kind's items use: they are applied first (and removals of theirs last). */
  after?: readonly string[];
  /** The item's name in documents and dependants lists (unique within the kind). */
  keyOf(item: Item): string;
  /** The live items, in document form, in a stable order (what `metadata pull` writes). */
  load(reader: ConfigReader): Promise<Item[]>;
  /** The item as `load` would return it once applied (defaults filled in), to compare with what is live. */
  normalize?(item: Item): Item;
  /** Checks JSON Schema cannot express (names that must exist…), against the configuration as the change has left it; pointers relative to the kind's array (`/2/object`). */
  check?(tx: ChangeTx, items: Item[]): Promise<ErrorDetail[]>;
  /**
   * The changes that make the live items look like the wanted ones. Default: items are matched by
   * name; a new one is created, a different one updated, one the document does not name is left
   * alone (as objects are).
   */
  diff?(current: Item[], wanted: Item[]): ItemChange<Item>[];
  /** Applies one change in the change's transaction; may add notes (and the DDL it ran) for the plan. */
  apply(tx: ChangeTx, change: ItemChange<Item>): Promise<{ notes?: string[]; object?: string; statements?: string[] } | void>;
  /** `apply` also takes `delete` changes (documents never send them; `metadata rollback` removes items made since with them). */
  removes?: boolean;
  /**
   * Applies the kind's section of a document itself, for kinds whose changes need planning of their
   * own (objects: DDL). `late` runs after every kind's creates and updates (removals, in reverse order).
   */
  applySection?(tx: ChangeTx, wanted: Item[], pointer: string): Promise<{ applied: AppliedChange[]; late?: () => Promise<AppliedChange[]> }>;
  /** What the kind's stored items use (every item, personal ones included), for dependants checks. */
  references?(reader: ConfigReader): Promise<StoredReference[]>;
  /** Rewrites one item after a rename (`follow`) or deletion (`prune`) of something it uses; returns a note for the plan. */
  follow?(tx: ChangeTx, reference: StoredReference, event: DependencyEvent): Promise<string>;
}
