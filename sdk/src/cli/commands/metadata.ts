import fs from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import type { ConfigDocument, PlanResult } from '@tessera/platform';
import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';
import { applyRemote, checkTenant, pullRemote, tenantOf } from '../server-api.ts';
import { DATABASE_HELP, resolveTarget, SERVER_HELP, TARGET_OPTIONS, type DatabaseTarget, type Target } from '../target.ts';

export const TENANT_HELP = `  --tenant <slug>          the tenant (default: TESSERA_TENANT; on a server, the API key's own
                           tenant, and another one is refused; on a database, the only tenant there is)`;
export const TARGET_HELP = `${SERVER_HELP}
${DATABASE_HELP}`;

/** Reads and parses a metadata document; a missing file or bad JSON is refused before the database opens. */
export async function readDocument(io: CliIo, file: string): Promise<ConfigDocument> {
  const full = path.resolve(io.cwd, file);
  let text: string;
  try {
    text = await fs.readFile(full, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    throw new PlatformError('BAD_USER_INPUT', `Cannot read ${file}: ${why}`);
  }
  try {
    return JSON.parse(text) as ConfigDocument;
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** The plan as a person reads it: one line per change, its DDL indented below. */
export function formatPlan(plan: PlanResult, tenant: string): string[] {
  if (plan.changes.length === 0) return [`No changes: the metadata of ${tenant} is up to date (version ${plan.version}).`];
  const count = `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`;
  const lines = [plan.dryRun
    ? `Dry run: ${count} for ${tenant}, would become metadata version ${plan.version} (nothing was changed).`
    : `Applied ${count} to ${tenant}: metadata version ${plan.version}.`];
  for (const change of plan.changes) {
    lines.push('', `  ${change.action} ${change.target}`);
    for (const statement of change.statements) lines.push(...statement.split('\n').map((line) => `      ${line}`));
    for (const note of change.notes) lines.push(`    note: ${note}`);
  }
  return lines;
}

type Server = Extract<Target, { kind: 'server' }>;
interface Applied { plan: PlanResult; tenant: { slug: string } }
interface Pulled { document: ConfigDocument; version: number; tenant: { slug: string } }

/** On a server: as the API key's user, who must belong to the tenant asked for; the server compiles scripts. */
export async function applyOnServer(io: CliIo, target: Server, document: ConfigDocument, dryRun: boolean, tenantFlag: string | undefined): Promise<Applied> {
  const tenant = await tenantOf(target);
  checkTenant(io, target, tenant, tenantFlag);
  return { plan: await applyRemote(target, document, dryRun), tenant };
}

/** On the database: as the system (via cli), with the script runtime plugged in as into the server. */
export async function applyOnDatabase(io: CliIo, target: DatabaseTarget, document: ConfigDocument, dryRun: boolean, tenantFlag: string | undefined): Promise<Applied> {
  const [{ withContext, resolveTenant }, { loadPlugins }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
  return withContext(io, target, async (ctx) => {
    const tenant = await resolveTenant(ctx, io, tenantFlag);
    // Scripts are compiled on apply, and plugins' kinds (workflows, approvalFlows…) are theirs: the
    // plugins are loaded only for documents that carry scripts or a key the platform's own kinds do not know.
    const own = new Set(ctx.platform.kinds.metadataKinds().map((k) => k.documentKey));
    const needed = document && typeof document === 'object' && ('scripts' in document || Object.keys(document).some((key) => !own.has(key)));
    const plugins = needed ? await loadPlugins(io.env) : [];
    try {
      for (const plugin of plugins) await ctx.platform.plugins.install(plugin);
      const plan = await ctx.platform.metadata.applyMetadata(tenant.id, { userId: null, via: 'cli' }, document, { dryRun });
      return { plan, tenant };
    } finally {
      for (const plugin of plugins.reverse()) await ctx.platform.plugins.uninstall(plugin.name);
    }
  });
}

export async function pullFromServer(io: CliIo, target: Server, tenantFlag: string | undefined): Promise<Pulled> {
  const pulled = await pullRemote(target);
  checkTenant(io, target, pulled.tenant, tenantFlag);
  return pulled;
}

export async function pullFromDatabase(io: CliIo, target: DatabaseTarget, tenantFlag: string | undefined): Promise<Pulled> {
  const [{ withContext, resolveTenant }, { pullDocument }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
  return withContext(io, target, async (ctx) => {
    const tenant = await resolveTenant(ctx, io, tenantFlag);
    const document = await pullDocument(ctx.platform.kinds, ctx.platform.orm, tenant.id);
    const [row] = await ctx.platform.sql.query<{ v: string }>('select metadata_version as v from tessera.tenants where id = $1', [tenant.id]);
    return { document, version: Number(row.v), tenant };
  });
}

export const metadataApply: Command = {
  name: 'metadata apply',
  summary: 'Make a metadata document live',
  help: `Usage: tessera metadata apply <file.json> [options]

Makes the tenant's configuration look like the document, in one transaction, and prints the plan:
each change and its DDL. The document carries any of the keys objects, scripts, roles,
permissionSets, groups, sharingRules, listViews, dashboards; a key it leaves out leaves that kind
alone, and an item it does not name (an object, a role…) is left alone too. Users are not part of
documents: a group member or rule target names a user by e-mail, and that user must exist.

On a server (tessera login) the change is made by the API key's user, with their rights, and the
server compiles scripts. On a database (--database-url, --data-dir) it is made by the system, and
scripts are compiled with the script runtime (TESSERA_EXTENSIONS, default @tessera/runtime).

Arguments:
  <file.json>              the metadata document

Options:
${TENANT_HELP}
  --dry-run                plan and check everything, then roll back: nothing changes
  --json                   print the plan ({"dryRun","version","changes":[…]}) as one line of JSON
${TARGET_HELP}
  -h, --help               show this help

Example:
  tessera metadata apply crm.json --tenant acme --dry-run
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, {
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
      ...TARGET_OPTIONS,
    }, { min: 1, max: 1, names: '<file.json>' });
    const document = await readDocument(io, positionals[0]);
    const target = await resolveTarget(io, values);
    const dryRun = values['dry-run'] === true;
    const { plan, tenant } = target.kind === 'server'
      ? await applyOnServer(io, target, document, dryRun, values.tenant)
      : await applyOnDatabase(io, target, document, dryRun, values.tenant);
    if (values.json) printJson(io, plan);
    else printLines(io, formatPlan(plan, tenant.slug));
    return EXIT.ok;
  },
};

/** `metadata push`: the counterpart of `pull` by its usual name; the same command as `metadata apply`. */
export const metadataPush: Command = {
  ...metadataApply,
  name: 'metadata push',
  summary: 'Make a metadata document live (the same as metadata apply)',
  help: metadataApply.help.replaceAll('metadata apply', 'metadata push').replace('Makes the tenant', 'The counterpart of `metadata pull`, and the same command as `metadata apply`. Makes the tenant'),
};

export const metadataPull: Command = {
  name: 'metadata pull',
  summary: 'Write the live configuration as a document',
  help: `Usage: tessera metadata pull [options]

Writes the tenant's configuration as a metadata document, pretty-printed, to stdout or a file:
objects, scripts, roles, permissionSets, groups, sharingRules, listViews (shared ones) and
dashboards, each item by name (no ids, no secrets, no users: people are named by e-mail). Applying
the pulled document to the same tenant changes nothing; applied to an empty tenant (with the same
users), it makes the same configuration.

Options:
${TENANT_HELP}
  --out <file.json>        write to this file instead of stdout
  --json                   report errors (and, with --out, the summary) as JSON
${TARGET_HELP}
  -h, --help               show this help

On a server the document holds the kinds the API key's user may change (all of them for an administrator).

Example:
  tessera metadata pull --tenant acme --out crm.json
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, {
      tenant: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
      ...TARGET_OPTIONS,
    }, { min: 0, max: 0, names: '' });
    const target = await resolveTarget(io, values);
    const { document, version, tenant } = target.kind === 'server'
      ? await pullFromServer(io, target, values.tenant)
      : await pullFromDatabase(io, target, values.tenant);
    const text = `${JSON.stringify(document, null, 2)}\n`;
    if (!values.out) {
      io.stdout(text);
      return EXIT.ok;
    }
    const file = path.resolve(io.cwd, values.out);
    try {
      await fs.writeFile(file, text);
    } catch (error) {
      throw new PlatformError('BAD_USER_INPUT', `Cannot write ${values.out}: ${(error as Error).message}`);
    }
    const counts = Object.fromEntries(Object.entries(document).map(([key, items]) => [key, items.length]));
    const listed = Object.entries(counts).filter(([, n]) => n > 0).map(([key, n]) => `${n} ${key}`).join(', ') || 'nothing';
    if (values.json) printJson(io, { file, tenant: tenant.slug, version, ...counts });
    else printLines(io, [`Wrote ${listed} of ${tenant.slug} (metadata version ${version}) to ${values.out}.`]);
    return EXIT.ok;
  },
};
