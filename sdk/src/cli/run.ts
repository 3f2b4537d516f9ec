import pkg from '../../package.json' with { type: 'json' };
import { UsageError, wantsHelp, wantsJson } from './args.ts';
import type { Command } from './command.ts';
import { login, logout, whoami } from './commands/auth.ts';
import { metadataApply, metadataPull, metadataPush } from './commands/metadata.ts';
import { tenantCreate, tenantList } from './commands/tenant.ts';
import { commandRun } from './commands/command.ts';
import { exportRecords } from './commands/export.ts';
import { importData } from './commands/import.ts';
import { codegen } from './commands/codegen.ts';
import { packageAddPublisher, packageBuild, packageKeygen, packagePublish } from './commands/package.ts';
import { packageInstall, packageList, packageUninstall, packageUpgrade, templateInstall } from './commands/package-install.ts';
import { testScenarios } from './commands/test.ts';
import { metadataDiff, metadataRollback } from './commands/metadata-history.ts';
import { processIo, reportError, EXIT, type CliIo } from './output.ts';

export const COMMANDS: Command[] = [login, logout, whoami, tenantCreate, tenantList, metadataApply, metadataPush, metadataPull, metadataDiff, metadataRollback, commandRun, exportRecords, importData, codegen, packageKeygen, packageBuild, packagePublish, packageAddPublisher, packageInstall, packageUpgrade, packageUninstall, packageList, templateInstall, testScenarios];

const GROUPS: Record<string, string> = {
  tenant: 'Create and list tenants',
  metadata: 'Apply, pull and diff metadata documents; roll back to an earlier point',
  command: 'Run commands (plugins\' commands, scripts\' actions) on records',
  package: 'Build, sign, publish, install, upgrade and uninstall packages of metadata',
  template: 'Install the bundled industry templates',
};

const WHERE = `Where commands go (the first that applies):
  --database-url <url> | --data-dir <dir>   that database, directly (it must exist: never created)
  --profile <name>                          that saved login (tessera login)
  TESSERA_URL + TESSERA_API_KEY             that server, with that key
  DATABASE_URL | TESSERA_DATA_DIR           the database the server's own environment names
  the saved login TESSERA_PROFILE, else "default"
tenant create and tenant list work on the database only (a tenant's key cannot make tenants).`;

const ENVIRONMENT = `Environment:
  TESSERA_URL        a server's URL (with TESSERA_API_KEY; without them, the saved login)
  TESSERA_API_KEY    the API key for TESSERA_URL
  TESSERA_PROFILE    the saved login to use when --profile is not given (default: "default")
  XDG_CONFIG_HOME    where logins are saved: $XDG_CONFIG_HOME/tessera/profiles.json (default ~/.config)
  DATABASE_URL       PostgreSQL to work on directly, as the server does
  TESSERA_DATA_DIR   the embedded data directory to work on directly (a running server's is joined)
  TESSERA_PG_PORT    the embedded PostgreSQL's port (default: remembered in the data directory)
  TESSERA_TENANT     the tenant for metadata commands when --tenant is not given
  TESSERA_DEBUG      set to show stack traces of unexpected errors
  TESSERA_PUBLISHER_KEY  the key file (or PEM) package build signs with when --key is not given`;

function commandList(commands: Command[]): string {
  const width = Math.max(...commands.map((c) => c.name.length));
  return commands.map((c) => `  tessera ${c.name.padEnd(width)}  ${c.summary}`).join('\n');
}

function mainHelp(): string {
  return `Usage: tessera <command> [options]

The Tessera command line: log in to a server once, then work on its tenant's metadata over HTTP.

Commands:
${commandList(COMMANDS)}

Run "tessera <command> --help" for a command's options.

${WHERE}

${ENVIRONMENT}

Exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 server or database unreachable,
4 not logged in or API key refused.
`;
}

function groupHelp(group: string): string {
  return `Usage: tessera ${group} <command> [options]

${GROUPS[group]}.

Commands:
${commandList(COMMANDS.filter((c) => c.name.startsWith(`${group} `)))}

Run "tessera ${group} <command> --help" for a command's options.
`;
}

/**
 * Runs the CLI on `argv` (the arguments after `tessera`) and returns the exit code. Writes only
 * through `io`; never exits the process, so tests and other tools can call it.
 */
export async function runCli(argv: string[], io: Partial<CliIo> = {}): Promise<number> {
  const cli: CliIo = { ...processIo(), ...io };
  const json = wantsJson(argv);
  try {
    const [first, second, ...rest] = argv;
    if (first === undefined) {
      cli.stderr(mainHelp());
      return EXIT.usage;
    }
    if (first === 'help' && second === undefined) {
      cli.stdout(mainHelp());
      return EXIT.ok;
    }
    if (first === 'help') return runCli([...argv.slice(1), '--help'], io);
    if (first === '--version' || first === '-v') {
      cli.stdout(`${pkg.version}\n`);
      return EXIT.ok;
    }
    if (first.startsWith('-')) {
      if (wantsHelp([first])) {
        cli.stdout(mainHelp());
        return EXIT.ok;
      }
      throw new UsageError(`unknown option ${first}`);
    }
    const single = COMMANDS.find((c) => c.name === first);
    if (single) {
      if (wantsHelp(argv.slice(1))) {
        cli.stdout(single.help);
        return EXIT.ok;
      }
      return await single.run(argv.slice(1), cli);
    }
    if (!(first in GROUPS)) throw new UsageError(`unknown command "${first}"`);
    if (second === undefined || second.startsWith('-')) {
      if (second !== undefined && wantsHelp([second])) {
        cli.stdout(groupHelp(first));
        return EXIT.ok;
      }
      cli.stderr(groupHelp(first));
      return EXIT.usage;
    }
    const command = COMMANDS.find((c) => c.name === `${first} ${second}`);
    if (!command) throw new UsageError(`unknown command "${first} ${second}"`, first);
    if (wantsHelp(rest)) {
      cli.stdout(command.help);
      return EXIT.ok;
    }
    return await command.run(rest, cli);
  } catch (error) {
    return reportError(cli, error, json);
  }
}
