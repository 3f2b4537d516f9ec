import type { EntityManager } from '@mikro-orm/postgresql';
import type { RequiredEntityData } from '@mikro-orm/core';
import { MetadataHistoryEntity, type MetadataHistory } from '../../storage/system/entities/index.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import { ormRunner } from '../../storage/sql/orm-runner.ts';
import { uuidv7 } from '../../util/ids.ts';
import type { TenantCatalog } from '../catalog.ts';
import type { Actor, AppliedChange, Change } from '../changes.ts';

/** What every change applier gets: the transaction, the catalog as changed so far, and a record of what ran. */
export class ApplyContext {
  readonly em: EntityManager;
  readonly sql: SqlRunner;
  readonly catalog: TenantCatalog;
  readonly version: number;
  readonly actor: Actor;
  readonly now = new Date();
  readonly retentionDays: number;
  readonly applied: AppliedChange[] = [];
  /** Set when a change moved rights along with it (a rename): the rights cached for the tenant are stale at commit. */
  securityChanged = false;
  /** Index builds left for after commit (CREATE INDEX CONCURRENTLY cannot run in a transaction). */
  readonly deferred: { change: AppliedChange; statement: string; index: string }[] = [];
  /** Tables at least this large (bytes) get their new indexes built CONCURRENTLY, so writes go on. */
  readonly concurrentIndexBytes: number;
  private readonly historyRows: RequiredEntityData<MetadataHistory>[] = [];
  private current: AppliedChange | undefined;

  constructor(options: { em: EntityManager; catalog: TenantCatalog; version: number; actor: Actor; retentionDays: number; concurrentIndexBytes?: number }) {
    this.concurrentIndexBytes = options.concurrentIndexBytes ?? 8 * 1024 * 1024;
    this.em = options.em;
    this.sql = ormRunner(options.em);
    this.catalog = options.catalog;
    this.version = options.version;
    this.actor = options.actor;
    this.retentionDays = options.retentionDays;
  }

  get schema(): string {
    return this.catalog.schema;
  }

  get purgeAfter(): Date {
    return new Date(this.now.getTime() + this.retentionDays * 86_400_000);
  }

  begin(change: Change, object: string, field?: string): void {
    this.current = { action: change.kind, object, field, statements: [], notes: [] };
    this.applied.push(this.current);
  }

  note(text: string): void {
    this.current?.notes.push(text);
  }

  /** Runs DDL statements in the transaction, recording them for the plan. */
  async ddl(statements: string[]): Promise<void> {
    for (const statement of statements) {
      this.current?.statements.push(statement);
      await this.sql.query(statement);
    }
  }

  /**
   * Runs DDL that may create indexes on `table`. On a large table each CREATE INDEX becomes
   * CREATE INDEX CONCURRENTLY, run by the engine right after commit, so that writes to the table
   * are never blocked while it builds; the plan says so and reports the build.
   */
  async indexDdl(statements: string[], table: string): Promise<void> {
    let large: boolean | undefined;
    for (const statement of statements) {
      const m = /^CREATE (UNIQUE )?INDEX ("[^"]+") ON ([\s\S]*)$/.exec(statement);
      if (m && large === undefined) {
        const [row] = await this.sql.query<{ size: string }>('select coalesce(pg_relation_size(to_regclass($1)), 0) as size', [`"${this.schema}"."${table}"`]);
        large = Number(row.size) >= this.concurrentIndexBytes;
      }
      if (!m || !large || !this.current) {
        await this.ddl([statement]);
        continue;
      }
      const concurrent = `CREATE ${m[1] ?? ''}INDEX CONCURRENTLY IF NOT EXISTS ${m[2]} ON ${m[3]}`;
      this.current.statements.push(concurrent);
      this.note(`index ${m[2]} is built CONCURRENTLY after commit: ${table} is large, and writes to it go on meanwhile`);
      this.deferred.push({ change: this.current, statement: concurrent, index: m[2] });
    }
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.sql.query<{ n: string | number }>(sql, params);
    return Number(row?.n ?? 0);
  }

  /** Records a history entry; the engine writes them all in one statement before commit. */
  history(action: string, target: string, before: unknown, after: unknown): void {
    this.historyRows.push({
      id: uuidv7(), tenantId: this.catalog.tenantId, version: this.version, actorId: this.actor.userId,
      via: this.actor.via, action, target, before: before ?? null, after: after ?? null, at: this.now,
    });
  }

  async writeHistory(): Promise<void> {
    if (this.historyRows.length) await this.em.insertMany(MetadataHistoryEntity, this.historyRows);
  }
}
