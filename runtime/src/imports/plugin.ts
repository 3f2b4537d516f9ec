import type pg from 'pg';
import { definePlugin, PlatformError, type FileStorage, type Plugin, type PluginServices, type QueryCall } from '@tessera/platform';
import { suggestMapping, type Mapping } from './mapping.ts';
import { DEFAULT_BATCH, DEFAULT_SLICE_MS, runImport, type RunnerDeps } from './runner.ts';
import { DEFAULT_RETENTION_DAYS, purgeImports } from './purge.ts';
import { checkImportRights, previewImport, startImport, type ImportLimits } from './start.ts';
import { importsTable, mappingsTable, migrations, RUNNING } from './tables.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ImportsOptions extends Partial<ImportLimits> {
  /** Rows per batch (default 1000). */
  batchSize?: number;
  /** How long one job applies batches before a new job goes on (default 60 s; TESSERA_IMPORT_SLICE_MS). */
  sliceMs?: number;
  /** Days a finished import keeps its files and refusals (default 30; TESSERA_IMPORT_RETENTION_DAYS). */
  retentionDays?: number;
  /** Attempts of a job before its import is marked failed with the last error (default 10). */
  attempts?: number;
}

interface ImportRow {
  id: string; object: string; user_id: string; status: string; file_name: string; rows_total: number; rows_done: number; rows_refused: number; position: number;
  created_at: Date | string; started_at: Date | string | null; updated_at: Date | string; finished_at: Date | string | null; error_key: string | null; error: string | null; mapping: Mapping; match: string | null;
}

/** An import as its importer (or an administrator) sees it; anyone else: NOT_FOUND. */
async function visibleImport(call: { op: QueryCall['op'] }, id: string): Promise<ImportRow> {
  if (!UUID.test(id)) throw new PlatformError('BAD_USER_INPUT', `${JSON.stringify(id)} is not an import id`, { details: [{ pointer: '/id', message: 'is not a UUID' }] });
  const { rows: [row] } = await call.op.db.query<ImportRow>(`select * from ${importsTable(call.op.model.schema)} where id = $1`, [id]);
  const s = call.op.security;
  if (!row || (s && !s.bypass && row.user_id !== call.op.principal.userId)) throw new PlatformError('NOT_FOUND', `No import ${id}`, { details: [{ pointer: '/id', message: 'not found' }] });
  return row;
}

/** Progress as the studio and CLI show it: rows processed per second since it started, and the seconds left at that rate. */
function progress(row: ImportRow, now: Date) {
  const processed = row.rows_done + row.rows_refused;
  const time = (at: Date | string | null) => (at === null ? null : new Date(at));
  const seconds = row.started_at ? ((time(row.finished_at) ?? now).getTime() - time(row.started_at)!.getTime()) / 1000 : 0;
  const rate = seconds > 0 ? Math.round(processed / seconds) : null;
  const left = row.rows_total - processed;
  return {
    id: row.id, object: row.object, fileName: row.file_name, status: row.status,
    rowsTotal: row.rows_total, rowsDone: row.rows_done, rowsRefused: row.rows_refused, rate,
    eta: row.status === 'done' ? 0 : rate ? Math.ceil(left / rate) : null,
    errorFile: row.error_key ? `/plugins/imports/jobs/${row.id}/errors.csv` : null,
    error: row.error, mapping: row.mapping, match: row.match,
    createdAt: time(row.created_at)!.toISOString(), finishedAt: time(row.finished_at)?.toISOString() ?? null,
  };
}

/**
 * Imports as a plugin: `POST /import/<object>` (CSV or XLSX, streamed and staged by COPY), a
 * durable job that applies the rows in batches through the save pipeline as the importer, with
 * progress, an error file of the refused rows, and resumption after a crash (runner.ts). No save
 * hook: a tenant that imports nothing pays nothing on its writes.
 */
export function createImportsPlugin(options: ImportsOptions = {}): Plugin {
  const limits: ImportLimits = {
    maxBytes: options.maxBytes ?? Number(process.env.TESSERA_IMPORT_MAX_BYTES ?? 1024 * 1024 * 1024),
    maxRows: options.maxRows ?? Number(process.env.TESSERA_IMPORT_MAX_ROWS ?? 5_000_000),
  };
  const batchSize = options.batchSize ?? Number(process.env.TESSERA_IMPORT_BATCH ?? DEFAULT_BATCH);
  const sliceMs = options.sliceMs ?? Number(process.env.TESSERA_IMPORT_SLICE_MS ?? DEFAULT_SLICE_MS);
  const attempts = Math.max(1, options.attempts ?? 10);
  const retentionDays = options.retentionDays ?? Number(process.env.TESSERA_IMPORT_RETENTION_DAYS ?? DEFAULT_RETENTION_DAYS);
  // One purge job per hour of the platform clock (its key): each run enqueues the next hour's.
  const nextPurge = (now: Date) => {
    const hour = Math.floor(now.getTime() / 3_600_000) + 1;
    return { key: `purge:${hour}`, runAt: new Date(hour * 3_600_000) };
  };
  const held: { deps?: RunnerDeps; services?: PluginServices; storage?: FileStorage } = {};
  const deps = () => {
    if (!held.deps) throw new PlatformError('SERVICE_UNAVAILABLE', 'Imports need the platform\'s file storage');
    return held.deps;
  };
  return definePlugin({
    name: 'imports', version: '0.1.0', label: { en: 'Import', zh: '导入' },
    description: 'CSV and XLSX import into any object: mapping, lookups, upsert, the full save pipeline in batches, progress, an error file, resumable.',
    migrations,
    routes: [
      {
        method: 'POST', path: '/import/:object', stream: true,
        handler: (call) => startImport(call, { services: call, storage: deps().storage, limits, sliceMs }),
      },
      { method: 'POST', path: '/preview/:object', stream: true, handler: (call) => previewImport(call, limits) },
      {
        method: 'GET', path: '/jobs/:id/errors.csv',
        async handler(call) {
          const row = await call.transaction!((op) => visibleImport({ op }, call.request.params.id ?? ''));
          const body = row.error_key ? await deps().storage.get(row.error_key) : null;
          if (!body) throw new PlatformError('NOT_FOUND', `Import ${row.id} has no error file`, { details: [{ pointer: '/id', message: 'no error file' }] });
          const name = `${row.file_name.replace(/\.[^.]*$/, '').replace(/[^\w.-]/g, '_')}-errors.csv`;
          return { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"`, 'x-content-type-options': 'nosniff', 'cache-control': 'private, no-cache' }, body };
        },
      },
    ],
    queries: [
      {
        name: 'importJob', description: 'An import\'s progress: status (queued, running, done, failed), rows done and refused, rate (rows/s), ETA (s), and the error file\'s URL once done.',
        args: { id: { type: 'ID', required: true } },
        input: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' } } },
        async run(call) { return progress(await visibleImport(call, (call.input as { id: string }).id), call.clock.now()); },
      },
      {
        name: 'importMapping', description: 'The mapping an import of a file with these headers would use: the one saved for the object, else suggested from field names and labels (English or Chinese).',
        args: { object: { type: 'String', required: true }, headers: { type: 'String', list: true, required: true } },
        input: { type: 'object', additionalProperties: false, required: ['object', 'headers'], properties: { object: { type: 'string' }, headers: { type: 'array', items: { type: 'string' }, maxItems: 1000 } } },
        async run(call) {
          const i = call.input as { object: string; headers: string[] };
          checkImportRights(call.op, i.object, false);
          const { rows: [saved] } = await call.op.db.query<{ mapping: Mapping }>(`select mapping from ${mappingsTable(call.op.model.schema)} where object = $1`, [i.object]);
          return { mapping: suggestMapping(call.op.model, call.op.model.objects.get(i.object)!, i.headers, saved?.mapping ?? null) };
        },
      },
      {
        name: 'importJobs', description: 'Your recent imports (an administrator: everyone\'s), newest first.',
        args: { object: { type: 'String' } },
        input: { type: 'object', additionalProperties: false, properties: { object: { type: ['string', 'null'] } } },
        async run(call) {
          const i = call.input as { object?: string | null };
          const s = call.op.security;
          const { rows } = await call.op.db.query<ImportRow>(`select * from ${importsTable(call.op.model.schema)} where ($1::text is null or object = $1) and ($2::uuid is null or user_id = $2) order by created_at desc limit 50`,
            [i.object ?? null, s && !s.bypass ? call.op.principal.userId : null]);
          return rows.map((r) => progress(r, call.clock.now()));
        },
      },
    ],
    jobs: [{
      // A slice of the import per job (sliceMs), so a short lease: a dead process's import is taken over within minutes.
      name: 'run', options: { maxAttempts: attempts, timeoutSeconds: 600, backoff: { delaySeconds: 2 } },
      async run(payload: { importId: string; sliceMs?: number }, ctx) {
        await runImport(deps(), ctx.tenantId!, payload.importId, {
          batchSize, sliceMs: payload.sliceMs ?? sliceMs, signal: ctx.signal, lastAttempt: ctx.lastAttempt,
          // In the job's own transaction: the next slice exists iff this one completes.
          continueWith: async () => { await ctx.enqueue('run', payload, { tenantId: ctx.tenantId!, tx: ctx.tx }); },
        });
      },
    }, {
      name: 'purge', options: { maxAttempts: 3, timeoutSeconds: 600 },
      async run(_payload: unknown, ctx) {
        if (held.deps) await purgeImports(held.deps.pool, held.deps.storage, ctx.clock.now(), retentionDays);
        await ctx.enqueue('purge', {}, { ...nextPurge(ctx.clock.now()), tx: ctx.tx });
      },
    }],
    async setup(services, platform) {
      held.services = services;
      if (platform.files) held.deps = { pool: platform.pool, services, storage: platform.files.storage };
      // Imports a stopped process left unfinished go on: a job per import (the row lock keeps two runners from applying a batch twice).
      const { rows } = await (platform.pool as pg.Pool).query<{ import_id: string; tenant_id: string }>(`select import_id, tenant_id from ${RUNNING}`).catch(() => ({ rows: [] as { import_id: string; tenant_id: string }[] }));
      for (const r of rows) await services.enqueue('run', { importId: r.import_id }, { tenantId: r.tenant_id }).catch(() => undefined);
      // Finished imports' files and refusals past the retention period: purged hourly.
      await services.enqueue('purge', {}, nextPurge(services.clock.now())).catch(() => undefined);
    },
  });
}
