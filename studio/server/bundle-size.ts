import fs from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The studio's first load: at most this much gzipped JavaScript before the first page renders (issue 12). */
export const FIRST_LOAD_BUDGET = 400 * 1024;

export interface BundleFile {
  file: string;
  bytes: number;
  gzip: number;
}

export interface BundleSize {
  /** The JavaScript `index.html` loads before the first page can render: its module script and modulepreloads. */
  eager: BundleFile[];
  /** Every JavaScript file of the build (the eager ones and the chunks loaded later). */
  all: BundleFile[];
  eagerGzip: number;
  totalGzip: number;
}

/** The `src`/`href` of the scripts and module preloads in a built `index.html` (what the browser fetches at once). */
export function eagerScripts(html: string): string[] {
  const tags = html.match(/<(script|link)\b[^>]*>/g) ?? [];
  return tags.flatMap((tag) => {
    const isScript = tag.startsWith('<script') && /type="module"/.test(tag);
    const isPreload = tag.startsWith('<link') && /rel="modulepreload"/.test(tag);
    const url = /(?:src|href)="([^"]+)"/.exec(tag)?.[1];
    return (isScript || isPreload) && url ? [url.replace(/^\//, '')] : [];
  });
}

async function sizeOf(dir: string, file: string): Promise<BundleFile> {
  const bytes = await fs.readFile(path.join(dir, file));
  return { file, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
}

/** Gzipped sizes of a studio build (`dist/`): what the first load costs, against the whole. */
export async function measureBundle(distDir: string): Promise<BundleSize> {
  const html = await fs.readFile(path.join(distDir, 'index.html'), 'utf8');
  const eagerFiles = eagerScripts(html);
  const assets = (await fs.readdir(path.join(distDir, 'assets'))).filter((f) => f.endsWith('.js')).map((f) => `assets/${f}`);
  const all = await Promise.all(assets.map((f) => sizeOf(distDir, f)));
  const eager = all.filter((f) => eagerFiles.includes(f.file));
  const sum = (files: BundleFile[]) => files.reduce((s, f) => s + f.gzip, 0);
  return { eager, all, eagerGzip: sum(eager), totalGzip: sum(all) };
}
