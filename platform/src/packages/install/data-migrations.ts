import type pg from 'pg';
import semver from 'semver';
import type { ChangeTx } from '../../changes/index.ts';
import { PlatformError, type ErrorDetail } from '../../errors/index.ts';
import { checkExpression, compileSql, type CheckedExpression } from '../../expressions/index.ts';
import { changeCatalog } from '../../metadata/engine.ts';
import { buildModel, limitsFrom, type SchemaModel } from '../../model/index.ts';
import type { CommandRunner, OperationContext, SaveRunner } from '../../operations/context.ts';
import { updateRecord } from '../../operations/update.ts';
import { SqlWriter } from '../../query/writer.ts';
import { qualified, quoteIdent } from '../../storage/sql/quote.ts';

/** One step of a data migration: records of `update` matching `where` get each field of `set` from its expression. */
export interface MigrationStep {
  update: string;
  set: Record<string, string>;
  where?: string;
}

/** Data migrations a package version declares: the steps run when upgrading from a version in `from`. */
export interface DataMigration {
  from: string;
  steps: MigrationStep[];
}

/** What writing records needs beyond the change: the save pipeline and the command dispatcher (the platform's). */
export interface RecordsAccess {
  pipeline: SaveRunner;
  commands?: CommandRunner;
}

/**
 * The change's transaction as the connection the records API writes with: the same transaction
 * (the DDL of the upgrade and the records it migrates commit or roll back together).
 */
function connectionOf(tx: ChangeTx): pg.PoolClient {
  const query = (text: string | { text: string; values?: unknown[] }, values?: unknown[]) =>
    typeof text === 'string' ? tx.db.query(text, values) : tx.db.query(text.text, text.values);
  return { query } as unknown as pg.PoolClient;
}

/** The system writing in the tenant (no rights to check, every rule and workflow of the save pipeline runs). */
async function systemWriter(tx: ChangeTx, model: SchemaModel, access: RecordsAccess): Promise<OperationContext> {
  const [tenant] = await tx.sql.query<{ slug: string; settings: Record<string, unknown> | null }>('select slug, settings from tessera.tenants where id = $1', [tx.tenantId]);
  const settings = tenant?.settings ?? {};
  return {
    principal: { tenantId: tx.tenantId, tenantSlug: tenant?.slug ?? '', schema: model.schema, userId: tx.actor.userId as string, userName: 'package upgrade', locale: 'en', isAdmin: true, roleId: null, apiKeyId: null, via: 'api', settings },
    model, limits: limitsFrom(settings), db: connectionOf(tx), via: 'system', pipeline: access.pipeline, depth: 0, commands: access.commands,
  };
}

/** An expression of a step, type-checked against the model as the upgrade left it; a problem refuses the upgrade at its pointer. */
function checked(model: SchemaModel, object: string, source: string, pointer: string, expect?: 'boolean'): CheckedExpression {
  const result = checkExpression(source, { model, object, user: null, ...(expect ? { expect } : {}) });
  if (result.ok) return result.expression;
  throw new PlatformError('VALIDATION_FAILED', `The data migration's expression at ${pointer} is not valid: ${result.problems[0].message}`, { details: result.problems.map((p) => ({ pointer, message: p.message })) });
}

/** A value read back from SQL in the form the records API takes. */
function apiValue(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'number') return Number(value);
  if (type === 'datetime') return new Date(value as string).toISOString();
  if (type === 'date') return value instanceof Date ? value.toISOString().slice(0, 10) : String(value).slice(0, 10);
  return value;
}

/**
 * Runs the data migrations `manifest` declares for an upgrade from `fromVersion`, in the upgrade's
 * transaction, after its metadata changes: each step selects the records its `where` matches (the
 * expression compiled to SQL, as a formula is) with the new values its `set` expressions compute,
 * then updates each record through the records API (the save pipeline: validation rules, triggers,
 * workflows, history), as the system. Returns the records updated per step.
 */
export async function runDataMigrations(tx: ChangeTx, manifest: { migrations?: DataMigration[] }, fromVersion: string, access: RecordsAccess | undefined): Promise<{ object: string; updated: number }[]> {
  const due = (manifest.migrations ?? []).map((m, i) => ({ m, i })).filter(({ m }) => semver.satisfies(fromVersion, m.from));
  if (!due.length) return [];
  if (!access) throw new PlatformError('VALIDATION_FAILED', 'This package declares data migrations, which need the records API: upgrade it through the server', { details: [{ pointer: '/migrations', message: 'needs the records API' }] });
  const model = buildModel(await changeCatalog(tx));
  const writer = await systemWriter(tx, model, access);
  const done: { object: string; updated: number }[] = [];
  for (const { m, i } of due) {
    for (const [j, step] of m.steps.entries()) {
      const pointer = `/migrations/${i}/steps/${j}`;
      const object = model.objects.get(step.update);
      if (!object) throw new PlatformError('VALIDATION_FAILED', `The data migration updates ${step.update}, which does not exist`, { details: [{ pointer: `${pointer}/update`, message: 'no such object' } satisfies ErrorDetail] });
      const w = new SqlWriter();
      const now = tx.now;
      const sets = Object.entries(step.set).map(([field, source], k) => {
        if (!object.fields.has(field)) throw new PlatformError('VALIDATION_FAILED', `${step.update} has no field ${field}`, { details: [{ pointer: `${pointer}/set/${field}`, message: 'no such field' }] });
        const expression = checked(model, step.update, source, `${pointer}/set/${field}`);
        return { field, type: expression.type, sql: `${compileSql(expression, model, { writer: w, alias: 't', now }).sql} as ${quoteIdent(`v${k}`)}` };
      });
      const where = step.where ? compileSql(checked(model, step.update, step.where, `${pointer}/where`, 'boolean'), model, { writer: w, alias: 't', now }).sql : 'true';
      const rows = await tx.sql.query<Record<string, unknown>>(
        `select t.id${sets.map((s) => `, ${s.sql}`).join('')} from ${qualified(model.schema, object.catalog.tableName)} t where t."deletedAt" is null and (${where}) order by t.id`, w.params);
      for (const row of rows) {
        await updateRecord(writer, object, String(row.id), Object.fromEntries(sets.map((s, k) => [s.field, apiValue(row[`v${k}`], s.type)])));
      }
      done.push({ object: step.update, updated: rows.length });
    }
  }
  return done;
}
