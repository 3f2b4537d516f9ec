import { fork, type ChildProcess } from 'node:child_process';
import { PlatformError } from '@tessera/platform';
import {
  ANSWER, CALL, DONE, FAIL, HOST, MEMORY, NEED, PENDING, QUEUED, READY, SHAPE, STARTED, SUSPECT, WEDGED,
  type CallMessage, type Failure, type FromSandbox, type SandboxLimits, type SandboxScript, type ToSandbox,
} from './protocol.ts';

const ENTRY = new URL('./sandbox-process.ts', import.meta.url);
/** A process not ready after this long is presumed broken (ms). */
const STARTUP_MS = 20_000;
/**
 * A process that says nothing for this long while a call it was sent has had no word is stuck on
 * its own thread: a call's synchronous part holds it for at most 1 s (100 ms of CPU on a starved
 * machine: isolate.ts), and every call read gets a word before the next is read (protocol.ts).
 */
const STALL_MS = 2_000;
/** A process above its memory bound is replaced when idle, or after this long (ms). */
const RECYCLE_MS = 30_000;

/** The host side of one invocation: answers its ctx.db calls (the value as JSON). */
export type HostCall = (op: string, argsJson: string, site: string) => Promise<string>;

/** A call that failed outside the script's own code (a limit, the isolate or the process replaced). */
export class SandboxCallError extends Error {
  readonly failure: Failure;
  constructor(failure: Failure) {
    super(`The sandbox failed the call: ${failure.k}`);
    this.name = 'SandboxCallError';
    this.failure = failure;
  }
}

export interface CallSpec {
  tenant: string;
  script: SandboxScript;
  kind: string;
  object: string;
  handler: string;
  payload: string;
  text: string;
  limits: SandboxLimits;
  host: HostCall;
}

interface InFlight {
  id: number;
  spec?: CallSpec;
  /** The message as sent (a CALL without code is rebuilt when the process asks for the code). */
  message: ToSandbox;
  resolve(json: string): void;
  reject(error: Error): void;
  /** Killed when the process has not answered by then (its own watchdog should have: it is stuck). */
  deadline: number;
  sentAt: number;
  /** What the process said about it: nothing yet, queued (not begun), begun. */
  phase: 'sent' | 'queued' | 'begun';
  /** ctx.db calls being answered here: while > 0 the script waits on the server, it cannot be what broke the process. */
  hostCalls: number;
  /** A host failure that ends the invocation whatever the script does next (a limit, a failed transaction). */
  fatal?: PlatformError;
}

export interface ChildOptions {
  /** Added to a call's wallMs + cpuMs before the process is presumed stuck and killed (ms). */
  marginMs: number;
  /** The process's memory bound (MB): above it, it is replaced once idle; above 1.5 × at once. */
  maxRssMb: number;
  nice: number;
  /** These tenants' scripts broke the process (it died while they ran, stalled or wedged it). */
  onStrike?: (tenants: string[]) => void;
}

/**
 * One sandbox process, seen from the server: started on first use, restarted when it dies. Calls
 * carry their script's code the first time this incarnation sees it. When the process dies its
 * calls fail with a typed failure: the ones that may have been running as `aborted` (the runtime
 * explains it as the memory limit), those waiting on the server or not yet read as `restarted`
 * (`started: false` ones are sent again by the runtime).
 */
export class SandboxChild {
  private proc: ChildProcess | undefined;
  private ready = false;
  private closing = false;
  /** Why the server killed the process, if it did. */
  private killedFor: { k: 'deadline' | 'stall'; id: number; ms: number } | { k: 'memory' | 'wedged' } | undefined;
  /** Since when the process has asked to be replaced (above its memory bound); 0: it has not. */
  private recycleSince = 0;
  /** When the process last said anything, and when the deadline check last ran (to notice the server's own delays). */
  private lastHeard = 0;
  private lastCheck = 0;
  /** A tenant whose disposed isolate's task has not come back: if the process dies, that is why. */
  private suspect: string | undefined;
  private readonly calls = new Map<number, InFlight>();
  /** Messages waiting for the process to be ready. */
  private readonly outbox: ToSandbox[] = [];
  /** Scripts this incarnation has been sent (tenant, name, version → id). */
  private known = new Map<string, number>();
  private nextSid = 1;
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private stderr = '';
  private startedAt = 0;
  private readonly options: ChildOptions;

  constructor(options: ChildOptions) {
    this.options = options;
  }

  get pid(): number | undefined {
    return this.proc?.pid;
  }

  /** Runs a handler; resolves with its InvocationResult JSON. `offThread`: never on the process's own thread. */
  call(spec: CallSpec, offThread = false): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const id = this.nextId++;
      const message = this.callMessage(id, spec, false, offThread);
      this.track({ id, spec, message, resolve, reject, deadline: 0, sentAt: 0, phase: 'sent', hostCalls: 0 }, spec.limits.wallMs + spec.limits.cpuMs);
    });
  }

  /** Evaluates a script once in a throwaway isolate; resolves with its shape JSON. */
  shape(name: string, compiled: string, cpuMs: number, memoryMb: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const id = this.nextId++;
      // Evaluated off the process's thread, with no word until done: never the stalled one.
      this.track({ id, message: [SHAPE, id, name, compiled, cpuMs, memoryMb], resolve, reject, deadline: 0, sentAt: 0, phase: 'begun', hostCalls: 0 }, Math.max(5_000, cpuMs * 4) + cpuMs);
    });
  }

  private callMessage(id: number, spec: CallSpec, withCode: boolean, offThread: boolean): CallMessage {
    const key = `${spec.tenant}\n${spec.script.name}@${spec.script.version}`;
    let sid = this.known.get(key);
    if (sid === undefined || withCode) {
      sid ??= this.nextSid++;
      if (this.known.size > 10_000) this.known.clear();
      this.known.set(key, sid);
      withCode = true;
    }
    const { cpuMs, memoryMb, wallMs, maxResultBytes } = spec.limits;
    return [CALL, id, spec.tenant, sid, withCode ? [spec.script.name, spec.script.version, spec.script.compiled] : null, spec.kind, spec.object, spec.handler, spec.payload, spec.text, cpuMs, memoryMb, wallMs, maxResultBytes, offThread];
  }

  private track(call: InFlight, budgetMs: number): void {
    this.calls.set(call.id, call);
    call.sentAt = performance.now();
    call.deadline = call.sentAt + budgetMs + this.options.marginMs;
    this.send(call.message);
    if (this.calls.size === 1) {
      this.proc?.ref();
      this.proc?.channel?.ref();
    }
    if (!this.timer) {
      this.lastCheck = performance.now();
      this.timer = setInterval(() => this.checkDeadlines(), 100);
      this.timer.unref();
    }
  }

  private send(message: ToSandbox): void {
    if (!this.proc) this.start();
    if (this.ready) this.proc!.send(message);
    else this.outbox.push(message);
  }

  private start(): void {
    this.closing = false;
    this.startedAt = performance.now();
    this.ready = false;
    this.killedFor = undefined;
    this.recycleSince = 0;
    this.suspect = undefined;
    this.known = new Map();
    this.stderr = '';
    const proc = fork(ENTRY, [], {
      // Nothing of the server's own flags (a debugger, a test runner's loaders); isolated-vm asks for no snapshot.
      execArgv: ['--no-node-snapshot'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Only what it needs: none of the server's settings (its database address, its secrets) is in reach of the process.
      env: { NODE_ENV: process.env.NODE_ENV ?? '', TESSERA_SANDBOX_NICE: String(this.options.nice), TESSERA_SANDBOX_MAX_RSS_MB: String(this.options.maxRssMb), TESSERA_SANDBOX_SYNC: process.env.TESSERA_SANDBOX_SYNC ?? '' },
    });
    this.proc = proc;
    proc.stderr!.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-2000); });
    // Kept for a failed start's explanation; never what keeps the server's process alive.
    (proc.stderr as unknown as { unref?(): void }).unref?.();
    proc.on('message', (m: FromSandbox) => this.receive(proc, m));
    proc.on('exit', (code, signal) => this.exited(proc, code, signal));
    proc.on('error', () => { /* reported by 'exit' */ });
    if (this.calls.size === 0) { proc.unref(); proc.channel?.unref(); }
  }

  private receive(proc: ChildProcess, m: FromSandbox): void {
    if (proc !== this.proc) return;
    this.lastHeard = performance.now();
    if (m[0] === READY) {
      this.ready = true;
      for (const message of this.outbox.splice(0)) proc.send(message);
      return;
    }
    if (m[0] === MEMORY) {
      if (m[1] > this.options.maxRssMb * 1.5) this.kill({ k: 'memory' });
      else { this.recycleSince ||= performance.now(); this.recycleIfIdle(); }
      return;
    }
    if (m[0] === SUSPECT) { this.suspect = m[1]; return; }
    if (m[0] === WEDGED) {
      this.options.onStrike?.([m[1]]);
      this.kill({ k: 'wedged' });
      return;
    }
    const call = this.calls.get(m[1]);
    if (!call) return;
    switch (m[0]) {
      case DONE:
        this.settle(call);
        if (call.fatal) call.reject(call.fatal);
        else call.resolve(m[2]);
        break;
      case FAIL:
        this.settle(call);
        call.reject(new SandboxCallError(m[2]));
        break;
      case PENDING:
      case STARTED:
        call.phase = 'begun';
        break;
      case QUEUED:
        call.phase = 'queued';
        break;
      case HOST:
        call.phase = 'begun';
        void this.hostCall(proc, call, m[2], m[3], m[4], m[5]);
        break;
      case NEED:
        if (call.spec) { call.message = this.callMessage(call.id, call.spec, true, (call.message as CallMessage)[14]); proc.send(call.message); }
        break;
    }
  }

  /**
   * Answers a ctx.db call. A failure is an answer too (the script gets it as a thrown error); limits
   * and failures that leave the transaction unusable also end the invocation, whatever the script does.
   */
  private async hostCall(proc: ChildProcess, call: InFlight, hid: number, op: string, args: string, site: string): Promise<void> {
    let ok = false;
    let text: string;
    call.hostCalls++;
    try {
      if (call.fatal) text = call.fatal.message;
      else {
        const value = await call.spec!.host(op, args, site);
        text = value === undefined || value === '' ? 'null' : value;
        ok = true;
      }
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (!(error instanceof PlatformError) || code === 'LIMIT_EXCEEDED' || code === 'INTERNAL') call.fatal ??= error instanceof PlatformError ? error : new PlatformError('INTERNAL', (error as Error)?.message ?? String(error));
      text = error instanceof PlatformError ? `${error.code}: ${error.message}` : 'The platform call failed';
    } finally {
      call.hostCalls--;
    }
    if (proc === this.proc && this.calls.get(call.id) === call) proc.send([ANSWER, call.id, hid, ok, text, call.fatal !== undefined]);
  }

  private settle(call: InFlight): void {
    this.calls.delete(call.id);
    if (this.calls.size === 0) {
      this.proc?.unref();
      this.proc?.channel?.unref();
      this.recycleIfIdle();
    }
  }

  private recycleIfIdle(): void {
    if (this.recycleSince && (this.calls.size === 0 || performance.now() - this.recycleSince > RECYCLE_MS)) this.kill({ k: 'memory' });
  }

  private checkDeadlines(): void {
    const now = performance.now();
    // Stopped once calls have been over for a while (not after every call: calls come in bursts).
    if (this.calls.size === 0 && this.ready) {
      if (now - this.lastHeard > 1_000 && this.timer) { clearInterval(this.timer); this.timer = undefined; }
      return;
    }
    const late = now - this.lastCheck > 500;
    this.lastCheck = now;
    // The server's own thread was held up: what the process sent meanwhile is still unread. Next time.
    if (late) return;
    if (!this.ready) {
      if (now - this.startedAt > STARTUP_MS) this.kill({ k: 'deadline', id: 0, ms: Math.round(now - this.startedAt) });
      return;
    }
    this.recycleIfIdle();
    let unmentioned: InFlight | undefined;
    for (const call of this.calls.values()) {
      if (call.phase === 'sent' && !unmentioned) unmentioned = call;
      // A call that waits on the server (a slow ctx.db answer) is not the process's delay.
      if (call.hostCalls > 0) { call.deadline = Math.max(call.deadline, now + this.options.marginMs); continue; }
      if (now > call.deadline) { this.kill({ k: 'deadline', id: call.id, ms: Math.round(now - call.sentAt) }); return; }
    }
    if (unmentioned && now - Math.max(unmentioned.sentAt, this.lastHeard) > STALL_MS) this.kill({ k: 'stall', id: unmentioned.id, ms: Math.round(now - unmentioned.sentAt) });
  }

  private kill(why: NonNullable<SandboxChild['killedFor']>): void {
    if (!this.proc || this.killedFor) return;
    this.killedFor = why;
    this.proc.kill('SIGKILL');
  }

  /** The process died: its calls fail (typed), the server restarts it for the calls still to come. */
  private exited(proc: ChildProcess, code: number | null, signal: NodeJS.Signals | null): void {
    if (proc !== this.proc) return;
    this.proc = undefined;
    const wasReady = this.ready;
    this.ready = false;
    const why = this.killedFor;
    // Killed from outside (the OOM killer, an operator): no script is known to be why.
    const external = !why && (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT');
    const detail = why?.k === 'memory' ? 'it was above its memory bound'
      : why?.k === 'deadline' || why?.k === 'stall' ? 'it stopped answering'
      : why?.k === 'wedged' ? 'a script V8 could not stop kept running in it'
      : this.closing ? 'the runtime closed' : `it exited (${signal ?? code})`;
    const calls = [...this.calls.values()];
    this.calls.clear();
    this.outbox.length = 0;
    if (this.timer) { clearInterval(this.timer); this.timer = undefined; }
    // Never read (the oldest unmentioned one excepted, which may have been running on its thread): not started.
    const oldestUnmentioned = calls.find((c) => c.phase === 'sent');
    // Who broke it: a tenant whose stopped script would not stop, else the call on the process's own
    // thread, else every call that was running in it (not waiting on the server).
    const blamed = (call: InFlight) => {
      if (why || external || this.closing || call.hostCalls > 0) return false;
      if (this.suspect !== undefined) return false;
      if (oldestUnmentioned) return call === oldestUnmentioned;
      return call.phase === 'begun';
    };
    const suspects: string[] = [];
    if (this.suspect !== undefined && !why && !external) suspects.push(this.suspect);
    if (why?.k === 'stall') { const culprit = calls.find((c) => c.id === why.id)?.spec?.tenant; if (culprit) suspects.push(culprit); }
    for (const call of calls) {
      const started = call.phase === 'begun' || call === oldestUnmentioned;
      let failure: Failure;
      if (!wasReady) failure = { k: 'crash', message: `The script sandbox process could not start (${signal ?? code}): ${this.stderr.trim().slice(-500)}` };
      else if (why?.k === 'deadline' && why.id === call.id) failure = { k: 'deadline', ms: why.ms };
      else if (why?.k === 'stall' && why.id === call.id) failure = { k: 'stalled', ms: why.ms };
      else if (blamed(call)) {
        failure = { k: 'aborted', detail };
        if (call.spec) suspects.push(call.spec.tenant);
      } else failure = { k: 'restarted', started, detail };
      call.reject(new SandboxCallError(failure));
    }
    if (suspects.length) this.options.onStrike?.(suspects);
    // Restarted at once (in the background), so that the next call does not wait for it; not after
    // a failed start (no restart loop) nor when closing.
    if (wasReady && !this.closing) this.start();
  }

  async close(): Promise<void> {
    this.closing = true;
    const proc = this.proc;
    if (!proc) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.ref();
    proc.kill('SIGKILL');
    await exited;
  }
}
