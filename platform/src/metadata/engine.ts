import type { MikroORM } from '@mikro-orm/postgresql';
import { fromPostgresError, isPlatformError, PlatformError } from '../errors/index.ts';
import { applyChange, ApplyContext } from './apply/index.ts';
import { loadCatalog, type TenantCatalog } from './catalog.ts';
import { ormRunner } from '../storage/sql/orm-runner.ts';
import { opennessOf, refuseWidening } from '../security/openness.ts';
import type { Actor, Change, PlanResult } from './changes.ts';

/** The NOTIFY channel on which committed metadata changes are announced as `<tenant id>:<version>`. */
export const METADATA_CHANNEL = 'tessera_metadata';

class DryRunRollback extends Error {
  readonly result: PlanResult;
  constructor(result: PlanResult) {
    super('dry run');
    this.result = result;
  }
}

export interface EngineOptions {
  retentionDays: number;
  /** How long DDL may wait for a lock held by running queries before the change is refused (ms). */
  lockTimeoutMs?: number;
  /** Called after a change commits, with the tenant and its new version (the schema cache listens). */
  onChange?: (tenantId: string, version: number, catalog: TenantCatalog, options: { securityChanged: boolean }) => void;
  /**
   * Checks the catalog as the change leaves it, before commit: e.g. that the generated API has no
   * clashing names. Throwing refuses the whole change.
   */
  validateCatalog?: (catalog: TenantCatalog) => void;
  /** Tables at least this large (bytes) get new indexes built CONCURRENTLY after commit (default 8 MB). */
  concurrentIndexBytes?: number;
}

/**
 * Applies metadata changes. Each call is one transaction that locks the tenant row, loads the live
 * catalog, turns the request into changes, runs their DDL and metadata writes, records history and
 * bumps the metadata version. If anything fails, nothing of it remains. A dry run does the same
 * work, checks included, and rolls it back, returning the plan.
 */
export class MetadataEngine {
  readonly orm: MikroORM;
  readonly options: EngineOptions;

  constructor(orm: MikroORM, options: EngineOptions) {
    this.orm = orm;
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

  async run(tenantId: string, actor: Actor, build: (catalog: TenantCatalog) => Change[], options: { dryRun?: boolean } = {}): Promise<PlanResult> {
    try {
      const result = await this.orm.em.fork().transactional(async (em) => {
        const sql = ormRunner(em);
        const bumped = await sql.query<{ metadata_version: string }>('update tessera.tenants set metadata_version = metadata_version + 1 where id = $1 returning metadata_version', [tenantId]);
        if (bumped.length === 0) throw new PlatformError('NOT_FOUND', 'No such tenant');
        await sql.query(`set local lock_timeout = '${Number(this.options.lockTimeoutMs ?? 5000)}ms'`);
        const catalog = await loadCatalog(sql, tenantId);
        const version = Number(bumped[0].metadata_version);
        const changes = build(catalog);
        const ctx = new ApplyContext({ em, catalog, version, actor, retentionDays: this.options.retentionDays, concurrentIndexBytes: this.options.concurrentIndexBytes });
        const openBefore = opennessOf(catalog);
        for (const change of changes) await applyChange(ctx, change);
        if (actor.rights) refuseWidening(openBefore, opennessOf(catalog), actor.rights);
        if (changes.length) this.options.validateCatalog?.(catalog);
        await ctx.writeHistory();
        // Other servers (and this one) drop the tenant's cached schema when the change commits.
        if (changes.length && !options.dryRun) await sql.query(`select pg_notify('${METADATA_CHANNEL}', $1)`, [`${tenantId}:${version}`]);
        const plan: PlanResult = { dryRun: options.dryRun === true, version: changes.length ? version : version - 1, changes: ctx.applied };
        if (options.dryRun || changes.length === 0) throw new DryRunRollback(plan);
        return { plan, catalog, deferred: ctx.deferred, securityChanged: ctx.securityChanged };
      });
      this.options.onChange?.(tenantId, result.plan.version, result.catalog, { securityChanged: result.securityChanged });
      await this.buildDeferredIndexes(result.deferred);
      return result.plan;
    } catch (error) {
      if (error instanceof DryRunRollback) return error.result;
      if (isPlatformError(error)) throw error;
      const mapped = fromPostgresError(error);
      if (mapped) throw mapped;
      throw error;
    }
  }
}
