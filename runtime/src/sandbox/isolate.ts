import ivm from 'isolated-vm';
import { BOOTSTRAP } from './bootstrap.ts';
import { scriptFile, type Failure, type SandboxLimits } from './protocol.ts';
import { TaskClock, noteSlowdown, processSlowdown } from './task-clock.ts';
import { holdWhileDisposing, watch, watchDisposing, type WatchedSandbox } from './watchdog.ts';

/**
 * Runs in a sandbox process only (sandbox-process.ts); the server process never loads isolated-vm.
 *
 * One tenant's isolate: a context per script version, and every piece of work in it — loading a
 * script, a call's synchronous part, each continuation after a ctx.db answer — is a *task* the host
 * starts, one at a time, timed and charged to its invocation. So the process's own thread never
 * waits for the isolate's lock while a script runs elsewhere (the cause of issue 10's hang: a
 * synchronous call queued behind a looping continuation froze the thread that should stop it).
 *
 * Only a call's synchronous part may run on the process's thread (the fast path: no thread hop),
 * and only when it arrives at an idle isolate, its CPU limit is small and its tenant's calls have
 * been short; it is stopped by isolated-vm's timeout (wall time, scaled by how much CPU the process
 * currently gets, so that a busy machine does not count against a script). Everything else runs on
 * isolated-vm's threads while this thread's watchdog counts their CPU time and disposes the isolate
 * at the limit. A task that V8 cannot stop (a builtin looping in C++) is reported, and the server
 * replaces the process; a synchronous part stuck that way silences the process: the server sees it
 * (child.ts) and replaces the process too.
 */
export interface ScriptCode { name: string; version: number; compiled: string }

export class SandboxFailure extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(failure.k);
    this.failure = failure;
  }
}

/** What an invocation tells its caller besides its outcome. */
export interface InvocationHooks {
  /** A ctx.db call; answer it with `sandbox.answer(id, hid, …)`. */
  host(hid: number, op: string, args: string, site: string): void;
  /** The synchronous part returned a promise. */
  pending(): void;
  /** The call waits behind other work in the isolate. */
  queued(): void;
  /** A call that was queued, or whose first task runs off the process's thread, has begun. */
  started(): void;
}

interface ScriptContext { invoke: ivm.Reference<(...args: unknown[]) => string> }

interface Invocation {
  id: number;
  sandbox: TenantSandbox;
  limits: SandboxLimits;
  hooks: InvocationHooks;
  /** When it arrived (its wall time counts from here, queueing included). */
  received: number;
  /** CPU time charged to it by its finished tasks (ns). */
  cpuUsed: number;
  /** One of its tasks has started: it may have run code (and written through ctx.db). */
  begun: boolean;
  /** It had to wait for its first task (hooks.queued was called). */
  queued: boolean;
  /** Set when the server said a ctx.db failure ends it: later ctx.db calls fail at once with this message. */
  fatal?: string;
  ended: boolean;
  invoke?: ScriptContext['invoke'];
  resolve(json: string): void;
  reject(error: SandboxFailure): void;
}

interface Task {
  inv: Invocation;
  run(sync: boolean, timeout: number): unknown;
  /** Answers to deliver ([hid, ok, text]…): answers that arrive while it waits join it (one task for a flood). */
  answers?: unknown[];
  /** The call's synchronous part (may take the fast path). */
  first?: boolean;
  sync?: boolean;
}

/** A synchronous task using more CPU than this sends its tenant's tasks to isolated-vm's threads for a while. */
const SLOW_SYNC_MS = 10;
const SLOW_FOR_MS = 60_000;
/**
 * The synchronous fast path: for calls whose CPU limit is at most this, and whose timeout (scaled
 * by the process's slowdown) holds the process's thread at most SYNC_MAX_MS.
 */
const SYNC_MAX_CPU_MS = 100;
const SYNC_MAX_MS = process.env.TESSERA_SANDBOX_SYNC === '0' ? -1 : 500;

export class TenantSandbox implements WatchedSandbox {
  readonly isolate: ivm.Isolate;
  readonly memoryMb: number;
  private readonly scripts = new Map<string, ScriptContext>();
  private readonly invocations = new Map<number, Invocation>();
  private readonly hostRef: ivm.Reference<unknown>;
  private readonly doneRef: ivm.Reference<unknown>;
  private readonly queue: Task[] = [];
  private running: Task | undefined;
  /** The running task's CPU time. */
  private readonly clock = new TaskClock();
  /** Invocations ended by their wall limit while waiting: what they left behind stays in the heap. */
  abandoned = 0;
  /** Until when this tenant's tasks avoid the process's thread (set by the pool when one was slow). */
  asyncUntil = 0;

  readonly tenant: string;

  constructor(memoryMb: number, tenant = '') {
    this.memoryMb = memoryMb;
    this.tenant = tenant;
    this.isolate = new ivm.Isolate({ memoryLimit: memoryMb });
    // Both run on this process's thread, after the isolate's task ends (applyIgnored from inside).
    this.hostRef = new ivm.Reference((invId: number, hid: number, op: string, args: string, site: string) => {
      const inv = this.invocations.get(invId);
      if (!inv || inv.ended) return;
      const text = String(args);
      if (inv.fatal !== undefined) this.answer(invId, Number(hid), false, inv.fatal);
      else if (text.length > inv.limits.maxResultBytes) this.answer(invId, Number(hid), false, `The arguments of ctx.db.${String(op)} are ${text.length} bytes; the limit is ${inv.limits.maxResultBytes}`);
      else inv.hooks.host(Number(hid), String(op), text, String(site));
    });
    this.doneRef = new ivm.Reference((invId: number, json: string) => {
      const inv = this.invocations.get(invId);
      if (inv && !inv.ended) this.finish(inv, String(json));
    });
  }

  get disposed(): boolean {
    return this.isolate.isDisposed;
  }

  get idle(): boolean {
    return this.invocations.size === 0 && !this.running;
  }

  /**
   * The watchdog's check of the pending invocations (every 5 ms): one whose task runs off the
   * process's thread is stopped at its CPU limit (the task's own timeout, wall time, is only a
   * backstop there: a busy machine must not count against it); one past its wall limit is stopped
   * too, or, waiting (for ctx.db, a promise that never settles, its turn), ended where it stands:
   * what it left in the isolate never runs again (its answers are dropped).
   */
  checkLimits(now: number): boolean {
    for (const inv of [...this.invocations.values()]) {
      if (inv.ended) continue;
      const wall = now - inv.received;
      if (this.running?.inv === inv) {
        const cpu = (inv.cpuUsed + this.taskCpu()) / 1e6;
        if (cpu > inv.limits.cpuMs * 1.05 + 5) this.disposeFor(inv, { k: 'cpu', ms: Math.round(cpu) });
        else if (wall > inv.limits.wallMs) this.disposeFor(inv, { k: 'wall', ms: Math.round(wall) });
      } else if (wall > inv.limits.wallMs) {
        this.abandon(inv, { k: 'wall', ms: Math.round(wall) });
      }
    }
    return this.invocations.size > 0;
  }

  /** A task is running in the isolate (or, disposed, has not come back). */
  get busy(): boolean {
    return this.running !== undefined;
  }

  /** CPU time of the running task so far (ns). */
  taskCpu(): number {
    return this.running ? this.clock.sample() : 0;
  }

  /**
   * Calls one handler. Resolves with its result JSON; rejects with a SandboxFailure (a limit, the
   * isolate replaced, a crash). A handler that returns a promise completes through its continuations.
   */
  invoke(id: number, code: ScriptCode, kind: string, object: string, handler: string, payload: string, text: string, limits: SandboxLimits, hooks: InvocationHooks): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      if (this.isolate.isDisposed) { reject(new SandboxFailure({ k: 'replaced', started: false })); return; }
      const inv: Invocation = { id, sandbox: this, limits, hooks, received: performance.now(), cpuUsed: 0, begun: false, queued: false, ended: false, resolve, reject };
      this.invocations.set(id, inv);
      watch(this);
      this.schedule({
        inv,
        first: true,
        run: (sync, timeout) => {
          const call = (ctx: ScriptContext) => {
            inv.invoke = ctx.invoke;
            // Loading is not the handler's CPU: its task's clock starts after it.
            this.clock.restart();
            const args = ['call', id, kind, object, handler, payload, text];
            if (sync) return this.called(inv, ctx.invoke.applySync(undefined, args, { timeout }) as string);
            return ctx.invoke.apply(undefined, args, { timeout }).then((json) => this.called(inv, json as string));
          };
          const loaded = this.scripts.get(scriptFile(code));
          if (loaded) return call(loaded);
          if (sync) {
            const ctx = this.loadSync(inv, code, timeout);
            return ctx && call(ctx);
          }
          return this.loadAsync(inv, code, timeout).then((ctx) => ctx && call(ctx));
        },
      });
    });
  }

  /**
   * Delivers the answer of ctx.db call `hid` to invocation `id` (dropped when it has ended).
   * `fatal`: the failure ends the invocation: its later ctx.db calls fail here, without a round trip.
   */
  answer(id: number, hid: number, ok: boolean, text: string, fatal = false): void {
    const inv = this.invocations.get(id);
    if (!inv || inv.ended || !inv.invoke) return;
    if (fatal) inv.fatal ??= text;
    const waiting = this.queue[this.queue.length - 1];
    if (waiting?.inv === inv && waiting.answers) { waiting.answers.push(hid, ok, text); return; }
    const invoke = inv.invoke;
    const answers: unknown[] = [hid, ok, text];
    this.schedule({ inv, answers, run: (_sync, timeout) => invoke.apply(undefined, ['answer', ...answers] as (string | number | boolean)[], { timeout }) });
  }

  /** Evaluates a script and reads the handlers it declares (at save time, in a throwaway sandbox). */
  shape(code: ScriptCode, cpuMs: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const limits = { cpuMs, memoryMb: this.memoryMb, wallMs: Math.max(5_000, cpuMs * 4), maxResultBytes: 1 << 20 };
      const inv: Invocation = { id: 0, sandbox: this, limits, hooks: { host() {}, pending() {}, queued() {}, started() {} }, received: performance.now(), cpuUsed: 0, begun: false, queued: false, ended: false, resolve, reject };
      this.invocations.set(0, inv);
      watch(this);
      this.schedule({
        inv,
        run: async (_sync, timeout) => {
          const ctx = await this.loadAsync(inv, code, timeout);
          if (ctx) this.finish(inv, (await ctx.invoke.apply(undefined, ['shape'], { timeout })) as string);
        },
      });
    });
  }

  private called(inv: Invocation, json: string): void {
    if (inv.ended) return;
    if (json === '{"s":"pending"}') inv.hooks.pending();
    else this.finish(inv, json);
  }

  private finish(inv: Invocation, json: string): void {
    if (json.length > inv.limits.maxResultBytes) this.end(inv, { k: 'result', bytes: json.length });
    else this.end(inv, json);
  }

  private end(inv: Invocation, outcome: string | Failure): void {
    if (inv.ended) return;
    inv.ended = true;
    if (this.invocations.get(inv.id) === inv) this.invocations.delete(inv.id);
    if (typeof outcome === 'string') inv.resolve(outcome);
    else inv.reject(new SandboxFailure(outcome));
  }

  /** Ends a waiting invocation (its wall limit) without touching the isolate. */
  private abandon(inv: Invocation, failure: Failure): void {
    this.abandoned++;
    this.end(inv, failure);
  }

  /**
   * Disposes the isolate because of `by` (its limit), or from outside (`by` undefined): `by` fails
   * with its failure, every other invocation as replaced (started or not). A running task is
   * terminated by V8; its rejection then finds its invocation ended.
   */
  disposeFor(by: Invocation | undefined, failure?: Failure): void {
    if (!this.isolate.isDisposed) {
      this.isolate.dispose();
      // A task on isolated-vm's thread should come back at once, terminated; one that does not is stuck in V8.
      if (this.running && !this.running.sync) watchDisposing(this);
    }
    this.scripts.clear();
    this.queue.length = 0;
    if (by && failure) this.end(by, failure);
    for (const inv of [...this.invocations.values()]) this.end(inv, { k: 'replaced', started: inv.begun });
  }

  dispose(): void {
    this.disposeFor(undefined);
  }

  private schedule(task: Task): void {
    this.queue.push(task);
    if (!this.running) this.next(true);
    if (!task.inv.begun && !task.inv.queued && !task.inv.ended) {
      task.inv.queued = true;
      task.inv.hooks.queued();
    }
  }

  /** Starts the tasks held while another isolate's task would not stop. */
  resume(): void {
    if (!this.running) this.next();
  }

  /** Runs queued tasks in order, one at a time. `arrived`: called as a task arrived (not when an earlier one ended). */
  private next(arrived = false): void {
    if (this.queue.length > 0 && holdWhileDisposing(this)) return;
    while (!this.running && this.queue.length > 0) {
      const task = this.queue.shift()!;
      const inv = task.inv;
      if (inv.ended) continue;
      if (this.isolate.isDisposed) { this.end(inv, { k: 'replaced', started: inv.begun }); continue; }
      const remaining = inv.limits.cpuMs - inv.cpuUsed / 1e6;
      if (remaining <= 0) { this.disposeFor(inv, { k: 'cpu', ms: Math.round(inv.cpuUsed / 1e6) }); continue; }
      // On the process's thread the timeout is the limit (nothing else runs to count): the remaining CPU
      // time scaled by the slowdown, a quarter more (an estimate a little low would stop a script short of
      // its limit). Elsewhere the watchdog counts CPU time and the timeout is a backstop.
      const slowdown = processSlowdown();
      const syncTimeout = Math.max(1, Math.ceil(remaining * slowdown * 1.25) + 2);
      const sync = arrived && task.first === true && this.queue.length === 0 && inv.limits.cpuMs <= SYNC_MAX_CPU_MS && syncTimeout <= SYNC_MAX_MS && performance.now() >= this.asyncUntil;
      // The backstop: for when the watchdog could not run (it needs little CPU, but gets it late on a starved machine).
      const timeout = sync ? syncTimeout : Math.ceil(remaining * Math.max(4, slowdown * 2)) + 100;
      task.sync = sync;
      this.running = task;
      if (!inv.begun && (inv.queued || !sync)) inv.hooks.started();
      inv.begun = true;
      this.clock.start(sync);
      let out: unknown;
      try {
        out = task.run(sync, timeout);
      } catch (error) {
        this.taskEnded(task, sync);
        this.taskFailed(task, error);
        continue;
      }
      if (out instanceof Promise) {
        out.then(
          () => { this.taskEnded(task, sync); this.next(); },
          (error: unknown) => { this.taskEnded(task, sync); this.taskFailed(task, error); this.next(); },
        );
        return;
      }
      this.taskEnded(task, sync);
    }
  }

  private taskEnded(task: Task, sync: boolean): void {
    if (this.running !== task) return;
    this.running = undefined;
    const cpu = this.clock.stop();
    task.inv.cpuUsed += cpu;
    noteSlowdown(performance.now() - this.clock.started, cpu / 1e6);
    if (sync && cpu > SLOW_SYNC_MS * 1e6) this.asyncUntil = performance.now() + SLOW_FOR_MS;
  }

  /** A task threw: the isolate's memory limit, its timeout, or something unexpected. */
  private taskFailed(task: Task, error: unknown): void {
    const inv = task.inv;
    if (inv.ended) return;
    const message = (error as Error)?.message ?? String(error);
    const stack = (error as Error)?.stack;
    if (this.isolate.isDisposed || /memory limit/i.test(message)) {
      // Disposed while its task ran, and not by the watchdog (that would have ended it): V8's memory limit.
      this.disposeFor(inv, { k: 'memory', stack });
    } else if (/timed out/i.test(message)) {
      const cpu = inv.cpuUsed / 1e6;
      // The timeout is wall time: a task stopped well short of its CPU limit was starved of CPU (a busy
      // machine), not looping. A synchronous part is sent again, once, on a fresh isolate (nothing of it
      // reached the server: its ctx.db calls are dropped with it); a continuation fails, retryable.
      if (cpu < inv.limits.cpuMs * 0.8) {
        noteSlowdown(performance.now() - this.clock.started, this.clock.charged / 1e6, true);
        // Its retry runs off the process's thread, where the watchdog counts CPU time, not wall time.
        this.asyncUntil = performance.now() + SLOW_FOR_MS;
        this.disposeFor(inv, task.first ? { k: 'replaced', started: false } : { k: 'starved', ms: Math.round(cpu) });
      } else this.disposeFor(inv, { k: 'cpu', ms: Math.max(inv.limits.cpuMs, Math.round(cpu)), stack });
    } else if (error instanceof SandboxFailure) {
      this.end(inv, error.failure);
    } else {
      this.disposeFor(inv, { k: 'crash', message, stack });
    }
  }

  /**
   * Compiles and evaluates a script version in its own context, once; later calls reuse it.
   * Undefined when evaluating the module threw: the invocation then answered that error.
   */
  private loadSync(inv: Invocation, code: ScriptCode, timeout: number): ScriptContext | undefined {
    const context = this.isolate.createContextSync();
    const boot = this.isolate.compileScriptSync(BOOTSTRAP, { filename: 'tessera:bootstrap' }).runSync(context, { reference: true, timeout: Math.ceil(1000 * processSlowdown()) }) as ivm.Reference<(...a: unknown[]) => unknown>;
    const invoke = boot.applySync(undefined, [this.hostRef, this.doneRef], { result: { reference: true }, timeout: Math.ceil(1000 * processSlowdown()) }) as unknown as ScriptContext['invoke'];
    // The module body runs inside a function (exports as its parameter); lineOffset keeps stack lines equal to the compiled code's.
    const factory = this.isolate.compileScriptSync(moduleSource(code), { filename: scriptFile(code), lineOffset: -1 }).runSync(context, { reference: true, timeout }) as ivm.Reference<unknown>;
    return this.defined(inv, code, { invoke }, invoke.applySync(undefined, ['define', 0, factory.derefInto()], { timeout }) as string);
  }

  private async loadAsync(inv: Invocation, code: ScriptCode, timeout: number): Promise<ScriptContext | undefined> {
    const context = await this.isolate.createContext();
    const boot = (await (await this.isolate.compileScript(BOOTSTRAP, { filename: 'tessera:bootstrap' })).run(context, { reference: true, timeout: Math.ceil(1000 * processSlowdown()) })) as ivm.Reference<(...a: unknown[]) => unknown>;
    const invoke = (await boot.apply(undefined, [this.hostRef, this.doneRef], { result: { reference: true }, timeout: Math.ceil(1000 * processSlowdown()) })) as unknown as ScriptContext['invoke'];
    const factory = (await (await this.isolate.compileScript(moduleSource(code), { filename: scriptFile(code), lineOffset: -1 })).run(context, { reference: true, timeout })) as ivm.Reference<unknown>;
    return this.defined(inv, code, { invoke }, (await invoke.apply(undefined, ['define', 0, factory.derefInto()], { timeout })) as string);
  }

  /** The module evaluated: kept, or (it threw) the invocation answers that error, marked as happening while evaluating. */
  private defined(inv: Invocation, code: ScriptCode, ctx: ScriptContext, json: string): ScriptContext | undefined {
    if (json !== '{"s":"done"}') {
      this.end(inv, JSON.stringify({ s: 'error', at: 'evaluating the script', error: (JSON.parse(json) as { error?: unknown }).error }));
      return undefined;
    }
    this.scripts.set(scriptFile(code), ctx);
    return ctx;
  }
}

function moduleSource(code: ScriptCode): string {
  return `(function (exports) {\n${code.compiled}\n})`;
}
