import type { MikroORM } from '@mikro-orm/postgresql';
import type { ChangeRunner, ChangeTx, ConfigReader } from '../changes/index.ts';
import { applyChange, ApplyContext, syncDuplicateIndexes, syncFormulaColumns, syncRollups, syncFunnelIndexes, syncSearchIndexes, syncStageTracking, type DependantsHook, type FormulaColumn } from './apply/index.ts';
import { loadCatalog, type TenantCatalog } from './catalog.ts';
import { opennessOf, refuseWidening } from '../security/openness.ts';
import type { Actor, AppliedChange, Change, PlanResult } from './changes.ts';

export { METADATA_CHANNEL } from '../changes/channels.ts';

export interface EngineOptions {
  retentionDays: number;
  /** How long DDL may wait for a lock held by running queries before the change is refused (ms). */
  lockTimeoutMs?: number;
  /** Called after a change commits, with the tenant and its new version (the schema cache listens). */
  onChange?: (tenantId: string, version: number, catalog: TenantCatalog, options: { securityChanged: boolean }) => void;
  /**
   * Checks the catalog as the change leaves it, before commit: e.g. that the generated API has no
   * clashing names. Throwing refuses the whole change. Returns what the tables must hold that only
   * the layers above metadata/ can derive (from the model it built for the checks): the formulas
   * kept as generated columns.
   */
  validateCatalog?: (catalog: TenantCatalog) => { formulaColumns: FormulaColumn[] } | void;
  /** Tables at least this large (bytes) get new indexes built CONCURRENTLY after commit (default 8 MB). */
  concurrentIndexBytes?: number;
  /** What renaming or deleting an object or field does to the configuration using it (set by the kind registry). */
  dependants?: DependantsHook;
}

const CONTEXT = 'metadata.applyContext';

/**
 * The catalog as the change `tx` has left it so far: loaded once per change (in its transaction),
 * then changed in place by the object and field appliers, so that every kind of a document sees
 * the objects and fields the document created before it.
 */
export async function changeCatalog(tx: ConfigReader): Promise<TenantCatalog> {
  const ctx = tx.state.get(CONTEXT) as ApplyContext | undefined;
  if (ctx) return ctx.catalog;
  const key = 'metadata.catalog';
  let catalog = tx.state.get(key) as TenantCatalog | undefined;
  if (!catalog) {
    catalog = await loadCatalog(tx.sql, tx.tenantId);
    tx.state.set(key, catalog);
  }
  return catalog;
}

/**
 * Applies changes to objects and fields. They run inside a configuration change (the change
 * runner's one transaction, tenant row locked): the live catalog is loaded, each change runs its
 * checks, DDL and metadata writes, and the catalog as left is checked (no record opened to
 * everyone by someone who cannot read them all, no clashing API names) before commit. If anything
 * fails, nothing of it remains; a dry run does the same work and rolls it back.
 */
export class MetadataEngine {
  readonly orm: MikroORM;
  readonly runner: ChangeRunner;
  readonly options: EngineOptions;

  constructor(orm: MikroORM, runner: ChangeRunner, options: EngineOptions) {
    this.orm = orm;
    this.runner = runner;
    this.options = options;
  }

  /**
   * Builds the indexes a change left for after commit, one after another, outside any transaction
   * (CREATE INDEX CONCURRENTLY). Each build's time, or its failure, is reported on its change; a
   * failed build leaves no invalid index behind.
   */
  private async buildDeferredIndexes(deferred: ApplyContext['deferred']): Promise<void> {
    const connection = this.orm.em.getConnection();
    for (const item of deferred) {
      const started = performance.now();
      try {
        await connection.execute(item.statement, [], 'run');
        item.change.notes.push(`index ${item.index} built concurrently in ${Math.round(performance.now() - started)} ms`);
      } catch (error) {
        const schemaAndIndex = /ON ("[^"]+")\./.exec(item.statement)?.[1];
        if (schemaAndIndex) await connection.execute(`DROP INDEX CONCURRENTLY IF EXISTS ${schemaAndIndex}.${item.index}`, [], 'run').catch(() => {});
        item.change.notes.push(`index ${item.index} could not be built (${(error as Error).message.split('\n')[0]}); apply the change again to retry`);
      }
    }
  }

  /** VACUUM (ANALYZE) of the tables a back-fill rewrote (outside any transaction: VACUUM cannot run in one); a failure is a note. */
  private async vacuumRewritten(ctx: ApplyContext): Promise<void> {
    const connection = this.orm.em.getConnection();
    for (const [table, change] of ctx.vacuum) {
      const started = performance.now();
      try {
        await connection.execute(`VACUUM (ANALYZE) "${ctx.schema}"."${table}"`, [], 'run');
        change.notes.push(`${table} vacuumed and analyzed in ${Math.round(performance.now() - started)} ms`);
      } catch (error) {
        change.notes.push(`${table} could not be vacuumed (${(error as Error).message.split('\n')[0]}); autovacuum will`);
      }
    }
  }

  /**
   * The object changes' context within `tx`, opened on first use: the lock timeout for DDL, the
   * catalog, and what happens after commit (the schema cache gets the new catalog; deferred
   * indexes are built).
   */
  async context(tx: ChangeTx): Promise<ApplyContext> {
    const existing = tx.state.get(CONTEXT) as ApplyContext | undefined;
    if (existing) return existing;
    await tx.sql.query(`set local lock_timeout = '${Number(this.options.lockTimeoutMs ?? 5000)}ms'`);
    const catalog = await changeCatalog(tx);
    const ctx = new ApplyContext({ tx, catalog, retentionDays: this.options.retentionDays, concurrentIndexBytes: this.options.concurrentIndexBytes, dependants: this.options.dependants });
    tx.state.set(CONTEXT, ctx);
    tx.state.set(`${CONTEXT}.openBefore`, opennessOf(catalog));
    tx.afterCommit(async (versions) => {
      if (ctx.applied.length === 0) return;
      catalog.version = versions.metadata;
      this.options.onChange?.(tx.tenantId, versions.metadata, catalog, { securityChanged: ctx.securityChanged });
      await this.buildDeferredIndexes(ctx.deferred);
      await this.vacuumRewritten(ctx);
    });
    return ctx;
  }

  /** Applies object and field changes in `tx` (call `finish` once every change of the request has run). */
  async apply(tx: ChangeTx, changes: Change[]): Promise<AppliedChange[]> {
    const ctx = await this.context(tx);
    const first = ctx.applied.length;
    for (const change of changes) await applyChange(ctx, change);
    return ctx.applied.slice(first);
  }

  /**
   * The checks of the catalog as the whole change leaves it; bumps the security version when rights
   * moved along; then the search indexes and the duplicate rules' indexes the objects now call for,
   * and the roll-ups whose definitions changed, recomputed (apply/rollups.ts).
   * Returns the plan's steps it added.
   */
  async finish(tx: ChangeTx): Promise<AppliedChange[]> {
    const ctx = tx.state.get(CONTEXT) as ApplyContext | undefined;
    if (!ctx || ctx.applied.length === 0) return [];
    if (tx.actor.rights) refuseWidening(tx.state.get(`${CONTEXT}.openBefore`) as ReturnType<typeof opennessOf>, opennessOf(ctx.catalog), tx.actor.rights);
    const derived = this.options.validateCatalog?.(ctx.catalog);
    if (ctx.securityChanged) tx.bump('security');
    const first = ctx.applied.length;
    if (derived) await syncFormulaColumns(ctx, derived.formulaColumns);
    await syncSearchIndexes(ctx);
    await syncDuplicateIndexes(ctx);
    await syncRollups(ctx);
    await syncStageTracking(ctx);
    await syncFunnelIndexes(ctx);
    return ctx.applied.slice(first);
  }

  /** A dashboard changed: the funnel indexes its funnel blocks call for (apply/funnel-indexes.ts). Returns the plan's steps it added. */
  async syncFunnels(tx: ChangeTx): Promise<AppliedChange[]> {
    const ctx = await this.context(tx);
    const first = ctx.applied.length;
    await syncFunnelIndexes(ctx);
    return ctx.applied.slice(first);
  }

  /** One object or field change (a metadata API verb) as a configuration change of its own. */
  async run(tenantId: string, actor: Actor, build: (catalog: TenantCatalog) => Change[], options: { dryRun?: boolean } = {}): Promise<PlanResult> {
    const done = await this.runner.runDetailed({ tenantId, actor, kind: 'object', action: 'changeObjects', target: '', dryRun: options.dryRun }, async (tx) => {
      const ctx = await this.context(tx);
      const applied = await this.apply(tx, build(ctx.catalog));
      return { result: [...applied, ...await this.finish(tx)] };
    });
    return { dryRun: done.dryRun, version: done.versions.metadata, changes: done.result };
  }
}
