import fs from 'node:fs';
import os from 'node:os';
import { SandboxFailure, TenantSandbox, type ScriptCode } from './isolate.ts';
import { SandboxPool } from './pool.ts';
import { processEvents } from './watchdog.ts';
import { ANSWER, CALL, DONE, FAIL, HOST, MEMORY, NEED, PENDING, QUEUED, READY, SHAPE, STARTED, SUSPECT, WEDGED, type FromSandbox, type ToSandbox } from './protocol.ts';

/**
 * A sandbox process (forked by the server: child.ts). Runs tenants' isolates (isolate.ts) for the
 * calls the server sends over the IPC channel (protocol.ts). Whatever a script does to this process
 * — a V8 abort, running out of memory — ends it, not the server, which restarts it. It runs at a
 * lower scheduling priority than the server, exits when the server goes, and watches its own size.
 */
const NICE = Number(process.env.TESSERA_SANDBOX_NICE ?? 10);
const MAX_RSS_MB = Number(process.env.TESSERA_SANDBOX_MAX_RSS_MB ?? 1024);
const MAX_SCRIPTS = 5_000;

/** Every thread of the process (on Linux, nice is per thread; threads started later inherit it). */
function lowerPriority(nice: number): void {
  if (!(nice > 0)) return;
  try {
    for (const tid of fs.readdirSync('/proc/self/task')) os.setPriority(Number(tid), nice);
  } catch {
    try { os.setPriority(nice); } catch { /* not allowed: keep the priority */ }
  }
}

const send = (message: FromSandbox) => { process.send!(message); };
const pool = new SandboxPool();
/** The scripts the server sent (by its id), most recently used last; an evicted one is asked for again (NEED). */
const scripts = new Map<number, ScriptCode>();
/** Calls in flight → their sandbox (where the answers of their ctx.db calls go). */
const calls = new Map<number, TenantSandbox>();

function failure(error: unknown): SandboxFailure['failure'] {
  return error instanceof SandboxFailure ? error.failure : { k: 'crash', message: (error as Error)?.message ?? String(error) };
}

function call(m: Extract<ToSandbox, { 0: typeof CALL }>): void {
  const [, id, tenant, sid, code, kind, object, handler, payload, text, cpuMs, memoryMb, wallMs, maxResultBytes, offThread] = m;
  let script = scripts.get(sid);
  if (code) script = { name: code[0], version: code[1], compiled: code[2] };
  if (!script) { send([NEED, id]); return; }
  scripts.delete(sid);
  scripts.set(sid, script);
  if (scripts.size > MAX_SCRIPTS) scripts.delete(scripts.keys().next().value!);
  const sandbox = pool.get(tenant, memoryMb);
  if (offThread) sandbox.asyncUntil = Math.max(sandbox.asyncUntil, performance.now() + 60_000);
  calls.set(id, sandbox);
  sandbox.invoke(id, script, kind, object, handler, payload, text, { cpuMs, memoryMb, wallMs, maxResultBytes }, {
    host: (hid, op, args, site) => send([HOST, id, hid, op, args, site]),
    pending: () => send([PENDING, id]),
    queued: () => send([QUEUED, id]),
    started: () => send([STARTED, id]),
  }).then(
    (json) => { calls.delete(id); send([DONE, id, json]); },
    (error: unknown) => { calls.delete(id); send([FAIL, id, failure(error)]); },
  );
}

function shape(m: Extract<ToSandbox, { 0: typeof SHAPE }>): void {
  const [, id, name, compiled, cpuMs, memoryMb] = m;
  const sandbox = new TenantSandbox(memoryMb);
  sandbox.shape({ name, version: 0, compiled }, cpuMs).then(
    (json) => { sandbox.dispose(); send([DONE, id, json]); },
    (error: unknown) => { sandbox.dispose(); send([FAIL, id, failure(error)]); },
  );
}

process.on('message', (m: ToSandbox) => {
  switch (m[0]) {
    case CALL: call(m); break;
    case ANSWER: calls.get(m[1])?.answer(m[1], m[2], m[3], m[4], m[5]); break;
    case SHAPE: shape(m); break;
  }
});
// The server went away (exited, crashed, closed the channel): nothing left to serve.
process.on('disconnect', () => process.exit(0));

// Above the bound: first drop the isolates nobody is using; still above on the next check, tell the
// server, which replaces this process when it is idle (or at once when far above).
let above = 0;
setInterval(() => {
  const rss = process.memoryUsage.rss() / (1024 * 1024);
  if (rss <= MAX_RSS_MB) { above = 0; return; }
  if (above++ === 0) pool.dropIdle();
  else send([MEMORY, Math.round(rss)]);
}, 1_000).unref();

processEvents.suspect = (tenant) => send([SUSPECT, tenant]);
processEvents.wedged = (tenant) => send([WEDGED, tenant]);
lowerPriority(NICE);
send([READY]);
