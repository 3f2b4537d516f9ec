import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { inject } from 'vitest';

/**
 * A client for the server run as its own process (server-process.ts): every request has a timeout,
 * so a hung or crashed server fails the test instead of wedging the runner.
 */
export interface Answer { status: number; ms: number; data?: any; errors?: { message: string; extensions?: Record<string, any> }[]; failed?: string }

export interface RemoteServer {
  url: string;
  pid: number;
  tenants: { id: string; apiKey: string }[];
  output: () => string;
  /** POST a GraphQL document as tenant `t` (index); never throws: a network failure or timeout is `failed`. */
  post(t: number, endpoint: '/graphql' | '/metadata', query: string, variables?: Record<string, unknown>, timeoutMs?: number): Promise<Answer>;
  /** Saves and activates a script for tenant `t` (throws when it is not activated). */
  activate(t: number, name: string, source: string): Promise<void>;
  /** A probe of /healthz with a timeout: its time in ms, or Infinity when it did not answer. */
  health(timeoutMs?: number): Promise<number>;
  /** Resident memory of the server process and its descendants (MB). */
  rssMb(): number;
  alive(): boolean;
  stop(): Promise<void>;
}

const root = path.resolve(import.meta.dirname, '../../..');

export async function startServerProcess(options: { tenants?: number; scriptSettings?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<RemoteServer> {
  const child: ChildProcess = spawn(process.execPath, [path.join(root, 'runtime/test/hostile/server-process.ts')], {
    cwd: root,
    env: { ...process.env, ...options.env, DATABASE_URL: inject('databaseUrl' as never) as string, TENANTS: String(options.tenants ?? 2), SCRIPT_SETTINGS: options.scriptSettings ? JSON.stringify(options.scriptSettings) : '', NODE_OPTIONS: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stderr!.on('data', (c) => { output += c; });
  const ready = await new Promise<{ url: string; pid: number; tenants: { id: string; apiKey: string }[] }>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server process did not start:\n${output}`)), 60_000);
    child.stdout!.on('data', (c) => {
      output += c;
      const line = /READY (.*)\n/.exec(output);
      if (line) { clearTimeout(timer); resolve(JSON.parse(line[1])); }
    });
    child.on('exit', (code, signal) => { clearTimeout(timer); reject(new Error(`the server process exited (${code ?? signal}):\n${output}`)); });
  });
  const post: RemoteServer['post'] = async (t, endpoint, query, variables, timeoutMs = 30_000) => {
    const started = performance.now();
    try {
      const res = await fetch(ready.url + endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${ready.tenants[t].apiKey}` },
        body: JSON.stringify({ query, variables }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      const body = (await res.json()) as Omit<Answer, 'status' | 'ms'>;
      return { ...body, status: res.status, ms: performance.now() - started };
    } catch (error) {
      return { status: 0, ms: performance.now() - started, failed: (error as Error).message };
    }
  };
  const descendants = (pid: number): number[] => {
    const out = [pid];
    try {
      for (const task of fs.readdirSync(`/proc/${pid}/task`)) {
        const kids = fs.readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').trim();
        for (const k of kids ? kids.split(/\s+/) : []) out.push(...descendants(Number(k)));
      }
    } catch { /* gone */ }
    return out;
  };
  return {
    ...ready,
    output: () => output,
    post,
    async activate(t, name, source) {
      const res = await post(t, '/metadata', 'mutation($i: SaveScriptInput!) { saveScript(input: $i) { active diagnostics { line message } } }', { i: { name, language: 'TS', source } });
      if (!res.data?.saveScript?.active) throw new Error(`${name} was not activated: ${JSON.stringify(res)}`);
    },
    async health(timeoutMs = 5_000) {
      const started = performance.now();
      try {
        const res = await fetch(ready.url + '/healthz', { signal: AbortSignal.timeout(timeoutMs) });
        return res.ok ? performance.now() - started : Infinity;
      } catch {
        return Infinity;
      }
    },
    rssMb() {
      let kb = 0;
      for (const pid of descendants(ready.pid)) {
        try { kb += Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0); } catch { /* gone */ }
      }
      return kb / 1024;
    },
    alive: () => child.exitCode === null && child.signalCode === null,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      // SIGKILL the whole group: a hung server ignores SIGTERM, and its sandbox processes go with it.
      try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* gone */ }
      await exited;
    },
  };
}

/** Polls `probe` every `everyMs` until stopped; collects its results. */
export function sample<T>(probe: () => Promise<T>, everyMs = 20): { stop(): Promise<T[]> } {
  const results: T[] = [];
  let running = true;
  const loop = (async () => {
    while (running) {
      results.push(await probe());
      await new Promise((r) => setTimeout(r, everyMs));
    }
  })();
  return { async stop() { running = false; await loop; return results; } };
}
