import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type pg from 'pg';
import { find, isPlatformError, newStorageKey, PlatformError, uuidv7, type FileStorage, type ObjectModel, type OperationContext, type PluginServices } from '@tessera/platform';
import { exportsTable, filesTable } from './tables.ts';
import { rowWriter } from './writers.ts';

export type ExportFormat = 'CSV' | 'XLSX';
export interface ExportInput { object: string; filter?: Record<string, unknown> | null; columns?: string[] | null; format?: ExportFormat | null }
export interface ExportJobPayload { tenantId: string; exportId: string }

/** Export files are `_files` rows of their owner attached to no field: this id stands for "an export". */
export const EXPORT_FIELD_ID = '00000000-0000-0000-0000-00000000e4e0';
const MIME = { CSV: 'text/csv; charset=utf-8', XLSX: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

/**
 * The columns of an export, checked against the caller's rights: named ones must exist and be
 * readable (a column they may not read is refused with its pointer, never silently dropped);
 * none named: `id` and every field of the object's definition they may read, in its order.
 */
export function exportColumns(op: OperationContext, object: ObjectModel, columns: string[] | null | undefined): string[] {
  const security = op.security;
  const readable = (field: string) => !security || security.bypass || security.field(object.name, field).read;
  if (!columns) return ['id', ...object.catalog.definition.fields.map((f) => f.name).filter((f) => f !== 'id' && readable(f))];
  if (columns.length === 0) throw new PlatformError('BAD_USER_INPUT', 'Name at least one column (or none for all you may read)', { details: [{ pointer: '/columns', message: 'empty' }] });
  const seen = new Set<string>();
  columns.forEach((c, i) => {
    const meaning = object.fields.get(c);
    if (!meaning || meaning.kind === 'reverse') throw new PlatformError('BAD_USER_INPUT', `${object.name} has no field ${JSON.stringify(c)}`, { details: [{ pointer: `/columns/${i}`, message: 'unknown field' }] });
    if (seen.has(c)) throw new PlatformError('BAD_USER_INPUT', `The column ${c} is named twice`, { details: [{ pointer: `/columns/${i}`, message: 'named twice' }] });
    seen.add(c);
    const system = meaning.kind === 'value' && meaning.system;
    if (!system && !readable(c)) throw new PlatformError('FORBIDDEN', `You may not read ${object.name}.${c}`, { details: [{ pointer: `/columns/${i}`, message: 'no read access to the field' }] });
  });
  return columns;
}

/** One keyset page of the export's read: the caller's rights, row-level access and filter, by the list read verb. */
async function page(op: OperationContext, object: string, filter: Record<string, unknown> | null, columns: string[], first: number, after: string | null) {
  const result = (await find(op, {
    object,
    args: { filter, orderBy: [{ id: 'ASC' }], first, after },
    select: [
      { key: 'nodes', kind: 'nodes', select: columns.map((c) => ({ key: c, kind: 'field' as const, field: c })) },
      { key: 'pageInfo', kind: 'pageInfo', select: [{ key: 'endCursor', kind: 'field', field: 'endCursor' }, { key: 'hasNextPage', kind: 'field', field: 'hasNextPage' }] },
    ],
  })) as { nodes: Record<string, unknown>[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };
  return result;
}

function objectOf(op: OperationContext, name: unknown): ObjectModel {
  const object = typeof name === 'string' ? op.model.objects.get(name) : undefined;
  if (!object) throw new PlatformError('NOT_FOUND', `No object ${JSON.stringify(name)}`, { details: [{ pointer: '/object', message: 'unknown object' }] });
  return object;
}

/**
 * `startExport`: checks what it can before any work (the object's read right, the columns, the
 * filter — by reading one row of it, so a bad filter fails here with its pointer), records the
 * export and enqueues its job in the caller's transaction: both exist if and only if it commits.
 */
export async function startExport(op: OperationContext, services: PluginServices, input: ExportInput): Promise<{ id: string; job: string; status: string }> {
  const object = objectOf(op, input.object);
  if (op.security && !op.security.bypass && !op.security.object(object.name).read) throw new PlatformError('FORBIDDEN', `You may not read ${object.name} records`, { details: [{ pointer: '/object', message: 'no read access' }] });
  if (!op.principal.userId) throw new PlatformError('FORBIDDEN', 'Only a user can export (the file is theirs)');
  const columns = exportColumns(op, object, input.columns);
  const filter = input.filter ?? null;
  if (filter !== null && (typeof filter !== 'object' || Array.isArray(filter))) throw new PlatformError('BAD_USER_INPUT', 'The filter is an object, as a list query takes it', { details: [{ pointer: '/filter', message: 'not an object' }] });
  await page(op, object.name, filter, columns, 1, null);
  const id = uuidv7();
  const format = input.format ?? 'CSV';
  await op.db.query(`insert into ${exportsTable(op.model.schema)} (id, object, filter, columns, format, status, created_by, created_at) values ($1, $2, $3, $4, $5, 'queued', $6, $7)`,
    [id, object.name, filter === null ? null : JSON.stringify(filter), JSON.stringify(columns), format, op.principal.userId, services.clock.now()]);
  await services.enqueue('run', { tenantId: op.model.tenantId, exportId: id } satisfies ExportJobPayload, { tx: op.db, key: id, tenantId: op.model.tenantId });
  return { id, job: id, status: 'queued' };
}

/** `exportJob`: the caller's own export (anybody else's is NOT_FOUND, as one that does not exist). */
export async function exportJob(op: OperationContext, id: string) {
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not an export id`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  const { rows } = await op.db.query(`select e.*, f.name as file_name, f.size as file_size from ${exportsTable(op.model.schema)} e left join ${filesTable(op.model.schema)} f on f.id = e.file_id where e.id = $1 and e.created_by = $2`, [id, op.principal.userId]);
  const e = rows[0];
  if (!e) throw new PlatformError('NOT_FOUND', `No export ${id} of yours`, { details: [{ pointer: '/id', message: 'not found' }] });
  return {
    id: e.id, object: e.object, format: e.format, status: e.status, rowsDone: Number(e.rows_done), columns: e.columns, error: e.error,
    file: e.file_id ? { id: e.file_id, name: e.file_name, size: Number(e.file_size), url: `/files/${e.file_id}` } : null,
    createdAt: e.created_at, finishedAt: e.finished_at,
  };
}

/**
 * The export job: as its owner (their rights now, not when they asked), keyset pages of the list
 * read verb streamed to a temporary file (never all rows in memory), progress written per page
 * from another connection, then the file stored and the export marked done in the job's
 * transaction (with its completion: a crash redoes the export, never leaves half a file behind).
 * A refusal (the owner lost the right meanwhile) ends the export as failed, with its reason.
 */
export async function runExport(services: PluginServices, deps: { pool: pg.Pool; storage: FileStorage; pageSize?: number }, tx: pg.PoolClient, p: ExportJobPayload): Promise<void> {
  const model = await services.model(p.tenantId);
  const table = exportsTable(model.schema);
  const { rows: [e] } = await tx.query(`select * from ${table} where id = $1`, [p.exportId]);
  if (!e || e.status === 'done' || e.status === 'failed') return;
  await deps.pool.query(`update ${table} set status = 'running', rows_done = 0 where id = $1`, [p.exportId]);
  const dir = await mkdtemp(path.join(tmpdir(), 'tessera-export-'));
  const file = path.join(dir, `export.${String(e.format).toLowerCase()}`);
  try {
    let op: OperationContext;
    try {
      op = (await services.asUser(p.tenantId, tx, e.created_by)).op;
      const object = objectOf(op, e.object);
      exportColumns(op, object, e.columns);
    } catch (error) {
      if (isPlatformError(error)) return fail(tx, table, p.exportId, error, services);
      throw error;
    }
    const columns = e.columns as string[];
    const writer = rowWriter(e.format, file, e.object);
    await writer.header(columns);
    let after: string | null = null;
    let done = 0;
    const first = Math.min(deps.pageSize ?? 500, op.limits.maxPageSize);
    try {
      for (;;) {
        const result = await page(op, e.object, e.filter, columns, first, after);
        for (const node of result.nodes) await writer.row(columns.map((c) => node[c]));
        done += result.nodes.length;
        await deps.pool.query(`update ${table} set rows_done = $2 where id = $1`, [p.exportId, done]);
        if (!result.pageInfo.hasNextPage || !result.pageInfo.endCursor) break;
        after = result.pageInfo.endCursor;
      }
    } catch (error) {
      await writer.close().catch(() => undefined);
      if (isPlatformError(error)) return fail(tx, table, p.exportId, error, services);
      throw error;
    }
    await writer.close();
    const { size } = await stat(file);
    const sha256 = createHash('sha256');
    for await (const chunk of createReadStream(file)) sha256.update(chunk as Buffer);
    const key = newStorageKey(p.tenantId);
    await deps.storage.put(key, createReadStream(file), size, MIME[e.format as ExportFormat]);
    const stamp = services.clock.now().toISOString().replace(/[-:]/g, '').replace(/\..*/, '');
    const { rows: [f] } = await tx.query(`insert into ${filesTable(model.schema)} ("fieldId", "name", "size", "mime", "sha256", "storageKey", "createdBy", "createdAt") values ($1, $2, $3, $4, $5, $6, $7, $8) returning id`,
      [EXPORT_FIELD_ID, `${e.object}-${stamp}.${String(e.format).toLowerCase()}`, size, MIME[e.format as ExportFormat], sha256.digest('hex'), key, e.created_by, services.clock.now()]);
    await tx.query(`update ${table} set status = 'done', rows_done = $2, file_id = $3, finished_at = $4 where id = $1`, [p.exportId, done, f.id, services.clock.now()]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function fail(tx: pg.PoolClient, table: string, id: string, error: PlatformError, services: PluginServices): Promise<void> {
  const pointer = error.details?.[0]?.pointer;
  await tx.query(`update ${table} set status = 'failed', error = $2, finished_at = $3 where id = $1`, [id, `${error.code}: ${error.message}${pointer ? ` (${pointer})` : ''}`, services.clock.now()]);
}
