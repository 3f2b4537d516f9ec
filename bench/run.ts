import { openBench } from './harness.ts';
import { dataApiSuite } from './suites/data-api.ts';
import { metadataSuite } from './suites/metadata.ts';
import { schemaSuite } from './suites/schema.ts';
import { securitySuite } from './suites/security.ts';
import { scriptsSuite } from './suites/scripts.ts';
import { kernelSuite } from './suites/kernel.ts';
import { studioBundleSuite } from './suites/studio-bundle.ts';
import { searchSuite } from './suites/search.ts';
import { duplicatesSuite } from './suites/duplicates.ts';
import { formulasSuite } from './suites/formulas.ts';
import { rollupsSuite } from './suites/rollups.ts';
import { workflowsSuite } from './suites/workflows.ts';
import { approvalsSuite } from './suites/approvals.ts';
import { funnelSuite } from './suites/funnel.ts';
import { poolsSuite } from './suites/pools.ts';
import { assignmentSuite } from './suites/assignment.ts';
import { importsSuite } from './suites/imports.ts';

/**
 * `npm run bench`: figures measured side by side in one run on one machine. Absolute times vary
 * with the machine's load; the ratios are what to compare. `BENCH_ONLY=metadata` runs one suite
 * (`metadata`, `dataApi`, `security`, `scripts`, `kernel`, `studioBundle`, `search`, `duplicates`, `formulas`, `rollups`, `workflows`, `approvals`, `funnel`, `pools`, `assignment`, `imports`: BENCH_IMPORT_ROWS).
 */
const suites: Record<string, typeof metadataSuite> = { metadata: metadataSuite, schema: schemaSuite, dataApi: dataApiSuite, security: securitySuite, scripts: scriptsSuite, kernel: kernelSuite, studioBundle: studioBundleSuite, search: searchSuite, duplicates: duplicatesSuite, formulas: formulasSuite, rollups: rollupsSuite, workflows: workflowsSuite, approvals: approvalsSuite, funnel: funnelSuite, pools: poolsSuite, assignment: assignmentSuite, imports: importsSuite };
const only = process.env.BENCH_ONLY?.split(',');
const ctx = await openBench();
try {
  console.log(`# Tessera bench — ${new Date().toISOString()} — node ${process.version}`);
  for (const [name, suite] of Object.entries(suites)) if (!only || only.includes(name)) await suite(ctx);
} finally {
  await ctx.close();
}
