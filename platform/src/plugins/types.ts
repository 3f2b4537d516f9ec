import type pg from 'pg';
import type { Readable } from 'node:stream';
import type { FileStorage } from '../files/index.ts';
import type { Principal } from '../auth/index.ts';
import type { Clock } from '../clock/index.ts';
import type { Subscriber } from '../events/index.ts';
import type { JobContext, JobOptions, EnqueueOptions } from '../jobs/index.ts';
import type { ChangeKind, MetadataKind } from '../kinds/kind.ts';
import type { CommandModel, ObjectModel, QueryArg, SchemaModel } from '../model/index.ts';
import type { CommandRunner, LocalApi, OperationContext, SaveBatch, SaveHook, Via, WriteKind } from '../operations/index.ts';
import type { ScriptingHost } from '../scripts/service.ts';
import type { TimerSpec } from '../timers/index.ts';

/** Text in the studio's languages (English always). */
export type Label = { en: string; zh?: string };

/**
 * A save hook as a plugin declares it: the step it runs at, the objects and write kinds it wants
 * (absent: all) and, for updates, the fields whose change wakes it (absent: any). Hooks of one step
 * run in the order their `before`/`after` declare (names of other hooks), never by registration.
 */
export interface PluginSaveHook {
  name: string;
  step: SaveHook['step'];
  objects?: readonly string[];
  events?: readonly WriteKind[];
  fields?: readonly string[];
  before?: readonly string[];
  after?: readonly string[];
  run(ctx: OperationContext, batch: SaveBatch): Promise<void>;
}

/** The platform services a plugin's code may use, with the caller's operation context when there is one. */
export interface PluginServices {
  clock: Clock;
  /** Enqueues one of the plugin's jobs (its name without the plugin's prefix). */
  enqueue(job: string, payload: unknown, options?: EnqueueOptions): Promise<string>;
  /** Schedules a timer that enqueues one of the plugin's jobs when due (key unique per tenant; scheduling it again moves it). */
  schedule(timer: Omit<TimerSpec, 'job'> & { job: string }): Promise<void>;
  cancelTimer(tenantId: string | null, key: string, tx?: pg.PoolClient): Promise<boolean>;
  /**
   * A tenant's model as the API has it: cached per metadata version (no query when current), so
   * `model.version` keys what a plugin derives from configuration that bumps it (workflows do).
   */
  model(tenantId: string): Promise<SchemaModel>;
  /** Schedules (or moves) many timers of one tenant in one statement, each enqueueing one of the plugin's jobs. */
  scheduleMany(tenantId: string | null, timers: (Omit<TimerSpec, 'job' | 'tenantId' | 'tx'> & { job: string })[], tx?: pg.PoolClient): Promise<void>;
  /** Cancels a tenant's timers by their keys, or up to `limit` whose key starts with `prefix`; how many there were. */
  cancelTimers(tenantId: string | null, which: { keys: string[] } | { prefix: string; limit: number }, tx?: pg.PoolClient): Promise<number>;
  /**
   * An operation context for background work (jobs, subscribers) in a tenant, in `tx`: the system —
   * no rights, no record access, as a command's `system` — with `via` (default `workflow`) and, as
   * the actor the history and change events record (createdBy, updatedBy, a created record's
   * default owner), `actorId` when the work acts for a user, else none. Writes go through the one
   * save pipeline (validation, rules, duplicates, history, events) as every write does.
   * `savepoints: false`: the API's writes are no units of their own (LocalApi): for work that
   * rolls back to its own savepoint on any failure.
   * `rights: 'actor'`: not the system but the actor with their own rights (security context, field
   * permissions, record access): for work a user asked for that runs later (an import).
   */
  asSystem(tenantId: string, tx: pg.PoolClient, options?: { actorId?: string | null; via?: Via; savepoints?: boolean; rights?: 'system' | 'actor' }): Promise<{ op: OperationContext; api: LocalApi }>;
  /**
   * An operation context acting as the user `userId` in a tenant, in `tx`: their rights at the
   * tenant's current security version (object and field rights, row-level access), as a request
   * of theirs would have. For background work done on a user's behalf that must see no more than
   * they may (an export job). An inactive or unknown user is refused (FORBIDDEN).
   */
  asUser(tenantId: string, tx: pg.PoolClient, userId: string, options?: { via?: Via }): Promise<{ op: OperationContext; api: LocalApi }>;
  /**
   * Offers a function (or any value) to the other plugins of this server under `<plugin>.<name>`
   * (the offering plugin's own name first: no clashes), until the plugin is uninstalled. How plugins
   * that know of each other call each other without a module-level registry: the approvals plugin
   * offers `approvals.submit` (a workflow's startApproval step), the workflows plugin
   * `workflows.approvalOutcome` (the approval-outcome trigger).
   */
  offer(name: string, value: unknown): void;
  /** What another plugin of this server offers under `name`, if it is installed. */
  use<T>(name: string): T | undefined;
  /** The timeline sources of every installed plugin, in plugin order (the record timeline merges them). */
  timelineSources?(): TimelineSource[];
}

/** One entry of a record's timeline: typed, with its actor and timestamp. */
export interface TimelineEntry {
  /** `activity`, `fieldChange`, `note`, `approval`, `pool`, `conversion`…: what the studio renders. */
  type: string;
  /** ISO 8601 with microseconds (`2025-03-01T08:00:00.123456Z`): entries sort by it, newest first. */
  at: string;
  /** Unique within the timeline (`<source>:<row id>`): the tie-breaker of entries of one instant. */
  key: string;
  actor: { id: string; name: string | null } | null;
  /** The record it belongs to when not the asked one (a converted lead's entries on its account). */
  record?: { object: string; id: string };
  data: Record<string, unknown>;
}

/**
 * A source of timeline entries, declared by a plugin (`timelineSources`): the record timeline asks
 * each for the entries of `records` (the asked record and those merged into it, e.g. the lead an
 * account was converted from) strictly older than `before` (at, key), newest first, at most `limit`.
 * The caller may read the asked record; a source leaves out what the caller may not see of it.
 */
export interface TimelineSource {
  name: string;
  entries(call: { op: OperationContext; services: PluginServices; records: { object: string; id: string }[]; before: { at: string; key: string } | null; limit: number }): Promise<TimelineEntry[]>;
}

/** What a command's code runs with: the caller's operation (their rights, their transaction) and the plugin's services. */
export interface CommandCall extends PluginServices {
  op: OperationContext;
  /** The records API as the caller, in the caller's transaction (find, get, create, update, delete, aggregate, runCommand). */
  api: LocalApi;
  /**
   * The records API as the system, in the same transaction: no rights, no record access (writes
   * still go through the save pipeline, validation and audit, as `via` the caller's). For what the
   * command exists to do beyond the caller's own rights (a rep claims a record they may only read);
   * everything else belongs in `api`.
   */
  system: LocalApi;
  object: ObjectModel;
  command: CommandModel;
  id: string;
  input: unknown;
}

/**
 * A command: a typed verb on records of some objects (`objects` names them, or `appliesTo` decides
 * per tenant object, e.g. every object with an owner). It becomes the mutation `<object><Name>(id,
 * input)`, `ctx.commands.run(object, name, id, input)` in scripts, and `tessera command` in the CLI.
 */
export interface PluginCommand {
  name: string;
  objects?: readonly string[];
  /**
   * Decided when the tenant's model is built (once per metadata version, never per request).
   * `tenant.items(kind)`: the live items (document form) of a metadata kind named in
   * `appliesToKinds` — e.g. a command only on objects that have an active manual workflow.
   */
  appliesTo?(object: ObjectModel, tenant: CommandTenant): boolean;
  /**
   * The metadata kinds (their `name`) whose items `appliesTo` reads: the model's (`configItems`,
   * loaded with the catalog). Such a kind's changes must bump the metadata version (`versions:
   * ['metadata']`, the default of documentItems), so the model, and the API, follow them.
   */
  appliesToKinds?: readonly string[];
  label?: Label;
  description?: string;
  /** JSON Schema of the input (draft 2020-12). */
  input?: Record<string, unknown>;
  /** The access the caller needs to the record (default `read`). */
  access?: 'read' | 'write';
  /** The object right the caller needs (default: read for `read` access, update for `write`). */
  permission?: 'read' | 'create' | 'update' | 'delete';
  capability?: string;
  run(call: CommandCall): Promise<unknown>;
}

/** What a command's `appliesTo` may read of the tenant beyond the object. */
export interface CommandTenant {
  /** The live items of a kind the command names in `appliesToKinds` (none for any other). */
  items(kind: string): readonly unknown[];
}

/** What a query's code runs with: the caller (rights applied by the verbs it calls) in a read-only transaction. */
export interface QueryCall extends PluginServices {
  op: OperationContext;
  api: LocalApi;
  input: unknown;
}

/** A read the plugin offers on `/graphql` as the root field `<name>(input: JSON): JSON`, or `<name>(<args>): JSON` with typed `args`. */
export interface PluginQuery {
  name: string;
  description?: string;
  /** JSON Schema of the input: the `input` argument, or the object of the typed `args`. */
  input?: Record<string, unknown>;
  /** Typed GraphQL arguments (scalars); the arguments given, as an object, are the input checked against `input`. */
  args?: Record<string, QueryArg>;
  capability?: string;
  run(call: QueryCall): Promise<unknown>;
}

/** A request to a plugin's route, transport-neutral. */
export interface RouteRequest {
  method: string;
  /** The path after `/plugins/<plugin>`. */
  path: string;
  params: Record<string, string>;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  /** The raw body (for signatures); present when the route asked for it. */
  rawBody?: Buffer;
  /** The body as it arrives, unread (`stream: true` routes: uploads too large to hold in memory). */
  stream?: Readable;
  /** The client's address (Express's `req.ip`: the socket's, or X-Forwarded-For's behind a trusted proxy). */
  ip?: string;
}

export interface RouteResponse {
  status?: number;
  headers?: Record<string, string>;
  /** JSON, a string, a Buffer, or a Readable streamed as it is read (a download). */
  body?: unknown;
}

/** What a route's code runs with: with `auth: 'apiKey'` (default) the caller's operation; public routes get none. */
export interface RouteCall extends PluginServices {
  request: RouteRequest;
  /** Present for authenticated routes: runs work in a transaction as the caller. */
  transaction?<T>(work: (op: OperationContext) => Promise<T>): Promise<T>;
  principal?: Principal;
}

/** An HTTP route under `/plugins/<plugin>`: `path` may hold `:param` segments. */
export interface PluginRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';
  path: string;
  /** `apiKey` (default): the caller signs in as for /graphql; `public`: anyone (check a signature yourself). */
  auth?: 'apiKey' | 'public';
  rawBody?: boolean;
  /** The body is handed over unread as `request.stream` (not limited to the server's body size). */
  stream?: boolean;
  handler(call: RouteCall): Promise<RouteResponse>;
}

/** A durable job; its queue name is `<plugin>/<name>`. */
export interface PluginJob<P = any> {
  name: string;
  options?: JobOptions & { concurrency?: number };
  run(payload: P, ctx: JobContext & PluginServices): Promise<void>;
}

/** A migration of the plugin's own: once system-wide, or once in every tenant's schema (new tenants included). */
export interface PluginMigration {
  id: string;
  scope: 'system' | 'tenant';
  up(db: pg.PoolClient, target: { schema?: string; tenantId?: string }): Promise<void>;
}

/** A block of a plugin's studio page, declared (the studio renders it; a plugin ships no browser code). */
export type StudioBlock =
  | { type: 'text'; text: Label }
  | { type: 'query'; query: string; title?: Label; input?: unknown }
  | { type: 'records'; object: string; title?: Label; fields?: string[] };

export interface StudioPage {
  /** The page's address inside the studio: `/x/<plugin>/<path>`. */
  path: string;
  title: Label;
  blocks: StudioBlock[];
}

export interface StudioSpec {
  nav?: { label: Label; page: string; capability?: string }[];
  pages?: StudioPage[];
}

/** What `setup` may reach of the platform beyond the services. */
export interface PluginPlatform {
  readonly pool: pg.Pool;
  /** Where uploaded files' bytes live, and the largest upload taken (an import spools its file there; an export's file goes there, a `_files` row of its owner). */
  readonly files?: { storage: FileStorage; maxBytes: number };
  scripting?: ScriptingHost;
}

/** A subscriber to change events; its name is prefixed with the plugin's. */
export type PluginSubscriber = Subscriber;

/**
 * A plugin, as `definePlugin` takes it. Everything is optional but the name and version; what it
 * declares, the platform wires in and takes out again when it is uninstalled.
 */
export interface PluginSpec {
  /** Lower-case letters, digits and `-`: it prefixes the plugin's jobs, subscribers and routes. */
  name: string;
  /** Semantic version. */
  version: string;
  /** Plugins it needs installed first, with a semver range each. */
  requires?: Record<string, string>;
  /** Plugins whose save hooks and kinds this one's come before / after (when both are there). */
  before?: readonly string[];
  after?: readonly string[];
  label?: Label;
  description?: string;
  metadataKinds?: readonly (MetadataKind | ChangeKind)[];
  saveHooks?: readonly PluginSaveHook[];
  commands?: readonly PluginCommand[];
  queries?: readonly PluginQuery[];
  /** Root mutations `<name>(<args>): JSON`, run as the caller in the request's write transaction (`call.op.db`). */
  mutations?: readonly PluginQuery[];
  routes?: readonly PluginRoute[];
  jobs?: readonly PluginJob[];
  subscribers?: readonly PluginSubscriber[];
  migrations?: readonly PluginMigration[];
  studio?: StudioSpec;
  /**
   * Runners of commands that other configuration declares, by provider kind: the script runtime
   * runs `script:<name>` commands (scripts' actions). A kind has one runner.
   */
  commandProviders?: Record<string, CommandRunner>;
  /** Sources of the record timeline (activities, field changes, approvals, pool moves…). */
  timelineSources?: readonly TimelineSource[];
  /** Runs once the rest is wired in; its return runs at uninstall. `platform` is for the platform's own plugins (the script runtime installs its host there). */
  setup?(services: PluginServices, platform: PluginPlatform): void | (() => void | Promise<void>) | Promise<void | (() => void | Promise<void>)>;
  /** Runs when the server stops (after background work stopped). */
  close?(): void | Promise<void>;
}

export interface Plugin extends Readonly<PluginSpec> {
  readonly kind: 'tessera-plugin';
}
