import path from 'node:path';
import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';

export const testScenarios: Command = {
  name: 'test',
  summary: 'Run a package\'s scenarios in throw-away tenants',
  help: `Usage: tessera test <dir> [options]

Runs the scenarios of a template folder (template.json, scenarios/*.json) or a package folder
(manifest.json, files/scenarios/*.json): for each, a new tenant gets the package (its bundled
dependencies first), the scenario's users and fixtures; then each step runs on the test clock,
settling jobs, timers, change events and workflows after each. Prints per step passed or failed
(with what differed) and what the scenario exercised: validation and duplicate rules, workflows and
their steps, approval flows and their nodes, pools, dispatch, assignment and scoring rules.

The platform runs in this process with the runtime plugins (TESSERA_PLUGINS), on a database of its
own: a scratch database on --database-url (or DATABASE_URL), dropped afterwards; without one, an
embedded PostgreSQL in a temporary directory. A scenario document is checked against tessera:scenario
(GET /metadata/schema): a malformed one fails with each problem's JSON pointer.

Arguments:
  <dir>                    the template or package folder

Options:
  --only <name>            run only the scenario of this name (repeatable)
  --database-url <url>     the PostgreSQL server to make the scratch database on (default: DATABASE_URL)
  --json                   print the report ({"package","version","passed","scenarios":[…]}) as one line
  -h, --help               show this help

Exit code: 0 when every scenario passed, 1 otherwise.

Example:
  tessera test templates/k12-tutoring
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, {
      only: { type: 'string', multiple: true },
      'database-url': { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: '<dir>' });
    // The platform and the runtime load only when a test runs: the rest of the CLI stays light.
    const { readPackageSource, startScenarioServer, runPackageScenarios, formatPackageReport } = await import('../../scenarios/index.ts');
    const source = await readPackageSource(path.resolve(io.cwd, positionals[0]));
    const host = await startScenarioServer({ databaseUrl: values['database-url'] ?? io.env.DATABASE_URL ?? undefined, env: io.env });
    let report;
    try {
      report = await runPackageScenarios(host.server, source, { only: values.only });
    } finally {
      await host.close();
    }
    if (values.json) printJson(io, report);
    else printLines(io, formatPackageReport(report));
    return report.passed ? EXIT.ok : EXIT.failed;
  },
};
