import type pg from 'pg';
import type { Actor, ChangeTx } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import { buildModel } from '../graphql/data-api/model.ts';
import { inflect } from '../graphql/inflection.ts';
import { changeCatalog, loadCatalog, type CatalogScript, type ScriptHandlers, type TenantCatalog } from '../metadata/index.ts';
import type { OperationContext } from '../operations/context.ts';
import type { TraceStep } from '../operations/pipeline.ts';
import type { Platform } from '../platform.ts';
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

/** Something that plugs into a running platform: the script runtime, later marketplace apps. */
export interface PlatformExtension {
  name: string;
  install(platform: Platform): void | Promise<void>;
  close?(): void | Promise<void>;
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

/** Actions whose mutation name is taken (by a generated mutation or another script's action). */
function actionClashes(catalog: TenantCatalog, name: string, handlers: ScriptHandlers): string[] {
  const others = { ...catalog, scripts: catalog.scripts.filter((s) => s.name !== name) };
  const model = buildModel(others);
  const problems: string[] = [];
  for (const [object, actions] of Object.entries(handlers.actions ?? {})) {
    if (!catalog.objects.has(object)) { problems.push(`actions.${object}: there is no object ${object}`); continue; }
    for (const action of Object.keys(actions)) {
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(action)) { problems.push(`actions.${object}.${action}: not a valid action name`); continue; }
      const taken = model.mutations.get(inflect.action(object, action));
      if (taken) problems.push(`actions.${object}.${action}: the mutation ${inflect.action(object, action)} is already ${taken.kind === 'action' ? `the action of the script ${taken.script}` : 'generated for the API'}`);
    }
  }
  for (const object of Object.keys(handlers.triggers ?? {})) if (!catalog.objects.has(object)) problems.push(`triggers.${object}: there is no object ${object}`);
  return problems;
}

/** A script as stored: what saving it compiled to, and whether that version became the active one. */
export interface StoredScript {
  name: string;
  version: number;
  active: boolean;
  diagnostics: ScriptDiagnostic[];
  /** The version active before (null: none). */
  previous: number | null;
}

/**
 * Compiles a script against the tenant's objects as the change `tx` has left them (never evaluated
 * in this process) and stores it as a new version: a version without errors becomes the active
 * one, a version with errors is kept but not activated. Records the history entry.
 */
export async function storeScript(platform: Platform, tx: ChangeTx, input: { name: string; language: ScriptLanguage; source: string }, compiled?: CompiledScript): Promise<StoredScript> {
  if (!platform.scripting) throw new PlatformError('CONFLICT', 'No script runtime is installed on this server');
  const catalog = await changeCatalog(tx);
  compiled ??= await platform.scripting.compile({ ...input, types: scriptTypes([...catalog.objects.values()].map((o) => o.definition)) });
  const diagnostics = [...compiled.diagnostics];
  if (compiled.compiled !== null) for (const message of actionClashes(catalog, input.name, compiled.handlers)) diagnostics.push({ line: 1, column: 1, message, severity: 'error' });
  const ok = compiled.compiled !== null && !diagnostics.some((d) => d.severity === 'error');
  const [{ v }] = await tx.sql.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from tessera.scripts where tenant_id = $1 and name = $2', [tx.tenantId, input.name]);
  const version = Number(v);
  const [previous] = await tx.sql.query<{ version: number }>('select version from tessera.scripts where tenant_id = $1 and name = $2 and active', [tx.tenantId, input.name]);
  if (ok) await tx.sql.query('update tessera.scripts set active = false where tenant_id = $1 and name = $2 and active', [tx.tenantId, input.name]);
  await tx.sql.query(
    `insert into tessera.scripts (tenant_id, name, version, language, source, compiled, source_map, handlers, diagnostics, active, updated_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [tx.tenantId, input.name, version, input.language, input.source, compiled.compiled, JSON.stringify(compiled.lineMap), JSON.stringify(compiled.handlers), JSON.stringify(diagnostics), ok, tx.actor.userId]);
  if (ok) {
    // Later parts of the same change see the new version (its actions are mutations of the API).
    const active: CatalogScript = { name: input.name, version, language: input.language, compiled: compiled.compiled!, lineMap: compiled.lineMap, handlers: compiled.handlers, limits: {} };
    catalog.scripts = [...catalog.scripts.filter((s) => s.name !== input.name), active];
  }
  const before = previous ? { version: Number(previous.version) } : null;
  tx.record({
    kind: 'script', action: ok ? 'saveScript' : 'saveScriptWithErrors', target: `script:${input.name}`,
    before, after: { version, active: ok, handlers: compiled.handlers, errors: diagnostics.filter((d) => d.severity === 'error').length },
  });
  return { name: input.name, version, active: ok, diagnostics, previous: before?.version ?? null };
}

/** Checks a script's name and size before anything is compiled. */
export function checkScriptInput(input: { name: string; source: string }, pointer = '/input'): void {
  if (!NAME.test(input.name)) throw new PlatformError('BAD_USER_INPUT', 'A script name starts with a letter and has up to 100 letters, digits, _ and -', { details: [{ pointer: `${pointer}/name`, message: 'invalid name' }] });
  if (input.source.length > MAX_SOURCE) throw new PlatformError('LIMIT_EXCEEDED', `The source is ${input.source.length} characters; the limit is ${MAX_SOURCE}`, { extensions: { limit: 'maxSourceLength', value: input.source.length, max: MAX_SOURCE } });
}

/**
 * Saves a new version of a script as a configuration change of its own. It is compiled before the
 * change takes the tenant lock (type-checking takes a while), against the objects as they are;
 * `applyMetadata` compiles inside its change instead, against the objects the document leaves.
 */
export async function saveScript(platform: Platform, tenantId: string, actor: Actor, input: { name: string; language: ScriptLanguage; source: string }): Promise<SaveScriptResult> {
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

/** Deletes a script in `tx`: no version stays active; the versions stay in history. */
export async function removeScript(tx: ChangeTx, name: string, pointer = '/name'): Promise<void> {
  const [latest] = await tx.sql.query<{ version: number; deleted: boolean }>('select version, deleted from tessera.scripts where tenant_id = $1 and name = $2 order by version desc limit 1', [tx.tenantId, name]);
  if (!latest || latest.deleted) throw new PlatformError('NOT_FOUND', `No script ${name}`, { details: [{ pointer, message: 'not found' }] });
  await tx.sql.query('update tessera.scripts set active = false, deleted = true where tenant_id = $1 and name = $2', [tx.tenantId, name]);
  const catalog = tx.state.get('metadata.catalog') as TenantCatalog | undefined;
  if (catalog) catalog.scripts = catalog.scripts.filter((s) => s.name !== name);
  tx.record({ kind: 'script', action: 'deleteScript', target: `script:${name}`, before: { version: Number(latest.version) }, after: null });
}

/** Deletes a script: no version stays active; the versions stay in history. */
export async function deleteScript(platform: Platform, tenantId: string, actor: Actor, name: string): Promise<boolean> {
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
