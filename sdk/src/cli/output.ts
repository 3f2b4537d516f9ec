// The errors alone, not the whole platform: a command that talks to a server starts in a tenth of the time.
import { isPlatformError, type ErrorDetail } from '@tessera/platform/errors';
import { UsageError } from './args.ts';

/** Where the CLI writes and what it reads from its surroundings; replaceable for tests. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  env: NodeJS.ProcessEnv;
  cwd: string;
}

export function processIo(): CliIo {
  return {
    stdout: (text) => void process.stdout.write(text),
    stderr: (text) => void process.stderr.write(text),
    env: process.env,
    cwd: process.cwd(),
  };
}

/**
 * Exit codes: 0 done, 1 refused or failed, 2 the command line itself was wrong, 3 the server or
 * database could not be reached (SERVICE_UNAVAILABLE: trying again later may work), 4 not logged in or
 * the API key was refused (UNAUTHENTICATED: log in again).
 */
export const EXIT = { ok: 0, failed: 1, usage: 2, unreachable: 3, unauthenticated: 4 } as const;

export function exitCodeOf(error: unknown): number {
  if (error instanceof UsageError) return EXIT.usage;
  if (isPlatformError(error) && error.code === 'SERVICE_UNAVAILABLE') return EXIT.unreachable;
  if (isPlatformError(error) && error.code === 'UNAUTHENTICATED') return EXIT.unauthenticated;
  return EXIT.failed;
}

/** Prints one line of JSON (the machine-readable answer of every --json command). */
export function printJson(io: CliIo, value: unknown): void {
  io.stdout(`${JSON.stringify(value)}\n`);
}

export function printLines(io: CliIo, lines: string[]): void {
  io.stdout(lines.map((line) => `${line}\n`).join(''));
}

interface ErrorReport {
  code: string;
  message: string;
  details: ErrorDetail[];
}

/** A message for any thrown value: driver errors (ECONNREFUSED…) sometimes carry only a code or inner errors. */
export function messageOf(error: unknown): string {
  if (error instanceof AggregateError && !error.message && error.errors.length) return messageOf(error.errors[0]);
  if (error instanceof Error) return error.message || (error as { code?: string }).code || error.name;
  return String(error);
}

function reportOf(error: unknown): ErrorReport {
  if (isPlatformError(error)) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof UsageError) return { code: 'BAD_USER_INPUT', message: error.message, details: [] };
  return { code: 'INTERNAL', message: messageOf(error), details: [] };
}

/**
 * Reports an error and returns the exit code. With --json the error is the one line on stdout
 * (`{"error":{"code","message","details"}}`); otherwise `error: <message>` and one line per detail on
 * stderr. Platform refusals never show a stack; unexpected errors show it when TESSERA_DEBUG is set.
 */
export function reportError(io: CliIo, error: unknown, json: boolean): number {
  const report = reportOf(error);
  const exit = exitCodeOf(error);
  if (json) {
    printJson(io, { error: report });
    return exit;
  }
  const lines = [`error: ${report.message}`];
  for (const detail of report.details) lines.push(`  ${detail.pointer || '/'}: ${detail.message}`);
  if (error instanceof UsageError) lines.push(`Run "tessera ${error.topic ? `${error.topic} ` : ''}--help" for usage.`);
  else if (!isPlatformError(error)) {
    if (io.env.TESSERA_DEBUG && error instanceof Error && error.stack) lines.push(error.stack);
    else lines.push('(set TESSERA_DEBUG=1 to see the stack trace)');
  }
  io.stderr(lines.map((line) => `${line}\n`).join(''));
  return exit;
}
