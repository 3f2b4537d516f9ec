import { PlatformError } from './errors/index.ts';
import type { MikroORM } from '@mikro-orm/postgresql';
import type pg from 'pg';
import type { Logger } from 'pino';
import { systemClock, type Clock } from './clock/index.ts';
import { EventBus } from './events/index.ts';
import { JobQueue } from './jobs/index.ts';
import { Timers } from './timers/index.ts';
import { ApiKeyAuthenticator, LoginThrottle, RateLimiter, SessionStore } from './auth/index.ts';
import { PRINCIPAL_COLUMNS, principalFrom, type PrincipalRow } from './auth/authenticate.ts';
import { createPool } from './db/pool.ts';
import { actionNameProblems } from './graphql/api-names.ts';
import { claimTypeNames } from './graphql/data-api/type-names.ts';
import { checkFormulas } from './expressions/index.ts';
import { storedFormulaColumns } from './query/index.ts';
import { checkRollups } from './rollups/check.ts';
import { checkRecordLogic } from './validation/check.ts';
import { ChangeRunner } from './changes/index.ts';
import { KindRegistry } from './kinds/registry.ts';
import { builtinKinds } from './kinds/builtin.ts';
import { dependantsHook } from './kinds/dependants.ts';
import { applyDocument } from './kinds/document.ts';
import { buildModel, withCommands, type SchemaModel } from './model/index.ts';
import { PluginHost, type Plugin } from './plugins/index.ts';
import { corePlugins } from './plugins/builtin.ts';
import { loadCatalog, MetadataEngine, MetadataService } from './metadata/index.ts';
import { SavePipeline, type OperationContext, type Via } from './operations/index.ts';
import { limitsFrom } from './model/index.ts';
import { SecurityCache } from './security/cache.ts';
import { VisibilityIndexer } from './security/visibility-indexer.ts';
import { migrateSystem, openSystemOrm } from './storage/system/orm.ts';
import { ModelCache } from './tenancy/model-cache.ts';
import { pgRunner, type SqlRunner } from './storage/sql/runner.ts';
import type { ScriptHandlers } from './metadata/index.ts';
import type { ScriptingHost } from './scripts/service.ts';
import { shutdownInOrder } from './util/shutdown.ts';
import path from 'node:path';
import { readConfig } from './config/config.ts';
import { DataDirStorage, DEFAULT_MAX_FILE_BYTES, type FileStorage } from './files/index.ts';

/** The running platform: system model, request-path pool, metadata engine, API schemas, save pipeline. */
export interface Platform {
  orm: MikroORM;
  pool: pg.Pool;
  sql: SqlRunner;
  /** The one change runner every configuration change goes through (changes/run-change.ts). */
  changes: ChangeRunner;
  /** The kinds of configuration: documents, schemas, dependants, history (kinds/). */
  kinds: KindRegistry;
  engine: MetadataEngine;
  metadata: MetadataService;
  auth: ApiKeyAuthenticator;
  /** Studio sessions (cookie sign-in). */
  sessions: SessionStore;
  loginThrottle: LoginThrottle;
  /** Request rate limits per API key and per tenant. */
  rateLimiter: RateLimiter;
  /** Each tenant's model at its current metadata version (transports derive their schemas from it: graphql/data-api/schema-cache.ts). */
  models: ModelCache;
  /** The same cache as `models`, under its earlier name. */
  schemas: ModelCache;
  security: SecurityCache;
  /** Background upkeep of the indexes that keep row-level security cheap (security/visibility-indexes.ts). */
  visibilityIndexes: VisibilityIndexer;
  pipeline: SavePipeline;
  /** Uploaded files: where their bytes are kept (the data directory, or S3 when configured) and the largest one taken. */
  files: { storage: FileStorage; maxBytes: number };
  /** The script runtime, when an extension installed one (compiles scripts, runs actions). */
  scripting?: ScriptingHost;
  /** The one source of "now" for everything time-based (a manual clock with TESSERA_TEST_CLOCK=1). */
  clock: Clock;
  /** Change events: `subscribe` to committed record writes (delivered by background/run.ts). */
  events: EventBus;
  /** Durable jobs: `define`, `enqueue` (transactionally with `tx`). */
  jobs: JobQueue;
  /** Durable timers: `schedule` and `cancel` by key; they fire into jobs. */
  timers: Timers;
  /** The plugins installed on this server: `install`, `uninstall`, and what they add (commands, queries, routes, studio pages). */
  plugins: PluginHost;
  /** What is wrong with a script's actions as API names (the GraphQL mutations they become), given the model without the script. */
  scriptActionProblems(others: SchemaModel, handlers: ScriptHandlers): string[];
  close(): Promise<void>;
}

export type { Plugin };

export interface PlatformOptions {
  databaseUrl: string;
  deletedRetentionDays?: number;
  logger?: Logger;
  poolSize?: number;
  /** Default the system clock. */
  clock?: Clock;
  /** Default: the `files/` folder of TESSERA_DATA_DIR (or ./.tessera), 25 MB at most. */
  files?: { storage: FileStorage; maxBytes: number };
}

/** Opens the platform on a database: runs pending system migrations, then wires the services. */
export async function openPlatform(options: PlatformOptions): Promise<Platform> {
  const orm = await openSystemOrm(options.databaseUrl);
  try {
    const done = await migrateSystem(orm, options.databaseUrl);
    if (done.length) options.logger?.info({ migrations: done }, 'system migrations applied');
  } catch (error) {
    await orm.close();
    throw error;
  }
  const pool = createPool(options.databaseUrl, options.poolSize ?? 10);
  const sql = pgRunner(pool);
  // The plugins' commands join each model, and their tenant migrations run before a tenant's first model.
  const late: { plugins?: PluginHost } = {};
  const schemas = new ModelCache(sql, {
    plugins: (model) => ({ commands: late.plugins?.commandsFor(model) ?? [], queries: late.plugins?.queryModels() ?? [] }),
    onFirstLoad: (tenantId, schema) => late.plugins?.migrateNewTenant(tenantId, schema) ?? Promise.resolve(),
  });
  const indexer = new VisibilityIndexer(pool, (tenantId) => loadCatalog(sql, tenantId), { logger: options.logger });
  const security = new SecurityCache(sql, (tenantId) => indexer.schedule(tenantId));
  const kinds = new KindRegistry();
  const changes = new ChangeRunner({
    orm,
    versionsOf: (kind) => kinds.versionsOf(kind),
    onCommit: (tenantId, { versions, bumped }) => {
      if (bumped.includes('metadata')) schemas.invalidate(tenantId, versions.metadata);
      if (bumped.includes('security')) security.invalidate(tenantId);
    },
  });
  const engine = new MetadataEngine(orm, changes, {
    retentionDays: options.deletedRetentionDays ?? 30,
    onChange: (tenantId, _version, catalog, { securityChanged }) => {
      schemas.changed(catalog);
      // Rights name objects and fields: a rename moves them (security/follow-rename.ts), and the new
      // model must not meet the old rights here while the NOTIFY is on its way.
      if (securityChanged) security.invalidate(tenantId);
      indexer.schedule(tenantId);
    },
    validateCatalog: (catalog) => {
      const model = buildModel(catalog);
      claimTypeNames(model);
      checkFormulas(model);
      checkRollups(model);
      checkRecordLogic(model, catalog.validationRules ?? []);
      return { formulaColumns: storedFormulaColumns(model) };
    },
  });
  // The pipeline's hooks come from plugins (the platform's own first: plugins/builtin.ts).
  const clock = options.clock ?? systemClock;
  const pipeline = new SavePipeline({ clock });
  // Work after commit has a pool of its own: it never waits behind requests, nor they behind it.
  const backgroundPool = createPool(options.databaseUrl, 6);
  const events = new EventBus({ pool: backgroundPool, logger: options.logger });
  // Jobs with a later runAt wait as timers, and timers fire into jobs.
  const later: { timers?: Timers } = {};
  const jobs = new JobQueue({
    databaseUrl: options.databaseUrl, clock, logger: options.logger,
    deferUntil: ({ tenantId, name, payload, jobId, key, runAt, tx }) => later.timers!.schedule({ tenantId, key, dueAt: runAt, job: name, payload, jobId, tx }),
  });
  const timers = new Timers({ pool: backgroundPool, clock, jobs, logger: options.logger });
  later.timers = timers;
  const platform: Platform = {
    orm,
    pool,
    sql,
    changes,
    kinds,
    engine,
    metadata: new MetadataService(engine, (tenantId, actor, document, options) => applyDocument({ kinds, changes, engine }, tenantId, actor, document, options)),
    auth: new ApiKeyAuthenticator(sql),
    sessions: new SessionStore(sql),
    loginThrottle: new LoginThrottle(),
    rateLimiter: new RateLimiter(),
    models: schemas,
    schemas,
    security,
    visibilityIndexes: indexer,
    pipeline,
    files: options.files ?? { storage: new DataDirStorage(path.join(readConfig().dataDir, 'files')), maxBytes: DEFAULT_MAX_FILE_BYTES },
    clock,
    events,
    jobs,
    timers,
    plugins: undefined as unknown as PluginHost,
    // A script's action may not take a mutation name the plugins' commands have either.
    scriptActionProblems: (others, handlers) => actionNameProblems(withCommands(others, platform.plugins.commandsFor(others)), handlers),
    async close() {
      await shutdownInOrder([
        ['plugins', () => platform.plugins.close()],
        ['timer sweep', () => timers.stop()],
        ['event delivery', () => events.stop()],
        ['jobs', () => jobs.stop()],
        ['background pool', () => backgroundPool.end()],
        ['visibility indexer', () => indexer.close()],
        ['pool', () => pool.end()],
        ['orm', () => orm.close()],
      ], {
        logger: options.logger,
        detail: (step) => (step.endsWith('pool') ? `pool: ${pool.totalCount} total, ${pool.idleCount} idle, ${pool.waitingCount} waiting; background: ${backgroundPool.totalCount}/${backgroundPool.idleCount}/${backgroundPool.waitingCount}` : ''),
      });
    },
  };
  for (const kind of builtinKinds(platform)) kinds.register(kind);
  platform.plugins = late.plugins = new PluginHost({
    pool, pipeline, kinds, jobs, events, timers, clock, logger: options.logger,
    tenants: async () => (await pool.query<{ id: string; schema: string }>('select id, schema_name as schema from tessera.tenants')).rows,
    commandsChanged: () => schemas.commandsChanged(),
    systemContext: (tenantId, db, options) => systemContext(platform, tenantId, db, options),
    model: async (tenantId) => (await platform.schemas.get(tenantId)).model,
    platform: () => platform,
  });
  for (const plugin of corePlugins(clock)) await platform.plugins.install(plugin);
  // Renaming or deleting an object or field settles what uses it first (kinds/dependants.ts).
  engine.options.dependants = dependantsHook(kinds);
  return platform;
}

/**
 * The system acting in a tenant, in `db` (background work: jobs, subscribers): no rights and no
 * record access (`security` absent), `actorId` recorded as the writer when it acts for a user. The
 * principal is an administrator's shape with no key; nothing reads its rights but `security`.
 */
async function systemContext(platform: Platform, tenantId: string, db: import('pg').PoolClient, options: { actorId?: string | null; via?: Via; rights?: 'system' | 'actor' }): Promise<OperationContext> {
  const { model } = await platform.schemas.get(tenantId);
  if (options.rights === 'actor') return actorContext(platform, tenantId, db, model, options);
  const [tenant] = await platform.sql.query<{ slug: string; schema_name: string; settings: Record<string, unknown> | null }>('select slug, schema_name, settings from tessera.tenants where id = $1', [tenantId]);
  const settings = tenant?.settings ?? {};
  const principal = {
    tenantId, tenantSlug: tenant?.slug ?? '', schema: tenant?.schema_name ?? model.schema, userId: (options.actorId ?? null) as string,
    userName: 'system', locale: 'en', isAdmin: true, roleId: null, apiKeyId: null, via: 'api' as const, settings,
  };
  return { principal, model, limits: limitsFrom(settings), db, via: options.via ?? 'workflow', pipeline: platform.pipeline, depth: 0, commands: platform.plugins.run };
}

/**
 * Background work done for a user with that user's own rights (an import runs as its importer): the
 * user's principal and security context at the tenant's current security version, so every rule,
 * object right, field permission and record access applies as in their requests. A user gone or
 * deactivated since is refused (FORBIDDEN).
 */
async function actorContext(platform: Platform, tenantId: string, db: import('pg').PoolClient, model: SchemaModel, options: { actorId?: string | null; via?: Via }): Promise<OperationContext> {
  const [row] = await platform.sql.query<PrincipalRow>(`select ${PRINCIPAL_COLUMNS} from tessera.users u join tessera.tenants t on t.id = u.tenant_id where u.id = $1 and t.id = $2`, [options.actorId ?? null, tenantId]);
  if (!row || !row.is_active) throw new PlatformError('FORBIDDEN', 'The user this work runs for is no longer active in the tenant', { details: [{ pointer: '/user', message: 'not an active user' }] });
  const principal = principalFrom(row, 'api', null);
  const security = (await platform.security.get(tenantId)).contextFor(row.user_id);
  return { principal, model, limits: limitsFrom(principal.settings), db, via: options.via ?? 'workflow', pipeline: platform.pipeline, depth: 0, security, commands: platform.plugins.run };
}
