import type pg from 'pg';
import { PlatformError } from '../errors/index.ts';
import { loadCatalog, METADATA_CHANNEL, type CatalogScript, type ScriptHandlers } from '../metadata/index.ts';
import { buildModel, type SchemaModel } from '../model/index.ts';
import type { OperationContext } from '../operations/context.ts';
import type { TraceStep } from '../operations/pipeline.ts';
import { pgRunner, type SqlRunner } from '../storage/sql/runner.ts';
import { scriptTypes } from './types/generate.ts';

export type ScriptLanguage = 'TS' | 'JS';

export interface ScriptDiagnostic {
  line: number;
  column: number;
  message: string;
  severity: 'error' | 'warning';
}

/** What compiling a script's source gives: JavaScript to run, what it declares, and what is wrong with it. */
export interface CompiledScript {
  compiled: string | null;
  /** Generated line (1-based index) → source line. */
  lineMap: number[] | null;
  handlers: ScriptHandlers;
  diagnostics: ScriptDiagnostic[];
}

/**
 * What a script runtime provides (the runtime package installs one as an extension; the platform
 * never imports it): compiling sources on save, and running actions. Triggers hook into the save
 * pipeline on their own.
 */
export interface ScriptingHost {
  /** `types`: the declarations to type-check against (the tenant's, from `scriptTypes`); absent: the generic ones. */
  compile(input: { name: string; language: ScriptLanguage; source: string; types?: string }): Promise<CompiledScript>;
  runAction(ctx: OperationContext, script: CatalogScript, object: string, action: string, args: { id: string; input: unknown }, trace?: TraceStep[]): Promise<unknown>;
}

/**
 * What saving scripts needs of the platform (`Platform` has it all): the database, the runtime that
 * compiles, the model cache to refresh, and the names a script's actions take in the API.
 */
export interface ScriptsPlatform {
  pool: pg.Pool;
  sql: SqlRunner;
  scripting?: ScriptingHost;
  schemas: { invalidate(tenantId: string, version?: number): void };
  /** What is wrong with a script's actions as API names, given the model without the script (platform.ts wires GraphQL's). */
  scriptActionProblems?(others: SchemaModel, handlers: ScriptHandlers): string[];
}

export interface ScriptSummary {
  name: string;
  version: number;
  language: ScriptLanguage;
  source: string;
  active: boolean;
  activeVersion: number | null;
  diagnostics: ScriptDiagnostic[];
  handlers: ScriptHandlers;
  updatedAt: string;
}

export interface SaveScriptResult {
  name: string;
  version: number;
  active: boolean;
  diagnostics: ScriptDiagnostic[];
  message: string;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const MAX_SOURCE = 256 * 1024;

interface Actor { tenantId: string; userId: string | null; via: string }

async function transaction<T>(pool: pg.Pool, work: (db: pg.PoolClient) => Promise<T>): Promise<T> {
  const db = await pool.connect();
  try {
    await db.query('begin');
    const result = await work(db);
    await db.query('commit');
    return result;
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}

/** Bumps the metadata version (the schema cache reloads: actions are mutations), records history, announces on commit. */
async function changed(db: pg.PoolClient, actor: Actor, action: string, target: string, before: unknown, after: unknown): Promise<number> {
  const { rows } = await db.query('update tessera.tenants set metadata_version = metadata_version + 1 where id = $1 returning metadata_version', [actor.tenantId]);
  const version = Number(rows[0].metadata_version);
  await db.query(
    'insert into tessera.metadata_history (tenant_id, version, actor_id, via, action, target, before, after) values ($1, $2, $3, $4, $5, $6, $7, $8)',
    [actor.tenantId, version, actor.userId, actor.via, action, target, JSON.stringify(before ?? null), JSON.stringify(after ?? null)]);
  await db.query(`select pg_notify('${METADATA_CHANNEL}', $1)`, [`${actor.tenantId}:${version}`]);
  return version;
}

/** Actions and triggers on objects that do not exist, and actions whose API name is taken (by a generated mutation or another script's action). */
function actionClashes(platform: ScriptsPlatform, catalog: Awaited<ReturnType<typeof loadCatalog>>, name: string, handlers: ScriptHandlers): string[] {
  const others = buildModel({ ...catalog, scripts: catalog.scripts.filter((s) => s.name !== name) });
  if (platform.scriptActionProblems) return platform.scriptActionProblems(others, handlers);
  const problems: string[] = [];
  for (const object of Object.keys(handlers.actions ?? {})) if (!catalog.objects.has(object)) problems.push(`actions.${object}: there is no object ${object}`);
  for (const object of Object.keys(handlers.triggers ?? {})) if (!catalog.objects.has(object)) problems.push(`triggers.${object}: there is no object ${object}`);
  return problems;
}

/**
 * Saves a new version of a script: compiled (never evaluated in this process) by the runtime; a
 * version without errors becomes the active one, a version with errors is kept but not activated.
 */
export async function saveScript(platform: ScriptsPlatform, actor: Actor, input: { name: string; language: ScriptLanguage; source: string }): Promise<SaveScriptResult> {
  if (!platform.scripting) throw new PlatformError('CONFLICT', 'No script runtime is installed on this server');
  if (!NAME.test(input.name)) throw new PlatformError('BAD_USER_INPUT', 'A script name starts with a letter and has up to 100 letters, digits, _ and -', { details: [{ pointer: '/input/name', message: 'invalid name' }] });
  if (input.source.length > MAX_SOURCE) throw new PlatformError('LIMIT_EXCEEDED', `The source is ${input.source.length} characters; the limit is ${MAX_SOURCE}`, { extensions: { limit: 'maxSourceLength', value: input.source.length, max: MAX_SOURCE } });
  const types = scriptTypes([...(await loadCatalog(platform.sql, actor.tenantId)).objects.values()].map((o) => o.definition));
  const compiled = await platform.scripting.compile({ ...input, types });
  const result = await transaction(platform.pool, async (db) => {
    await db.query('select 1 from tessera.tenants where id = $1 for update', [actor.tenantId]);
    const catalog = await loadCatalog(pgRunner(db), actor.tenantId);
    const diagnostics = [...compiled.diagnostics];
    if (compiled.compiled !== null) for (const message of actionClashes(platform, catalog, input.name, compiled.handlers)) diagnostics.push({ line: 1, column: 1, message, severity: 'error' });
    const ok = compiled.compiled !== null && !diagnostics.some((d) => d.severity === 'error');
    const { rows } = await db.query('select coalesce(max(version), 0) + 1 as v from tessera.scripts where tenant_id = $1 and name = $2', [actor.tenantId, input.name]);
    const version = Number(rows[0].v);
    const previous = await db.query('select version from tessera.scripts where tenant_id = $1 and name = $2 and active', [actor.tenantId, input.name]);
    if (ok) await db.query('update tessera.scripts set active = false where tenant_id = $1 and name = $2 and active', [actor.tenantId, input.name]);
    await db.query(
      `insert into tessera.scripts (tenant_id, name, version, language, source, compiled, source_map, handlers, diagnostics, active, updated_by)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [actor.tenantId, input.name, version, input.language, input.source, compiled.compiled, JSON.stringify(compiled.lineMap), JSON.stringify(compiled.handlers), JSON.stringify(diagnostics), ok, actor.userId]);
    const before = previous.rows.length ? { version: previous.rows[0].version } : null;
    const after = { version, active: ok, handlers: compiled.handlers, errors: diagnostics.filter((d) => d.severity === 'error').length };
    const metadataVersion = await changed(db, actor, ok ? 'saveScript' : 'saveScriptWithErrors', `script:${input.name}`, before, after);
    const message = ok ? `Version ${version} is active` : `Version ${version} has errors and was saved but NOT activated${before ? `; version ${before.version} stays active` : ''}`;
    return { name: input.name, version, active: ok, diagnostics, message, metadataVersion };
  });
  platform.schemas.invalidate(actor.tenantId, result.metadataVersion);
  const { metadataVersion: _, ...rest } = result;
  return rest;
}

/** Deletes a script: no version stays active; the versions stay in history. */
export async function deleteScript(platform: ScriptsPlatform, actor: Actor, name: string): Promise<boolean> {
  const version = await transaction(platform.pool, async (db) => {
    await db.query('select 1 from tessera.tenants where id = $1 for update', [actor.tenantId]);
    const { rows } = await db.query('select version, deleted from tessera.scripts where tenant_id = $1 and name = $2 order by version desc limit 1', [actor.tenantId, name]);
    if (rows.length === 0 || rows[0].deleted) throw new PlatformError('NOT_FOUND', `No script ${name}`, { details: [{ pointer: '/name', message: 'not found' }] });
    await db.query('update tessera.scripts set active = false, deleted = true where tenant_id = $1 and name = $2', [actor.tenantId, name]);
    return changed(db, actor, 'deleteScript', `script:${name}`, { version: rows[0].version }, null);
  });
  platform.schemas.invalidate(actor.tenantId, version);
  return true;
}

/** The tenant's scripts: the newest version of each, with the version that is active. */
export async function listScripts(pool: pg.Pool, tenantId: string): Promise<ScriptSummary[]> {
  const { rows } = await pool.query(
    `select distinct on (s.name) s.name, s.version, s.language, s.source, s.active, s.diagnostics, s.handlers, s.updated_at,
            (select a.version from tessera.scripts a where a.tenant_id = s.tenant_id and a.name = s.name and a.active) as active_version
       from tessera.scripts s where s.tenant_id = $1 and not s.deleted order by s.name, s.version desc`, [tenantId]);
  return rows.map((r) => ({
    name: r.name, version: r.version, language: r.language, source: r.source, active: r.active, activeVersion: r.active_version ?? null,
    diagnostics: r.diagnostics, handlers: r.handlers, updatedAt: new Date(r.updated_at).toISOString(),
  }));
}

/** Records a failed script run (with its pipeline trace) for admins; never fails the caller. */
export async function logScriptFailure(pool: pg.Pool, entry: { tenantId: string; script?: string; version?: number; code: string; message: string; details?: unknown; trace?: unknown; userId?: string | null }): Promise<void> {
  await pool.query(
    'insert into tessera.script_failures (tenant_id, script, version, code, message, details, trace, user_id) values ($1, $2, $3, $4, $5, $6, $7, $8)',
    [entry.tenantId, entry.script ?? null, entry.version ?? null, entry.code, entry.message, JSON.stringify(entry.details ?? null), JSON.stringify(entry.trace ?? null), entry.userId ?? null]).catch(() => {});
}

export async function listScriptFailures(pool: pg.Pool, tenantId: string, limit = 100): Promise<Record<string, unknown>[]> {
  const { rows } = await pool.query('select id, script, version, code, message, details, trace, user_id as "userId", at from tessera.script_failures where tenant_id = $1 order by at desc limit $2', [tenantId, Math.min(limit, 1000)]);
  return rows.map((r) => ({ ...r, at: new Date(r.at).toISOString() }));
}
