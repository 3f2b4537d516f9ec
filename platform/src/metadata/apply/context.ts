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
  private readonly historyRows: RequiredEntityData<MetadataHistory>[] = [];
  private current: AppliedChange | undefined;

  constructor(options: { em: EntityManager; catalog: TenantCatalog; version: number; actor: Actor; retentionDays: number }) {
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
