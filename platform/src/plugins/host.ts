import type pg from 'pg';
import type { Logger } from 'pino';
import semver from 'semver';
import type { Clock } from '../clock/index.ts';
import { PlatformError } from '../errors/index.ts';
import type { EventBus } from '../events/index.ts';
import type { JobQueue } from '../jobs/index.ts';
import type { KindRegistry } from '../kinds/registry.ts';
import type { CommandModel, QueryModel, SchemaModel } from '../model/index.ts';
import { checkInput, commandInputRequired, LocalApi, type CommandRunner, type OperationContext, type SavePipeline, type Via } from '../operations/index.ts';
import type { Timers } from '../timers/index.ts';
import { orderByConstraints } from '../util/order.ts';
import { runSystemMigrations, runTenantMigrations } from './migrations.ts';
import { matchRoute } from './routes.ts';
import { configItemsOf } from './document-items.ts';
import type { CommandTenant, Plugin, PluginPlatform, PluginQuery, PluginRoute, PluginServices, StudioSpec } from './types.ts';

/** What the host wires plugins into. */
export interface PluginHostServices {
  pool: pg.Pool;
  pipeline: SavePipeline;
  kinds: KindRegistry;
  jobs: JobQueue;
  events: EventBus;
  timers: Timers;
  clock: Clock;
  /** Every tenant's schema (tenant migrations run in each at install). */
  tenants(): Promise<{ id: string; schema: string }[]>;
  /** The plugins' commands changed: models must be rebuilt (their APIs with them). */
  commandsChanged(): void;
  /** An operation context as the system in a tenant (PluginServices.asSystem). */
  systemContext(tenantId: string, tx: pg.PoolClient, options: { actorId?: string | null; via?: Via; rights?: 'system' | 'actor' }): Promise<OperationContext>;
  /** The platform, for plugins' `setup`. */
  platform(): PluginPlatform;
  /** A tenant's model as the API has it (PluginServices.model). */
  model?(tenantId: string): Promise<SchemaModel>;
  logger?: Logger;
}

/** Runs commands whose provider is not a plugin's own code (the script runtime runs scripts' actions). */
export type CommandProvider = CommandRunner;

interface Installed {
  plugin: Plugin;
  /** Undo steps, run in reverse at uninstall. */
  undo: (() => void | Promise<void>)[];
}

/** A plugin as the studio and `/metadata` list it. */
export interface PluginSummary {
  name: string;
  version: string;
  label: { en: string; zh?: string };
  description: string | null;
  studio: StudioSpec;
  requires: Record<string, string>;
}

/**
 * The plugins installed on this server and what they wired in: save hooks (ordered by what they
 * declare), metadata kinds, commands (a tenant's model gets those that apply to its objects),
 * queries, routes, jobs, subscribers, migrations (system-wide at install, per tenant schema at
 * install and for new tenants) and studio pages. Uninstalling takes every part out again, in
 * reverse; data a plugin's migrations made stays.
 */
export class PluginHost {
  private readonly installed = new Map<string, Installed>();
  private readonly providers = new Map<string, CommandProvider>();
  /** What plugins offer each other (`services.offer`), by name, with the plugin that offered it. */
  private readonly offered = new Map<string, { plugin: string; value: unknown }>();
  private readonly services: PluginHostServices;
  private tenantsDone = new Map<string, Set<string>>();

  constructor(services: PluginHostServices) {
    this.services = services;
  }

  /** The installed plugins, in dependency order. */
  list(): Plugin[] {
    return [...this.installed.values()].map((i) => i.plugin);
  }

  has(name: string): boolean {
    return this.installed.has(name);
  }

  summaries(): PluginSummary[] {
    return this.list().map((p) => ({ name: p.name, version: p.version, label: p.label ?? { en: p.name }, description: p.description ?? null, studio: p.studio ?? {}, requires: { ...p.requires } }));
  }

  /** Registers who runs the commands of a provider kind (`script`). */
  provide(kind: string, run: CommandProvider): () => void {
    if (this.providers.has(kind)) throw new PlatformError('CONFLICT', `Commands of the provider "${kind}" already have a runner`);
    this.providers.set(kind, run);
    this.services.commandsChanged();
    return () => { if (this.providers.get(kind) === run) { this.providers.delete(kind); this.services.commandsChanged(); } };
  }

  /**
   * Installs a plugin: its requirements must be installed in range; then every part is wired in,
   * and a failure part-way takes out what was wired (nothing half-installed stays).
   */
  async install(plugin: Plugin): Promise<void> {
    if (plugin?.kind !== 'tessera-plugin') throw new PlatformError('BAD_USER_INPUT', 'Not a plugin: declare it with definePlugin');
    if (this.installed.has(plugin.name)) throw new PlatformError('CONFLICT', `The plugin ${plugin.name} is already installed`);
    for (const [name, range] of Object.entries(plugin.requires ?? {})) {
      const other = this.installed.get(name)?.plugin;
      if (!other) throw new PlatformError('CONFLICT', `The plugin ${plugin.name} requires ${name} ${range}, which is not installed`, { extensions: { plugin: plugin.name, requires: name } });
      if (!semver.satisfies(other.version, range)) throw new PlatformError('CONFLICT', `The plugin ${plugin.name} requires ${name} ${range}; ${other.version} is installed`, { extensions: { plugin: plugin.name, requires: name } });
    }
    const entry: Installed = { plugin, undo: [] };
    // What it offers other plugins goes with it (the last thing undone).
    entry.undo.push(() => { for (const [key, offer] of this.offered) if (offer.plugin === plugin.name) this.offered.delete(key); });
    const { pipeline, kinds, jobs, events } = this.services;
    try {
      // Its hooks run after (or before) those of the plugins it names, unless a hook says otherwise.
      const others = (names: readonly string[] | undefined) => (names ?? []).flatMap((n) => this.installed.get(n)?.plugin.saveHooks?.map((h) => `${n}:${h.name}`) ?? []);
      for (const hook of plugin.saveHooks ?? []) {
        const name = `${plugin.name}:${hook.name}`;
        // A name without a plugin (`x`) is one of this plugin's hooks; `other:x` is another plugin's.
        const local = (names: readonly string[] | undefined) => (names ?? []).map((n) => (n.includes(':') ? n : `${plugin.name}:${n}`));
        pipeline.use({ ...hook, name, before: [...local(hook.before), ...others(plugin.before)], after: [...local(hook.after), ...others(plugin.after)] });
        entry.undo.push(() => { pipeline.remove(name); });
      }
      for (const kind of plugin.metadataKinds ?? []) {
        kinds.register(kind);
        entry.undo.push(() => { kinds.unregister(kind.name); });
      }
      for (const job of plugin.jobs ?? []) {
        const name = this.jobName(plugin, job.name);
        jobs.define(name, (payload, ctx) => job.run(payload, { ...ctx, ...this.servicesFor(plugin) }), job.options);
        entry.undo.push(() => jobs.undefine(name));
      }
      for (const subscriber of plugin.subscribers ?? []) {
        entry.undo.push(events.subscribe({ ...subscriber, name: `${plugin.name}:${subscriber.name}` }));
      }
      const migrations = plugin.migrations ?? [];
      if (migrations.some((m) => m.scope === 'system')) await runSystemMigrations(this.services.pool, plugin);
      if (migrations.some((m) => m.scope === 'tenant')) {
        for (const tenant of await this.services.tenants()) await this.migrateTenant(plugin, tenant.id, tenant.schema);
      }
      for (const [kind, run] of Object.entries(plugin.commandProviders ?? {})) entry.undo.push(this.provide(kind, run));
      if (plugin.setup) {
        const teardown = await plugin.setup(this.servicesFor(plugin), this.services.platform());
        if (typeof teardown === 'function') entry.undo.push(teardown);
      }
      this.installed.set(plugin.name, entry);
      this.reorder();
      if (plugin.commands?.length || plugin.queries?.length || plugin.mutations?.length) this.services.commandsChanged();
      this.services.logger?.info({ plugin: plugin.name, version: plugin.version }, 'plugin installed');
    } catch (error) {
      await this.unwind(entry);
      throw error;
    }
  }

  /** Takes a plugin out: refused while another installed plugin requires it. Its data stays. */
  async uninstall(name: string): Promise<boolean> {
    const entry = this.installed.get(name);
    if (!entry) return false;
    const dependants = this.list().filter((p) => p.requires && name in p.requires).map((p) => p.name);
    if (dependants.length) throw new PlatformError('CONFLICT', `The plugin ${name} is required by ${dependants.join(', ')}`, { extensions: { dependants } });
    this.installed.delete(name);
    for (const done of this.tenantsDone.values()) done.delete(name);
    await this.unwind(entry);
    // What it holds beyond its parts (processes, threads) goes with it.
    await entry.plugin.close?.();
    if (entry.plugin.commands?.length || entry.plugin.queries?.length || entry.plugin.mutations?.length) this.services.commandsChanged();
    this.services.logger?.info({ plugin: name }, 'plugin uninstalled');
    return true;
  }

  /** Closes every plugin (the server stops); they stay installed. */
  async close(): Promise<void> {
    for (const plugin of this.list().reverse()) await plugin.close?.();
  }

  /**
   * The plugins' commands that apply to a tenant's objects (their provider is `plugin:<name>`); an
   * `appliesTo` reads the model's items of the kinds it names (`appliesToKinds`: model.configItems).
   */
  commandsFor(model: SchemaModel): CommandModel[] {
    const out: CommandModel[] = [];
    for (const plugin of this.list()) {
      for (const command of plugin.commands ?? []) {
        const kinds = new Set(command.appliesToKinds ?? []);
        const tenant: CommandTenant = { items: (kind) => (kinds.has(kind) ? configItemsOf(model, kind) : []) };
        const objects = command.objects ? command.objects.filter((o) => model.objects.has(o)) : [...model.objects.values()].filter((o) => command.appliesTo!(o, tenant)).map((o) => o.name);
        for (const object of objects) {
          out.push({ object, name: command.name, provider: `plugin:${plugin.name}`, label: command.label, description: command.description, input: command.input, access: command.access ?? 'read', permission: command.permission, capability: command.capability });
        }
      }
    }
    return out;
  }

  /** The dispatcher every transport's `runCommand` uses: to the plugin's code, or to the provider of its kind. */
  readonly run: CommandRunner = async (ctx, object, command, args) => {
    const [kind, name] = command.provider.split(/:(.*)/s);
    if (kind === 'plugin') {
      const plugin = this.installed.get(name)?.plugin;
      // The model lists the command on this object: its appliesTo said so when the model was built.
      const spec = plugin?.commands?.find((c) => c.name === command.name && (!c.objects || c.objects.includes(object.name)));
      if (!plugin || !spec) throw new PlatformError('NOT_FOUND', `The command ${command.name} on ${object.name} is not installed`);
      return spec.run({ ...this.servicesFor(plugin, ctx.db), op: ctx, api: new LocalApi(ctx, { via: ctx.via }), system: new LocalApi({ ...ctx, security: undefined }, { via: ctx.via }), object, command, id: args.id, input: args.input });
    }
    const provider = this.providers.get(kind);
    if (!provider) throw new PlatformError('NOT_FOUND', `The command ${command.name} on ${object.name} is not available on this server (no runner for ${kind} commands)`);
    return provider(ctx, object, command, args);
  };

  /** The plugins' queries as models describe them. */
  queryModels(): QueryModel[] {
    const model = (operation: 'query' | 'mutation') => ([name, { plugin, query }]: [string, { plugin: Plugin; query: PluginQuery }]): QueryModel => ({ name, provider: `plugin:${plugin.name}`, description: query.description, input: query.input, args: query.args, operation });
    return [...[...this.queries()].map(model('query')), ...[...this.queries('mutation')].map(model('mutation'))];
  }

  /** The queries of every plugin, by their root field name (the first plugin keeps a name two declare). */
  queries(operation: 'query' | 'mutation' = 'query'): Map<string, { plugin: Plugin; query: PluginQuery }> {
    const out = new Map<string, { plugin: Plugin; query: PluginQuery }>();
    for (const plugin of this.list()) for (const query of (operation === 'query' ? plugin.queries : plugin.mutations) ?? []) if (!out.has(query.name)) out.set(query.name, { plugin, query });
    return out;
  }

  /** Runs a plugin's query as the caller (`op`), its input checked by the caller (graphql/). */
  runQuery(name: string, op: OperationContext, input: unknown, operation: 'query' | 'mutation' = 'query'): Promise<unknown> {
    const found = this.queries(operation).get(name);
    if (!found) throw new PlatformError('NOT_FOUND', `No query ${name}`);
    const rights = op.security && !op.security.bypass ? op.security : undefined;
    if (rights && found.query.capability && !rights.capabilities.has(found.query.capability)) throw new PlatformError('FORBIDDEN', `The query ${name} needs the ${found.query.capability} capability`, { extensions: { capability: found.query.capability } });
    const value = input ?? (found.query.input && !commandInputRequired(found.query.input) ? {} : null);
    checkInput(found.query.input, value);
    return found.query.run({ ...this.servicesFor(found.plugin, op.db), op, api: new LocalApi(op, { via: op.via }), input: value });
  }

  /** The route of an installed plugin that answers `method path` (path after `/plugins`), with its parameters. */
  route(method: string, path: string): { plugin: Plugin; route: PluginRoute; params: Record<string, string>; rest: string } | undefined {
    const match = /^\/([a-z][a-z0-9-]*)(\/.*)?$/.exec(path);
    if (!match) return undefined;
    const plugin = this.installed.get(match[1])?.plugin;
    if (!plugin) return undefined;
    const rest = match[2] ?? '/';
    for (const route of plugin.routes ?? []) {
      if (route.method !== method) continue;
      const params = matchRoute(route.path, rest);
      if (params) return { plugin, route, params, rest };
    }
    return undefined;
  }

  /** Runs the plugins' tenant migrations not yet run in a tenant (a new tenant, or one first seen since a plugin arrived). */
  async migrateNewTenant(tenantId: string, schema: string): Promise<void> {
    for (const plugin of this.list()) {
      if (plugin.migrations?.some((m) => m.scope === 'tenant')) await this.migrateTenant(plugin, tenantId, schema);
    }
  }

  /** The services a plugin's code gets: its own jobs by their short names. */
  servicesFor(plugin: Plugin, tx?: pg.PoolClient): PluginServices {
    const { jobs, timers, clock } = this.services;
    return {
      clock,
      enqueue: (job, payload, options) => jobs.enqueue(this.jobName(plugin, job), payload, { tx, ...options }),
      schedule: (timer) => timers.schedule({ tx, ...timer, job: this.jobName(plugin, timer.job) }),
      cancelTimer: (tenantId, key, own) => timers.cancel({ tenantId, key, tx: own ?? tx }),
      scheduleMany: (tenantId, list, own) => timers.scheduleMany({ tenantId, timers: list.map((t) => ({ ...t, job: this.jobName(plugin, t.job) })), tx: own ?? tx }),
      cancelTimers: (tenantId, which, own) => timers.cancelMany({ tenantId, ...which, tx: own ?? tx }),
      model: (tenantId) => {
        if (!this.services.model) throw new Error('This platform gives plugins no models');
        return this.services.model(tenantId);
      },
      asSystem: async (tenantId, db, options = {}) => {
        const op = await this.services.systemContext(tenantId, db, options);
        return { op, api: new LocalApi(op, { via: op.via, limits: { maxQueries: Number.MAX_SAFE_INTEGER }, savepoints: options.savepoints }) };
      },
      asUser: async (tenantId, db, userId, options = {}) => {
        const op = await this.services.systemContext(tenantId, db, { via: options.via ?? 'api', actorId: userId, rights: 'actor' });
        return { op, api: new LocalApi(op, { via: op.via, limits: { maxQueries: Number.MAX_SAFE_INTEGER } }) };
      },
      offer: (name, value) => {
        if (!name.startsWith(`${plugin.name}.`)) throw new PlatformError('BAD_USER_INPUT', `Plugin ${plugin.name} may offer only names under "${plugin.name}." (not ${name})`);
        const held = this.offered.get(name);
        if (held && held.plugin !== plugin.name) throw new PlatformError('CONFLICT', `${name} is already offered by ${held.plugin}`);
        this.offered.set(name, { plugin: plugin.name, value });
      },
      use: <T>(name: string) => this.offered.get(name)?.value as T | undefined,
      timelineSources: () => this.list().flatMap((p) => [...(p.timelineSources ?? [])]),
    };
  }

  private jobName(plugin: Plugin, job: string): string {
    return `${plugin.name}/${job}`;
  }

  private async migrateTenant(plugin: Plugin, tenantId: string, schema: string): Promise<void> {
    const done = this.tenantsDone.get(tenantId) ?? new Set<string>();
    this.tenantsDone.set(tenantId, done);
    if (done.has(plugin.name)) return;
    await runTenantMigrations(this.services.pool, plugin, tenantId, schema);
    done.add(plugin.name);
  }

  /** Keeps the installed plugins in the order their `before`/`after` declare (requirements first). */
  private reorder(): void {
    const items = [...this.installed.values()].map((e) => ({ name: e.plugin.name, entry: e, before: e.plugin.before, after: [...(e.plugin.after ?? []), ...Object.keys(e.plugin.requires ?? {})] }));
    const ordered = orderByConstraints(items);
    this.installed.clear();
    for (const item of ordered) this.installed.set(item.name, item.entry);
  }

  private async unwind(entry: Installed): Promise<void> {
    for (const undo of entry.undo.reverse()) {
      try { await undo(); } catch (err) { this.services.logger?.warn({ err, plugin: entry.plugin.name }, 'a plugin part did not come out cleanly'); }
    }
    entry.undo = [];
  }
}
