import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { UsageError } from './args.ts';
import type { CliIo } from './output.ts';
import { profileName, profilesPath, readProfiles } from './profiles.ts';
import { normalizeUrl, type ServerTarget } from './server-client.ts';

/**
 * Where a command goes: a Tessera server over HTTP (the normal case, after `tessera login`), or a
 * database opened directly — only when asked for by name, never a default, so that the CLI cannot
 * quietly start a second, empty database beside the server's.
 *
 * The first of these that is given wins (command line, then environment, then saved login):
 *   1. --database-url <url> | --data-dir <dir>      the database, directly
 *   2. --profile <name>                              that saved login
 *   3. TESSERA_URL + TESSERA_API_KEY                 that server
 *   4. DATABASE_URL | TESSERA_DATA_DIR               the database the server's own environment names
 *   5. the saved login TESSERA_PROFILE, else "default"
 * Commands that only work on the database (tenant create, tenant list) look at 1 and 4 only; whoami at 2, 3, 5.
 */
export type Target =
  | ({ kind: 'server'; profile: string | null } & ServerTarget)
  | { kind: 'database'; databaseUrl: string; dataDir?: undefined; source: string }
  | { kind: 'database'; dataDir: string; databaseUrl?: undefined; source: string };
export type DatabaseTarget = Extract<Target, { kind: 'database' }>;
export type ServerTargetOf = Extract<Target, { kind: 'server' }>;

/** The options every command that can go either way accepts (parseArgs' format). */
export const SERVER_OPTIONS = { profile: { type: 'string' } } as const;
export const DATABASE_OPTIONS = { 'database-url': { type: 'string' }, 'data-dir': { type: 'string' } } as const;
export const TARGET_OPTIONS = { ...SERVER_OPTIONS, ...DATABASE_OPTIONS } as const;

export const SERVER_HELP = `  --profile <name>         the saved login to use (default: TESSERA_PROFILE, else "default")`;
export const DATABASE_HELP = `  --database-url <url>     work on this PostgreSQL directly (an existing Tessera database)
  --data-dir <dir>         work on the embedded PostgreSQL of this existing data directory`;

export interface TargetFlags {
  profile?: string;
  'database-url'?: string;
  'data-dir'?: string;
}

function databaseFromFlags(io: CliIo, flags: TargetFlags): DatabaseTarget | undefined {
  if (flags['database-url'] !== undefined && flags['data-dir'] !== undefined) throw new UsageError('give --database-url or --data-dir, not both');
  if (flags['database-url'] !== undefined) {
    if (!flags['database-url']) throw new UsageError('--database-url needs a PostgreSQL URL');
    return { kind: 'database', databaseUrl: flags['database-url'], source: '--database-url' };
  }
  if (flags['data-dir'] !== undefined) {
    if (!flags['data-dir']) throw new UsageError('--data-dir needs a directory');
    return { kind: 'database', dataDir: path.resolve(io.cwd, flags['data-dir']), source: '--data-dir' };
  }
  return undefined;
}

function databaseFromEnv(io: CliIo): DatabaseTarget | undefined {
  if (io.env.DATABASE_URL) return { kind: 'database', databaseUrl: io.env.DATABASE_URL, source: 'DATABASE_URL' };
  if (io.env.TESSERA_DATA_DIR) return { kind: 'database', dataDir: path.resolve(io.cwd, io.env.TESSERA_DATA_DIR), source: 'TESSERA_DATA_DIR' };
  return undefined;
}

/** The server of TESSERA_URL and TESSERA_API_KEY: both, or neither. */
function serverFromEnv(io: CliIo): ServerTargetOf | undefined {
  const { TESSERA_URL: url, TESSERA_API_KEY: apiKey } = io.env;
  if (!url && !apiKey) return undefined;
  if (!url) throw new PlatformError('BAD_USER_INPUT', 'TESSERA_API_KEY is set but TESSERA_URL is not: set both (or neither, to use a saved login)');
  if (!apiKey) throw new PlatformError('BAD_USER_INPUT', 'TESSERA_URL is set but TESSERA_API_KEY is not: set both (or neither, to use a saved login)');
  const normalized = normalizeUrl(url);
  if (!normalized) throw new PlatformError('BAD_USER_INPUT', `TESSERA_URL must be an http(s) URL such as http://localhost:4000, got "${url}"`);
  return { kind: 'server', url: normalized, apiKey, keySource: 'TESSERA_API_KEY', profile: null };
}

/** A saved login by name; `required`: a name that was asked for must exist. */
async function serverFromProfile(io: CliIo, name: string, required: boolean): Promise<ServerTargetOf | undefined> {
  const { profiles } = await readProfiles(io);
  const profile = Object.hasOwn(profiles, name) ? profiles[name] : undefined;
  if (!profile) {
    if (!required) return undefined;
    const known = Object.keys(profiles);
    throw new PlatformError('UNAUTHENTICATED', `There is no saved login "${name}" in ${profilesPath(io)}${known.length ? ` (there are: ${known.join(', ')})` : ''}: run "tessera login --profile ${name} --url <url> --api-key <key>"`);
  }
  return { kind: 'server', url: profile.url, apiKey: profile.apiKey, keySource: `profile "${name}"`, profile: name };
}

/** Where a command that works on a server or a database goes (see the order above). */
export async function resolveTarget(io: CliIo, flags: TargetFlags): Promise<Target> {
  const database = databaseFromFlags(io, flags);
  if (database && flags.profile !== undefined) throw new UsageError('give --profile or a database (--database-url, --data-dir), not both');
  if (database) return database;
  if (flags.profile !== undefined) return (await serverFromProfile(io, profileName(io, flags.profile), true))!;
  const fromEnv = serverFromEnv(io) ?? databaseFromEnv(io);
  if (fromEnv) return fromEnv;
  return (await serverFromProfile(io, profileName(io, undefined), Boolean(io.env.TESSERA_PROFILE))) ?? notLoggedIn(true);
}

/** The server a command that only talks to servers goes to (whoami): 2, 3 and 5 above. */
export async function resolveServer(io: CliIo, flags: { profile?: string }): Promise<ServerTargetOf> {
  if (flags.profile !== undefined) return (await serverFromProfile(io, profileName(io, flags.profile), true))!;
  return serverFromEnv(io) ?? (await serverFromProfile(io, profileName(io, undefined), Boolean(io.env.TESSERA_PROFILE))) ?? notLoggedIn(false);
}

function notLoggedIn(mayUseDatabase: boolean): never {
  const direct = mayUseDatabase ? '. To work on a database directly instead, pass --database-url <url> or --data-dir <dir>' : '';
  throw new PlatformError('UNAUTHENTICATED', `Not logged in to a Tessera server: run "tessera login --url <url> --api-key <key>" (or set TESSERA_URL and TESSERA_API_KEY)${direct}`);
}

/** Where a command that needs the database itself goes (tenant create, tenant list): named, or refused. */
export function resolveDatabase(io: CliIo, flags: TargetFlags, command: string): DatabaseTarget {
  const database = databaseFromFlags(io, flags) ?? databaseFromEnv(io);
  if (database) return database;
  throw new PlatformError('BAD_USER_INPUT', `"tessera ${command}" works on the database itself: pass --database-url <url> or --data-dir <dir> (the server's TESSERA_DATA_DIR, e.g. ./.tessera), or set DATABASE_URL or TESSERA_DATA_DIR as for the server. A tenant's API key (tessera login) cannot ${command === 'tenant create' ? 'create tenants' : command === 'package add-publisher' ? 'register publishers' : 'list other tenants'}.`);
}
