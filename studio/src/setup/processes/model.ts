/**
 * The two process kinds the designers edit, as documents carry them (the engine's own types live in
 * runtime/, which the studio does not import: it talks HTTP only). The designer's state IS the
 * document: the graph is drawn from it and every edit is an edit of it, so saving an unchanged
 * design sends back exactly what was loaded.
 */
export type Doc = Record<string, unknown>;
export type ValueSpec = unknown;

export interface WorkflowStep extends Doc { id: string; type: string; label?: string; next?: string }
export interface WorkflowDoc extends Doc { name: string; object?: string; active?: boolean; trigger: Doc & { type: string }; steps: WorkflowStep[] }
export interface ApprovalNodeDoc extends Doc { id: string; mode: string; approvers: Doc[]; condition?: string }
export interface ApprovalFlowDoc extends Doc { name: string; object: string; active?: boolean; entryCriteria?: string; nodes: ApprovalNodeDoc[] }

export type ProcessKindName = 'workflows' | 'approvalFlows';

/** What differs between the kinds for the list, the API and the designer. */
export interface ProcessKind {
  name: ProcessKindName;
  /** The document key (applyMetadata, deletePluginItem) and the schema's `$id`. */
  schemaId: string;
  /** Root queries of the plugin on /graphql. */
  listQuery: string;
  versionsQuery: string;
  versionsArg: string;
  /** The studio's address of the list. */
  path: string;
  /** The array of the graph's nodes in the document. */
  items: 'steps' | 'nodes';
  blank(): Doc;
}

export const WORKFLOWS: ProcessKind = {
  name: 'workflows', schemaId: 'tessera:workflow', listQuery: 'workflowDefinitions', versionsQuery: 'workflowVersions', versionsArg: 'workflow',
  path: '/setup/workflows', items: 'steps',
  blank: () => ({ name: '', active: false, trigger: { type: 'record', on: ['create'] }, steps: [] }),
};

export const APPROVAL_FLOWS: ProcessKind = {
  name: 'approvalFlows', schemaId: 'tessera:approvalFlow', listQuery: 'approvalFlowDefinitions', versionsQuery: 'approvalFlowVersions', versionsArg: 'flow',
  path: '/setup/approval-flows', items: 'nodes',
  blank: () => ({ name: '', active: false, object: '', nodes: [] }),
};

/** Every step type of the engine (runtime/src/workflows/definition.ts), in palette order. */
export const STEP_TYPES = ['branch', 'update', 'create', 'command', 'script', 'notify', 'webhook', 'wait', 'forEach', 'callWorkflow', 'startApproval'] as const;
export const TRIGGER_TYPES = ['record', 'date', 'cron', 'manual', 'webhook', 'approval'] as const;
export const NODE_MODES = ['sequential', 'all', 'any', 'vote'] as const;
export const APPROVER_TYPES = ['user', 'role', 'manager', 'field', 'group'] as const;

/** A fresh id for a new step or node: the type and the first number not taken (`notify1`). */
export function freshId(prefix: string, taken: readonly { id: string }[]): string {
  const ids = new Set(taken.map((s) => s.id));
  for (let n = 1; ; n++) if (!ids.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

/** A new step as the palette adds it: its id and type; what it requires is left for the form (and the schema shows what is missing). */
export function newStep(type: string, steps: readonly WorkflowStep[]): WorkflowStep {
  const id = freshId(type, steps);
  if (type === 'branch') return { id, type, branches: [{ when: '', next: 'end' }] };
  if (type === 'update' || type === 'create') return { id, type, data: {} };
  if (type === 'notify') return { id, type, to: [] };
  return { id, type };
}

export function newNode(mode: string, nodes: readonly ApprovalNodeDoc[]): ApprovalNodeDoc {
  return { id: freshId('node', nodes), mode, approvers: [] };
}

/** A label as documents carry it (text, or text per language) in the UI language. */
export function labelText(label: unknown, language: string): string | undefined {
  if (typeof label === 'string') return label;
  if (label && typeof label === 'object') {
    const l = label as Record<string, string>;
    return (language.startsWith('zh') ? l.zh ?? l['zh-CN'] : undefined) ?? l.en ?? Object.values(l)[0];
  }
  return undefined;
}
