import { PlatformError, validateCells, type CatalogScript, type CellChanges, type SaveBatch } from '@tessera/platform';
import { BatchEncoder } from '../sandbox/batch-codec.ts';
import type { InvocationResult } from '../sandbox/protocol.ts';

/** What a trigger call carries: the payload's table headers and numbers, and the columns' text. */
export interface TriggerInput {
  /** For the payload: table headers, which is ctx.records (rt) / ctx.old (ot), the numbers; diff: answer the changed cells. */
  tables: { tables: unknown[]; rt: number; ot?: number; diff: boolean; nums: number[] };
  /** The strings, passed beside the payload. */
  text: string;
}

/** Encodes a batch for one trigger call: new values with their ids (or, on deletes, the old values) and the old values. */
export function encodeTrigger(batch: SaveBatch, old: (Record<string, unknown> | null)[], phase: 'before' | 'after'): TriggerInput {
  const encoder = new BatchEncoder();
  const tables: unknown[] = [];
  let ot: number | undefined;
  if (batch.kind === 'delete') {
    tables.push(encoder.table(old));
    ot = 0;
  } else {
    tables.push(encoder.table(batch.records, batch.ids));
    if (batch.kind !== 'create') { tables.push(encoder.table(old)); ot = 1; }
  }
  const { text, nums } = encoder.finish();
  return { tables: { tables, rt: 0, ot, diff: phase === 'before' && batch.kind !== 'delete', nums }, text };
}

/**
 * A before-trigger's changes, copied into the batch: only the cells it changed, each validated
 * against its field first (nothing is written into the batch when one is invalid).
 */
export function applyTriggerChanges(batch: SaveBatch, result: InvocationResult, script: CatalogScript): void {
  const n = batch.records.length;
  if (result.malformed) {
    throw new PlatformError('SCRIPT_ERROR', `The script ${script.name} left ctx.records malformed: it must stay an array of ${n} records`, { extensions: { script: script.name, version: script.version } });
  }
  const cells: CellChanges[] = [];
  const index = (i: unknown) => typeof i === 'number' && Number.isInteger(i) && i >= 0 && i < n;
  for (const c of result.changed ?? []) {
    if (!Array.isArray(c) || typeof c[0] !== 'string' || !Array.isArray(c[2])) throw garbled(script);
    // indices null: every record, in order.
    if (c[1] === null ? c[2].length !== n : !Array.isArray(c[1]) || c[1].length !== c[2].length || !c[1].every(index)) throw garbled(script);
    cells.push({ field: c[0], indices: c[1] ?? undefined, values: c[2] });
  }
  for (const c of result.removed ?? []) {
    if (!Array.isArray(c) || typeof c[0] !== 'string' || !Array.isArray(c[1]) || !c[1].every(index)) throw garbled(script);
    cells.push({ field: c[0], indices: c[1] });
  }
  if (cells.length === 0) return;
  validateCells(batch.object, batch.kind === 'create' ? 'create' : 'update', cells, (i) => `/data/${i}`);
  const records = batch.records;
  for (const { field, indices, values } of cells) {
    if (values && !indices) for (let k = 0; k < values.length; k++) records[k][field] = values[k];
    else if (values) for (let k = 0; k < indices!.length; k++) records[indices![k]][field] = values[k];
    else for (const i of indices!) delete records[i][field];
  }
}

function garbled(script: CatalogScript): PlatformError {
  return new PlatformError('SCRIPT_ERROR', `The script ${script.name} answered changes the platform cannot read`, { extensions: { script: script.name, version: script.version } });
}
