import type pg from 'pg';
import { definePlugin, type FileStorage, type Plugin, type PluginServices } from '@tessera/platform';
import { exportJob, runExport, startExport, type ExportInput, type ExportJobPayload } from './export.ts';
import { migrations } from './tables.ts';

/**
 * Export as a plugin: `startExport(object, filter, columns, format)` records an export and
 * enqueues its durable job; the job streams the records the owner may read (object right,
 * row-level access, field rights) in keyset pages to CSV (RFC 4180, UTF-8 with BOM) or XLSX
 * (exceljs' streaming writer), stores the file as the owner's (`GET /files/<id>`: theirs only),
 * and `exportJob(id)` tells its progress. A tenant that never exports pays nothing on writes.
 */
export function createExportsPlugin(options: { pageSize?: number } = {}): Plugin {
  const held: { services?: PluginServices; pool?: pg.Pool; storage?: FileStorage } = {};
  const format = { type: 'Enum' as const, name: 'ExportFormat', values: ['CSV', 'XLSX'] as const };
  return definePlugin({
    name: 'exports', version: '0.1.0', label: { en: 'Export', zh: '导出' },
    description: 'Exports a list (its filter and columns) to CSV or XLSX as a streamed job, through the caller\'s rights.',
    migrations,
    jobs: [{
      name: 'run', options: { maxAttempts: 3, timeoutSeconds: 3600, backoff: { delaySeconds: 5, exponential: true } },
      async run(p: ExportJobPayload, ctx) {
        await runExport(ctx, { pool: held.pool!, storage: held.storage!, pageSize: options.pageSize }, ctx.tx, p);
      },
    }],
    queries: [{
      name: 'exportJob', description: 'An export of yours: status (queued, running, done, failed), rows done so far, the file (download at its url) when done.',
      args: { id: { type: 'ID', required: true } },
      input: { type: 'object', additionalProperties: false, required: ['id'], properties: { id: { type: 'string' } } },
      run: (call) => exportJob(call.op, (call.input as { id: string }).id),
    }],
    mutations: [{
      name: 'startExport', capability: 'exportData',
      description: 'Starts exporting the records of an object you may read that match `filter` (as a list query takes it), with `columns` (default: all you may read), to CSV or XLSX; answers {id, job, status}: follow it with exportJob(id).',
      args: { object: { type: 'String', required: true }, filter: { type: 'JSON' }, columns: { type: 'String', list: true }, format },
      input: {
        type: 'object', additionalProperties: false, required: ['object'],
        properties: { object: { type: 'string' }, filter: { type: ['object', 'null'] }, columns: { type: ['array', 'null'], maxItems: 500, items: { type: 'string' } }, format: { enum: ['CSV', 'XLSX', null] } },
      },
      run: (call) => startExport(call.op, call, call.input as ExportInput),
    }],
    setup(services, platform) {
      held.services = services;
      held.pool = platform.pool;
      held.storage = platform.files?.storage;
    },
  });
}
