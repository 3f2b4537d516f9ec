import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readPackageSource, runScenario, startScenarioServer, formatScenario, type PackageSource, type ScenarioServer, type ScenarioReport } from '../src/scenarios/index.ts';
import { ROOT, tessera } from './support.ts';

const DIR = path.join(ROOT, 'sdk/test/fixtures/scenario-demo');
const databaseUrl = () => inject('databaseUrl' as never) as string;

let host: ScenarioServer;
let source: PackageSource;

beforeAll(async () => {
  source = await readPackageSource(DIR);
  host = await startScenarioServer({ databaseUrl: databaseUrl() });
});
afterAll(async () => {
  await host?.close();
});

const run = (name: string): Promise<ScenarioReport> => runScenario(host.server, source, source.scenarios.find((s) => s.file === `scenarios/${name}.json`)!);

describe('the scenario runner', () => {
  it('reads a template folder: its dependencies first, its scenarios and its sample data', () => {
    expect(source.name).toBe('scenario-demo');
    expect(source.install.map((d) => d.package)).toEqual(['scenario-demo']);
    expect(Object.keys(source.install[0].document).sort()).toEqual(['approvalFlows', 'duplicateRules', 'objects', 'roles', 'validationRules', 'workflows']);
    expect(source.scenarios.map((s) => s.file)).toEqual(['scenarios/approval.json', 'scenarios/malformed.json', 'scenarios/reminder.json', 'scenarios/wrong-expectation.json']);
    expect(source.sampleData).toMatchObject({ company: [{ $key: 'acme' }, { $key: 'globex' }] });
  });

  it('passes a scenario whose steps all hold: writes as users, refusals expected, the clock moved, workflows settled, saved values', async () => {
    const report = await run('reminder');
    expect(report.passed, formatScenario(report).join('\n')).toBe(true);
    expect(report.steps.map((s) => s.status)).toEqual(Array(13).fill('passed'));
    expect(report.steps[4].label).toBe('advance PT23H');
  });

  it('reports what the scenario exercised, read from the run history and the refusals', async () => {
    const { coverage } = await run('reminder');
    expect(coverage!.validationRules).toEqual([{ name: 'amountPositive', exercised: true }, { name: 'wonNeedsAmount', exercised: false }]);
    expect(coverage!.duplicateRules).toEqual([{ name: 'companyPhone', exercised: true }]);
    expect(coverage!.workflows).toEqual([
      { name: 'dealApproved', exercised: false, parts: [{ name: 'qualify', exercised: false }] },
      { name: 'dealReminder', exercised: true, parts: [{ name: 'nap', exercised: true }, { name: 'remind', exercised: true }] },
      { name: 'unused', exercised: false, parts: [{ name: 'touch', exercised: false }] },
    ]);
    expect(coverage!.approvalFlows).toEqual([{ name: 'bigDeal', exercised: false, parts: [{ name: 'manager', exercised: false }, { name: 'finance', exercised: false }] }]);
  });

  it('runs an approval through GraphQL steps: submit, the record locked, the approver\'s task saved from the answer and approved; flows and nodes covered', async () => {
    const report = await run('approval');
    expect(report.passed, formatScenario(report).join('\n')).toBe(true);
    expect(report.coverage!.approvalFlows).toEqual([{ name: 'bigDeal', exercised: true, parts: [{ name: 'manager', exercised: true }, { name: 'finance', exercised: false }] }]);
    expect(report.coverage!.workflows.find((w) => w.name === 'dealApproved')).toEqual({ name: 'dealApproved', exercised: true, parts: [{ name: 'qualify', exercised: true }] });
  });

  it('fails a scenario at the step that does not hold, naming the step and the difference, and skips the rest', async () => {
    const report = await run('wrong-expectation');
    expect(report.passed).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'failed', 'skipped']);
    const failed = report.steps[2];
    expect(failed.pointer).toBe('/steps/2');
    expect(failed.differences).toEqual([{ field: 'reminded', expected: true, actual: null }]);
    const text = formatScenario(report).join('\n');
    expect(text).toContain('FAIL /steps/2 expect deal $deal1');
    expect(text).toContain('reminded: expected true, got null');
  });

  it('compares only fields the record has (ownerId is the API\'s owner), and names an unknown one', async () => {
    const document = { name: 'inline', steps: [
      { create: 'deal', data: { name: 'Mine' }, save: 'd' },
      { expect: { object: 'deal', id: '$d', fields: { ownerId: '@admin', owner: '@admin' } } },
      { expect: { object: 'deal', id: '$d', fields: { colour: null } } },
    ] };
    const report = await runScenario(host.server, source, { file: 'inline.json', document });
    expect(report.steps.map((s) => s.status)).toEqual(['passed', 'passed', 'failed']);
    expect(report.steps[2].message).toContain('deal has no field colour');
    expect(report.steps[2].details).toEqual([{ pointer: '/steps/2/expect/fields/colour', message: 'unknown field' }]);
  });

  it('fails a step that names a key nobody saved, with its pointer, and a write expected to fail that succeeds', async () => {
    const document = { name: 'inline2', steps: [
      { create: 'deal', data: { name: 'Fine', amount: 3 }, expectError: { code: 'VALIDATION_FAILED' } },
    ] };
    const report = await runScenario(host.server, source, { file: 'inline2.json', document });
    expect(report.steps[0]).toMatchObject({ status: 'failed', message: 'succeeded, but VALIDATION_FAILED was expected' });
    const unknown = await runScenario(host.server, source, { file: 'inline3.json', document: { name: 'inline3', steps: [{ update: 'deal', id: '$nothing', data: { amount: 1 } }] } });
    expect(unknown.steps[0]).toMatchObject({ status: 'failed', details: [{ pointer: '/steps/0/id', message: expect.stringContaining('unknown key "nothing"') }] });
  });

  it('refuses a malformed scenario with the JSON pointer of each problem, before making a tenant', async () => {
    const before = (await host.server.platform.pool.query('select count(*)::int as n from tessera.tenants')).rows[0].n;
    const report = await run('malformed');
    expect(report.passed).toBe(false);
    expect(report.error?.stage).toBe('invalid');
    const pointers = report.error!.details.map((d) => d.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/steps/0/data', '/steps/3/expectError/code']));
    expect((await host.server.platform.pool.query('select count(*)::int as n from tessera.tenants')).rows[0].n).toBe(before);
  });

  it('names the semantic problems a schema cannot: the clock, unknown users, two verbs in a step', async () => {
    const { scenarioProblems } = await import('@tessera/platform/packages');
    const problems = scenarioProblems({ ...(source.scenarios.find((s) => s.file === 'scenarios/malformed.json')!.document as object), steps: [
      { advance: 'PT1H', expect: { object: 'deal', count: 0 } }, { as: 'ghost', update: 'deal', id: '$x', data: {} },
    ] });
    expect(problems).toEqual(expect.arrayContaining([
      { pointer: '/clock', message: expect.stringContaining('ISO 8601') },
      { pointer: '/users/0/manager', message: 'unknown user "nobody"' },
      { pointer: '/steps/0', message: 'has advance and expect: a step does one thing' },
      { pointer: '/steps/1/as', message: 'unknown user "ghost"' },
    ]));
  });

  it('drops each throw-away tenant: its schema and its rows', async () => {
    const { rows } = await host.server.platform.pool.query(`select count(*)::int as n from tessera.tenants where slug like 'scn-%'`);
    expect(rows[0].n).toBe(0);
    const schemas = await host.server.platform.pool.query(`select count(*)::int as n from pg_namespace where nspname like 't\\_%'`);
    expect(schemas.rows[0].n).toBe(0);
  });
});

describe('a template on crm-core', () => {
  it('installs its bundled dependency through the install engine, then itself, and reports pools and scoring exercised', async () => {
    const extension = await readPackageSource(path.join(ROOT, 'sdk/test/fixtures/crm-extension'));
    expect(extension.install.map((d) => [d.package, d.bundled])).toEqual([['crm-core', true], ['crm-extension', false]]);
    const report = await runScenario(host.server, extension, extension.scenarios[0], { keepTenant: true });
    expect(report.passed, formatScenario(report).join('\n')).toBe(true);
    expect(report.coverage!.pools).toEqual([{ name: 'leads', exercised: true }]);
    expect(report.coverage!.scoringRules.length).toBeGreaterThan(0);
    // crm-core was installed as a package (its components are its own); the tenant was kept on request.
    const { rows } = await host.server.platform.pool.query(`select p.name from tessera.installed_packages p join tessera.tenants t on t.id = p.tenant_id where t.slug like 'scn-%'`);
    expect(rows.map((r) => r.name)).toEqual(['crm-core']);
  });
});

describe('tessera test <dir>', () => {
  it('prints each scenario and step, and exits 1 when one fails', async () => {
    const run = await tessera(['test', DIR, '--only', 'wrong-expectation', '--only', 'malformed'], { DATABASE_URL: databaseUrl() });
    expect(run.code, run.stderr).toBe(1);
    expect(run.stdout).toContain('FAIL wrong-expectation');
    expect(run.stdout).toContain('FAIL /steps/2 expect deal $deal1');
    expect(run.stdout).toContain('invalid scenario');
    expect(run.stdout).toContain('/steps/3/expectError/code');
    expect(run.stdout).toContain('scenario-demo 1.0.0: 0 of 2 scenarios passed.');
  });

  it('exits 0 when every scenario passed, with the report as JSON', async () => {
    const run = await tessera(['test', DIR, '--only', 'reminder', '--json'], { DATABASE_URL: databaseUrl() });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ package: 'scenario-demo', version: '1.0.0', passed: true, scenarios: [{ name: 'reminder', passed: true }] });
  });

  it('refuses a folder that is no package', async () => {
    const run = await tessera(['test', path.join(ROOT, 'sdk/test')], {});
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('neither template.json');
  });
});
