import {
  LocalApi, PlatformError, isPlatformError, logScriptFailure,
  definePlugin, type CompiledScript, type WriteOptions, type OperationContext, type Plugin, type SaveBatch, type ScriptingHost, type ScriptLanguage, type TraceStep,
} from '@tessera/platform';
import type { CatalogScript } from '@tessera/platform';
import { SandboxCallError } from '../sandbox/child.ts';
import { SandboxProcesses, type SandboxProcessesOptions } from '../sandbox/processes.ts';
import { DEFAULT_SANDBOX_LIMITS, MAX_SANDBOX_LIMITS, lineOf, type InvocationResult, type SandboxLimits, type SandboxScript } from '../sandbox/protocol.ts';
import { compileScript } from './compiler.ts';
import { asPlatformError, explain, explainFailure, outcome } from './errors.ts';
import { stopTypeChecker } from './type-check-client.ts';
import { applyTriggerChanges, encodeTrigger } from './trigger-batch.ts';

const EVENT: Record<string, string> = { create: 'Create', update: 'Update', delete: 'Delete' };

export interface RuntimeLimits extends SandboxLimits {
  /** CPU allowance per record of the batch on top of cpuMs (µs): copying a 10k-record batch in and out is not the script's fault. */
  cpuPerRecordUs: number;
  maxQueries: number;
  maxRowsWritten: number;
}

export const DEFAULT_RUNTIME_LIMITS: RuntimeLimits = { ...DEFAULT_SANDBOX_LIMITS, cpuPerRecordUs: 20, maxQueries: 100, maxRowsWritten: 10_000 };
const MAXIMA: RuntimeLimits = { ...MAX_SANDBOX_LIMITS, cpuPerRecordUs: 200, maxQueries: 10_000, maxRowsWritten: 100_000 };

/** Tenant settings `scripts: {cpuMs, memoryMb, …}` within the platform maxima; a script's own limits may only lower them. */
export function limitsFor(settings: Record<string, unknown> | undefined, script?: CatalogScript): RuntimeLimits {
  const given = { ...((settings?.scripts ?? {}) as Record<string, unknown>) };
  const limits = { ...DEFAULT_RUNTIME_LIMITS };
  for (const key of Object.keys(limits) as (keyof RuntimeLimits)[]) {
    const v = given[key];
    if (typeof v === 'number' && Number.isFinite(v) && v > 0) limits[key] = Math.min(v, MAXIMA[key]);
    const own = script?.limits?.[key];
    if (typeof own === 'number' && own > 0) limits[key] = Math.min(limits[key], own);
  }
  return limits;
}

export interface ScriptRuntimeOptions {
  /** The sandbox processes to run scripts in (shared), or how to start this runtime's own. */
  sandboxes?: SandboxProcesses | SandboxProcessesOptions;
  /** Where failures are logged (the platform's pool); absent: not logged. */
  onFailure?: (ctx: OperationContext, script: CatalogScript | undefined, error: PlatformError, trace?: TraceStep[]) => void;
  /** The platform's clock: what `ctx.now()` answers (the time a call started); default the machine's. */
  clock?: { now(): Date };
}

/**
 * The script runtime: compiles scripts on save, runs triggers from the save pipeline (one call per
 * batch per handler) and actions from their mutations, in per-tenant pooled isolates that live in
 * sandbox processes (never in the server's process: sandbox/processes.ts).
 */
export class ScriptRuntime implements ScriptingHost {
  readonly sandboxes: SandboxProcesses;
  private readonly onFailure?: ScriptRuntimeOptions['onFailure'];

  constructor(options: ScriptRuntimeOptions = {}) {
    this.sandboxes = options.sandboxes instanceof SandboxProcesses ? options.sandboxes : new SandboxProcesses(options.sandboxes);
    this.onFailure = options.onFailure;
    this.clock = options.clock ?? { now: () => new Date() };
  }

  private readonly clock: { now(): Date };

  compile(input: { name: string; language: ScriptLanguage; source: string; types?: string }): Promise<CompiledScript> {
    return compileScript(input, { sandboxes: this.sandboxes });
  }

  async runTriggers(ctx: OperationContext, batch: SaveBatch, phase: 'before' | 'after'): Promise<void> {
    const scripts = ctx.model.scripts;
    if (scripts.length === 0) return;
    const suffix = EVENT[batch.kind];
    if (!suffix) return;
    const event = phase + suffix;
    const object = batch.object.name;
    // A package's script (an app's code) handles only the objects of its scope: elsewhere it is inert.
    const handling = scripts.filter((s) => s.handlers.triggers?.[object]?.includes(event) && inScope(s, object));
    if (handling.length === 0) return;
    let old: (Record<string, unknown> | null)[] = [];
    if (batch.kind !== 'create') {
      if (!batch.old) {
        const rows = await new LocalApi(ctx).many(object, batch.ids, { count: false });
        batch.old = new Map(rows.map((r) => [r.id as string, r]));
      }
      old = batch.ids.map((id) => batch.old!.get(id) ?? null);
    }
    for (const script of handling) {
      // Encoded per call: an earlier before-trigger may have changed the batch.
      const input = encodeTrigger(batch, old, phase);
      const payload = JSON.stringify({ ...input.tables, user: { id: ctx.principal.userId, name: ctx.principal.userName }, now: this.clock.now().toISOString() });
      const result = await this.call(ctx, script, phase, object, event, payload, batch.ids.length, input.text);
      if (result.errors?.length) {
        const details = result.errors.map((e) => ({ pointer: `/data/${e.index}/${e.field}`, message: e.message, field: e.field }));
        throw new PlatformError('VALIDATION_FAILED', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { script: script.name, version: script.version } });
      }
      if (phase === 'before' && batch.kind !== 'delete') applyTriggerChanges(batch, result, script);
    }
  }

  async runAction(ctx: OperationContext, script: CatalogScript, object: string, action: string, args: { id: string; input: unknown }, _trace?: TraceStep[]): Promise<unknown> {
    if (!inScope(script, object)) throw outOfScope(script, object, '/id');
    // Read with the caller's security: a record they cannot see is NOT_FOUND, and the script does not run.
    const record = await new LocalApi(ctx).many(object, [args.id], { count: false });
    if (!record[0]) throw new PlatformError('NOT_FOUND', `No ${object} with id ${args.id}`, { details: [{ pointer: '/id', message: 'not found' }] });
    const payload = JSON.stringify({ id: args.id, input: args.input, record: record[0], user: { id: ctx.principal.userId, name: ctx.principal.userName }, now: this.clock.now().toISOString() });
    const result = await this.call(ctx, script, 'action', object, action, payload);
    if (result.errors?.length) {
      const details = result.errors.map((e) => ({ pointer: `/input/${e.field}`, message: e.message, field: e.field }));
      throw new PlatformError('VALIDATION_FAILED', `${details[0].pointer}: ${details[0].message}`, { details, extensions: { script: script.name, version: script.version } });
    }
    return result.value ?? null;
  }

  /** One handler call, with the limits and their explanation (which limit, the value reached, the script, the line). */
  private async call(ctx: OperationContext, script: CatalogScript, kind: 'before' | 'after' | 'action', object: string, handler: string, payload: string, records = 1, text = ''): Promise<InvocationResult> {
    const base = limitsFor(ctx.principal.settings, script);
    const limits = records > 1 ? { ...base, cpuMs: Math.round(base.cpuMs + (records * base.cpuPerRecordUs) / 1000) } : base;
    const sbScript: SandboxScript = { name: script.name, version: script.version, compiled: script.compiled, lineMap: script.lineMap };
    const api = new LocalApi(ctx, { limits: { maxQueries: limits.maxQueries, maxRowsWritten: limits.maxRowsWritten } });
    const host = async (op: string, argsJson: string, site: string): Promise<string> => {
      try {
        const args = JSON.parse(argsJson) as unknown[];
        if (script.scope && Array.isArray(args) && !inScope(script, args[0])) throw outOfScope(script, args[0], '/0');
        return JSON.stringify(await hostCall(api, op, args) ?? null);
      } catch (error) {
        if (isPlatformError(error) && error.code === 'LIMIT_EXCEEDED') throw explain(error, script, lineOf(site, sbScript));
        throw error;
      }
    };
    const spec = { tenant: ctx.model.tenantId, script: sbScript, kind, object, handler, payload, text, limits, host };
    // A call that had not begun when its isolate or process was replaced (for another call's failure) is sent
    // once more; so is one the process's restart stopped before it reached the server (no ctx.db call: nothing
    // of it was seen, and what it computed died with the process).
    for (let attempt = 0; ; attempt++) {
      try {
        return outcome(JSON.parse(await this.sandboxes.call(spec)) as InvocationResult, sbScript, handler, limits);
      } catch (error) {
        const f = error instanceof SandboxCallError ? error.failure : undefined;
        const again = f && ((f.k === 'replaced' && !f.started) || (f.k === 'restarted' && (!f.started || !f.reached)));
        if (again && attempt === 0) continue;
        const failure = f ? explainFailure(f, sbScript, limits) : asPlatformError(error, sbScript);
        this.onFailure?.(ctx, script, failure);
        throw failure;
      }
    }
  }

  /** Stops the sandbox processes. */
  close(): Promise<void> {
    return this.sandboxes.close();
  }
}

/** Whether `object` is one the script may touch: any for the tenant's own scripts; a package's, its scope. */
function inScope(script: CatalogScript, object: unknown): boolean {
  return !script.scope || (typeof object === 'string' && script.scope.objects.includes(object));
}

/**
 * A package's script reaching past its scope: the rights an app was granted are its package's objects
 * and its dependencies', never the tenant's own nor another app's, whoever's action runs it.
 */
function outOfScope(script: CatalogScript, object: unknown, pointer: string): PlatformError {
  const scope = script.scope!;
  return new PlatformError('FORBIDDEN', `The script ${script.name} of the package ${scope.package} may use only the objects of its package and the packages it depends on (${scope.objects.join(', ') || 'none'}); not ${JSON.stringify(object)}`, {
    details: [{ pointer, message: 'outside the package\'s objects' }],
    extensions: { script: script.name, package: scope.package, object: typeof object === 'string' ? object : null },
  });
}

async function hostCall(api: LocalApi, op: string, args: unknown[]): Promise<unknown> {
  const a = Array.isArray(args) ? args : [];
  switch (op) {
    case 'get': return api.get(a[0] as string, a[1] as string);
    case 'find': return api.find(a[0] as string, (a[1] ?? {}) as object);
    case 'create': return api.create(a[0] as string, a[1] as Record<string, unknown>, a[2] as WriteOptions | undefined);
    case 'update': return api.update(a[0] as string, a[1] as string, a[2] as Record<string, unknown>, a[3] as WriteOptions | undefined);
    case 'delete': return api.delete(a[0] as string, a[1] as string);
    case 'aggregate': return api.aggregate(a[0] as string, (a[1] ?? {}) as object);
    case 'command': return api.runCommand(a[0] as string, a[1] as string, a[2] as string, a[3] ?? undefined);
    default: throw new PlatformError('BAD_USER_INPUT', `Unknown ctx.db operation ${op}`);
  }
}

/** The runtime as a plugin, with the runtime it started once installed. */
export type ScriptRuntimePlugin = Plugin & { readonly runtime: ScriptRuntime | undefined };

/**
 * The script runtime as a plugin: it installs the scripting host (compiling scripts on save), runs
 * before- and after-triggers as save hooks (after the record history has collected what changed),
 * and runs scripts' actions as the provider of `script:` commands.
 */
export function createPlugin(options: ScriptRuntimeOptions = {}): ScriptRuntimePlugin {
  let runtime: ScriptRuntime | undefined;
  const running = () => {
    if (!runtime) throw new PlatformError('SERVICE_UNAVAILABLE', 'The script runtime is not running');
    return runtime;
  };
  const plugin = definePlugin({
    name: 'scripts',
    version: '0.1.0',
    label: { en: 'Scripts', zh: '脚本' },
    description: 'Sandboxed TypeScript and JavaScript: triggers around every write, actions as commands.',
    after: ['permissions', 'audit'],
    saveHooks: [
      { name: 'before', step: 'beforeWrite', run: (ctx, batch) => running().runTriggers(ctx, batch, 'before') },
      { name: 'after', step: 'afterWrite', run: (ctx, batch) => running().runTriggers(ctx, batch, 'after') },
    ],
    commandProviders: {
      script: (ctx, object, command, args) => {
        const script = ctx.model.scripts.find((s) => `script:${s.name}` === command.provider);
        if (!script) throw new PlatformError('NOT_FOUND', `The action ${command.name} on ${object.name} is not available`);
        return running().runAction(ctx, script, object.name, command.name, args);
      },
    },
    setup(services, platform) {
      const started = new ScriptRuntime({
        clock: services.clock,
        ...options,
        onFailure: options.onFailure ?? ((ctx, script, error) => {
          void logScriptFailure(platform.pool, { tenantId: ctx.model.tenantId, script: script?.name, version: script?.version, code: error.code, message: error.message, details: error.extra, userId: ctx.principal.userId });
        }),
      });
      runtime = started;
      platform.scripting = started;
      return async () => {
        if (platform.scripting === started) platform.scripting = undefined;
        if (runtime === started) runtime = undefined;
        await started.close();
      };
    },
    async close() {
      await runtime?.close();
      await stopTypeChecker();
    },
  });
  return Object.freeze(Object.defineProperty({ ...plugin }, 'runtime', { get: () => runtime, enumerable: false })) as ScriptRuntimePlugin;
}
