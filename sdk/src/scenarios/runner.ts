import { isPlatformError, scenarioProblems, type ErrorDetail, type RunningServer, type Scenario } from '@tessera/platform';
import { collectCoverage, type Coverage } from './coverage.ts';
import type { PackageSource, ScenarioFile } from './source.ts';
import { runStep, settleTenant, stepLabel, type StepContext, type StepResult } from './steps.ts';
import { apiKeyFor, createUsers, dropTenant, installPackage, loadScenarioFixtures, newTenant, setClock, type ScenarioTenant } from './tenant.ts';

/** One scenario's outcome: `passed` only when every step passed. */
export interface ScenarioReport {
  file: string;
  name: string;
  passed: boolean;
  /** `invalid`: the file is not a scenario (details: its pointers); `setup`: install, users or fixtures failed. */
  error?: { stage: 'invalid' | 'setup'; message: string; details: ErrorDetail[] };
  steps: StepResult[];
  coverage?: Coverage;
  ms: number;
}

export interface PackageReport {
  package: string;
  version: string;
  passed: boolean;
  scenarios: ScenarioReport[];
}

export interface RunOptions {
  /** Keep the throw-away tenant (to look at it afterwards); dropped by default. */
  keepTenant?: boolean;
  /** Only the scenarios of these names. */
  only?: string[];
}

function detailsOf(error: unknown): { message: string; details: ErrorDetail[] } {
  if (isPlatformError(error)) return { message: `${error.code}: ${error.message}`, details: error.details };
  return { message: error instanceof Error ? error.message : String(error), details: [] };
}

/**
 * Runs one scenario of a package in a tenant of its own: validate, set the clock, create the tenant
 * and install the package (dependencies first), the users, the fixtures; then each step, settling
 * after each; stop at the first failed step (the rest are skipped: they build on it); read coverage;
 * drop the tenant. Never throws for what the scenario did: everything is in the report.
 */
export async function runScenario(server: RunningServer, source: PackageSource, file: ScenarioFile, options: RunOptions = {}): Promise<ScenarioReport> {
  const started = Date.now();
  const named = (file.document as { name?: unknown } | null)?.name;
  const base = { file: file.file, name: typeof named === 'string' ? named : file.file };
  const problems = scenarioProblems(file.document);
  if (problems.length) {
    return { ...base, passed: false, steps: [], error: { stage: 'invalid', message: `${file.file} is not a valid scenario`, details: problems }, ms: Date.now() - started };
  }
  const scenario = file.document as Scenario;
  let tenant: ScenarioTenant | undefined;
  try {
    const saved = new Map<string, unknown>();
    const refusedBy = { validation: new Set<string>(), duplicate: new Set<string>() };
    try {
      setClock(server, scenario.clock);
      tenant = await newTenant(server);
      await installPackage(server, tenant, source.install);
      await createUsers(server, tenant, scenario.users ?? []);
      await loadScenarioFixtures(server, tenant, scenario.fixtures, saved);
      await settleTenant({ server, tenantId: tenant.id });
    } catch (error) {
      return { ...base, passed: false, steps: [], error: { stage: 'setup', ...detailsOf(error) }, ms: Date.now() - started };
    }
    const t = tenant;
    const apiKeys = new Map<string, string>();
    const ctx: StepContext = {
      server, tenantId: t.id, adminId: t.adminId, users: t.users, apiKeys, saved, refusedBy,
      async apiKeyOf(userKey) {
        const key = userKey ?? 'admin';
        if (key === 'admin') return t.adminKey;
        if (!apiKeys.has(key)) apiKeys.set(key, await apiKeyFor(server, t, t.users.get(key)!));
        return apiKeys.get(key)!;
      },
    };
    const steps: StepResult[] = [];
    for (const [i, step] of scenario.steps.entries()) {
      if (steps.some((s) => s.status === 'failed')) {
        steps.push({ index: i, pointer: `/steps/${i}`, label: stepLabel(step), status: 'skipped', ms: 0 });
        continue;
      }
      steps.push(await runStep(ctx, step, i));
    }
    const coverage = await collectCoverage(server, t, refusedBy);
    return { ...base, passed: steps.every((s) => s.status === 'passed'), steps, coverage, ms: Date.now() - started };
  } finally {
    if (tenant && !options.keepTenant) await dropTenant(server, tenant).catch((error: unknown) => server.logger.warn({ err: error, tenant: tenant!.slug }, 'could not drop a scenario tenant'));
  }
}

/** Every scenario of a package, one after the other (they share the server's clock). */
export async function runPackageScenarios(server: RunningServer, source: PackageSource, options: RunOptions = {}): Promise<PackageReport> {
  const reports: ScenarioReport[] = [];
  for (const file of source.scenarios) {
    const name = (file.document as { name?: unknown } | null)?.name;
    if (options.only && !options.only.includes(String(name))) continue;
    reports.push(await runScenario(server, source, file, options));
  }
  return { package: source.name, version: source.version, passed: reports.length > 0 && reports.every((r) => r.passed), scenarios: reports };
}
