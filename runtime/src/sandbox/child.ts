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
 * its own thread: a call's synchronous part (with its script's evaluation, on a cold call) holds it
 * for at most twice 500 ms (100 ms of CPU on a starved machine: isolate.ts), and every call read
 * gets a word before the next is read (protocol.ts).
 */
const STALL_MS = 2_000;
/** A process replaced for its memory keeps its running calls at most this long (ms). */
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
  /** The process incarnation it was sent to. */
  inc: Incarnation;
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
  /** It has made a ctx.db call (the server saw it). */
  reached?: boolean;
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

type KilledFor = { k: 'deadline' | 'stall'; id: number; ms: number } | { k: 'memory' | 'wedged' };

/** One run of the process: what it holds (the scripts it was sent) and the calls sent to it. */
class Incarnation {
  readonly proc: ChildProcess;
  readonly startedAt = performance.now();
  ready = false;
  exited = false;
  /** Why the server killed it, if it did. */
  killedFor: KilledFor | undefined;
  /** Since when it has been replaced for its memory, finishing its running calls; 0: it has not. */
  drainingSince = 0;
  /** When it last said anything. */
  lastHeard = 0;
  /** A tenant whose disposed isolate's task has not come back: if the process dies, that is why. */
  suspect: string | undefined;
  readonly calls = new Map<number, InFlight>();
  /** Messages waiting for it to be ready. */
  readonly outbox: ToSandbox[] = [];
  /** Scripts it has been sent (tenant, name, version → id). */
  readonly known = new Map<string, number>();
  stderr = '';

  constructor(proc: ChildProcess) {
    this.proc = proc;
  }
}

/**
 * One sandbox process, seen from the server: started on first use, restarted at once when it dies
 * or is killed (the calls already in the old one stay with it). Calls carry their script's code the
 * first time an incarnation sees it. When an incarnation dies its calls fail with a typed failure:
 * the ones that may have been running as `aborted` (the runtime explains it as the memory limit),
 * those waiting on the server or not yet read as `restarted` (`started: false` ones are sent again
 * by the runtime).
 */
export class SandboxChild {
  /** The incarnation new calls go to; killed ones finish dying on their own. */
  private current: Incarnation | undefined;
  private readonly dying = new Set<Incarnation>();
  private closing = false;
  private nextSid = 1;
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;
  private lastCheck = 0;
  private lastActive = 0;
  private readonly options: ChildOptions;

  constructor(options: ChildOptions) {
    this.options = options;
  }

  get pid(): number | undefined {
    return this.current?.proc.pid;
  }

  /** Runs a handler; resolves with its InvocationResult JSON. `offThread`: never on the process's own thread. */
  call(spec: CallSpec, offThread = false): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const inc = this.incarnation();
      const id = this.nextId++;
      const message = this.callMessage(inc, id, spec, false, offThread);
      this.track({ id, inc, spec, message, resolve, reject, deadline: 0, sentAt: 0, phase: 'sent', hostCalls: 0 }, spec.limits.wallMs + spec.limits.cpuMs);
    });
  }

  /** Evaluates a script once in a throwaway isolate; resolves with its shape JSON. */
  shape(name: string, compiled: string, cpuMs: number, memoryMb: number): Promise<string> {
    return new Promise<string>((resolve, reject) => {
      const inc = this.incarnation();
      const id = this.nextId++;
      // Evaluated off the process's thread, with no word until done: never the stalled one.
      this.track({ id, inc, message: [SHAPE, id, name, compiled, cpuMs, memoryMb], resolve, reject, deadline: 0, sentAt: 0, phase: 'begun', hostCalls: 0 }, Math.max(5_000, cpuMs * 4) + cpuMs);
    });
  }

  private incarnation(): Incarnation {
    this.closing = false;
    return (this.current ??= this.start());
  }

  private callMessage(inc: Incarnation, id: number, spec: CallSpec, withCode: boolean, offThread: boolean): CallMessage {
    const key = `${spec.tenant}\n${spec.script.name}@${spec.script.version}`;
    let sid = inc.known.get(key);
    if (sid === undefined || withCode) {
      sid ??= this.nextSid++;
      if (inc.known.size > 10_000) inc.known.clear();
      inc.known.set(key, sid);
      withCode = true;
    }
    const { cpuMs, memoryMb, wallMs, maxResultBytes } = spec.limits;
    return [CALL, id, spec.tenant, sid, withCode ? [spec.script.name, spec.script.version, spec.script.compiled] : null, spec.kind, spec.object, spec.handler, spec.payload, spec.text, cpuMs, memoryMb, wallMs, maxResultBytes, offThread];
  }

  private track(call: InFlight, budgetMs: number): void {
    const inc = call.inc;
    inc.calls.set(call.id, call);
    call.sentAt = performance.now();
    call.deadline = call.sentAt + budgetMs + this.options.marginMs;
    if (inc.ready) inc.proc.send(call.message);
    else inc.outbox.push(call.message);
    if (inc.calls.size === 1) {
      inc.proc.ref();
      inc.proc.channel?.ref();
    }
    if (!this.timer) {
      this.lastCheck = performance.now();
      this.timer = setInterval(() => this.checkDeadlines(), 100);
      this.timer.unref();
    }
  }

  private start(): Incarnation {
    const proc = fork(ENTRY, [], {
      // Nothing of the server's own flags (a debugger, a test runner's loaders); isolated-vm asks for no snapshot.
      execArgv: ['--no-node-snapshot'],
      serialization: 'advanced',
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      // Only what it needs: none of the server's settings (its database address, its secrets) is in reach of the process.
      env: { NODE_ENV: process.env.NODE_ENV ?? '', TESSERA_SANDBOX_NICE: String(this.options.nice), TESSERA_SANDBOX_MAX_RSS_MB: String(this.options.maxRssMb), TESSERA_SANDBOX_SYNC: process.env.TESSERA_SANDBOX_SYNC ?? '' },
    });
    const inc = new Incarnation(proc);
    proc.stderr!.on('data', (chunk: Buffer) => { inc.stderr = (inc.stderr + chunk.toString()).slice(-2000); });
    // Kept for a failed start's explanation; never what keeps the server's process alive.
    (proc.stderr as unknown as { unref?(): void }).unref?.();
    proc.on('message', (m: FromSandbox) => this.receive(inc, m));
    proc.on('exit', (code, signal) => this.exited(inc, code, signal));
    proc.on('error', () => { /* reported by 'exit' */ });
    proc.unref();
    proc.channel?.unref();
    return inc;
  }

  private receive(inc: Incarnation, m: FromSandbox): void {
    if (inc.exited) return;
    inc.lastHeard = performance.now();
    if (m[0] === READY) {
      inc.ready = true;
      for (const message of inc.outbox.splice(0)) inc.proc.send(message);
      return;
    }
    if (m[0] === MEMORY) {
      if (inc.killedFor) return;
      this.kill(inc, { k: 'memory' }, m[1] > this.options.maxRssMb * 1.5);
      return;
    }
    if (m[0] === SUSPECT) { inc.suspect = m[1]; return; }
    if (m[0] === WEDGED) {
      this.options.onStrike?.([m[1]]);
      this.kill(inc, { k: 'wedged' });
      return;
    }
    const call = inc.calls.get(m[1]);
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
        void this.hostCall(call, m[2], m[3], m[4], m[5]);
        break;
      case NEED:
        if (call.spec) { call.message = this.callMessage(inc, call.id, call.spec, true, (call.message as CallMessage)[14]); inc.proc.send(call.message); }
        break;
    }
  }

  /**
   * Answers a ctx.db call. A failure is an answer too (the script gets it as a thrown error); limits
   * and failures that leave the transaction unusable also end the invocation, whatever the script does.
   */
  private async hostCall(call: InFlight, hid: number, op: string, args: string, site: string): Promise<void> {
    let ok = false;
    let text: string;
    call.hostCalls++;
    call.reached = true;
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
    const inc = call.inc;
    if (!inc.exited && inc.calls.get(call.id) === call) inc.proc.send([ANSWER, call.id, hid, ok, text, call.fatal !== undefined]);
  }

  private settle(call: InFlight): void {
    const inc = call.inc;
    inc.calls.delete(call.id);
    this.lastActive = performance.now();
    if (inc.calls.size === 0) {
      inc.proc.unref();
      inc.proc.channel?.unref();
      // Replaced for its memory, its calls all answered: nothing left to finish.
      if (inc.drainingSince) inc.proc.kill('SIGKILL');
    }
  }

  private checkDeadlines(): void {
    const now = performance.now();
    const incs = [...this.dying, ...(this.current ? [this.current] : [])];
    // Stopped once calls have been over for a while (not after every call: calls come in bursts).
    if (incs.every((inc) => inc.calls.size === 0)) {
      if (now - this.lastActive > 1_000 && this.timer) { clearInterval(this.timer); this.timer = undefined; }
      return;
    }
    const late = now - this.lastCheck > 500;
    this.lastCheck = now;
    // The server's own thread was held up: what the processes sent meanwhile is still unread. Next time.
    if (late) return;
    for (const inc of incs) this.checkIncarnation(inc, now);
  }

  private checkIncarnation(inc: Incarnation, now: number): void {
    if (inc.drainingSince && now - inc.drainingSince > RECYCLE_MS) { inc.proc.kill('SIGKILL'); return; }
    if (inc.killedFor && !inc.drainingSince) return;
    if (!inc.ready) {
      if (now - inc.startedAt > STARTUP_MS) this.kill(inc, { k: 'deadline', id: 0, ms: Math.round(now - inc.startedAt) });
      return;
    }
    let unmentioned: InFlight | undefined;
    for (const call of inc.calls.values()) {
      if (call.phase === 'sent' && !unmentioned) unmentioned = call;
      // A call that waits on the server (a slow ctx.db answer) is not the process's delay.
      if (call.hostCalls > 0) { call.deadline = Math.max(call.deadline, now + this.options.marginMs); continue; }
      if (now > call.deadline) { this.kill(inc, { k: 'deadline', id: call.id, ms: Math.round(now - call.sentAt) }); return; }
    }
    if (unmentioned && now - Math.max(unmentioned.sentAt, inc.lastHeard) > STALL_MS) this.kill(inc, { k: 'stall', id: unmentioned.id, ms: Math.round(now - unmentioned.sentAt) });
  }

  /**
   * Kills an incarnation; new calls go to a new one at once. One replaced for its memory (unless
   * `now`: far above its bound) keeps the calls it is running until they are answered, at most
   * RECYCLE_MS (they are not its fault); any other dies now. A killer of a draining one wins.
   */
  private kill(inc: Incarnation, why: KilledFor, now = true): void {
    if (inc.exited || (inc.killedFor && !inc.drainingSince)) return;
    inc.killedFor = why;
    if (this.current === inc) {
      this.current = undefined;
      if (!this.closing) this.current = this.start();
    }
    this.dying.add(inc);
    if (why.k === 'memory' && !now && inc.calls.size > 0) inc.drainingSince ||= performance.now();
    else inc.proc.kill('SIGKILL');
  }

  /** An incarnation died: its calls fail (typed); when it was the current one, the next starts at once. */
  private exited(inc: Incarnation, code: number | null, signal: NodeJS.Signals | null): void {
    inc.exited = true;
    this.dying.delete(inc);
    const wasCurrent = this.current === inc;
    if (wasCurrent) this.current = undefined;
    const why = inc.killedFor;
    // Killed from outside (the OOM killer, an operator): no script is known to be why.
    const external = !why && (signal === 'SIGKILL' || signal === 'SIGTERM' || signal === 'SIGINT');
    const detail = why?.k === 'memory' ? 'it was above its memory bound'
      : why?.k === 'deadline' || why?.k === 'stall' ? 'it stopped answering'
      : why?.k === 'wedged' ? 'a script V8 could not stop kept running in it'
      : this.closing ? 'the runtime closed' : `it exited (${signal ?? code})`;
    const calls = [...inc.calls.values()];
    inc.calls.clear();
    inc.outbox.length = 0;
    // Never read (the oldest unmentioned one excepted, which may have been running on its thread): not started.
    const oldestUnmentioned = calls.find((c) => c.phase === 'sent');
    // Who broke it: a tenant whose stopped script would not stop, else the call on the process's own
    // thread, else every call that was running in it (not waiting on the server).
    const blamed = (call: InFlight) => {
      if (why || external || this.closing || call.hostCalls > 0 || inc.suspect !== undefined) return false;
      if (oldestUnmentioned) return call === oldestUnmentioned;
      return call.phase === 'begun';
    };
    const suspects: string[] = [];
    if (inc.suspect !== undefined && !why && !external) suspects.push(inc.suspect);
    if (why?.k === 'stall') { const culprit = calls.find((c) => c.id === why.id)?.spec?.tenant; if (culprit) suspects.push(culprit); }
    for (const call of calls) {
      const started = call.phase === 'begun' || call === oldestUnmentioned;
      let failure: Failure;
      if (!inc.ready) failure = { k: 'crash', message: `The script sandbox process could not start (${signal ?? code}): ${inc.stderr.trim().slice(-500)}` };
      else if (why?.k === 'deadline' && why.id === call.id) failure = { k: 'deadline', ms: why.ms };
      else if (why?.k === 'stall' && why.id === call.id) failure = { k: 'stalled', ms: why.ms };
      else if (blamed(call)) {
        failure = { k: 'aborted', detail };
        if (call.spec) suspects.push(call.spec.tenant);
      } else failure = { k: 'restarted', started, reached: call.reached === true, detail };
      call.reject(new SandboxCallError(failure));
    }
    if (suspects.length) this.options.onStrike?.(suspects);
    // Restarted at once (in the background), so that the next call does not wait for it; not after
    // a failed start (no restart loop) nor when closing.
    if (wasCurrent && inc.ready && !this.closing) this.current = this.start();
  }

  async close(): Promise<void> {
    this.closing = true;
    const incs = [...this.dying, ...(this.current ? [this.current] : [])];
    await Promise.all(incs.map((inc) => {
      if (inc.exited) return undefined;
      const exited = new Promise<void>((resolve) => inc.proc.once('exit', () => resolve()));
      inc.proc.ref();
      inc.proc.kill('SIGKILL');
      return exited;
    }));
  }
}
