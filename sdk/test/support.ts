import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/index.ts';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const BIN = path.join(ROOT, 'sdk/bin/tessera.ts');

/** A stack trace line in output: the CLI never prints one for a refusal. */
export const STACK = /\n\s+at /;

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Everything that would choose a server, database, tenant or saved login behind a test's back. */
const CHOOSERS = ['DATABASE_URL', 'TESSERA_DATA_DIR', 'TESSERA_PG_PORT', 'TESSERA_TENANT', 'TESSERA_DEBUG', 'TESSERA_URL', 'TESSERA_API_KEY', 'TESSERA_PROFILE', 'XDG_CONFIG_HOME'];

/**
 * Runs the CLI in this process (`runCli`, the function `sdk/bin/tessera.ts` calls), as a user would,
 * with only `env` choosing where it goes: the CLI reads its environment, working directory and
 * output only through the io it is given, so this is the same program without a Node start per
 * call (which cost the CLI suites most of their minutes). HOME points at an empty directory unless
 * `env` says otherwise, so no real login of the machine's user is ever read or written.
 * `tesseraProcess` runs the real bin as a child process, for what only a process shows (exit codes
 * through the bin, a PostgreSQL started and stopped by the command).
 */
export async function tessera(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  const out: Run = { code: null, stdout: '', stderr: '' };
  out.code = await runCli(args, {
    stdout: (text) => { out.stdout += text; },
    stderr: (text) => { out.stderr += text; },
    env: { ...baseEnv(), ...env },
    cwd,
  });
  return out;
}

export function tesseraProcess(args: string[], env: NodeJS.ProcessEnv, cwd = ROOT): Promise<Run> {
  return nodeProcess([BIN, ...args], { ...baseEnv(), ...env }, cwd);
}

/** Runs `node <args>` with exactly `env`, and collects its exit code and output. */
export function nodeProcess(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => { stdout += chunk; });
    child.stderr.on('data', (chunk) => { stderr += chunk; });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

function baseEnv(): NodeJS.ProcessEnv {
  const base: NodeJS.ProcessEnv = { ...process.env, HOME: path.join(os.tmpdir(), 'tessera-cli-no-home') };
  for (const name of CHOOSERS) delete base[name];
  return base;
}

export function slug(prefix = 'cli'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** A scratch directory for a test file: documents, data directories, a config dir for saved logins. */
export async function scratch(prefix: string): Promise<{ dir: string; file(name: string, value: unknown): Promise<string>; remove(): Promise<void> }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), prefix));
  return {
    dir,
    async file(name, value) {
      const file = path.join(dir, name);
      await fs.writeFile(file, typeof value === 'string' ? value : JSON.stringify(value));
      return file;
    },
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  };
}

/** Installs the script runtime on a test server, as `npm start` does (the harness serves the APIs without it). Returns its close. */
export async function installScriptRuntime(platform: unknown): Promise<() => Promise<void>> {
  // A path held in a variable: tsc does not pull runtime/ into the sdk's project.
  const entry: string = path.join(ROOT, 'runtime/src/index.ts');
  const plugins = (platform as { plugins: { install(p: unknown): Promise<void>; uninstall(name: string): Promise<boolean> } }).plugins;
  await plugins.install((await import(entry)).createPlugin());
  return async () => { await plugins.uninstall('scripts'); };
}
