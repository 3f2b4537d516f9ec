import { expect } from 'vitest';
import { readConfig } from '../../src/config/config.ts';
import { loadPlugins } from '../../src/server/plugins.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, testDatabaseUrl } from '../support/server.ts';

/**
 * The real server with the default plugins (workflows, approvals, pools, scoring, reactivation…):
 * the bundled templates' processes are kinds those plugins register, as on `npm start`.
 */
export async function startPackagesServer(): Promise<RunningServer> {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: testDatabaseUrl() };
  return startServer(config, { demoTenant: false, plugins: await loadPlugins({}) });
}

export const PLAN = 'name version from dryRun applied install { name version } rights changes { kind action name destructive detail package } conflicts { kind name pointer message package } kept { kind name pointer packageValue value } migrations { object updated }';
export const INSTALLED = 'packages { name namespace version source rights dependencies latest installedAt components { kind name } overrides { kind name pointer packageValue value } }';

export type Md = ReturnType<typeof metadataClient>;

/** A new tenant and its administrator's metadata client. */
export async function adminTenant(server: RunningServer, prefix = 'pkg'): Promise<{ id: string; apiKey: string; md: Md }> {
  const t = await newTenant(server, prefix);
  return { id: t.tenant.id, apiKey: t.apiKey, md: metadataClient(server, t.apiKey) };
}

export async function install(md: Md, name: string, options: { version?: string; dryRun?: boolean } = {}) {
  return md(`mutation($n: String!, $v: String, $d: Boolean) { installPackage(name: $n, version: $v, dryRun: $d) { ${PLAN} } }`, { n: name, v: options.version, d: options.dryRun });
}

export async function upgrade(md: Md, name: string, version: string, options: { dryRun?: boolean; allowDestructive?: boolean } = {}) {
  return md(`mutation($n: String!, $v: String!, $d: Boolean, $a: Boolean) { upgradePackage(name: $n, version: $v, dryRun: $d, allowDestructive: $a) { ${PLAN} } }`, { n: name, v: version, d: options.dryRun, a: options.allowDestructive });
}

export async function uninstall(md: Md, name: string, options: { dryRun?: boolean } = {}) {
  return md(`mutation($n: String!, $d: Boolean) { uninstallPackage(name: $n, dryRun: $d) { ${PLAN} } }`, { n: name, d: options.dryRun });
}

export async function installed(md: Md): Promise<any[]> {
  const res = await md(`{ ${INSTALLED} }`);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.packages;
}

/** The tenant's configuration as `metadata pull` reads it (what a dry run must leave as it was). */
export async function pulled(md: Md): Promise<unknown> {
  const res = await md('{ document }');
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data.document;
}
