import { constants, openAsBlob } from 'node:fs';
import { access, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines, type CliIo } from '../output.ts';
import { checkTenant, whoAmI } from '../server-api.ts';
import { graphqlRequest, serverError, type ServerTarget } from '../server-client.ts';
import { resolveServer, SERVER_HELP, SERVER_OPTIONS } from '../target.ts';

interface ImportStatus { status: string; rowsTotal: number; rowsDone: number; rowsRefused: number; rate: number | null; eta: number | null; errorFile: string | null; error: string | null }

/** `[#####.....] 45% 4500/10000 rows, 12 refused, 2100 rows/s, ETA 3s` */
export function progressLine(s: ImportStatus, width = 30): string {
  const processed = s.rowsDone + s.rowsRefused;
  const share = s.rowsTotal > 0 ? processed / s.rowsTotal : s.status === 'done' ? 1 : 0;
  const filled = Math.round(share * width);
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${Math.floor(share * 100)}% ${processed}/${s.rowsTotal} rows, ${s.rowsRefused} refused${s.rate ? `, ${s.rate} rows/s` : ''}${s.eta ? `, ETA ${s.eta}s` : ''}`;
}

async function upload(target: ServerTarget, object: string, file: string, mapping: string | undefined, match: string | undefined): Promise<string> {
  const form = new FormData();
  if (mapping !== undefined) form.set('mapping', mapping);
  if (match) form.set('match', match);
  // Streamed from disk, never read whole.
  form.set('file', await openAsBlob(file), path.basename(file));
  let res: Response;
  try {
    res = await fetch(`${target.url}/import/${encodeURIComponent(object)}`, { method: 'POST', headers: { authorization: `Bearer ${target.apiKey}`, 'user-agent': 'tessera-cli' }, body: form, redirect: 'error' });
  } catch (error) {
    throw new PlatformError('SERVICE_UNAVAILABLE', `Cannot reach the Tessera server at ${target.url}: ${(error as Error).message}`, { cause: error });
  }
  const body = (await res.json().catch(() => null)) as { job?: string; errors?: never[] } | null;
  if (!res.ok || !body?.job) throw serverError(target, res.status, body?.errors ?? [{ message: `The server answered ${res.status}` } as never]);
  return body.job;
}

export const importData: Command = {
  name: 'import',
  summary: 'Import a CSV or XLSX file into an object, with a progress bar',
  help: `Usage: tessera import <object> <file.csv|file.xlsx> [options]

Uploads the file to POST /import/<object> as the API key's user (who needs the importData right),
then shows the import's progress until it ends. Every row goes through the save pipeline
(validation and duplicate rules, pools, triggers, workflows); refused rows are written to an error
file (the file's columns and a reason column) saved next to the file as <name>.errors.csv:
fix it and import it again.

Options:
  --tenant <slug>          the tenant (must be the API key's; default TESSERA_TENANT)
  --mapping <file.json>    {"<column>": "<field>" | "<lookup>.<unique field>"} (default: the saved
                           mapping for the object, else suggested from the field names and labels)
  --match <field>          a unique field: rows whose value exists update that record (upsert)
${SERVER_HELP}
  --json                   print the final status as one line of JSON
  -h, --help               show this help

Example:
  tessera import contact people.csv --tenant acme --match email

Exit codes: 0 every row imported, 1 rows refused (see the error file) or the import refused,
2 bad command line, 3 server unreachable, 4 not logged in or the key is refused.
`,
  async run(args, io: CliIo) {
    const { values, positionals } = parseCommand(this.name, args, { tenant: { type: 'string' }, mapping: { type: 'string' }, match: { type: 'string' }, json: { type: 'boolean' }, ...SERVER_OPTIONS }, { min: 2, max: 2, names: '<object> <file>' });
    const [object, fileArg] = positionals;
    const file = path.resolve(io.cwd, fileArg);
    let mapping: string | undefined;
    if (values.mapping !== undefined) {
      const text = await readFile(path.resolve(io.cwd, values.mapping), 'utf8').catch((error: Error) => { throw new UsageError(`--mapping: cannot read ${values.mapping}: ${error.message}`, 'import'); });
      try { JSON.parse(text); } catch (error) { throw new UsageError(`--mapping is not valid JSON: ${(error as Error).message}`, 'import'); }
      mapping = text;
    }
    await access(file, constants.R_OK).catch((error: Error) => { throw new UsageError(`Cannot read ${fileArg}: ${error.message}`, 'import'); });
    const target = await resolveServer(io, values);
    checkTenant(io, target, (await whoAmI(target)).tenant, values.tenant);
    const job = await upload(target, object, file, mapping, values.match);
    let status: ImportStatus;
    for (;;) {
      status = (await graphqlRequest<{ importJob: ImportStatus }>(target, '/graphql', 'query($id: ID!) { importJob(id: $id) }', { id: job }, { timeoutMs: 30_000 })).importJob;
      if (!values.json) io.stderr(`\r${progressLine(status)}`);
      if (status.status === 'done' || status.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (!values.json) io.stderr('\n');
    let errorPath: string | null = null;
    if (status.errorFile) {
      const res = await fetch(`${target.url}${status.errorFile}`, { headers: { authorization: `Bearer ${target.apiKey}` } });
      if (res.ok) {
        errorPath = path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]*$/, '')}.errors.csv`);
        await writeFile(errorPath, Buffer.from(await res.arrayBuffer()));
      }
    }
    if (status.status === 'failed') throw new PlatformError('INTERNAL', `The import ${job} failed: ${status.error}`);
    if (values.json) printJson(io, { job, ...status, errorFilePath: errorPath });
    else {
      printLines(io, [
        `Imported ${status.rowsDone} of ${status.rowsTotal} rows into ${object} (job ${job}); ${status.rowsRefused} refused`,
        ...(status.errorFile ? [`Error file: ${errorPath ?? '(not downloaded)'} (${target.url}${status.errorFile})`] : []),
      ]);
    }
    return status.rowsRefused > 0 ? EXIT.failed : EXIT.ok;
  },
};
