import type pg from 'pg';
import type { Principal } from '../auth/index.ts';
import type { SecurityContext } from '../security/model.ts';
import type { Tracer } from './trace.ts';
import type { Clock } from '../clock/index.ts';
import type { ApiLimits, CommandModel, ObjectModel, SchemaModel } from '../model/index.ts';

/** What a transaction's local-API callers (scripts, workflows) used so far; shared by every nested context. */
export interface LocalApiUsage {
  queries: number;
  rowsWritten: number;
}

/** Where a write came from, recorded by audit. */
export type Via = 'api' | 'studio' | 'cli' | 'script' | 'workflow' | 'import' | 'webForm' | 'system';

/**
 * What every operation runs with: the caller, the tenant's model at one metadata version, and the
 * transaction (a pg client inside BEGIN … COMMIT) that the whole operation shares.
 */
export interface OperationContext {
  principal: Principal;
  model: SchemaModel;
  limits: ApiLimits;
  db: pg.PoolClient;
  via: Via;
  pipeline: SaveRunner;
  /** Nesting of operations started by hooks (a trigger writing its own object), bounded by the pipeline. */
  depth: number;
  /** The caller's rights; absent for system writes (migrations, templates), which bypass them. */
  security?: SecurityContext;
  /** Set when the request asked for a trace of the steps it ran (`x-tessera-trace: 1`). */
  tracer?: Tracer;
  /** What the local API (scripts' ctx.db) used in this transaction; shared by nested contexts. */
  usage?: LocalApiUsage;
  /** Runs commands by their provider (a plugin's code, a script's action): the platform's dispatcher. */
  commands?: CommandRunner;
}

/** Runs a command whose rights and input `runCommand` has checked, by its provider. */
export type CommandRunner = (ctx: OperationContext, object: ObjectModel, command: CommandModel, args: { id: string; input: unknown }) => Promise<unknown>;

export type WriteKind = 'create' | 'update' | 'delete' | 'restore';

/** One batch flowing through the pipeline: new values (mutable in before-hooks) and, for updates, old ones. */
export interface SaveBatch {
  kind: WriteKind;
  object: ObjectModel;
  /** The records' input values (create/update), in batch order. */
  records: Record<string, unknown>[];
  /** The ids written (known after the write; for update/delete/restore, before it). */
  ids: string[];
  /** Old values by id, for updates and deletes (filled when a hook asks for them). */
  old?: Map<string, Record<string, unknown>>;
  /**
   * What the write changed, per record, computed once after it (by audit's collect hook) and read
   * by audit and change events alike: the records whose values changed (updates that changed
   * nothing are left out; deletes and restores carry no field changes), `[field, before, after]`
   * in API values.
   */
  changes?: RecordChange[];
  /**
   * Set by a write that stored exactly `records`' values, each record's fields as given (the update
   * verb): the database's clock at the write. Audit then takes the values after the write from the
   * values before and those written, as it does for creates, instead of reading the records again.
   */
  writtenAt?: string;
  /**
   * Inserts a hook leaves to go with a later one's statement (audit's entries go with the change
   * events' rows: one round trip for both); the pipeline sends whatever is left after its last step.
   */
  pending?: PendingInsert[];
  /**
   * A create's fields, per record, that the platform filled in with their defaults (`defaultValue`,
   * `defaultExpression`) rather than the caller giving them: field rights do not apply to those (a
   * rep who may only read `approvalStatus` still creates records that start `notSubmitted`).
   */
  defaulted?: Set<string>[];
  /** The write says its duplicates are meant (`allowDuplicates: true`): WARN duplicate rules let it through (BLOCK rules never do). */
  allowDuplicates?: boolean;
  /** Where record `i` of the batch is in the caller's input (`/data`, `/data/2`): what refusals about its fields point under. */
  pointer?: (index: number) => string;
  /**
   * A create's input records that a before-write hook answered with an existing record (a
   * re-inquiry reactivating a dormant lead): input index → that record's id. The hook takes them out
   * of `records` and `ids` (nothing is inserted for them); the create answers those ids in their place.
   */
  answered?: Map<number, string>;
}

/** An INSERT … SELECT (no WITH of its own; `$n` only as its parameters, from $1) sent with a later statement. */
export interface PendingInsert {
  text: string;
  params: unknown[];
}

/** What a create, update or upsert may say besides its data (every transport passes it on). */
export interface WriteOptions {
  /** Keep records that WARN duplicate rules find duplicates of (BLOCK rules still refuse). */
  allowDuplicates?: boolean;
}

/** One record's changes in a batch: `[field, before, after]` per field whose API value changed. */
export interface RecordChange {
  id: string;
  c: [field: string, before: unknown, after: unknown][];
}

/**
 * What runs at one step of the pipeline, for every write of every transport: of the objects and
 * write kinds it names (absent: all) and, for updates, when one of `fields` is written (absent: any).
 * Hooks of a step run in the order `before`/`after` declare (other hooks' names), else as added.
 */
export interface SaveHook {
  name: string;
  step: 'permissions' | 'beforeWrite' | 'afterWrite' | 'audit' | 'events';
  objects?: readonly string[];
  events?: readonly WriteKind[];
  fields?: readonly string[];
  before?: readonly string[];
  after?: readonly string[];
  run(ctx: OperationContext, batch: SaveBatch): Promise<void>;
}

/** The save pipeline as the operations run it (`SavePipeline` in pipeline.ts). */
export interface SaveRunner {
  readonly maxDepth: number;
  /** The platform's clock: what a write's assigned values (an auto-number's date) are taken from. */
  readonly clock: Clock;
  runStep(ctx: OperationContext, step: SaveHook['step'], batch: SaveBatch): Promise<void>;
  save(ctx: OperationContext, batch: SaveBatch, write: () => Promise<void>): Promise<void>;
}
