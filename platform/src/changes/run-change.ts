import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { fromPostgresError, isPlatformError, PlatformError } from '../errors/index.ts';
import { RightsGuard } from '../security/guard.ts';
import { ormDb, ormRunner } from '../storage/sql/orm-runner.ts';
import type { Db, SqlRunner } from '../storage/sql/runner.ts';
import { uuidv7 } from '../util/ids.ts';
import type { Actor } from './actor.ts';
import { CHANGES_CHANNEL, METADATA_CHANNEL, SECURITY_CHANNEL } from './channels.ts';
import { redact } from './redact.ts';

/** The versions a tenant keeps: `metadata` (its API: objects, scripts) and `security` (who may do what). */
export type VersionName = 'metadata' | 'security';
export type Versions = Record<VersionName, number>;

/** One configuration change: who, on which tenant, and its main history entry. */
export interface ChangeSpec {
  tenantId: string;
  actor: Actor;
  /** The main entry (written when the work returns `before` or `after`): the kind changed, the verb, what. */
  kind: string;
  action: string;
  target: string;
  /** Do everything, checks included, then roll back: nothing stays, nothing is announced. */
  dryRun?: boolean;
  /**
   * Runs the rights guard around the work (security/guard.ts): unless the author is an
   * administrator, the change may give no one a right the author lacks. Set for security kinds.
   */
  guarded?: boolean;
  /** What a unique violation means here (a name taken): refused as CONFLICT with this message, at `/name`. */
  taken?: string;
}

/** What the work returns: its result, and the main entry's before/after (omit both: no main entry). */
export interface ChangeOutcome<T> {
  result: T;
  before?: unknown;
  after?: unknown;
}

/** One row of the configuration history. */
export interface HistoryEntry {
  kind: string;
  action: string;
  target: string;
  before: unknown;
  after: unknown;
}

/** What reading configuration needs: the tenant, a connection, and scratch space (a change's transaction, or a snapshot). */
export interface ConfigReader {
  readonly tenantId: string;
  readonly sql: SqlRunner;
  /** Scratch space shared by the parts of one change or read (e.g. the catalog as the change leaves it). */
  readonly state: Map<string, unknown>;
}

/** What the work of a change gets: the transaction (three ways to speak to it) and the change's bookkeeping. */
export interface ChangeTx extends ConfigReader {
  readonly actor: Actor;
  readonly dryRun: boolean;
  readonly now: Date;
  readonly em: EntityManager;
  readonly db: Db;
  /** The tenant's versions as the change found them; the runner bumps them after the work. */
  readonly versions: Readonly<Versions>;
  /** Present when the change is guarded. */
  readonly guard: RightsGuard | undefined;
  /** Adds a history entry (cascades, or changes of several items); its kind's versions are bumped. */
  record(entry: HistoryEntry): void;
  /** Bumps a version even if no entry's kind asks for it (a rename that moved rights). */
  bump(version: VersionName): void;
  /** Runs after commit (never after a rollback or dry run), with the versions the change committed. */
  afterCommit(fn: (versions: Versions) => void | Promise<void>): void;
}

export interface ChangeDone<T> {
  result: T;
  /** The versions after the change (in a dry run: the versions it would have given). */
  versions: Versions;
  bumped: VersionName[];
  /** Whether anything was written (a change that finds nothing to do leaves no trace and no version). */
  changed: boolean;
  dryRun: boolean;
}

export interface ChangeRunnerOptions {
  orm: MikroORM;
  /** The versions a change of this kind bumps (kind registry). */
  versionsOf(kind: string): readonly VersionName[];
  /** After every commit (in-process caches follow at once; other servers follow the NOTIFYs). */
  onCommit?(tenantId: string, done: { versions: Versions; bumped: VersionName[]; kinds: string[] }): void;
}

class Rollback<T> extends Error {
  readonly done: ChangeDone<T>;
  constructor(done: ChangeDone<T>) {
    super('rolled back');
    this.done = done;
  }
}

/**
 * The one way configuration changes: every kind (objects and fields, scripts, roles, permission
 * sets, groups, sharing rules, users, API keys, list views, dashboards, and the kinds plugins add)
 * runs its writes through `run`, which in ONE transaction
 *   1. locks the tenant row (one configuration change per tenant at a time),
 *   2. opens the rights guard when asked (security changes by someone who is not an administrator),
 *   3. runs the work,
 *   4. closes the guard, bumps the versions the changed kinds ask for (metadata, security, or none),
 *   5. writes the history entries (before/after JSON, secrets redacted) in one statement,
 *   6. NOTIFYs each bumped version's channel and the changes channel,
 * and commits — or, on any error or a dry run, rolls all of it back.
 */
export class ChangeRunner {
  private readonly options: ChangeRunnerOptions;

  constructor(options: ChangeRunnerOptions) {
    this.options = options;
  }

  async run<T>(spec: ChangeSpec, work: (tx: ChangeTx) => Promise<ChangeOutcome<T>>): Promise<T> {
    return (await this.runDetailed(spec, work)).result;
  }

  async runDetailed<T>(spec: ChangeSpec, work: (tx: ChangeTx) => Promise<ChangeOutcome<T>>): Promise<ChangeDone<T>> {
    const after: ((versions: Versions) => void | Promise<void>)[] = [];
    let kinds: string[] = [];
    let done: ChangeDone<T>;
    try {
      done = await this.options.orm.em.fork().transactional(async (em) => {
        const db = ormDb(em);
        const { rows } = await db.query<{ metadata_version: string; security_version: string }>(
          'select metadata_version, security_version from tessera.tenants where id = $1 for update', [spec.tenantId]);
        if (!rows[0]) throw new PlatformError('NOT_FOUND', 'No such tenant');
        const versions: Versions = { metadata: Number(rows[0].metadata_version), security: Number(rows[0].security_version) };
        const guard = spec.guarded ? await RightsGuard.open(db, spec.tenantId, spec.actor.userId) : undefined;
        const entries: HistoryEntry[] = [];
        const bumps = new Set<VersionName>();
        const tx: ChangeTx = {
          tenantId: spec.tenantId, actor: spec.actor, dryRun: spec.dryRun === true, now: new Date(), em, sql: ormRunner(em), db, versions, guard,
          record: (entry) => { entries.push(entry); },
          bump: (version) => { bumps.add(version); },
          afterCommit: (fn) => { after.push(fn); },
          state: new Map(),
        };
        const outcome = await work(tx);
        if ('before' in outcome || 'after' in outcome) entries.unshift({ kind: spec.kind, action: spec.action, target: spec.target, before: outcome.before, after: outcome.after });
        for (const entry of entries) for (const version of this.options.versionsOf(entry.kind)) bumps.add(version);
        const bumped = (['metadata', 'security'] as const).filter((v) => bumps.has(v));
        if (guard) await guard.close(db, { changed: bumped.includes('security') });
        const next = { ...versions };
        for (const version of bumped) next[version] += 1;
        if (entries.length === 0 && bumped.length === 0) throw new Rollback({ result: outcome.result, versions, bumped: [], changed: false, dryRun: tx.dryRun });
        if (bumped.length) {
          await db.query('update tessera.tenants set metadata_version = $2, security_version = $3 where id = $1', [spec.tenantId, next.metadata, next.security]);
        }
        const seq = await writeHistory(db, spec, tx.now, next, entries);
        kinds = [...new Set(entries.map((e) => e.kind))];
        if (bumped.includes('metadata')) await db.query(`select pg_notify('${METADATA_CHANNEL}', $1)`, [`${spec.tenantId}:${next.metadata}`]);
        if (bumped.includes('security')) await db.query(`select pg_notify('${SECURITY_CHANNEL}', $1)`, [`${spec.tenantId}:${next.security}`]);
        await db.query(`select pg_notify('${CHANGES_CHANNEL}', $1)`, [`${spec.tenantId}:${seq}:${kinds.join(',')}`]);
        const result: ChangeDone<T> = { result: outcome.result, versions: next, bumped, changed: true, dryRun: tx.dryRun };
        if (tx.dryRun) throw new Rollback(result);
        return result;
      });
    } catch (error) {
      if (error instanceof Rollback) return error.done as ChangeDone<T>;
      if (isPlatformError(error)) throw error;
      if (spec.taken && (error as { code?: string }).code === '23505') {
        throw new PlatformError('CONFLICT', `${spec.taken} already exists`, { details: [{ pointer: '/name', message: 'is taken' }] });
      }
      throw fromPostgresError(error) ?? error;
    }
    this.options.onCommit?.(spec.tenantId, { versions: done.versions, bumped: done.bumped, kinds });
    for (const fn of after) await fn(done.versions);
    return done;
  }
}

/**
 * Reads a tenant's configuration as one consistent snapshot (a read-only, repeatable-read
 * transaction): what `metadata pull` writes, however many kinds it reads.
 */
export async function readSnapshot<T>(orm: MikroORM, tenantId: string, work: (reader: ConfigReader) => Promise<T>): Promise<T> {
  return orm.em.fork().transactional(async (em) => {
    const sql = ormRunner(em);
    await sql.query('set transaction isolation level repeatable read, read only');
    return work({ tenantId, sql, state: new Map() });
  });
}

async function writeHistory(db: Db, spec: ChangeSpec, at: Date, versions: Versions, entries: HistoryEntry[]): Promise<number> {
  if (entries.length === 0) return 0;
  const rows = entries.map((e) => ({ id: uuidv7(), kind: e.kind, action: e.action, target: e.target, before: redact(e.before ?? null), after: redact(e.after ?? null) }));
  const { rows: written } = await db.query<{ seq: string }>(
    `insert into tessera.metadata_history (id, tenant_id, version, security_version, actor_id, via, kind, action, target, before, after, at)
     select x.id, $1, $2, $3, $4, $5, x.kind, x.action, x.target, x.before, x.after, $6
       from jsonb_to_recordset($7::jsonb) as x(id uuid, kind text, action text, target text, before jsonb, after jsonb)
     returning seq`,
    [spec.tenantId, versions.metadata, versions.security, spec.actor.userId, spec.actor.via, at.toISOString(), JSON.stringify(rows)]);
  return Math.max(...written.map((r) => Number(r.seq)));
}
