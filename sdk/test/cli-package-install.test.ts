import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, testDatabaseUrl } from '../../platform/test/support/server.ts';
import { startPackagesServer } from '../../platform/test/packages/install-support.ts';
import { DEFAULT_PLUGINS } from '../../platform/src/server/plugins.ts';
import { listTemplates } from '../../templates/index.js';
import { scratch, slug, STACK, tessera } from './support.ts';

/**
 * `tessera package install | upgrade | uninstall` and `tessera template install` (issue 17): an ISV
 * package built, signed and published, then installed, upgraded (a removed field refused without
 * --allow-destructive) and uninstalled with its records kept, all through the CLI; a registry row
 * changed after signing refused at install; a template installed on the database directly.
 */
let server: RunningServer;
let tmp: Awaited<ReturnType<typeof scratch>>;
let env: NodeJS.ProcessEnv;
let apiKey: string;
let tenantSlug: string;
const ns = `c${slug('').slice(1, 9)}`;
const name = `crew-${ns}`;
const object = `${ns}__job`;

/** A package folder: manifest.json and one metadata document; `version` 1.1.0 drops the `site` field and adds `hours`. */
async function folder(version: string): Promise<string> {
  const dir = path.join(tmp.dir, `src-${version}`);
  await fs.mkdir(path.join(dir, 'metadata'), { recursive: true });
  await fs.writeFile(path.join(dir, 'manifest.json'), JSON.stringify({
    namespace: ns, name, version, label: { en: 'Crew jobs', 'zh-CN': '班组工单' }, dependencies: { 'crm-core': '^1.1.0' }, rights: ['manageMetadata'],
    ...(version === '1.1.0' ? { migrations: [{ from: '<1.1.0', steps: [{ update: object, set: { hours: '8' } }] }] } : {}),
  }));
  const fields = version === '1.0.0' ? [{ name: 'title', type: 'text' }, { name: 'site', type: 'text' }] : [{ name: 'title', type: 'text' }, { name: 'hours', type: 'number' }];
  await fs.writeFile(path.join(dir, 'metadata/objects.json'), JSON.stringify({ objects: [{ name: object, fields }, { name: 'account', fields: [{ name: `${ns}__crewSize`, type: 'number' }] }] }));
  return dir;
}

async function buildAndPublish(version: string): Promise<void> {
  const built = await tessera(['package', 'build', await folder(version), '--key', 'publisher.pem', '--out', 'dist', '--json'], {}, tmp.dir);
  expect(built.stderr).toBe('');
  const published = await tessera(['package', 'publish', JSON.parse(built.stdout).file], env, tmp.dir);
  expect(published.stderr).toBe('');
}

const data = async (query: string) => (await gql(server, '/graphql', apiKey, query)).data;
const fieldsOf = async (o: string) => ((await gql(server, '/metadata', apiKey, '{ document(kinds: ["objects"]) }')).data.document.objects.find((x: any) => x.name === o)?.fields ?? []).map((f: any) => f.name);

beforeAll(async () => {
  server = await startPackagesServer();
  tmp = await scratch('tessera-install-');
  const tenant = await newTenant(server, 'pkginst');
  apiKey = tenant.apiKey;
  tenantSlug = tenant.tenant.slug;
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: apiKey };
  await tessera(['package', 'keygen', '--out', 'publisher.pem'], {}, tmp.dir);
  expect((await tessera(['package', 'add-publisher', `pub-${ns}`, '--public-key', 'publisher.pem.pub', '--database-url', testDatabaseUrl()], {}, tmp.dir)).code).toBe(0);
  await buildAndPublish('1.0.0');
}, 120_000);
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

describe('tessera package install | upgrade | uninstall', () => {
  it('install --dry-run prints the plan (crm-core first, the rights asked for) and changes nothing', async () => {
    const dry = await tessera(['package', 'install', `${name}@^1.0.0`, '--tenant', tenantSlug, '--dry-run'], env, tmp.dir);
    expect(dry.stderr).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`Dry run: would install crm-core@`);
    expect(dry.stdout).toContain(`${name}@1.0.0 in ${tenantSlug} (nothing was changed)`);
    expect(dry.stdout).toContain('Rights it asks for: manageMetadata');
    expect(dry.stdout).toMatch(new RegExp(`create +field account\\.${ns}__crewSize`));
    expect((await gql(server, '/metadata', apiKey, '{ packages { name } }')).data.packages).toEqual([]);
  });

  it('installs, refuses another tenant\'s slug, and lists the package with its dependency', async () => {
    const other = await tessera(['package', 'install', name, '--tenant', 'someone-else'], env, tmp.dir);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/belongs to tenant/);
    const done = await tessera(['package', 'install', name, '--tenant', tenantSlug, '--json'], env, tmp.dir);
    expect(done.stderr).toBe('');
    const plan = JSON.parse(done.stdout);
    expect(plan).toMatchObject({ applied: true, install: [{ name: 'crm-core' }, { name, version: '1.0.0' }], tenant: tenantSlug });
    const listed = (await gql(server, '/metadata', apiKey, '{ packages { name version source } }')).data.packages;
    expect(listed).toEqual([{ name: 'crm-core', version: expect.any(String), source: 'BUNDLED' }, { name, version: '1.0.0', source: 'REGISTRY' }]);
    const Job = `${ns[0].toUpperCase()}${ns.slice(1)}__job`;
    expect((await gql(server, '/graphql', apiKey, `mutation { create${Job}(data: {title: "Roof", site: "North"}) { id } }`)).errors).toBeUndefined();
  });

  it('upgrade: the removed field is refused without --allow-destructive, then done with it; the data migration runs', async () => {
    await buildAndPublish('1.1.0');
    const refused = await tessera(['package', 'upgrade', `${name}@1.1.0`, '--tenant', tenantSlug], env, tmp.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`field ${object}.site`);
    expect(refused.stderr).toMatch(/allowDestructive/);
    expect(refused.stderr).not.toMatch(STACK);
    expect(await fieldsOf(object)).toContain('site');
    const missing = await tessera(['package', 'upgrade', name, '--tenant', tenantSlug], env, tmp.dir);
    expect(missing.code).toBe(2);
    const done = await tessera(['package', 'upgrade', `${name}@1.1.0`, '--tenant', tenantSlug, '--allow-destructive'], env, tmp.dir);
    expect(done.stderr).toBe('');
    expect(done.stdout).toContain(`Done: upgrade ${name} 1.0.0 → 1.1.0 in ${tenantSlug}.`);
    expect(done.stdout).toMatch(new RegExp(`delete +field ${object}\\.site \\(destructive\\)`));
    expect(done.stdout).toContain(`Data migration: 1 ${object} record updated`);
    expect(await fieldsOf(object)).toEqual(['title', 'hours']);
    expect((await data(`{ ${ns}__jobs { nodes { title hours } } }`))[`${ns}__jobs`].nodes).toEqual([{ title: 'Roof', hours: 8 }]);
  });

  it('refuses a registry row changed after it was signed (VALIDATION_FAILED at /signature/value), and leaves the installed version', async () => {
    await buildAndPublish('1.2.0');
    await server.platform.pool.query(`update tessera.package_versions set package = jsonb_set(package, '{manifest,label,en}', '"Crew jobs (patched)"') where name = $1 and version = '1.2.0'`, [name]);
    const res = await tessera(['package', 'upgrade', `${name}@1.2.0`, '--tenant', tenantSlug, '--allow-destructive', '--json'], env, tmp.dir);
    expect(res.code).toBe(1);
    expect(JSON.parse(res.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/signature/value' }] });
    expect((await gql(server, '/metadata', apiKey, '{ packages { name version } }')).data.packages[1]).toEqual({ name, version: '1.1.0' });
  });

  it('list shows each installed package, where it came from, its overrides and the upgrade available', async () => {
    const listed = await tessera(['package', 'list', '--tenant', tenantSlug], env, tmp.dir);
    expect(listed.stderr).toBe('');
    expect(listed.stdout).toMatch(new RegExp(String.raw`^Installed in ${tenantSlug}:\n  crm-core +[\d.]+  bundled\n  ${name} +1\.1\.0  registry, rights manageMetadata  \(upgrade available: 1\.2\.0\)\n$`));
    const json = JSON.parse((await tessera(['package', 'list', '--json'], env, tmp.dir)).stdout);
    expect(json.packages.map((p: any) => [p.name, p.version, p.latest, p.source])).toEqual([['crm-core', expect.any(String), expect.any(String), 'BUNDLED'], [name, '1.1.0', '1.2.0', 'REGISTRY']]);
  });

  it('uninstall: crm-core is refused while the package depends on it; the package goes, its records are kept and restorable', async () => {
    const blocked = await tessera(['package', 'uninstall', 'crm-core', '--tenant', tenantSlug], env, tmp.dir);
    expect(blocked.code).toBe(1);
    expect(blocked.stderr).toContain(name);
    const dry = await tessera(['package', 'uninstall', name, '--tenant', tenantSlug, '--dry-run'], env, tmp.dir);
    expect(dry.stdout).toMatch(new RegExp(`delete +object ${object}`));
    expect(await fieldsOf('account')).toContain(`${ns}__crewSize`);
    // Its records exported first (one CSV per object it owns), then uninstalled.
    const done = await tessera(['package', 'uninstall', name, '--tenant', tenantSlug, '--export', 'before-uninstall'], env, tmp.dir);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(new RegExp(`^Exported 1 ${object} records to .*before-uninstall/${object}\\.csv\n`));
    const csv = await fs.readFile(path.join(tmp.dir, 'before-uninstall', `${object}.csv`), 'utf8');
    expect(csv).toContain('Roof');
    expect((await tessera(['package', 'uninstall', name, '--tenant', tenantSlug, '--export', 'x', '--database-url', testDatabaseUrl()], {}, tmp.dir)).stderr).toMatch(/--export runs the server's export jobs/);
    expect(await fieldsOf('account')).not.toContain(`${ns}__crewSize`);
    expect((await gql(server, '/metadata', apiKey, '{ packages { name } }')).data.packages).toEqual([{ name: 'crm-core' }]);
    expect((await gql(server, '/metadata', apiKey, `mutation { restoreObject(name: "${object}") { name } }`)).errors).toBeUndefined();
    expect((await data(`{ ${ns}__jobs { nodes { title hours } } }`))[`${ns}__jobs`].nodes).toEqual([{ title: 'Roof', hours: 8 }]);
  });
});

describe('tessera template install', () => {
  it('refuses a name that is not a bundled template', async () => {
    const res = await tessera(['template', 'install', name, '--tenant', tenantSlug], env, tmp.dir);
    expect(res.code).toBe(1);
    expect(res.stderr).toMatch(/no template named/);
  });

  it('installs a template on the database directly (with crm-core first), then finds nothing to do', async () => {
    const tenant = await newTenant(server, 'tpldb');
    // Only the plugins the two templates name (template.json `plugins`), in the default order.
    const needed = new Set(listTemplates().filter((t) => ['crm-core', 'manufacturing-project-sales'].includes(t.name)).flatMap((t) => t.plugins ?? []));
    const dbEnv = { TESSERA_PLUGINS: DEFAULT_PLUGINS.split(',').filter((m) => needed.has(m.split('/').pop()!)).join(',') };
    const args = ['template', 'install', 'manufacturing-project-sales', '--tenant', tenant.tenant.slug, '--database-url', testDatabaseUrl()];
    const started = performance.now();
    const done = await tessera(args, dbEnv, tmp.dir);
    console.log(`tessera template install manufacturing-project-sales (database): ${Math.round(performance.now() - started)} ms`);
    expect(done.stderr).toBe('');
    expect(done.stdout).toMatch(/^Done: install crm-core@[\d.]+, manufacturing-project-sales@[\d.]+ in /);
    const again = await tessera(args, dbEnv, tmp.dir);
    expect(again.stdout).toMatch(/^Nothing to do/);
    const listed = (await gql(server, '/metadata', tenant.apiKey, '{ packages { name installedBy } }')).data.packages;
    expect(listed).toEqual([{ name: 'crm-core', installedBy: null }, { name: 'manufacturing-project-sales', installedBy: null }]);
  }, 120_000);
});
