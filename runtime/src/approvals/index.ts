/**
 * Approval flows (a plugin of the runtime): versioned definitions (kind `approvalFlows`), the
 * approval operations on /graphql, the lock of pending records, escalations on the platform clock.
 * Installed with TESSERA_PLUGINS=…,@tessera/runtime/workflows,@tessera/runtime/approvals.
 */
export { createApprovalsPlugin } from './plugin.ts';
export { approvalFlowSchema, type ApprovalFlowItem, type ApprovalNode, type Approver } from './definition.ts';
export { checkApprovalFlow } from './kind.ts';
import { createApprovalsPlugin } from './plugin.ts';
export const createPlugin = createApprovalsPlugin;
/** The operations as functions over an `Env` (the bench drives them without HTTP). */
export * as approvalOperations from './operations.ts';
export type { Env as ApprovalEnv } from './engine.ts';
