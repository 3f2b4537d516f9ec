/**
 * Workflows (a plugin of the runtime): versioned definitions (kind `workflows`), triggers, steps,
 * durable exactly-once runs. Installed with TESSERA_PLUGINS=…,@tessera/runtime/workflows.
 */
export { createWorkflowsPlugin, sign, DELIVERY_ATTEMPTS } from './plugin.ts';
export { workflowSchema, type WorkflowItem, type Step, type Trigger } from './definition.ts';
export { checkWorkflow } from './kind.ts';
import { createWorkflowsPlugin } from './plugin.ts';
export const createPlugin = createWorkflowsPlugin;
