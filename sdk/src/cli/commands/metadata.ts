import fs from 'node:fs/promises';
import path from 'node:path';
import { loadCatalog, PlatformError, type MetadataDocument, type PlanResult, type TenantCatalog } from '@tessera/platform';
import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { resolveTenant, withContext } from '../context.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';

const TENANT_HELP = `  --tenant <slug>    the tenant (default: TESSERA_TENANT, or the only tenant there is)`;

/** Reads and parses a metadata document; a missing file or bad JSON is refused before the database opens. */
async function readDocument(io: CliIo, file: string): Promise<MetadataDocument> {
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
    return JSON.parse(text) as MetadataDocument;
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `${file} is not valid JSON: ${(error as Error).message}`);
  }
}

/** `value` with the named keys first, in that order, then the rest in their stored order. */
function ordered<T extends object>(value: T, first: string[]): T {
  const entries = Object.entries(value);
  const rank = (key: string) => (first.includes(key) ? first.indexOf(key) : first.length);
  return Object.fromEntries(entries.sort(([a], [b]) => rank(a) - rank(b))) as T;
}

/**
 * The live metadata as a document, each object and field exactly as resolved (defaults included, so
 * applying it again changes nothing), keys in reading order: name first, fields before indexes.
 */
export function catalogDocument(catalog: TenantCatalog): MetadataDocument {
  return {
    objects: [...catalog.objects.values()].map(({ definition }) => ordered({
      ...definition,
      fields: definition.fields.map((field) => ordered(field, ['name', 'type', 'label', 'description', 'helpText', 'required', 'unique'])),
    }, ['name', 'label', 'pluralLabel', 'description', 'fields', 'indexes'])),
  };
}

/** The plan as a person reads it: one line per change, its DDL indented below. */
export function formatPlan(plan: PlanResult, tenant: string): string[] {
  if (plan.changes.length === 0) return [`No changes: the metadata of ${tenant} is up to date (version ${plan.version}).`];
  const count = `${plan.changes.length} change${plan.changes.length === 1 ? '' : 's'}`;
  const lines = [plan.dryRun
    ? `Dry run: ${count} for ${tenant}, would become metadata version ${plan.version} (nothing was changed).`
    : `Applied ${count} to ${tenant}: metadata version ${plan.version}.`];
  for (const change of plan.changes) {
    lines.push('', `  ${change.action} ${change.field ? `${change.object}.${change.field}` : change.object}`);
    for (const statement of change.statements) lines.push(...statement.split('\n').map((line) => `      ${line}`));
    for (const note of change.notes) lines.push(`    note: ${note}`);
  }
  return lines;
}

export const metadataApply: Command = {
  name: 'metadata apply',
  summary: 'Make the objects of a metadata document live',
  help: `Usage: tessera metadata apply <file.json> [options]

Makes the objects named in the document ({"objects": [...]}) look like it, in one transaction, and
prints the plan: each change and its DDL. Objects the document does not name are left alone.

Arguments:
  <file.json>        the metadata document

Options:
${TENANT_HELP}
  --dry-run          plan and check everything, then roll back: nothing changes
  --json             print the plan ({"dryRun","version","changes":[…]}) as one line of JSON
  -h, --help         show this help

Example:
  tessera metadata apply crm.json --tenant acme --dry-run
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, {
      tenant: { type: 'string' },
      'dry-run': { type: 'boolean' },
      json: { type: 'boolean' },
    }, { min: 1, max: 1, names: '<file.json>' });
    const document = await readDocument(io, positionals[0]);
    const { plan, tenant } = await withContext(io, async (ctx) => {
      const tenant = await resolveTenant(ctx, io, values.tenant);
      const plan = await ctx.platform.metadata.applyMetadata(tenant.id, { userId: null, via: 'cli' }, document, { dryRun: values['dry-run'] === true });
      return { plan, tenant };
    });
    if (values.json) printJson(io, plan);
    else printLines(io, formatPlan(plan, tenant.slug));
    return EXIT.ok;
  },
};

export const metadataPull: Command = {
  name: 'metadata pull',
  summary: 'Write the live metadata as a document',
  help: `Usage: tessera metadata pull [options]

Writes the tenant's live objects as a metadata document ({"objects": [...]}), pretty-printed, to
stdout or a file. Applying the pulled document again changes nothing.

Options:
${TENANT_HELP}
  --out <file.json>  write to this file instead of stdout
  --json             report errors (and, with --out, the summary) as JSON
  -h, --help         show this help

Example:
  tessera metadata pull --tenant acme --out crm.json
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, {
      tenant: { type: 'string' },
      out: { type: 'string' },
      json: { type: 'boolean' },
    }, { min: 0, max: 0, names: '' });
    const { document, version, tenant } = await withContext(io, async (ctx) => {
      const tenant = await resolveTenant(ctx, io, values.tenant);
      const catalog = await loadCatalog(ctx.platform.sql, tenant.id);
      return { document: catalogDocument(catalog), version: catalog.version, tenant };
    });
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
    if (values.json) printJson(io, { file, tenant: tenant.slug, version, objects: document.objects.length });
    else printLines(io, [`Wrote ${document.objects.length} object${document.objects.length === 1 ? '' : 's'} of ${tenant.slug} (metadata version ${version}) to ${values.out}.`]);
    return EXIT.ok;
  },
};
