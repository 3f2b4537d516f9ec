/**
 * Dispatch (派单, kind `dispatchRules`) and assignment (分配, kind `assignmentRules`), a plugin of the
 * runtime on the pools plugin. Installed with TESSERA_PLUGINS=…,@tessera/runtime/pools,@tessera/runtime/assignment.
 */
export { createAssignmentPlugin } from './plugin.ts';
export { assignmentRuleSchema, dispatchRuleSchema, type AssignmentRuleItem, type DispatchRuleItem, type Strategy, type Performance } from './definition.ts';
export { checkAssignmentRule, checkDispatchRule } from './kind.ts';
export { applyRules, decide, NO_CAPACITY, NO_RULE, type Pick } from './assign.ts';
import { createAssignmentPlugin } from './plugin.ts';
export const createPlugin = createAssignmentPlugin;
