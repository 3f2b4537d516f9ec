import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';

/** A command line that cannot be understood: reported with a pointer to --help, exit code 2. */
export class UsageError extends Error {
  /** The help topic to point at, e.g. "tenant create". */
  readonly topic: string;
  constructor(message: string, topic = '') {
    super(message);
    this.name = 'UsageError';
    this.topic = topic;
  }
}

export interface ParsedCommand<V> {
  values: V;
  positionals: string[];
}

/**
 * Parses one command's arguments (those after `tessera <group> <verb>`) strictly: unknown options and
 * missing option values are usage errors, with the command's name in the message.
 */
export function parseCommand<const O extends ParseArgsOptionsConfig>(
  topic: string,
  args: string[],
  options: O,
  positionals: { min: number; max: number; names: string },
) {
  let parsed;
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (error) {
    throw new UsageError(cleanParseError(error), topic);
  }
  const count = parsed.positionals.length;
  if (count < positionals.min) throw new UsageError(`missing ${positionals.names}`, topic);
  if (count > positionals.max) throw new UsageError(`unexpected argument "${parsed.positionals[positionals.max]}"`, topic);
  return parsed;
}

/** parseArgs' messages carry advice meant for script authors ("To specify a positional argument…"). */
function cleanParseError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message
    .split('. To specify')[0]
    .replace(/^Unknown option '(.+?)'.*$/s, 'unknown option $1')
    .replace(/^Option '(\S+) <value>' argument missing$/, 'option $1 needs a value')
    .replace(/^Option '(\S+)' does not take an argument$/, 'option $1 takes no value')
    .replace(/\.$/, '');
}

/** True when the arguments ask for help (anywhere: `tessera tenant create --help`). */
export function wantsHelp(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

/** True when --json appears (so even a usage error before full parsing can be answered in JSON). */
export function wantsJson(args: string[]): boolean {
  const end = args.indexOf('--');
  return (end === -1 ? args : args.slice(0, end)).includes('--json');
}
