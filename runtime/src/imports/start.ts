import { Busboy, type BusboyHeaders, type BusboyInstance } from '@fastify/busboy';
import { randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { PlatformError, spool, TooLarge, uuidv7, type FileStorage, type OperationContext, type PluginServices, type RouteCall, type RouteResponse, type Spooled } from '@tessera/platform';
import { checkMapping, suggestMapping, type Mapping } from './mapping.ts';
import { formatOf, rowsOf } from './read.ts';
import { stage } from './stage.ts';
import { importsTable, mappingsTable, RUNNING } from './tables.ts';

export interface ImportLimits {
  /** The largest file taken (bytes). */
  maxBytes: number;
  /** The most data rows one import takes. */
  maxRows: number;
}

const bad = (pointer: string, message: string) => new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer, message }] });

/** The caller may import into the object: the importData right and the object's create right (update too with a match key). */
export function checkImportRights(op: OperationContext, objectName: string, withMatch: boolean): void {
  if (!op.model.objects.has(objectName)) throw new PlatformError('NOT_FOUND', `No object ${JSON.stringify(objectName)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
  const s = op.security;
  if (!s || s.bypass) return;
  if (!s.capabilities.has('importData')) throw new PlatformError('FORBIDDEN', 'Importing needs the importData right', { details: [{ pointer: '/object', message: 'no importData right' }] });
  if (!s.object(objectName).create) throw new PlatformError('FORBIDDEN', `You may not create ${objectName} records`, { details: [{ pointer: '/object', message: 'no create right' }] });
  if (withMatch && !s.object(objectName).update) throw new PlatformError('FORBIDDEN', `You may not update ${objectName} records (the match key updates those it finds)`, { details: [{ pointer: '/match', message: 'no update right' }] });
}

/** The multipart body: the `file` part spooled to a temporary file as it streams in (within `maxBytes`), and the `mapping` and `match` fields. */
function readUpload(body: Readable, headers: Record<string, string>, maxBytes: number): Promise<{ file: Spooled; name: string; fields: Record<string, string> }> {
  return new Promise((resolve, reject) => {
    let parser: BusboyInstance;
    try {
      parser = new Busboy({ headers: headers as BusboyHeaders, limits: { files: 1, fields: 10, parts: 20, fieldSize: 1024 * 1024 } });
    } catch {
      return reject(bad('/file', 'An import is sent as multipart/form-data with a part named file'));
    }
    const tooLarge = (error: unknown) => (error instanceof TooLarge
      ? new PlatformError('LIMIT_EXCEEDED', `The file is larger than ${maxBytes} bytes, the most an import takes`, { httpStatus: 413, details: [{ pointer: '/file', message: 'too large' }], extensions: { limit: 'importBytes', max: maxBytes } })
      : error);
    const fields: Record<string, string> = {};
    let spooling: Promise<Spooled> | null = null;
    let name = 'import';
    parser.on('field', (key: string, value: string) => { fields[key] = value; });
    parser.on('file', (key: string, stream: Readable, filename: string) => {
      if (key !== 'file' || spooling) return stream.resume();
      name = filename || name;
      spooling = spool(stream, maxBytes);
      // Past the limit the answer goes at once; the rest of the body is drained, not kept.
      spooling.catch((error) => { body.unpipe(parser); body.resume(); reject(tooLarge(error)); });
    });
    parser.on('error', (error: unknown) => reject(bad('/file', `The multipart body is malformed: ${(error as Error).message}`)));
    parser.on('finish', () => {
      if (!spooling) return reject(bad('/file', 'The request has no part named file'));
      spooling.then((file) => resolve({ file, name, fields }), (error) => reject(tooLarge(error)));
    });
    body.pipe(parser);
  });
}

function parseMapping(text: string | undefined): Mapping | null {
  if (text === undefined || text === '') return null;
  let value: unknown;
  try { value = JSON.parse(text); } catch { throw bad('/mapping', 'mapping is a JSON object: {"<column>": "<field>"}'); }
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw bad('/mapping', 'mapping is a JSON object: {"<column>": "<field>"}');
  for (const [column, target] of Object.entries(value)) if (typeof target !== 'string') throw bad(`/mapping/${column}`, 'A column maps to a field name');
  return value as Mapping;
}

/**
 * `POST /import/<object>`: checks the caller's rights first (nothing is read of a refused
 * request's file), spools the file (within the limit) and keeps it in the platform's storage,
 * then in one transaction stages its rows by COPY, checks the mapping (given, else the saved one
 * and suggestions) and the match key against the header and the caller's field rights, records
 * the import, and enqueues the job that applies it. A refused file leaves nothing behind.
 */
export async function startImport(call: RouteCall, deps: { services: PluginServices; storage: FileStorage; limits: ImportLimits; sliceMs?: number }): Promise<RouteResponse> {
  const objectName = call.request.params.object ?? '';
  const matchGiven = call.request.query.match;
  await call.transaction!(async (op) => checkImportRights(op, objectName, Boolean(matchGiven)));
  const { file, name, fields } = await readUpload(call.request.stream!, call.request.headers, deps.limits.maxBytes);
  let key: string | null = null;
  try {
    const format = formatOf(file.head, file.size);
    const given = parseMapping(fields.mapping);
    const match = (fields.match ?? matchGiven ?? '') || null;
    key = `${call.principal!.tenantId}/${randomUUID()}`;
    await deps.storage.put(key, createReadStream(file.path), file.size, format === 'csv' ? 'text/csv' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const id = uuidv7();
    const answer = await call.transaction!(async (op) => {
      checkImportRights(op, objectName, match !== null);
      const object = op.model.objects.get(objectName)!;
      // A large file's COPY may take longer than a request's statement limit.
      await op.db.query(`set local statement_timeout = '15min'`);
      const { headers, count } = await stage(op.db, op.model.schema, id, rowsOf(file.path, format), deps.limits.maxRows);
      const { rows: [saved] } = await op.db.query<{ mapping: Mapping }>(`select mapping from ${mappingsTable(op.model.schema)} where object = $1`, [objectName]);
      const mapping = given ?? suggestMapping(op.model, object, headers, saved?.mapping ?? null);
      checkMapping(op.model, object, headers, mapping, match, op.security);
      const now = call.clock.now();
      await op.db.query(`insert into ${importsTable(op.model.schema)} (id, object, user_id, status, file_name, file_key, format, headers, mapping, match, rows_total, created_at, updated_at)
        values ($1, $2, $3, 'queued', $4, $5, $6, $7, $8, $9, $10, $11, $11)`, [id, objectName, op.principal.userId, name.slice(0, 255), key, format, JSON.stringify(headers), JSON.stringify(mapping), match, count, now]);
      if (given) {
        await op.db.query(`insert into ${mappingsTable(op.model.schema)} (object, mapping, updated_at) values ($1, $2, $3) on conflict (object) do update set mapping = excluded.mapping, updated_at = excluded.updated_at`, [objectName, JSON.stringify(given), now]);
      }
      await op.db.query(`insert into ${RUNNING} (import_id, tenant_id) values ($1, $2)`, [id, op.model.tenantId]);
      // The slice travels with the job: whichever process runs it (and its continuations) keeps it.
      await call.enqueue('run', { importId: id, sliceMs: deps.sliceMs }, { tx: op.db, tenantId: op.model.tenantId });
      return { job: id, rows: count, format, mapping, match };
    });
    return { status: 202, body: answer };
  } catch (error) {
    if (key) await deps.storage.delete(key).catch(() => undefined);
    throw error;
  } finally {
    await file.remove();
  }
}

/**
 * `POST /plugins/imports/preview/<object>` (multipart `file`): a file's header row and the mapping
 * an import of it would use (saved, else suggested), nothing stored. The studio asks it for a
 * workbook (a browser reads a CSV's header itself); the file is spooled within the limit and only
 * its first row read.
 */
export async function previewImport(call: RouteCall, limits: ImportLimits): Promise<RouteResponse> {
  const objectName = call.request.params.object ?? '';
  await call.transaction!(async (op) => checkImportRights(op, objectName, false));
  const { file } = await readUpload(call.request.stream!, call.request.headers, limits.maxBytes);
  try {
    const format = formatOf(file.head, file.size);
    let headers: string[] = [];
    for await (const row of rowsOf(file.path, format)) { headers = row; break; }
    if (headers.length === 0) throw bad('/file', 'The file has no header row');
    const mapping = await call.transaction!(async (op) => {
      const { rows: [saved] } = await op.db.query<{ mapping: Mapping }>(`select mapping from ${mappingsTable(op.model.schema)} where object = $1`, [objectName]);
      return suggestMapping(op.model, op.model.objects.get(objectName)!, headers, saved?.mapping ?? null);
    });
    return { status: 200, body: { format, headers, mapping } };
  } finally {
    await file.remove();
  }
}
