/**
 * Declarative scenario tests of a package (`tessera test`): read a package (template or package
 * folder), run each scenario in a throw-away tenant on the test clock, report steps and coverage.
 * Pure of the CLI: give it a running server (`startScenarioServer`) and a package source.
 */
export { readPackageSource, checkedScenario, type PackageSource, type ScenarioFile, type SourceDocument } from './source.ts';
export { startScenarioServer, type ScenarioServer } from './harness.ts';
export { runScenario, runPackageScenarios, type ScenarioReport, type PackageReport, type RunOptions } from './runner.ts';
export type { StepResult } from './steps.ts';
export { COVERAGE_KINDS, type Coverage, type CoveredItem } from './coverage.ts';
export { formatScenario, formatPackageReport, formatCoverage } from './report.ts';
