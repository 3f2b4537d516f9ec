/**
 * @tessera/sdk: the `tessera` command line now; the client SDK for the platform's APIs later.
 */
export { runCli, COMMANDS } from './cli/run.ts';
export type { Command } from './cli/command.ts';
export type { CliIo } from './cli/output.ts';
export { UsageError } from './cli/args.ts';
export { formatPlan } from './cli/commands/metadata.ts';
