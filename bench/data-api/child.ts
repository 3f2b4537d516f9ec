import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export interface ChildServer {
  name: string;
  url: string;
  stop(): Promise<void>;
}

const serversDir = path.join(import.meta.dirname, '..', 'servers');
const live = new Set<() => void>();
process.on('exit', () => live.forEach((kill) => kill()));

/**
 * Starts bench/servers/<file> in its own node process (so it does not share the load generator's
 * event loop) and resolves once it prints `BENCH_PORT=<n>`. Its other output is passed through,
 * prefixed with its name.
 */
export function startChild(name: string, file: string, env: Record<string, string>, timeoutMs = 120_000): Promise<ChildServer> {
  const child = spawn(process.execPath, [path.join(serversDir, file)], { env: { ...process.env, PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = () => child.kill('SIGKILL');
  live.add(kill);
  const exited = new Promise<void>((resolve) => child.once('exit', () => (live.delete(kill), resolve())));
  let stopping = false;
  const stop = async () => {
    stopping = true;
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(kill, 5_000);
    await exited;
    clearTimeout(timer);
  };
  const tail: string[] = [];
  const pass = (line: string) => {
    tail.push(line);
    if (tail.length > 20) tail.shift();
    console.error(`  [${name}] ${line.length > 400 ? `${line.slice(0, 400)}…` : line}`);
  };
  readline.createInterface({ input: child.stderr }).on('line', pass);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs / 1000} s`)), timeoutMs);
    const fail = (error: Error) => {
      clearTimeout(timer);
      kill();
      reject(error);
    };
    child.once('exit', (code, signal) => fail(new Error(`${name} exited (${code ?? signal}) before it was ready:\n${tail.join('\n')}`)));
    readline.createInterface({ input: child.stdout }).on('line', (line) => {
      const port = /^BENCH_PORT=(\d+)$/.exec(line)?.[1];
      if (!port) return pass(line);
      clearTimeout(timer);
      child.once('exit', (code, signal) => stopping || console.error(`  [${name}] exited (${code ?? signal}) during the bench`));
      resolve({ name, url: `http://127.0.0.1:${port}`, stop });
    });
  });
}
