import ivm from 'isolated-vm';
import { PlatformError } from '@tessera/platform';
import { BOOTSTRAP } from './bootstrap.ts';

/** Limits of one invocation (per tenant settings, within the platform maxima). */
export interface SandboxLimits {
  /** CPU time of one invocation, synchronous part and continuations together (ms). */
  cpuMs: number;
  /** Isolate heap (MB); applies when the tenant's isolate is created. */
  memoryMb: number;
  /** Wall time an invocation may stay pending (awaiting ctx.db, or a promise that never settles) (ms). */
  wallMs: number;
  /** The largest JSON a handler may hand back (bytes). */
  maxResultBytes: number;
}

export const DEFAULT_SANDBOX_LIMITS: SandboxLimits = { cpuMs: 50, memoryMb: 32, wallMs: 5_000, maxResultBytes: 4 * 1024 * 1024 };
export const MAX_SANDBOX_LIMITS: SandboxLimits = { cpuMs: 5_000, memoryMb: 128, wallMs: 60_000, maxResultBytes: 32 * 1024 * 1024 };

export interface SandboxScript {
  name: string;
  version: number;
  compiled: string;
  lineMap: number[] | null;
}

export interface InvocationResult {
  s: 'done' | 'error';
  /** Before-triggers: the cells changed ([field, indices, values]) and removed ([field, indices]). */
  changed?: [string, number[] | null, unknown[]][];
  removed?: [string, number[]][];
  /** Before-triggers: ctx.records was no longer an array of as many records. */
  malformed?: boolean;
  errors?: { index: number; field: string; message: string }[];
  logs?: string[];
  value?: unknown;
  error?: { name: string; message: string; stack: string };
}

/** The host side of one invocation: answers its ctx.db calls. */
export type HostCall = (op: string, argsJson: string, site: string) => Promise<string>;

/**
 * A call stopped because its tenant's isolate was disposed for another call (one that exceeded a
 * limit, or the runtime after a failure). `started`: whether the call had begun running in it (a call
 * that had not may run again on a fresh isolate; one that had may have written through ctx.db).
 */
export class SandboxReplacedError extends Error {
  readonly started: boolean;
  constructor(started: boolean) {
    super(started ? 'The isolate was disposed for another call while this one ran' : 'The isolate was disposed before this call began');
    this.name = 'SandboxReplacedError';
    this.started = started;
  }
}

interface Invocation {
  id: number;
  host: HostCall;
  resolve: (json: string) => void;
  /** Set when the invocation must fail whatever the script does next (a limit, a failed host call). */
  fatal?: PlatformError;
}

interface ScriptContext {
  context: ivm.Context;
  invoke: ivm.Reference<(...args: unknown[]) => string>;
}

const scriptFile = (s: { name: string; version: number }) => `script:${s.name}@${s.version}`;

/** Finds the line of the script being run in a stack, as a line of its source (through the line map). */
export function lineOf(stack: string | undefined, script: SandboxScript): number | undefined {
  if (!stack) return undefined;
  const file = scriptFile(script);
  for (const line of stack.split('\n')) {
    const at = line.indexOf(file + ':');
    if (at < 0) continue;
    const generated = Number(line.slice(at + file.length + 1).split(':')[0]);
    if (!Number.isFinite(generated)) continue;
    return script.lineMap?.[generated] ?? generated;
  }
  return undefined;
}

/**
 * One tenant's isolate: a context per script version (each with its own globals), invocations
 * routed by id. Disposed (and replaced on next use) after a crash or an exceeded limit.
 */
export class TenantSandbox {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  private readonly scripts = new Map<string, ScriptContext>();
  private readonly invocations = new Map<number, Invocation>();
  private readonly hostRef: ivm.Reference<unknown>;
  private readonly doneRef: ivm.Reference<unknown>;
  private nextId = 1;
  /** Why the isolate was disposed on purpose (a limit), so that the failing call can say so. */
  disposedFor?: 'cpuTimeMs' | 'wallTimeMs';
  /** Which invocation's limit disposed the isolate ('host': disposed from outside any invocation). */
  private disposedBy?: number | 'host';

  constructor(memoryMb: number) {
    this.memoryMb = memoryMb;
    this.isolate = new ivm.Isolate({ memoryLimit: memoryMb });
    // The host side of ctx.db never rejects: it answers an envelope (`{"ok":true,"v":…}` or
    // `{"ok":false,"m":…}`) that the bootstrap turns into a value or a thrown error inside the
    // isolate. A rejection could find nobody to take it (the invocation over, the isolate gone)
    // and would surface in the host as an unhandled rejection.
    this.hostRef = new ivm.Reference(async (invId: number, op: string, argsJson: string, site: string) => {
      const fail = (message: string) => JSON.stringify({ ok: false, m: message });
      const inv = this.invocations.get(invId);
      if (!inv) return fail('This invocation has ended');
      if (inv.fatal) return fail(inv.fatal.message);
      try {
        const value = await inv.host(String(op), String(argsJson), String(site));
        return `{"ok":true,"v":${value === undefined || value === '' ? 'null' : value}}`;
      } catch (error) {
        // Limits and failures that leave the transaction unusable end the invocation, whatever the script does.
        const code = (error as { code?: string }).code;
        if (!(error instanceof PlatformError) || code === 'LIMIT_EXCEEDED' || code === 'INTERNAL') inv.fatal ??= error instanceof PlatformError ? error : new PlatformError('INTERNAL', (error as Error)?.message ?? String(error));
        return fail(error instanceof PlatformError ? `${error.code}: ${error.message}` : 'The platform call failed');
      }
    });
    this.doneRef = new ivm.Reference((invId: number, json: string) => {
      this.invocations.get(invId)?.resolve(String(json));
    });
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  dispose(by: number | 'host' = 'host'): void {
    if (!this.isolate.isDisposed) {
      this.disposedBy ??= by;
      this.isolate.dispose();
    }
    this.scripts.clear();
  }

  /** Compiles and evaluates a script version in its own context, once; later calls reuse it. */
  load(script: SandboxScript, cpuMs: number): ScriptContext {
    const key = scriptFile(script);
    const cached = this.scripts.get(key);
    if (cached) return cached;
    const context = this.isolate.createContextSync();
    const boot = this.isolate.compileScriptSync(BOOTSTRAP, { filename: 'tessera:bootstrap' }).runSync(context, { reference: true, timeout: 1000 }) as ivm.Reference<(...a: unknown[]) => unknown>;
    const invoke = boot.applySync(undefined, [this.hostRef, this.doneRef], { result: { reference: true }, timeout: 1000 }) as unknown as ivm.Reference<(...args: unknown[]) => string>;
    // The module body runs inside a function (exports as its parameter); lineOffset keeps stack lines equal to the compiled code's.
    const factory = this.isolate.compileScriptSync(`(function (exports) {\n${script.compiled}\n})`, { filename: key, lineOffset: -1 }).runSync(context, { reference: true, timeout: cpuMs }) as ivm.Reference<unknown>;
    const defined = JSON.parse(invoke.applySync(undefined, ['define', 0, factory.derefInto()], { timeout: cpuMs }) as string) as InvocationResult;
    if (defined.s === 'error') throw scriptError(script, 'evaluating the script', defined.error);
    const loaded = { context, invoke };
    this.scripts.set(key, loaded);
    return loaded;
  }

  /** The handlers the loaded script declares (read at save time, in a throwaway sandbox). */
  shape(script: SandboxScript, cpuMs: number): { triggers: Record<string, string[]>; actions: Record<string, Record<string, { input?: Record<string, unknown> }>>; problems: string[] } {
    const { invoke } = this.load(script, cpuMs);
    const out = JSON.parse(invoke.applySync(undefined, ['shape'], { timeout: cpuMs }) as string);
    if (out.s === 'error') throw scriptError(script, 'reading its exports', out.error);
    return out;
  }

  /**
   * Calls one handler: synchronously (bounded by the CPU limit through isolated-vm's timeout);
   * a handler that returns a promise is then awaited, its continuations bounded by a CPU watchdog
   * and the whole by a wall-time limit.
   */
  async invoke(script: SandboxScript, kind: 'before' | 'after' | 'action', object: string, handler: string, payload: string, limits: SandboxLimits, host: HostCall, text = ''): Promise<InvocationResult> {
    if (this.isolate.isDisposed) throw new SandboxReplacedError(false);
    let invoke: ScriptContext['invoke'];
    try {
      ({ invoke } = this.load(script, limits.cpuMs));
    } catch (error) {
      if (this.isolate.isDisposed && this.disposedBy !== undefined) throw new SandboxReplacedError(false);
      throw error;
    }
    const id = this.nextId++;
    let resolve!: (json: string) => void;
    const settled = new Promise<string>((r) => { resolve = r; });
    const inv: Invocation = { id, host, resolve };
    this.invocations.set(id, inv);
    const cpuStart = this.isolate.cpuTime;
    try {
      // Strings only (copied): nothing of the host is handed over by reference.
      let json: string;
      try {
        json = invoke.applySync(undefined, ['call', id, kind, object, handler, payload, text], { timeout: limits.cpuMs }) as string;
      } catch (error) {
        // Disposed while this call's synchronous part ran (its memory limit): this call is the cause.
        if (this.isolate.isDisposed) this.disposedBy ??= id;
        throw error;
      }
      if (json === '{"s":"pending"}') json = await this.await(settled, cpuStart, limits, id);
      if (inv.fatal) throw inv.fatal;
      if (json.length > limits.maxResultBytes) throw new PlatformError('LIMIT_EXCEEDED', `The handler returned ${json.length} bytes; the limit is ${limits.maxResultBytes}`, { extensions: { limit: 'maxResultBytes', value: json.length, max: limits.maxResultBytes } });
      return JSON.parse(json) as InvocationResult;
    } finally {
      this.invocations.delete(id);
    }
  }

  private await(settled: Promise<string>, cpuStart: bigint, limits: SandboxLimits, id: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const started = performance.now();
      const watchdog = setInterval(() => {
        if (this.isolate.isDisposed) {
          clearInterval(watchdog);
          // Disposed for another invocation (its limit) or by the host: this call did nothing wrong.
          // Disposed by V8 with no known cause (memory reached in a continuation): explained as memory.
          reject(this.disposedBy !== undefined && this.disposedBy !== id ? new SandboxReplacedError(true) : new Error('Isolate was disposed during execution'));
          return;
        }
        const cpu = Number(this.isolate.cpuTime - cpuStart) / 1e6;
        if (cpu > limits.cpuMs) this.disposedFor = 'cpuTimeMs';
        else if (performance.now() - started > limits.wallMs) this.disposedFor = 'wallTimeMs';
        else return;
        clearInterval(watchdog);
        this.dispose(id);
        reject(new Error(this.disposedFor === 'cpuTimeMs' ? 'Script execution timed out.' : 'Script wall time exceeded.'));
      }, 5);
      settled.then((json) => { clearInterval(watchdog); resolve(json); });
    });
  }
}

export function scriptError(script: SandboxScript, what: string, error: InvocationResult['error']): PlatformError {
  const line = lineOf(error?.stack, script);
  return new PlatformError('SCRIPT_ERROR', `The script ${script.name} (version ${script.version}) failed ${what}${line ? ` at line ${line}` : ''}: ${error?.name ?? 'Error'}: ${error?.message ?? ''}`, {
    extensions: { script: script.name, version: script.version, line: line ?? null, error: error?.message ?? null },
  });
}

/**
 * Isolates pooled per tenant and reused across requests; a tenant's isolate that crashed or went
 * over a limit is dropped and the next call creates a fresh one. Bounded across tenants (LRU).
 */
export class SandboxPool {
  private readonly tenants = new Map<string, TenantSandbox>();
  readonly maxTenants: number;

  constructor(options: { maxTenants?: number } = {}) {
    this.maxTenants = options.maxTenants ?? 200;
  }

  get(tenantId: string, memoryMb: number): TenantSandbox {
    let sandbox = this.tenants.get(tenantId);
    if (sandbox && (sandbox.disposed || sandbox.memoryMb !== memoryMb)) {
      sandbox.dispose();
      this.tenants.delete(tenantId);
      sandbox = undefined;
    }
    if (sandbox) {
      // Most recently used last.
      this.tenants.delete(tenantId);
      this.tenants.set(tenantId, sandbox);
      return sandbox;
    }
    sandbox = new TenantSandbox(memoryMb);
    this.tenants.set(tenantId, sandbox);
    while (this.tenants.size > this.maxTenants) {
      const [oldest, s] = this.tenants.entries().next().value as [string, TenantSandbox];
      s.dispose();
      this.tenants.delete(oldest);
    }
    return sandbox;
  }

  /** The tenant's isolate in the pool, if any (not created). */
  current(tenantId: string): TenantSandbox | undefined {
    return this.tenants.get(tenantId);
  }

  /** Drops a tenant's isolate (after a crash or an exceeded limit). */
  drop(tenantId: string, sandbox: TenantSandbox): void {
    sandbox.dispose();
    if (this.tenants.get(tenantId) === sandbox) this.tenants.delete(tenantId);
  }

  close(): void {
    for (const s of this.tenants.values()) s.dispose();
    this.tenants.clear();
  }
}
