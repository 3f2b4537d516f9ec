import { randomBytes } from 'node:crypto';
import { createApiKey, createTenant, installPackage as installBundled, isManualClock, loadFixtures, PlatformError, type LifecycleDeps, type RunningServer, type Scenario } from '@tessera/platform';
import { withRecords } from './host.ts';
import type { SourceDocument } from './source.ts';

/** The throw-away tenant a scenario runs in. */
export interface ScenarioTenant {
  id: string;
  slug: string;
  schema: string;
  adminId: string;
  adminKey: string;
  /** User key → id (`admin` is the tenant's administrator). */
  users: Map<string, string>;
}

async function metadata(server: RunningServer, apiKey: string, query: string, variables: Record<string, unknown>): Promise<Record<string, any>> {
  const res = await fetch(`${server.url}/metadata`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }) });
  const body = await res.json() as { data?: Record<string, any>; errors?: { message: string; extensions?: Record<string, any> }[] };
  if (body.errors?.length) {
    const [first] = body.errors;
    throw new PlatformError((first.extensions?.code ?? 'INTERNAL') as 'INTERNAL', first.message, { details: first.extensions?.errors ?? [] });
  }
  return body.data!;
}

/** Moves the test clock to the scenario's start (the clock is the server's: one scenario at a time per server). */
export function setClock(server: RunningServer, at: string | undefined): void {
  const clock = server.platform.clock;
  if (!isManualClock(clock)) throw new PlatformError('FORBIDDEN', 'Scenarios run on the test clock: start the server with TESSERA_TEST_CLOCK=1');
  if (at) clock.set(new Date(at));
}

/** A new, empty tenant (`scn-<random>`) and its administrator. */
export async function newTenant(server: RunningServer): Promise<ScenarioTenant> {
  const created = await createTenant(server.platform.orm, { slug: `scn-${randomBytes(6).toString('hex')}`, adminPassword: randomBytes(12).toString('base64url') });
  return { id: created.tenant.id, slug: created.tenant.slug, schema: created.tenant.schema, adminId: created.admin.id, adminKey: created.apiKey, users: new Map([['admin', created.admin.id]]) };
}

/**
 * Installs the package, dependencies first: a bundled template through the install engine
 * (installPackage: its components recorded as its own, as a real install), any other folder's
 * document applied as the administrator (a package under development is not in the registry).
 */
export async function installPackage(server: RunningServer, tenant: ScenarioTenant, install: SourceDocument[]): Promise<void> {
  const { platform } = server;
  const deps: LifecycleDeps = {
    kinds: platform.kinds, changes: platform.changes, engine: platform.engine, sql: platform.sql,
    hasPlugin: (name) => platform.plugins.has(name),
    records: { pipeline: platform.pipeline, commands: platform.plugins.run },
  };
  const actor = { userId: tenant.adminId, via: 'template' as const };
  for (const part of install) {
    try {
      if (part.bundled) await installBundled(deps, { tenantId: tenant.id, actor }, part.package, part.version);
      else await platform.metadata.applyMetadata(tenant.id, actor, part.document as never);
    } catch (error) {
      if (error instanceof PlatformError) throw new PlatformError(error.code, `Installing ${part.package} ${part.version}: ${error.message}`, { details: error.details, extensions: error.extra, cause: error });
      throw error;
    }
  }
}

/** The scenario's users (through /metadata as the administrator: roles and permission sets by name), then their managers. */
export async function createUsers(server: RunningServer, tenant: ScenarioTenant, users: NonNullable<Scenario['users']>): Promise<void> {
  for (const [i, user] of users.entries()) {
    try {
      const input = { email: user.email ?? `${user.key.toLowerCase().replace(/[^a-z0-9._-]/g, '-')}@scenario.test`, name: user.name ?? user.key, role: user.roles?.[0] ?? null, isAdmin: user.isAdmin ?? false, locale: user.locale ?? null };
      const data = await metadata(server, tenant.adminKey, 'mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input });
      tenant.users.set(user.key, data.createUser.id);
      for (const set of user.permissionSets ?? []) {
        await metadata(server, tenant.adminKey, 'mutation($u: ID!, $p: String!) { assignPermissionSet(user: $u, permissionSet: $p) { name } }', { u: data.createUser.id, p: set });
      }
    } catch (error) {
      if (error instanceof PlatformError) throw new PlatformError(error.code, `/users/${i} (${user.key}): ${error.message}`, { details: [{ pointer: `/users/${i}`, message: error.message }], cause: error });
      throw error;
    }
  }
  for (const [i, user] of users.entries()) {
    if (!user.manager) continue;
    await metadata(server, tenant.adminKey, 'mutation($id: ID!, $m: ID) { updateUser(id: $id, input: {manager: $m}) { id } }', { id: tenant.users.get(user.key), m: tenant.users.get(user.manager) })
      .catch((error: PlatformError) => { throw new PlatformError(error.code, `/users/${i}/manager: ${error.message}`, { details: [{ pointer: `/users/${i}/manager`, message: error.message }] }); });
  }
}

/** The fixtures, as the administrator in one transaction; their keys join `saved`. */
export async function loadScenarioFixtures(server: RunningServer, tenant: ScenarioTenant, fixtures: Scenario['fixtures'], saved: Map<string, unknown>): Promise<number> {
  if (!fixtures) return 0;
  const users = Object.fromEntries(tenant.users);
  const keys = new Map<string, string>();
  for (const [k, v] of saved) if (typeof v === 'string') keys.set(k, v);
  const loaded = await withRecords(server, tenant.id, tenant.adminId, (api) => loadFixtures(api, fixtures, { records: keys, users }, '/fixtures'));
  for (const [k, v] of loaded.keys) saved.set(k, v);
  return loaded.created;
}

/** An API key for a user, for GraphQL steps. */
export async function apiKeyFor(server: RunningServer, tenant: ScenarioTenant, userId: string): Promise<string> {
  return (await createApiKey(server.platform.orm, tenant.id, userId, 'scenario')).key;
}

/**
 * Drops the tenant: its schema and every system row that names it (the tables with a tenant_id
 * column, found in the catalog, so a plugin's system table is not forgotten). Run after the
 * scenario settled, so no job or timer of it is left.
 */
export async function dropTenant(server: RunningServer, tenant: Pick<ScenarioTenant, 'id' | 'schema'>): Promise<void> {
  // The server's background work (event relay, job workers) may still hold a lock on the tenant's
  // tables: a deadlock or lock timeout is tried again, a few times, before the drop gives up.
  for (let attempt = 1; ; attempt++) {
    try {
      return await dropOnce(server, tenant);
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (attempt >= 4 || !['40P01', '55P03', '40001'].includes(code ?? '')) throw error;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

async function dropOnce(server: RunningServer, tenant: Pick<ScenarioTenant, 'id' | 'schema'>): Promise<void> {
  const db = await server.platform.pool.connect();
  try {
    await db.query('begin');
    // The tenant row first (most system tables cascade from it), then the tables that only name it.
    await db.query('delete from tessera.tenants where id = $1', [tenant.id]);
    const { rows } = await db.query<{ table_name: string }>(`select c.table_name from information_schema.columns c join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = 'tessera' and c.column_name = 'tenant_id' and t.table_type = 'BASE TABLE'`);
    for (const { table_name } of rows) await db.query(`delete from tessera."${table_name}" where tenant_id = $1`, [tenant.id]);
    await db.query(`drop schema if exists "${tenant.schema}" cascade`);
    await db.query('commit');
  } catch (error) {
    await db.query('rollback').catch(() => {});
    throw error;
  } finally {
    db.release();
  }
}
