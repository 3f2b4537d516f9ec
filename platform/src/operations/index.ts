export type { OperationContext, Via } from './context.ts';
export { SavePipeline, STEP_ORDER, type SaveHook, type SaveBatch, type TraceStep, type WriteKind } from './pipeline.ts';
export { inTransaction } from './transaction.ts';
export { createRecords } from './create.ts';
export { updateRecord, updateMatching, matchingIds } from './update.ts';
export { deleteRecords, restoreRecord } from './delete.ts';
export { upsertRecord } from './upsert.ts';
export { validateRecords } from './record-values.ts';
export { LocalApi, DEFAULT_LOCAL_API_LIMITS, type LocalApiLimits, type LocalApiUsage, type FindArgs, type AggregateArgs } from './local-api.ts';
