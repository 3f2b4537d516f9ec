import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { BUNDLED_TEMPLATES, type PackagePlan } from '@tessera/platform/packages';
import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';
import { exportToFile } from './export.ts';
import { checkTenant, tenantOf } from '../server-api.ts';
import { graphqlRequest } from '../server-client.ts';
import { DATABASE_HELP, resolveTarget, SERVER_HELP, TARGET_OPTIONS, type DatabaseTarget, type Target } from '../target.ts';

/** Installing builds tables and indexes: the server bounds its own locks. */
const WORK_MS = 10 * 60_000;

const TENANT_HELP = `  --tenant <slug>          the tenant (default: TESSERA_TENANT; on a server, the API key's own
                           tenant, and another one is refused; on a database, the only tenant there is)`;
const TARGET_HELP = `${SERVER_HELP}
${DATABASE_HELP}`;

const PLAN = 'name version from dryRun applied install { name version } rights changes { kind action name destructive detail package } conflicts { kind name pointer message package } kept { kind name pointer packageValue value } migrations { object updated }';

/** `crm-core@^1.2` → name and range; `@` is never part of a package's name. */
function nameAndRange(spec: string, topic: string, versionRequired = false): { name: string; version?: string } {
  const at = spec.lastIndexOf('@');
  const name = at > 0 ? spec.slice(0, at) : spec;
  const version = at > 0 ? spec.slice(at + 1) : undefined;
  if (!name || (at > 0 && !version)) throw new UsageError(`"${spec}" is not <name>[@<version or range>]`, topic);
  if (versionRequired && !version) throw new UsageError(`name the version to upgrade to: ${name}@<version>`, topic);
  return { name, version };
}

type Verb = 'install' | 'upgrade' | 'uninstall';
interface Request { verb: Verb; name: string; version?: string; dryRun: boolean; allowDestructive?: boolean; sampleData?: boolean; exportDir?: string }

/** On a server: the metadata API's verb, as the key's user (an administrator). */
async function onServer(io: CliIo, target: Extract<Target, { kind: 'server' }>, request: Request, tenantFlag: string | undefined): Promise<{ plan: PackagePlan; tenant: string; sampleRecords?: number; exported?: Exported[] }> {
  const tenant = await tenantOf(target);
  checkTenant(io, target, tenant, tenantFlag);
  const mutation = {
    install: `mutation($n: String!, $v: String, $d: Boolean) { plan: installPackage(name: $n, version: $v, dryRun: $d) { ${PLAN} } }`,
    upgrade: `mutation($n: String!, $v: String!, $d: Boolean, $a: Boolean) { plan: upgradePackage(name: $n, version: $v, dryRun: $d, allowDestructive: $a) { ${PLAN} } }`,
    uninstall: `mutation($n: String!, $d: Boolean) { plan: uninstallPackage(name: $n, dryRun: $d) { ${PLAN} } }`,
  }[request.verb];
  const exported = request.exportDir && !request.dryRun ? await exportObjects(io, target, request.name, request.exportDir) : [];
  const { plan } = await graphqlRequest<{ plan: PackagePlan }>(target, '/metadata', mutation, { n: request.name, v: request.version, d: request.dryRun, a: request.allowDestructive }, { timeoutMs: WORK_MS });
  if (exported.length) return { plan, tenant: tenant.slug, exported };
  if (!request.sampleData || request.dryRun) return { plan, tenant: tenant.slug };
  const loaded = await graphqlRequest<{ installSampleData: number }>(target, '/metadata', 'mutation($p: String!) { installSampleData(package: $p) }', { p: request.name }, { timeoutMs: WORK_MS });
  return { plan, tenant: tenant.slug, sampleRecords: loaded.installSampleData };
}

interface Exported { object: string; file: string; rows: number }

/**
 * Before an uninstall: every object the package owns, its records exported to `<dir>/<object>.csv`
 * (the export job, as the key's user: what they may read). An export that fails stops the uninstall.
 */
async function exportObjects(io: CliIo, target: Extract<Target, { kind: 'server' }>, name: string, dir: string): Promise<Exported[]> {
  const { packages } = await graphqlRequest<{ packages: { name: string; components: { kind: string; name: string }[] }[] }>(target, '/metadata', '{ packages { name components { kind name } } }', {}, { timeoutMs: 60_000 });
  const installed = packages.find((p) => p.name === name);
  if (!installed) return [];
  const folder = path.resolve(io.cwd, dir);
  await mkdir(folder, { recursive: true });
  const out: Exported[] = [];
  for (const { name: object } of installed.components.filter((c) => c.kind === 'object')) {
    const file = path.join(folder, `${object}.csv`);
    const { rows } = await exportToFile(io, target, object, file, { quiet: true });
    out.push({ object, file, rows });
  }
  return out;
}

/** On the database: as the system (via cli), with the default plugins installed as in the server (their kinds: pools, workflows…). */
async function onDatabase(io: CliIo, target: DatabaseTarget, request: Request, tenantFlag: string | undefined): Promise<{ plan: PackagePlan; tenant: string }> {
  if (request.sampleData) throw new PlatformError('BAD_USER_INPUT', '--sample-data loads records through the server\'s records API: run it against a server (tessera login)');
  if (request.exportDir) throw new PlatformError('BAD_USER_INPUT', '--export runs the server\'s export jobs: run it against a server (tessera login)');
  const [{ withContext, resolveTenant }, platformModule] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
  const { installPackage, upgradePackage, uninstallPackage, loadPlugins } = platformModule;
  return withContext(io, target, async (ctx) => {
    const tenant = await resolveTenant(ctx, io, tenantFlag);
    const plugins = (await loadPlugins(io.env)).filter((p) => !ctx.platform.plugins.has(p.name));
    try {
      for (const plugin of plugins) await ctx.platform.plugins.install(plugin);
      const { platform } = ctx;
      const deps = { kinds: platform.kinds, changes: platform.changes, engine: platform.engine, sql: platform.sql, hasPlugin: (n: string) => platform.plugins.has(n), records: { pipeline: platform.pipeline, commands: platform.plugins.run } };
      const base = { tenantId: tenant.id, actor: { userId: null, via: 'cli' as const }, dryRun: request.dryRun };
      const plan = request.verb === 'install' ? await installPackage(deps, base, request.name, request.version)
        : request.verb === 'upgrade' ? await upgradePackage(deps, { ...base, allowDestructive: request.allowDestructive }, request.name, request.version!)
          : await uninstallPackage(deps, base, request.name);
      return { plan, tenant: tenant.slug };
    } finally {
      for (const plugin of plugins.reverse()) await ctx.platform.plugins.uninstall(plugin.name);
    }
  });
}

/** The plan as a person reads it: what is installed, the rights asked for, each change, conflicts, what the subscriber keeps. */
export function formatPackagePlan(plan: PackagePlan, tenant: string, verb: Verb): string[] {
  const what = plan.install.map((p) => `${p.name}@${p.version}`).join(', ') || `${plan.name}@${plan.version}`;
  const lines: string[] = [];
  if (!plan.changes.length && !plan.conflicts.length && !plan.migrations.length) {
    lines.push(`Nothing to do: ${plan.name}@${plan.version} is ${verb === 'uninstall' ? 'not installed as planned' : 'installed'} in ${tenant}.`);
    return lines;
  }
  const head = { install: `install ${what}`, upgrade: `upgrade ${plan.name} ${plan.from} → ${plan.version}`, uninstall: `uninstall ${plan.name}@${plan.version}` }[verb];
  lines.push(plan.dryRun ? `Dry run: would ${head} in ${tenant} (nothing was changed).` : plan.applied ? `Done: ${head} in ${tenant}.` : `Not applied: ${head} in ${tenant}.`);
  if (plan.rights.length) lines.push(`Rights it asks for: ${plan.rights.join(', ')}`);
  lines.push(`${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}:`);
  for (const c of plan.changes) lines.push(`  ${c.action.padEnd(6)} ${c.kind} ${c.name}${c.destructive ? ' (destructive)' : ''}${c.detail ? ` — ${c.detail}` : ''}${plan.install.length > 1 ? ` [${c.package}]` : ''}`);
  if (plan.conflicts.length) {
    lines.push(`${plan.conflicts.length} conflict${plan.conflicts.length === 1 ? '' : 's'} (never merged):`);
    for (const c of plan.conflicts) lines.push(`  ${c.kind} ${c.name} at ${c.pointer}: ${c.message}`);
  }
  if (plan.kept.length) {
    lines.push(`The subscriber's changes kept: ${plan.kept.length}`);
    for (const k of plan.kept) lines.push(`  ${k.kind} ${k.name}${k.pointer}`);
  }
  for (const m of plan.migrations) lines.push(`Data migration: ${m.updated} ${m.object} record${m.updated === 1 ? '' : 's'} updated`);
  return lines;
}

function lifecycleCommand(verb: Verb, options: { name: string; summary: string; help: string; bundledOnly?: boolean }): Command {
  return {
    name: options.name,
    summary: options.summary,
    help: options.help,
    async run(args, io) {
      const { values, positionals } = parseCommand(this.name, args, {
        tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' },
        ...(verb === 'upgrade' ? { 'allow-destructive': { type: 'boolean' } } : {}),
        ...(options.bundledOnly ? { 'sample-data': { type: 'boolean' } } : {}),
        ...(verb === 'uninstall' ? { export: { type: 'string' } } : {}),
        ...TARGET_OPTIONS,
      }, { min: 1, max: 1, names: verb === 'upgrade' ? '<name>@<version>' : verb === 'uninstall' ? '<name>' : '<name>[@<range>]' });
      const spec = nameAndRange(positionals[0], this.name, verb === 'upgrade');
      if (verb === 'uninstall' && spec.version) throw new UsageError('uninstall takes the package\'s name only', this.name);
      if (options.bundledOnly && !BUNDLED_TEMPLATES.includes(spec.name)) {
        throw new PlatformError('NOT_FOUND', `There is no template named ${spec.name} (the templates: ${BUNDLED_TEMPLATES.join(', ')}); a registry package installs with "tessera package install"`);
      }
      const request: Request = { verb, ...spec, dryRun: values['dry-run'] === true, allowDestructive: (values as Record<string, unknown>)['allow-destructive'] === true, sampleData: (values as Record<string, unknown>)['sample-data'] === true, exportDir: (values as Record<string, string | undefined>).export };
      const target = await resolveTarget(io, values);
      const done = target.kind === 'server' ? await onServer(io, target, request, values.tenant) : await onDatabase(io, target, request, values.tenant);
      const exported = (done as { exported?: Exported[] }).exported ?? [];
      if (values.json) printJson(io, { ...done.plan, tenant: done.tenant, ...('sampleRecords' in done ? { sampleRecords: done.sampleRecords } : {}), ...(exported.length ? { exported } : {}) });
      else printLines(io, [...exported.map((e) => `Exported ${e.rows} ${e.object} records to ${e.file}`), ...formatPackagePlan(done.plan, done.tenant, verb), ...('sampleRecords' in done && done.sampleRecords !== undefined ? [`Sample data: ${done.sampleRecords} records created.`] : [])]);
      return EXIT.ok;
    },
  };
}

const COMMON = `Options:
${TENANT_HELP}
  --dry-run                plan and check everything, then roll back: nothing changes
  --json                   print the plan as one line of JSON
${TARGET_HELP}
  -h, --help               show this help`;

export const packageInstall = lifecycleCommand('install', {
  name: 'package install',
  summary: 'Install a package (and what it depends on) into a tenant',
  help: `Usage: tessera package install <name>[@<version or range>] [options]

Installs a package into the tenant in one transaction: a bundled template by name (crm-core,
k12-tutoring…) or a registry package (its newest release, or the newest within the range), with each
dependency the tenant lacks installed first. Every component is recorded as the package's. A component
that exists already (applied by hand, or another package's) is a conflict: listed with --dry-run,
refused otherwise, and nothing changes. Prints the plan: packages, the rights asked for, each change.
Administrators only (on a server, the API key's user must be one).

${COMMON}

Example:
  tessera package install acme-field-service@^1.2 --tenant acme --dry-run
`,
});

export const packageUpgrade = lifecycleCommand('upgrade', {
  name: 'package upgrade',
  summary: 'Upgrade an installed package, keeping what the tenant changed',
  help: `Usage: tessera package upgrade <name>@<version> [options]

Upgrades an installed package in one transaction. Each component is merged three ways (as
installed, the new version, the tenant's live definition): the tenant's own fields, labels, layouts,
list columns and help texts survive; the package's changes apply where the tenant did not change the
same thing. Removing components or fields is destructive: refused unless --allow-destructive (data
is kept for the retention period). The data migrations the new version declares run last.

Options:
  --allow-destructive      consent to removing components and fields
${COMMON.slice('Options:\n'.length)}
`,
});

export const packageUninstall = lifecycleCommand('uninstall', {
  name: 'package uninstall',
  summary: 'Uninstall a package (its data kept for the retention period)',
  help: `Usage: tessera package uninstall <name> [options]

Uninstalls a package in one transaction: refused while an installed package depends on it. Its
objects and fields are deleted recoverably (records kept for the retention period; restoreObject and
restoreField bring them back), its other components removed. With --export, each of its objects'
records is first exported to <dir>/<object>.csv (on a server; a failed export stops the uninstall).

${COMMON}
  --export <dir>           export the package's objects' records there first (CSV, one file each)
`,
});

export const templateInstall = lifecycleCommand('install', {
  name: 'template install',
  bundledOnly: true,
  summary: 'Install a bundled industry template into a tenant',
  help: `Usage: tessera template install <name> [options]

Installs one of the templates shipped with the platform (${BUNDLED_TEMPLATES.join(', ')}) as a
package, crm-core first when the template requires it. Same as "tessera package install <name>".

Options:
  --sample-data            also load the template's sample data (on a server)
${COMMON.slice('Options:\n'.length)}

Example:
  tessera template install k12-tutoring --tenant acme --sample-data
`,
});

interface Listed { name: string; version: string; latest: string | null; source: string; rights: string[]; overrides: unknown[] }

export const packageList: Command = {
  name: 'package list',
  summary: 'List the packages installed in a tenant, with upgrades available',
  help: `Usage: tessera package list [options]

Lists the packages installed in the tenant, dependencies first: version, where it came from (BUNDLED:
a template shipped with the platform; REGISTRY), the newest version available when it is newer, the
rights granted, and how many of its components' properties the tenant changed (kept on upgrade).

Options:
${TENANT_HELP}
  --json                   print the list as one line of JSON
${TARGET_HELP}
  -h, --help               show this help
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { tenant: { type: 'string' }, json: { type: 'boolean' }, ...TARGET_OPTIONS }, { min: 0, max: 0, names: '' });
    const target = await resolveTarget(io, values);
    let listed: Listed[];
    let slug: string;
    if (target.kind === 'server') {
      const tenant = await tenantOf(target);
      checkTenant(io, target, tenant, values.tenant);
      slug = tenant.slug;
      listed = (await graphqlRequest<{ packages: Listed[] }>(target, '/metadata', '{ packages { name version latest source rights overrides { pointer } } }', undefined, { timeoutMs: WORK_MS })).packages;
    } else {
      const [{ withContext, resolveTenant }, { listInstalled }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
      ({ listed, slug } = await withContext(io, target, async (ctx) => {
        const tenant = await resolveTenant(ctx, io, values.tenant);
        return { listed: await listInstalled({ kinds: ctx.platform.kinds, orm: ctx.platform.orm, sql: ctx.platform.sql }, tenant.id), slug: tenant.slug };
      }));
    }
    if (values.json) {
      printJson(io, { tenant: slug, packages: listed.map((p) => ({ name: p.name, version: p.version, latest: p.latest, source: p.source, rights: p.rights, overrides: p.overrides.length })) });
      return EXIT.ok;
    }
    if (!listed.length) {
      printLines(io, [`No packages are installed in ${slug}.`]);
      return EXIT.ok;
    }
    const width = Math.max(...listed.map((p) => p.name.length));
    printLines(io, [`Installed in ${slug}:`, ...listed.map((p) => {
      const upgrade = p.latest && p.latest !== p.version ? `  (upgrade available: ${p.latest})` : '';
      const changed = p.overrides.length ? `, ${p.overrides.length} override${p.overrides.length === 1 ? '' : 's'}` : '';
      return `  ${p.name.padEnd(width)}  ${p.version}  ${p.source.toLowerCase()}${p.rights.length ? `, rights ${p.rights.join(' ')}` : ''}${changed}${upgrade}`;
    })]);
    return EXIT.ok;
  },
};
