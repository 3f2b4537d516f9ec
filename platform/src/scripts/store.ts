import type { ChangeTx } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import { buildModel, type SchemaModel } from '../model/index.ts';
import { changeCatalog, type CatalogScript, type ScriptHandlers, type TenantCatalog } from '../metadata/index.ts';
import { scriptTypes } from './types/generate.ts';

/**
 * Scripts as stored configuration: a new version compiled and kept (active when it has no
 * errors), or a script deleted, inside a configuration change. What the metadata API's verbs and the
 * script kind of documents share; knows nothing of the running platform but the compiler it is given.
 */

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

/** What storing a script needs of the platform: the script runtime's compiler, once installed, and the API's naming rules. */
export interface ScriptCompilerHost {
  readonly scripting?: { compile(input: { name: string; language: ScriptLanguage; source: string; types?: string }): Promise<CompiledScript> };
  /** What is wrong with a script's actions as API names (the mutations they become), given the model without the script (platform.ts wires GraphQL's). */
  scriptActionProblems?(others: SchemaModel, handlers: ScriptHandlers): string[];
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,99}$/;
const MAX_SOURCE = 256 * 1024;

/** Actions and triggers on objects that do not exist, and actions whose API name is taken (by a generated mutation or another script's action). */
function actionClashes(platform: ScriptCompilerHost, catalog: TenantCatalog, name: string, handlers: ScriptHandlers): string[] {
  const others = buildModel({ ...catalog, scripts: catalog.scripts.filter((s) => s.name !== name) });
  if (platform.scriptActionProblems) return platform.scriptActionProblems(others, handlers);
  const problems: string[] = [];
  for (const object of Object.keys(handlers.actions ?? {})) if (!catalog.objects.has(object)) problems.push(`actions.${object}: there is no object ${object}`);
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
export async function storeScript(platform: ScriptCompilerHost, tx: ChangeTx, input: { name: string; language: ScriptLanguage; source: string }, compiled?: CompiledScript): Promise<StoredScript> {
  if (!platform.scripting) throw new PlatformError('CONFLICT', 'No script runtime is installed on this server');
  const catalog = await changeCatalog(tx);
  compiled ??= await platform.scripting.compile({ ...input, types: scriptTypes([...catalog.objects.values()].map((o) => o.definition)) });
  const diagnostics = [...compiled.diagnostics];
  if (compiled.compiled !== null) for (const message of actionClashes(platform, catalog, input.name, compiled.handlers)) diagnostics.push({ line: 1, column: 1, message, severity: 'error' });
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

/** Deletes a script in `tx`: no version stays active; the versions stay in history. */
export async function removeScript(tx: ChangeTx, name: string, pointer = '/name'): Promise<void> {
  const [latest] = await tx.sql.query<{ version: number; deleted: boolean }>('select version, deleted from tessera.scripts where tenant_id = $1 and name = $2 order by version desc limit 1', [tx.tenantId, name]);
  if (!latest || latest.deleted) throw new PlatformError('NOT_FOUND', `No script ${name}`, { details: [{ pointer, message: 'not found' }] });
  await tx.sql.query('update tessera.scripts set active = false, deleted = true where tenant_id = $1 and name = $2', [tx.tenantId, name]);
  const catalog = tx.state.get('metadata.catalog') as TenantCatalog | undefined;
  if (catalog) catalog.scripts = catalog.scripts.filter((s) => s.name !== name);
  tx.record({ kind: 'script', action: 'deleteScript', target: `script:${name}`, before: { version: Number(latest.version) }, after: null });
}

