import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';
import { graphqlRequest, normalizeUrl } from '../server-client.ts';
import { resolveServer, SERVER_HELP, SERVER_OPTIONS, type ServerTargetOf } from '../target.ts';

const READ_MS = 60_000;

/** --url and --api-key name a server for this command alone (both, or neither: then as every server command). */
async function targetOf(io: Parameters<Command['run']>[1], values: { url?: string; 'api-key'?: string; profile?: string }): Promise<ServerTargetOf> {
  const { url, 'api-key': apiKey } = values;
  if (url === undefined && apiKey === undefined) return resolveServer(io, values);
  if (values.profile !== undefined) throw new UsageError('give --profile or --url with --api-key, not both', 'codegen');
  if (!url) throw new UsageError('--api-key needs --url <url> as well', 'codegen');
  if (!apiKey) throw new UsageError('--url needs --api-key <key> as well', 'codegen');
  const normalized = normalizeUrl(url);
  if (!normalized) throw new UsageError(`--url must be an http(s) URL such as http://localhost:4000, got "${url}"`, 'codegen');
  return { kind: 'server', url: normalized, apiKey, keySource: '--api-key', profile: null };
}

export const codegen: Command = {
  name: 'codegen',
  summary: 'Generate a typed TypeScript client of the tenant\'s data API',
  help: `Usage: tessera codegen --out <dir> [options]

Introspects the tenant's /graphql schema over HTTP (with the API key, as any client would) and writes
a typed client into <dir> (created if missing; the four files are replaced):
  schema.ts   every object's type, its create/update inputs, filter and order types, option enums
  errors.ts   the platform's error codes: the ErrorCode union and the ERROR_CODES list
  client.ts   createClient({ url, apiKey, fetch? }): per object list, get, create, createMany,
              update, delete and its commands, typed; a refusal throws a TesseraError with its
              code and JSON pointers (details)
  index.ts    re-exports them (the schema's types as the namespace Schema)
The files import each other with .ts extensions: use them with Node's type stripping, or a
tsconfig with allowImportingTsExtensions. Run it again after a metadata change.

Options:
  --out <dir>              where to write the files (required)
  --url <url>              a server, with --api-key (default: as every server command)
  --api-key <key>          the key for --url
${SERVER_HELP}
  --json                   print {"out","files","objects","metadataVersion"} as one line of JSON
  -h, --help               show this help

Example:
  tessera codegen --out src/tessera && node --input-type=module -e "import('./src/tessera/index.ts')"

Exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 server unreachable, 4 not logged in or
the key is refused.
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, {
      out: { type: 'string' }, url: { type: 'string' }, 'api-key': { type: 'string' }, json: { type: 'boolean' }, ...SERVER_OPTIONS,
    }, { min: 0, max: 0, names: '' });
    if (!values.out) throw new UsageError('--out <dir> is required', this.name);
    const out = path.resolve(io.cwd, values.out);
    const target = await targetOf(io, values);
    // graphql and the codegen plugin load only here: other commands keep their quick start.
    const [{ buildClientSchema, getIntrospectionQuery }, { generateSdk }] = await Promise.all([import('graphql'), import('../../codegen/generate.ts')]);
    const meta = await graphqlRequest<{ tenant: { slug: string }; metadataVersion: number; objects: { name: string; commands: { name: string; mutation: string }[] }[] }>(
      target, '/metadata', '{ tenant { slug } metadataVersion objects { name commands { name mutation } } }', undefined, { timeoutMs: READ_MS });
    const introspection = await graphqlRequest<Parameters<typeof buildClientSchema>[0]>(target, '/graphql', getIntrospectionQuery(), undefined, { timeoutMs: READ_MS });
    let schema;
    try {
      schema = buildClientSchema(introspection);
    } catch (error) {
      throw new PlatformError('SERVICE_UNAVAILABLE', `${target.url}/graphql answered an introspection that is not a GraphQL schema (${(error as Error).message})`);
    }
    const { files, objects } = await generateSdk(schema, { url: target.url, tenant: meta.tenant.slug, metadataVersion: meta.metadataVersion, objects: meta.objects });
    try {
      await mkdir(out, { recursive: true });
      for (const [name, text] of Object.entries(files)) await writeFile(path.join(out, name), text);
    } catch (error) {
      throw new PlatformError('BAD_USER_INPUT', `Cannot write the client into ${out}: ${(error as Error).message}`, { details: [{ pointer: '/out', message: 'not a directory that can be written' }] });
    }
    if (values.json) printJson(io, { out, files: Object.keys(files), objects, metadataVersion: meta.metadataVersion });
    else printLines(io, [`Wrote ${Object.keys(files).join(', ')} to ${out}: a client of ${objects.length} objects (${objects.join(', ') || 'none'}) at metadata version ${meta.metadataVersion} of tenant ${meta.tenant.slug}.`]);
    return EXIT.ok;
  },
};
