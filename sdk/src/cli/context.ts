import path from 'node:path';
import { dataDirState, findTenant, isTesseraDatabase, listTenants, openDatabase, openPlatform, PlatformError, readConfig, type Database, type Platform, type PlatformConfig } from '@tessera/platform';
import { registerCleanup } from './cleanup.ts';
import { messageOf, type CliIo } from './output.ts';
import type { DatabaseTarget } from './target.ts';

/**
 * A command on the database itself (`--database-url`, `--data-dir`, or the server's DATABASE_URL /
 * TESSERA_DATA_DIR). Loaded only by such commands: it brings in the whole platform.
 */
export interface CliContext {
  platform: Platform;
  database: Database;
  config: PlatformConfig;
}

function configFrom(env: NodeJS.ProcessEnv, target: DatabaseTarget): PlatformConfig {
  let config: PlatformConfig;
  try {
    config = readConfig(env);
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', (error as Error).message);
  }
  return { ...config, databaseUrl: target.databaseUrl, dataDir: target.dataDir ?? config.dataDir };
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', '28P01', '28000', '3D000']);

/** The URL as it may be shown: its password left out. */
function shownUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(DATABASE_URL)';
  }
}

/** A failure to reach the database at all, told as such (exit 3, like an unreachable server). */
function connectionError(error: unknown, url: string): PlatformError | undefined {
  const code = (error as { code?: string }).code ?? ((error as { errors?: { code?: string }[] }).errors ?? [])[0]?.code;
  const known = code !== undefined && CONNECTION_CODES.has(code);
  if (!known && !/timeout/i.test(messageOf(error))) return undefined;
  return new PlatformError('SERVICE_UNAVAILABLE', `Cannot connect to PostgreSQL at ${shownUrl(url)}: ${messageOf(error)}`, { cause: error });
}

/** A data directory the server made: anything else is refused before PostgreSQL could initialise one there. */
async function requireDataDir(target: DatabaseTarget & { dataDir: string }): Promise<void> {
  const state = await dataDirState(target.dataDir);
  const named = `${target.source} ${target.dataDir}`;
  const create = `The CLI never creates a database: start the server once with TESSERA_DATA_DIR=${target.dataDir} (npm start) to create it, or name the data directory the server uses`;
  if (state === 'missing') throw new PlatformError('NOT_FOUND', `${named} does not exist. ${create}`);
  if (state === 'not-a-directory') throw new PlatformError('BAD_USER_INPUT', `${named} is not a directory`);
  if (state === 'no-cluster') throw new PlatformError('NOT_FOUND', `${named} holds no database (no PostgreSQL cluster in ${path.join(target.dataDir, 'pg')}). ${create}`);
}

/** The database must already be Tessera's: the CLI only runs pending migrations on it, as the server would. */
async function requireTesseraDatabase(url: string, target: DatabaseTarget): Promise<void> {
  const ok = await isTesseraDatabase(url).catch((error: unknown) => {
    throw connectionError(error, url) ?? error;
  });
  if (!ok) {
    const where = target.dataDir ? `${target.source} ${target.dataDir}` : `${target.source} ${shownUrl(url)}`;
    throw new PlatformError('NOT_FOUND', `${where} is not a Tessera database (it has no tessera schema), and the CLI never creates one: start the server on it once (DATABASE_URL=… npm start), or name the database the server uses`);
  }
}

/**
 * Opens the named database (an embedded one: joined when the server runs it, else started for the
 * command and stopped afterwards) and the platform on it (which runs pending migrations), runs
 * `work`, and closes both again, also when `work` fails. No logger: stdout stays the command's own.
 */
export async function withContext<T>(io: CliIo, target: DatabaseTarget, work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = configFrom(io.env, target);
  if (target.dataDir) await requireDataDir(target as DatabaseTarget & { dataDir: string });
  // PostgreSQL's own output stays quiet unless it fails to start; then its last lines say why.
  const pgLog: string[] = [];
  const database = await openDatabase(config, (line) => {
    if (line) pgLog.push(line);
    if (pgLog.length > 15) pgLog.shift();
  }).catch((error: unknown) => {
    const log = pgLog.length ? `\n${pgLog.map((line) => `  postgres: ${line}`).join('\n')}` : '';
    throw new PlatformError('SERVICE_UNAVAILABLE', `Cannot start the embedded PostgreSQL in ${config.dataDir}: ${messageOf(error)}${log}`, { cause: error });
  });
  let platform: Platform | undefined;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      try {
        await platform?.close();
      } finally {
        await database.stop();
      }
    })();
    return closing;
  };
  const unregister = registerCleanup(close);
  try {
    await requireTesseraDatabase(database.url, target);
    platform = await openPlatform({ databaseUrl: database.url, deletedRetentionDays: config.deletedRetentionDays }).catch((error: unknown) => {
      throw connectionError(error, database.url) ?? error;
    });
    return await work({ platform, database, config });
  } finally {
    try {
      await close();
    } finally {
      unregister();
    }
  }
}

/**
 * The tenant a command acts on: `--tenant`, else TESSERA_TENANT, else the only tenant there is.
 */
export async function resolveTenant(ctx: CliContext, io: CliIo, slug: string | undefined): Promise<{ id: string; slug: string }> {
  const wanted = slug || io.env.TESSERA_TENANT || undefined;
  if (wanted) {
    const tenant = await findTenant(ctx.platform.orm, wanted);
    if (!tenant) {
      throw new PlatformError('NOT_FOUND', `There is no tenant "${wanted}" (see "tessera tenant list")`);
    }
    return { id: tenant.id, slug: tenant.slug };
  }
  const tenants = await listTenants(ctx.platform.orm);
  if (tenants.length === 1) return tenants[0];
  if (tenants.length === 0) {
    throw new PlatformError('NOT_FOUND', 'There are no tenants yet: create one with "tessera tenant create <slug>"');
  }
  const names = tenants.slice(0, 10).map((t) => t.slug).join(', ');
  const more = tenants.length > 10 ? `, … (${tenants.length} in all)` : '';
  throw new PlatformError('BAD_USER_INPUT', `There are several tenants (${names}${more}): choose one with --tenant <slug> or TESSERA_TENANT`);
}
