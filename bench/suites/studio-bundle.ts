import { buildStudio, FIRST_LOAD_BUDGET, measureBundle, studioDistDir } from '@tessera/studio/server';
import { table, time, type BenchContext } from '../harness.ts';

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/**
 * Issue 12's budget: the studio built as the server builds it (Vite, NODE_ENV=production), then the
 * gzipped JavaScript `index.html` loads at once (its module script and modulepreloads) against all
 * of it; pages, ECharts and CodeMirror load later. The budget is FIRST_LOAD_BUDGET.
 */
export async function studioBundleSuite(_ctx: BenchContext): Promise<void> {
  console.log(`\n## Studio bundle: first load against the whole (issue 12)\n`);
  const build = await time(() => buildStudio({ force: true }));
  const size = await measureBundle(studioDistDir);
  table([
    { what: 'first load (eager JS, gzip)', size: kb(size.eagerGzip), files: size.eager.length, budget: kb(FIRST_LOAD_BUDGET), within: size.eagerGzip <= FIRST_LOAD_BUDGET ? 'yes' : 'NO' },
    { what: 'all JS (gzip)', size: kb(size.totalGzip), files: size.all.length, budget: '', within: '' },
    { what: 'loaded later (gzip)', size: kb(size.totalGzip - size.eagerGzip), files: size.all.length - size.eager.length, budget: '', within: '' },
  ]);
  console.log(`\nBuilt in ${(build.ms / 1000).toFixed(1)} s. Largest eager files:\n`);
  table([...size.eager].sort((a, b) => b.gzip - a.gzip).slice(0, 6).map((f) => ({ file: f.file, gzip: kb(f.gzip), raw: kb(f.bytes) })));
}
