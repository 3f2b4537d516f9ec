import type pg from 'pg';
import { fromPostgresError, isPlatformError, PlatformError } from '../errors/index.ts';
import type { ApiLimits, SchemaModel } from '../model/index.ts';
import { checkObjectRead, validateRecords } from '../operations/index.ts';
import { columnValues } from '../operations/record-values.ts';
import type { SecurityContext } from '../security/model.ts';
import { fuzzyThreshold, matchCandidates, usableRules } from './match.ts';
import { reportMatches, type DuplicateReport } from './report.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface FindDuplicatesContext {
  model: SchemaModel;
  limits: ApiLimits;
  security?: SecurityContext;
  pool: pg.Pool;
}

/** A duplicate `findDuplicates` found: a report without the input pointer (there is one record). */
export type FoundDuplicate = Omit<DuplicateReport, 'pointer' | 'batchRecord'>;

/**
 * `findDuplicates(object, data, id)`: the live records that `data` (field values as a create or
 * update takes them, any subset) would duplicate by the object's active rules, BLOCK and WARN alike,
 * best first (score, then BLOCK before WARN) — before a write, for a form to warn early. Needs read on the object. Those the caller
 * may read come with their id and score; any other is only said to exist (`hidden`), as a refused
 * write says it (report.ts). `id`: the record being edited, which is no duplicate of itself.
 * Runs in a read-only transaction of its own, with the tenant's statement timeout.
 */
export async function findDuplicates(ctx: FindDuplicatesContext, args: { object: string; data: unknown; id?: string | null }): Promise<FoundDuplicate[]> {
  const object = ctx.model.objects.get(args.object);
  if (!object) throw new PlatformError('BAD_USER_INPUT', `No object ${JSON.stringify(args.object)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
  checkObjectRead(ctx.security, object.name, '/object');
  const data = args.data;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) throw new PlatformError('BAD_USER_INPUT', 'data is an object of field values', { details: [{ pointer: '/data', message: 'not an object' }] });
  if (args.id != null && (typeof args.id !== 'string' || !UUID.test(args.id))) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(args.id)} is not a record id (a UUID)`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  validateRecords(object, 'update', [data as Record<string, unknown>], () => '/data');
  const rules = usableRules(object, object.duplicateRules);
  if (rules.length === 0) return [];
  const values = columnValues(object, data as Record<string, unknown>);
  const threshold = fuzzyThreshold(rules);
  const db = await ctx.pool.connect();
  try {
    // The transaction, its timeout and pg_trgm's threshold in one round trip (a probe is a few milliseconds: round trips count).
    await db.query(`begin read only; set local statement_timeout = ${Math.floor(ctx.limits.statementTimeoutMs)}${threshold === null ? '' : `; set local pg_trgm.similarity_threshold = ${Number(threshold)}`}`);
    const matches = await matchCandidates(db, ctx.model, object, rules, { kind: 'values', rows: [values], exclude: args.id ? [args.id] : [] }, { thresholdSet: true });
    const reports = await reportMatches({ db, model: ctx.model, security: ctx.security }, object, matches, () => '');
    await db.query('commit');
    return reports
      .map(({ pointer: _pointer, batchRecord: _batch, ...found }) => found)
      .sort((a, b) => Number(!!a.hidden) - Number(!!b.hidden) || (b.score ?? 0) - (a.score ?? 0) || Number(a.action === 'WARN') - Number(b.action === 'WARN'));
  } catch (error) {
    await db.query('rollback').catch(() => {});
    if (isPlatformError(error)) throw error;
    throw fromPostgresError(error) ?? error;
  } finally {
    db.release();
  }
}
