import type { EntityManager } from '@mikro-orm/postgresql';
import type { ChangeTx } from '../../changes/index.ts';
import type { SqlRunner } from '../../storage/sql/runner.ts';
import type { TenantCatalog } from '../catalog.ts';
import type { Actor, AppliedChange, Change } from '../changes.ts';

import type { DependencyEvent } from '../../kinds/kind.ts';

export type { DependencyEvent };
/**
 * What a rename or deletion does to the configuration that uses the renamed or deleted thing
 * (kinds/dependants.ts): refuses with CONFLICT naming the dependants, or cascades and says so.
 */
export type DependantsHook = (ctx: ApplyContext, event: DependencyEvent, pointer: string) => Promise<void>;

/** What every change applier gets: the transaction, the catalog as changed so far, and a record of what ran. */
export class ApplyContext {
  readonly tx: ChangeTx;
  readonly em: EntityManager;
  readonly sql: SqlRunner;
  readonly catalog: TenantCatalog;
  readonly actor: Actor;
  readonly now: Date;
  readonly retentionDays: number;
  /** Checks (and cascades into) what uses an object or field before it is renamed or deleted. */
  readonly dependants: DependantsHook | undefined;
  readonly applied: AppliedChange[] = [];
  /** Set when a change moved rights along with it (a rename): the rights cached for the tenant are stale at commit. */
  securityChanged = false;
  /** Index builds left for after commit (CREATE INDEX CONCURRENTLY cannot run in a transaction). */
  readonly deferred: { change: AppliedChange; statement: string; index: string }[] = [];
  /**
   * Tables a back-fill rewrote row by row (an UPDATE of every record): vacuumed and analyzed right
   * after commit, so that the dead row versions it left do not slow every later scan (a 1M-row
   * funnel read 3× slower on the bloated table) and the planner sees the new column's values.
   */
  readonly vacuum = new Map<string, AppliedChange>();
  /** Tables at least this large (bytes) get their new indexes built CONCURRENTLY, so writes go on. */
  readonly concurrentIndexBytes: number;
  private current: AppliedChange | undefined;

  constructor(options: { tx: ChangeTx; catalog: TenantCatalog; retentionDays: number; concurrentIndexBytes?: number; dependants?: DependantsHook }) {
    this.concurrentIndexBytes = options.concurrentIndexBytes ?? 8 * 1024 * 1024;
    this.tx = options.tx;
    this.em = options.tx.em;
    this.sql = options.tx.sql;
    this.catalog = options.catalog;
    this.actor = options.tx.actor;
    this.now = options.tx.now;
    this.retentionDays = options.retentionDays;
    this.dependants = options.dependants;
  }

  get schema(): string {
    return this.catalog.schema;
  }

  get purgeAfter(): Date {
    return new Date(this.now.getTime() + this.retentionDays * 86_400_000);
  }

  begin(change: Change, object: string, field?: string): void {
    this.current = { kind: 'object', action: change.kind, object, field, target: field ? `${object}.${field}` : object, statements: [], notes: [] };
    this.applied.push(this.current);
  }

  /** Starts (or goes on with) a step of the plan that follows from the changes rather than being one (the search indexes they call for). */
  step(action: string, object: string): void {
    if (this.current?.action === action && this.current.object === object) return;
    this.current = { kind: 'object', action, object, target: object, statements: [], notes: [] };
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

  /** Asks for `table` (of this tenant) to be vacuumed and analyzed after commit; the plan says so. */
  vacuumAfterCommit(table: string): void {
    if (!this.current || this.vacuum.has(table)) return;
    this.current.statements.push(`VACUUM (ANALYZE) "${this.schema}"."${table}"`);
    this.note(`${table} is vacuumed and analyzed after commit (the back-fill rewrote its rows)`);
    this.vacuum.set(table, this.current);
  }

  async count(sql: string, params: unknown[] = []): Promise<number> {
    const [row] = await this.sql.query<{ n: string | number }>(sql, params);
    return Number(row?.n ?? 0);
  }

  /** Records a history entry; the change runner writes them all in one statement before commit. */
  history(action: string, target: string, before: unknown, after: unknown): void {
    this.tx.record({ kind: 'object', action, target, before: before ?? null, after: after ?? null });
  }

  /** Adds a step to the plan that is not a change of its own (a dependant that followed a rename). */
  report(step: AppliedChange): void {
    this.applied.push(step);
  }
}
