import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

/** The studio as the server sees it: a folder of built files, and a build when the sources are newer. */
export interface StudioAssets {
  /** The folder `index.html` and `assets/` are served from. */
  dir: string;
  /** Resolves when the folder holds a build of the current sources (builds it first if needed). */
  ready: Promise<void>;
  /** Whether `ready` has resolved. */
  isReady(): boolean;
}

export { FIRST_LOAD_BUDGET, measureBundle, type BundleSize } from './bundle-size.ts';

const studioRoot = fileURLToPath(new URL('..', import.meta.url));
export const studioDistDir = path.join(studioRoot, 'dist');

// The platform's expression language is part of the bundle (the expression editor imports it), and
// with it what it reaches (field types, the model, util…): any platform source may change the bundle.
const SOURCES = ['src', 'index.html', 'vite.config.ts', 'package.json', '../platform/src'];

function newestMtime(entry: string): number {
  const stat = fs.statSync(entry, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const child of fs.readdirSync(entry)) newest = Math.max(newest, newestMtime(path.join(entry, child)));
  return newest;
}

/** True when there is no build, or a source file changed after it. */
export function studioIsStale(): boolean {
  const built = fs.statSync(path.join(studioDistDir, 'index.html'), { throwIfNoEntry: false });
  if (!built) return true;
  return SOURCES.some((s) => newestMtime(path.join(studioRoot, s)) > built.mtimeMs);
}

let building: Promise<void> | undefined;
/** Builds the studio with Vite into `studio/dist` (once per process, and only when stale). */
export function buildStudio(options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && !studioIsStale()) return Promise.resolve();
  building ??= (async () => {
    // In a process of its own with NODE_ENV=production: the build is what ships whatever NODE_ENV this
    // process has (the test runner's `test` would give React's development build and antd's fixed test ids).
    const vite = path.join(path.dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
    await promisify(execFile)(process.execPath, [vite, 'build', '--config', path.join(studioRoot, 'vite.config.ts'), '--logLevel', 'warn'], {
      cwd: studioRoot, env: { ...process.env, NODE_ENV: 'production' }, maxBuffer: 16 * 1024 * 1024,
    });
  })().finally(() => {
    building = undefined;
  });
  return building;
}

/** The studio for the server: ready at once when built, else built in the background while the server answers. */
export function prepareStudio(onError: (error: unknown) => void = () => {}): StudioAssets {
  let ready = false;
  const promise = buildStudio().then(
    () => {
      ready = true;
    },
    (error: unknown) => {
      onError(error);
      throw error;
    },
  );
  promise.catch(() => {});
  return { dir: studioDistDir, ready: promise, isReady: () => ready };
}
