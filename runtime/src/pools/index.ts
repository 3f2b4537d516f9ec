/**
 * Lead pools (a plugin of the runtime): public pools (公海) and each rep's private pool (私海) for
 * any object with an owner (kind `pools`), enforced on every write path. Installed with
 * TESSERA_PLUGINS=…,@tessera/runtime/workflows,@tessera/runtime/pools.
 */
export { createPoolsPlugin } from './plugin.ts';
export { poolSchema, type PoolItem, type Member, type TransferRule } from './definition.ts';
export { checkPool } from './kind.ts';
/** The service other plugins (dispatch, assignment, reactivation) build on. */
export { assertCapacity, moveToPool, poolOf, recycleDue, remindDue } from './operations.ts';
export type { PoolAction } from './state.ts';
/** What a plugin that moves owners itself (assignment, dispatch) needs to do it as the pools guard does. */
export { isMember, objectPools } from './config.ts';
export { systemOf } from './hooks.ts';
export { lockOwner, withIntent } from './state.ts';
export { historyTable, recordsTable } from './tables.ts';
import { createPoolsPlugin } from './plugin.ts';
export const createPlugin = createPoolsPlugin;
