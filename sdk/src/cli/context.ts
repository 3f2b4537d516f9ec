import { findTenant, listTenants, openDatabase, openPlatform, PlatformError, readConfig, type Database, type Platform, type PlatformConfig } from '@tessera/platform';
import { messageOf, type CliIo } from './output.ts';

/** What a command works with: the platform on the chosen database. */
export interface CliContext {
  platform: Platform;
  database: Database;
  config: PlatformConfig;
}

/** Cleanups of contexts that are open right now, so a signal can still stop an embedded PostgreSQL. */
const open = new Set<() => Promise<void>>();

/** Closes whatever contexts are open (for SIGINT/SIGTERM); each cleanup runs once. */
export async function closeOpenContexts(): Promise<void> {
  await Promise.allSettled([...open].map((close) => close()));
}

function configFrom(env: NodeJS.ProcessEnv): PlatformConfig {
  try {
    return readConfig(env);
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', (error as Error).message);
  }
}

const CONNECTION_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'ECONNRESET', '28P01', '28000', '3D000']);

/** A failure to reach the database at all, told as such (with the URL's password left out). */
function connectionError(error: unknown, url: string): PlatformError | undefined {
  const code = (error as { code?: string }).code ?? ((error as { errors?: { code?: string }[] }).errors ?? [])[0]?.code;
  if (!code || !CONNECTION_CODES.has(code)) return undefined;
  let shown = url;
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    shown = parsed.toString();
  } catch {
    shown = '(DATABASE_URL)';
  }
  return new PlatformError('INTERNAL', `Cannot connect to PostgreSQL at ${shown}: ${messageOf(error)}`, { cause: error });
}

/**
 * Opens the database (DATABASE_URL, or the embedded PostgreSQL of TESSERA_DATA_DIR, joined when a
 * server already runs it) and the platform on it (which runs pending migrations), runs `work`, and
 * closes both again, also when `work` fails. No logger: stdout stays the command's own.
 */
export async function withContext<T>(io: CliIo, work: (ctx: CliContext) => Promise<T>): Promise<T> {
  const config = configFrom(io.env);
  // PostgreSQL's own output stays quiet unless it fails to start; then its last lines say why.
  const pgLog: string[] = [];
  const database = await openDatabase(config, (line) => {
    if (line) pgLog.push(line);
    if (pgLog.length > 15) pgLog.shift();
  }).catch((error: unknown) => {
    const log = pgLog.length ? `\n${pgLog.map((line) => `  postgres: ${line}`).join('\n')}` : '';
    throw new PlatformError('INTERNAL', `Cannot start the embedded PostgreSQL in ${config.dataDir}: ${messageOf(error)}${log}`, { cause: error });
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
  open.add(close);
  try {
    platform = await openPlatform({ databaseUrl: database.url, deletedRetentionDays: config.deletedRetentionDays }).catch((error: unknown) => {
      throw connectionError(error, database.url) ?? error;
    });
    return await work({ platform, database, config });
  } finally {
    try {
      await close();
    } finally {
      open.delete(close);
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
