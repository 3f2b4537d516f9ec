import type { Change } from '../changes.ts';
import type { ApplyContext } from './context.ts';
import { createObject, deleteObject, restoreObject, setIndexes, updateObject } from './objects.ts';
import { updateField } from './field-update.ts';
import { createField, deleteField, restoreField } from './fields.ts';
import { reorderFields } from './reorder.ts';

export { ApplyContext, type DependantsHook, type DependencyEvent } from './context.ts';
export { purgeExpired } from './purge.ts';
export { syncSearchIndexes } from './search-indexes.ts';
export { syncDuplicateIndexes } from './duplicate-indexes.ts';
export { syncRollups } from './rollups.ts';
export { syncStageTracking } from './stage-tracking.ts';
export { syncFunnelIndexes } from './funnel-indexes.ts';

/** Applies one change inside the engine's transaction. */
export async function applyChange(ctx: ApplyContext, change: Change): Promise<void> {
  switch (change.kind) {
    case 'createObject': return createObject(ctx, change);
    case 'updateObject': return updateObject(ctx, change);
    case 'deleteObject': return deleteObject(ctx, change);
    case 'restoreObject': return restoreObject(ctx, change);
    case 'createField': return createField(ctx, change);
    case 'updateField': return updateField(ctx, change);
    case 'deleteField': return deleteField(ctx, change);
    case 'restoreField': return restoreField(ctx, change);
    case 'setIndexes': return setIndexes(ctx, change);
    case 'reorderFields': return reorderFields(ctx, change);
  }
}
export { syncFormulaColumns, type FormulaColumn } from './formula-columns.ts';
