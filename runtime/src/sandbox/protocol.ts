/**
 * What the server process and its sandbox processes (sandbox-process.ts) say to each other over the
 * IPC channel (`serialization: 'advanced'`: strings travel as they are, without JSON escaping).
 * Messages are arrays, tag first. Shared by both sides; imports nothing (the sandbox process must
 * not load the platform).
 *
 * Server → sandbox:
 *   [CALL, id, tenant, sid, code, kind, object, handler, payload, text, cpuMs, memoryMb, wallMs, maxResultBytes, offThread]
 *       code: [name, version, compiled] the first time this process incarnation sees script `sid`, else null;
 *       offThread: run it off the process's thread (its tenant's scripts broke a process lately)
 *   [ANSWER, id, hid, ok, text, fatal]   the answer to ctx.db call `hid` of call `id` (ok: the value's JSON; else
 *       the message; fatal: the failure ends the call, so its later ctx.db calls fail in the sandbox at once)
 *   [SHAPE, id, name, compiled, cpuMs, memoryMb]   evaluate a script once in a throwaway isolate, read its handlers
 * Sandbox → server:
 *   [READY]
 *   [DONE, id, json]              the handler's InvocationResult (or the shape) as JSON
 *   [FAIL, id, failure]           a Failure: a limit, the isolate replaced, a crash
 *   [PENDING, id]                 the synchronous part returned a promise: the call now waits for continuations
 *   [QUEUED, id]                  the call waits behind other work in its tenant's isolate (it has not begun)
 *   [STARTED, id]                 a call that was queued, or runs off the process's thread, has begun
 *       Every call read gets one of DONE/FAIL/PENDING/QUEUED/STARTED/HOST before the next message is
 *       read, unless it runs on the process's thread: so when a process dies, the oldest call it never
 *       mentioned is the one that may have been running there, and the newer ones were never read.
 *   [HOST, id, hid, op, args, site]   a ctx.db call (args as JSON; site: the stack where it was made)
 *   [NEED, id]                    the process no longer holds script `sid` of call `id`: send it again with code
 *   [MEMORY, rssMb]               the process stays above its memory bound after dropping its idle isolates
 *   [SUSPECT, tenant]             a task of the tenant's disposed isolate has not come back yet: should the process
 *                                 die now, that script is why (not the calls running beside it)
 *   [WEDGED, tenant]              it still has not (V8 cannot stop it): replace the process
 */
export const CALL = 1, ANSWER = 2, SHAPE = 3;
export const READY = 10, DONE = 11, FAIL = 12, PENDING = 13, HOST = 14, NEED = 15, MEMORY = 16, QUEUED = 17, STARTED = 18, WEDGED = 19, SUSPECT = 20;

export type CallMessage = [typeof CALL, number, string, number, [string, number, string] | null, string, string, string, string, string, number, number, number, number, boolean];
export type AnswerMessage = [typeof ANSWER, number, number, boolean, string, boolean];
export type ShapeMessage = [typeof SHAPE, number, string, string, number, number];
export type ToSandbox = CallMessage | AnswerMessage | ShapeMessage;
export type FromSandbox =
  | [typeof READY]
  | [typeof DONE, number, string]
  | [typeof FAIL, number, Failure]
  | [typeof PENDING, number]
  | [typeof QUEUED, number]
  | [typeof STARTED, number]
  | [typeof HOST, number, number, string, string, string]
  | [typeof NEED, number]
  | [typeof MEMORY, number]
  | [typeof WEDGED, string]
  | [typeof SUSPECT, string];

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
  /** Set when the script failed before its handler ran: 'evaluating the script'. */
  at?: string;
}

/**
 * Why a call failed outside the script's own code, as the sandbox process (or, for the process
 * itself, the server) saw it; the runtime turns it into a PlatformError naming the limit and line.
 * `stack`: the isolate's stack when the script was stopped (its line), when known.
 */
export type Failure =
  | { k: 'cpu'; ms: number; stack?: string }
  | { k: 'wall'; ms: number; stack?: string }
  | { k: 'memory'; stack?: string }
  | { k: 'result'; bytes: number }
  /** The isolate was disposed for another call (its limit) or dropped; `started`: this call had begun running in it. */
  | { k: 'replaced'; started: boolean }
  | { k: 'crash'; message: string; stack?: string }
  /** A continuation was stopped by its (wall-time) timeout well short of its CPU limit: the process got too little CPU. */
  | { k: 'starved'; ms: number }
  /** The sandbox process died (V8 abort, out of memory, killed) while this call ran in it. */
  | { k: 'aborted'; detail: string }
  /**
   * The sandbox process was restarted (another call's failure, its memory bound) while this call was in it.
   * `started`: it may have begun; `reached`: it had made ctx.db calls (so it is not sent again: the server saw it).
   */
  | { k: 'restarted'; started: boolean; reached: boolean; detail: string }
  /** The sandbox process did not answer by the call's deadline and was killed. */
  | { k: 'deadline'; ms: number }
  /** The call's synchronous part held the sandbox process's thread (where V8 could not stop it) until the process was killed. */
  | { k: 'stalled'; ms: number };

export const scriptFile = (s: { name: string; version: number }) => `script:${s.name}@${s.version}`;

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
