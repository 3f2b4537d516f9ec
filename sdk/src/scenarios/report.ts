import { COVERAGE_KINDS, type Coverage } from './coverage.ts';
import type { PackageReport, ScenarioReport } from './runner.ts';

const show = (value: unknown) => JSON.stringify(value) ?? 'undefined';

/** Coverage as "workflows 2/3 (nurture: steps 4/5)"; kinds the package does not configure are left out. */
export function formatCoverage(coverage: Coverage): string[] {
  const lines: string[] = [];
  for (const kind of COVERAGE_KINDS) {
    const items = coverage[kind];
    if (!items.length) continue;
    const hit = items.filter((i) => i.exercised);
    const parts = items.filter((i) => i.parts?.length).map((i) => `${i.name} ${i.parts!.filter((p) => p.exercised).length}/${i.parts!.length}`);
    lines.push(`    ${kind}: ${hit.length}/${items.length}${hit.length ? ` (${hit.map((i) => i.name).join(', ')})` : ''}${parts.length ? `; ${kind === 'workflows' ? 'steps' : 'nodes'}: ${parts.join(', ')}` : ''}`);
    const missed = items.filter((i) => !i.exercised).map((i) => i.name);
    if (missed.length) lines.push(`      not exercised: ${missed.join(', ')}`);
  }
  return lines;
}

export function formatScenario(report: ScenarioReport): string[] {
  const lines = [`${report.passed ? 'PASS' : 'FAIL'} ${report.name} (${report.file}, ${(report.ms / 1000).toFixed(1)} s)`];
  if (report.error) {
    lines.push(`  ${report.error.stage === 'invalid' ? 'invalid scenario' : 'setup failed'}: ${report.error.message}`);
    for (const d of report.error.details) lines.push(`    ${d.pointer || '/'}: ${d.message}`);
  }
  for (const step of report.steps) {
    const mark = step.status === 'passed' ? 'ok  ' : step.status === 'failed' ? 'FAIL' : 'skip';
    lines.push(`  ${mark} ${step.pointer} ${step.label}`);
    if (step.status !== 'failed') continue;
    if (step.message) lines.push(`       ${step.message}`);
    for (const d of step.differences ?? []) lines.push(`       ${d.field}: expected ${show(d.expected)}, got ${show(d.actual)}`);
    for (const d of step.details ?? []) lines.push(`       ${d.pointer || '/'}: ${d.message}`);
  }
  if (report.coverage) {
    const coverage = formatCoverage(report.coverage);
    if (coverage.length) lines.push('  coverage:', ...coverage);
  }
  return lines;
}

export function formatPackageReport(report: PackageReport): string[] {
  const passed = report.scenarios.filter((s) => s.passed).length;
  const lines = report.scenarios.flatMap(formatScenario);
  if (!report.scenarios.length) lines.push(`No scenarios in ${report.package} (scenarios/*.json, or files/scenarios/*.json in a package folder).`);
  lines.push('', `${report.package} ${report.version}: ${passed} of ${report.scenarios.length} scenario${report.scenarios.length === 1 ? '' : 's'} passed.`);
  return lines;
}
