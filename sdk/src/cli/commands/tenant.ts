import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, resolveDatabase } from '../target.ts';

/**
 * Tenants are made and listed on the database itself: an API key belongs to one tenant, and the
 * server has no platform-wide credential, so these commands need --database-url or --data-dir (or the
 * server's DATABASE_URL / TESSERA_DATA_DIR). They never create the database: it must be the server's.
 */
const WHERE_HELP = `${DATABASE_HELP}
                           (or DATABASE_URL / TESSERA_DATA_DIR, as for the server; one is required)`;

export const tenantCreate: Command = {
  name: 'tenant create',
  summary: 'Create a tenant with an admin user and an API key',
  help: `Usage: tessera tenant create <slug> [options]

Creates a tenant (its own PostgreSQL schema), an admin user and an API key for that admin.
The API key, and the admin password when it was generated, are shown once: store them.
Works on the server's database (named by one of the options below), not through a server login.

Arguments:
  <slug>                   2-63 lower-case letters, digits and -, starting with a letter

Options:
  --name <name>            display name (default: the slug)
  --admin-email <email>    the admin's sign-in email (default: admin@<slug>.local)
  --admin-password <pw>    the admin's password, 8 characters or more (default: generated)
  --json                   print {"tenant":{"id","slug"},"apiKey"} as one line of JSON
${WHERE_HELP}
  -h, --help               show this help

Example:
  tessera tenant create acme --name "Acme Corp" --admin-email ops@acme.test --data-dir .tessera
  tessera login --url http://localhost:4000 --api-key <the key printed above>
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, {
      name: { type: 'string' },
      'admin-email': { type: 'string' },
      'admin-password': { type: 'string' },
      json: { type: 'boolean' },
      ...DATABASE_OPTIONS,
    }, { min: 1, max: 1, names: '<slug>' });
    const [slug] = positionals;
    const target = resolveDatabase(io, values, this.name);
    const [{ withContext }, { createTenant }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
    const created = await withContext(io, target, ({ platform }) => createTenant(platform.orm, {
      slug,
      name: values.name,
      adminEmail: values['admin-email'],
      adminPassword: values['admin-password'],
    }));
    if (values.json) {
      // A public contract: exactly these keys.
      printJson(io, { tenant: { id: created.tenant.id, slug: created.tenant.slug }, apiKey: created.apiKey });
      return EXIT.ok;
    }
    printLines(io, [
      `Created tenant ${created.tenant.slug}`,
      `  id:             ${created.tenant.id}`,
      `  name:           ${created.tenant.name}`,
      `  schema:         ${created.tenant.schema}`,
      `  admin email:    ${created.admin.email}`,
      created.admin.password === null
        ? '  admin password: (as given)'
        : `  admin password: ${created.admin.password}   (generated; shown once)`,
      `  API key:        ${created.apiKey}`,
      '',
      'The API key is shown only this once: store it now. Send it as "Authorization: Bearer <key>".',
      'Work on the tenant with it: tessera login --url <server> --api-key <key>',
    ]);
    return EXIT.ok;
  },
};

export const tenantList: Command = {
  name: 'tenant list',
  summary: 'List the tenants',
  help: `Usage: tessera tenant list [options]

Lists every tenant, oldest first, from the server's database (named by one of the options below).

Options:
  --json                   print {"tenants":[{"id","slug"}, …]} as one line of JSON
${WHERE_HELP}
  -h, --help               show this help

Example:
  tessera tenant list --data-dir .tessera
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { json: { type: 'boolean' }, ...DATABASE_OPTIONS }, { min: 0, max: 0, names: '' });
    const target = resolveDatabase(io, values, this.name);
    const [{ withContext }, { listTenants }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
    const tenants = await withContext(io, target, ({ platform }) => listTenants(platform.orm));
    if (values.json) {
      printJson(io, { tenants: tenants.map((t) => ({ id: t.id, slug: t.slug })) });
      return EXIT.ok;
    }
    if (tenants.length === 0) {
      printLines(io, ['No tenants yet: create one with "tessera tenant create <slug>".']);
      return EXIT.ok;
    }
    const width = Math.max(4, ...tenants.map((t) => t.slug.length));
    printLines(io, [`${'SLUG'.padEnd(width)}  ID`, ...tenants.map((t) => `${t.slug.padEnd(width)}  ${t.id}`)]);
    return EXIT.ok;
  },
};
