import { type ObjectModel, type OperationContext } from '@tessera/platform';
import type { Mapping } from './mapping.ts';
/** One staged row: its number in the file (after the header) and its cells. */
export interface StagedRow {
    n: number;
    cells: string[];
}
export interface Refusal {
    n: number;
    reason: string;
}
/**
 * Applies one batch of staged rows as the importer, in `op`'s transaction, through the one save
 * pipeline: cells converted to field values, lookups resolved by their unique field (among the
 * records the importer can see), existing records found by the match key updated, the others
 * created together by one `createRecords` (validation rules, duplicate rules, pools, scoring,
 * triggers and workflows apply as to any write). A refused row never stops the others: a batch
 * write that fails is rolled back to its savepoint and retried without the rows its error points
 * at, or halved until the failing row stands alone. Returns how many rows were written and the
 * refusals, each with its reason and the column it points at.
 */
export declare function applyBatch(op: OperationContext, object: ObjectModel, headers: string[], mapping: Mapping, match: string | null, rows: StagedRow[]): Promise<{
    done: number;
    refused: Refusal[];
}>;
