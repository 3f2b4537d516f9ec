import type pg from 'pg';
import type { Actor } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import { loadCatalog, type CatalogScript, type ScriptHandlers } from '../metadata/index.ts';
import type { OperationContext } from '../operations/context.ts';
import type { TraceStep } from '../operations/pipeline.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import type { ChangeRunner } from '../changes/index.ts';
import { scriptTypes } from './types/generate.ts';

export type { ScriptLanguage, ScriptDiagnostic, CompiledScript } from './store.ts';
import type { CompiledScript, ScriptCompilerHost, ScriptLanguage, ScriptDiagnostic } from './store.ts';
import { checkScriptInput, removeScript, storeScript } from './store.ts';

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

/** What saving and deleting scripts needs of the platform (not the whole of it: platform.ts composes everything). */
export interface ScriptsPlatform extends ScriptCompilerHost {
  sql: SqlRunner;
  scripting?: ScriptingHost;
  changes: Pick<ChangeRunner, 'run'>;
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


/**
 * Saves a new version of a script as a configuration change of its own. It is compiled before the
 * change takes the tenant lock (type-checking takes a while), against the objects as they are;
 * `applyMetadata` compiles inside its change instead, against the objects the document leaves.
 */
export async function saveScript(platform: ScriptsPlatform, tenantId: string, actor: Actor, input: { name: string; language: ScriptLanguage; source: string }): Promise<SaveScriptResult> {
  if (!platform.scripting) throw new PlatformError('CONFLICT', 'No script runtime is installed on this server');
  checkScriptInput(input);
  const types = scriptTypes([...(await loadCatalog(platform.sql, tenantId)).objects.values()].map((o) => o.definition));
  const compiled = await platform.scripting.compile({ ...input, types });
  const stored = await platform.changes.run({ tenantId, actor, kind: 'script', action: 'saveScript', target: `script:${input.name}` }, async (tx) => ({ result: await storeScript(platform, tx, input, compiled) }));
  const message = stored.active
    ? `Version ${stored.version} is active`
    : `Version ${stored.version} has errors and was saved but NOT activated${stored.previous !== null ? `; version ${stored.previous} stays active` : ''}`;
  return { name: stored.name, version: stored.version, active: stored.active, diagnostics: stored.diagnostics, message };
}

/** Deletes a script: no version stays active; the versions stay in history. */
export async function deleteScript(platform: ScriptsPlatform, tenantId: string, actor: Actor, name: string): Promise<boolean> {
  await platform.changes.run({ tenantId, actor, kind: 'script', action: 'deleteScript', target: `script:${name}` }, async (tx) => {
    await removeScript(tx, name);
    return { result: true };
  });
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
