import { PlatformError } from '@tessera/platform/errors';
import type { PlanResult } from '@tessera/platform';
import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { formatDiff, semanticDiff } from '../diff.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';
import { checkTenant, tenantOf } from '../server-api.ts';
import { graphqlRequest } from '../server-client.ts';
import { resolveTarget, TARGET_OPTIONS, type DatabaseTarget, type Target } from '../target.ts';
import { applyOnDatabase, applyOnServer, formatPlan, pullFromDatabase, pullFromServer, readDocument, TARGET_HELP, TENANT_HELP } from './metadata.ts';

export const metadataDiff: Command = {
  name: 'metadata diff',
  summary: 'Compare a metadata document with the live configuration',
  help: `Usage: tessera metadata diff <file.json> [options]

Shows what applying the document would change, per kind and item: added (+), changed (~, with
each property that differs, fields of objects one by one: live → document) and removed (-). Which
items differ is the dry-run plan of "metadata apply" (nothing changes); a kind the document does not
carry, and an item it does not name, are left alone by apply and so are not differences.

Exit code: 0 when the document matches the live metadata, 1 when it differs (or on an error).

Arguments:
  <file.json>              the metadata document

Options:
${TENANT_HELP}
  --json                   print {"equal","tenant","version","differences":[{kind,name,action,steps,details}]}
${TARGET_HELP}
  -h, --help               show this help

Example:
  tessera metadata pull --tenant acme --out live.json   # … edit live.json …
  tessera metadata diff live.json --tenant acme
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, { tenant: { type: 'string' }, json: { type: 'boolean' }, ...TARGET_OPTIONS }, { min: 1, max: 1, names: '<file.json>' });
    const document = await readDocument(io, positionals[0]);
    const target = await resolveTarget(io, values);
    const [{ plan, tenant }, pulled] = target.kind === 'server'
      ? [await applyOnServer(io, target, document, true, values.tenant), await pullFromServer(io, target, values.tenant)]
      : [await applyOnDatabase(io, target, document, true, values.tenant), await pullFromDatabase(io, target, values.tenant)];
    const differences = semanticDiff(plan, document, pulled.document);
    if (values.json) printJson(io, { equal: differences.length === 0, tenant: tenant.slug, version: pulled.version, differences });
    else printLines(io, formatDiff(differences, positionals[0], tenant.slug));
    return differences.length ? EXIT.failed : EXIT.ok;
  },
};

type Server = Extract<Target, { kind: 'server' }>;
const PLAN = 'dryRun version changes { kind action target object field statements notes }';

async function rollbackOnServer(io: CliIo, target: Server, to: number, dryRun: boolean, tenantFlag: string | undefined): Promise<{ plan: PlanResult; tenant: { slug: string } }> {
  const tenant = await tenantOf(target);
  checkTenant(io, target, tenant, tenantFlag);
  const data = await graphqlRequest<{ rollbackMetadata: PlanResult }>(target, '/metadata', `mutation($to: Int!, $dryRun: Boolean) { rollbackMetadata(to: $to, dryRun: $dryRun) { ${PLAN} } }`, { to, dryRun }, { timeoutMs: 10 * 60_000 });
  return { plan: data.rollbackMetadata, tenant };
}

async function rollbackOnDatabase(io: CliIo, target: DatabaseTarget, to: number, dryRun: boolean, tenantFlag: string | undefined): Promise<{ plan: PlanResult; tenant: { slug: string } }> {
  const [{ withContext, resolveTenant }, { loadPlugins, rollbackDocument }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
  return withContext(io, target, async (ctx) => {
    const tenant = await resolveTenant(ctx, io, tenantFlag);
    // Items of plugins' kinds (workflows, approval flows…) are theirs to apply: the plugins are loaded as for apply.
    const plugins = await loadPlugins(io.env);
    try {
      for (const plugin of plugins) await ctx.platform.plugins.install(plugin);
      const { platform } = ctx;
      const plan = await rollbackDocument({ kinds: platform.kinds, changes: platform.changes, engine: platform.engine }, tenant.id, { userId: null, via: 'cli' }, to, { dryRun });
      return { plan, tenant };
    } finally {
      for (const plugin of plugins.reverse()) await ctx.platform.plugins.uninstall(plugin.name);
    }
  });
}

export const metadataRollback: Command = {
  name: 'metadata rollback',
  summary: 'Restore the configuration as it was at a history entry',
  help: `Usage: tessera metadata rollback --to <seq> [options]

Restores the tenant's configuration as it was right after the metadata history entry <seq> (the
seq of metadataHistory, as the studio's history shows it), as one change: items made since are
removed (objects and fields recoverably, for the retention period), items changed or removed since
are put back. Users and API keys are not configuration and are left alone. Prints the plan.

Options:
  --to <seq>               the history entry to go back to (required)
${TENANT_HELP}
  --dry-run                plan and check everything, then roll back: nothing changes
  --json                   print the plan ({"dryRun","version","changes":[…]}) as one line of JSON
${TARGET_HELP}
  -h, --help               show this help

Example:
  tessera metadata rollback --to 41 --tenant acme --dry-run
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { to: { type: 'string' }, tenant: { type: 'string' }, 'dry-run': { type: 'boolean' }, json: { type: 'boolean' }, ...TARGET_OPTIONS }, { min: 0, max: 0, names: '' });
    if (values.to === undefined || !/^\d+$/.test(values.to)) throw new PlatformError('BAD_USER_INPUT', 'Pass --to <seq>: the history entry (a whole number) to go back to', { details: [{ pointer: '/to', message: 'not a seq' }] });
    const to = Number(values.to);
    const dryRun = values['dry-run'] === true;
    const target = await resolveTarget(io, values);
    const { plan, tenant } = target.kind === 'server'
      ? await rollbackOnServer(io, target, to, dryRun, values.tenant)
      : await rollbackOnDatabase(io, target, to, dryRun, values.tenant);
    if (values.json) printJson(io, plan);
    else printLines(io, formatPlan(plan, tenant.slug));
    return EXIT.ok;
  },
};
