import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';
import { whoAmI } from '../server-api.ts';
import { graphqlRequest } from '../server-client.ts';
import { resolveServer, SERVER_HELP, SERVER_OPTIONS, type ServerTargetOf as ServerTarget } from '../target.ts';

const POLL_MS = 500;
const WAIT_MS = 60 * 60_000;

export const exportRecords: Command = {
  name: 'export',
  summary: 'Export an object\'s records (filtered) to a CSV or XLSX file',
  help: `Usage: tessera export <object> --tenant <slug> --out <file> [--filter <json>] [--columns a,b] [options]

Starts an export on the server as the API key's user (startExport on /graphql: only the records
and fields that user may read; a column they may not read is refused), waits for it with its
progress, then downloads the file. The format follows --out's extension (.xlsx, else CSV).

Options:
  --tenant <slug>          the tenant (must be the API key's: a guard against the wrong login)
  --out <file>             where to write the file
  --filter <json>          a filter as list queries take it: '{"status": {"eq": "MQL"}}'
  --columns <a,b,...>      the fields to export (default: all you may read)
${SERVER_HELP}
  --json                   print {"id","rows","file","bytes"} as one line of JSON
  -h, --help               show this help

Exit codes: 0 done, 1 refused or failed, 2 bad command line, 3 server unreachable, 4 not logged in.
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, {
      tenant: { type: 'string' }, out: { type: 'string' }, filter: { type: 'string' }, columns: { type: 'string' }, json: { type: 'boolean' }, ...SERVER_OPTIONS,
    }, { min: 1, max: 1, names: '<object>' });
    const [object] = positionals;
    if (!values.tenant) throw new UsageError('--tenant <slug> is required', 'export');
    if (!values.out) throw new UsageError('--out <file> is required', 'export');
    let filter: unknown = null;
    if (values.filter !== undefined) {
      try { filter = JSON.parse(values.filter); } catch (error) { throw new UsageError(`--filter is not valid JSON: ${(error as Error).message}`, 'export'); }
    }
    const columns = values.columns ? values.columns.split(',').map((c) => c.trim()).filter(Boolean) : null;
    const out = path.resolve(io.cwd, values.out);
    const target = await resolveServer(io, values);
    const identity = await whoAmI(target);
    if (identity.tenant.slug !== values.tenant) throw new PlatformError('BAD_USER_INPUT', `The API key (${target.keySource}) is of tenant ${identity.tenant.slug}, not ${values.tenant}`, { details: [{ pointer: '/tenant', message: 'not the key\'s tenant' }] });
    const { id, rows, bytes } = await exportToFile(io, target, object, out, { filter, columns, quiet: values.json === true });
    if (values.json) printJson(io, { id, rows, file: out, bytes });
    else printLines(io, [`Exported ${rows} ${object} records to ${out} (${bytes} bytes).`]);
    return EXIT.ok;
  },
};

/**
 * Exports `object`'s records to the file `out` through the server (startExport as the key's user,
 * its progress on stderr unless `quiet`, then the download): the format follows the file's extension.
 */
export async function exportToFile(io: CliIo, target: ServerTarget, object: string, out: string, options: { filter?: unknown; columns?: string[] | null; quiet?: boolean } = {}): Promise<{ id: string; rows: number; bytes: number }> {
  const format = out.toLowerCase().endsWith('.xlsx') ? 'XLSX' : 'CSV';
  const started = await graphqlRequest<{ startExport: { id: string } }>(target, '/graphql',
    `mutation($o: String!, $f: JSON, $c: [String!], $fmt: Exports_ExportFormat) { startExport(object: $o, filter: $f, columns: $c, format: $fmt) }`,
    { o: object, f: options.filter ?? null, c: options.columns ?? null, fmt: format }, { timeoutMs: 60_000 });
  const id = started.startExport.id;
  const end = Date.now() + WAIT_MS;
  let job: { status: string; rowsDone: number; error: string | null; file: { url: string; name: string } | null };
  for (;;) {
    job = (await graphqlRequest<{ exportJob: typeof job }>(target, '/graphql', 'query($id: ID!) { exportJob(id: $id) }', { id }, { timeoutMs: 30_000 })).exportJob;
    if (!options.quiet) io.stderr(`\rexporting ${object}: ${job.rowsDone} rows (${job.status})   `);
    if (job.status === 'done' || job.status === 'failed') break;
    if (Date.now() > end) throw new PlatformError('LIMIT_EXCEEDED', `The export ${id} did not finish within an hour (still ${job.status}); follow it with exportJob(id)`);
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  if (!options.quiet) io.stderr('\n');
  if (job.status === 'failed' || !job.file) throw new PlatformError('BAD_USER_INPUT', `The export of ${object} failed: ${job.error ?? 'no file'}`);
  const res = await fetch(`${target.url}${job.file.url}`, { headers: { authorization: `Bearer ${target.apiKey}` } });
  if (!res.ok) throw new PlatformError('NOT_FOUND', `The export's file could not be downloaded (HTTP ${res.status})`);
  const bytes = Buffer.from(await res.arrayBuffer());
  await writeFile(out, bytes);
  return { id, rows: job.rowsDone, bytes: bytes.length };
}
