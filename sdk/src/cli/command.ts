import type { CliIo } from './output.ts';

/** One `tessera <group> <verb>`: its help text and what it does with the arguments after the verb. */
export interface Command {
  /** e.g. "tenant create" */
  name: string;
  summary: string;
  help: string;
  /** Returns the exit code; throws PlatformError (exit 1) or UsageError (exit 2). */
  run(args: string[], io: CliIo): Promise<number>;
}
