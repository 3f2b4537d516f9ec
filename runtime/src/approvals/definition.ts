import { OBJECT_ITEM, DURATION_PATTERN, NAME_PATTERN as NAME, NAME_SOURCE, expression } from '../schema-parts.ts';
/**
 * An approval flow as documents carry it (metadata kind `approvalFlows`): the object it approves,
 * entry criteria, and ordered nodes, each with approvers and a mode. A request keeps the version
 * it was submitted on; nodes are named by `id`, which is what rejects to a node, jumps and the
 * node-by-node migration of a request to another version refer to.
 */
export type Approver =
  | { type: 'user'; users: string[]; weight?: number }
  | { type: 'role'; role: string; weight?: number }
  | { type: 'manager'; depth?: number; weight?: number }
  | { type: 'field'; field: string; weight?: number }
  | { type: 'group'; group: string; weight?: number };

/** sequential: every approver in turn; all: every approver at once (会签); any: the first one decides (或签); vote: weighted votes reach `threshold` (票签). */
export type NodeMode = 'sequential' | 'all' | 'any' | 'vote';

export interface Timeout {
  /** ISO 8601 duration after the node starts (PT8H). */
  after: string;
  /** Counted in the flow's business calendar's working time. */
  business?: boolean;
  /** escalate: each open task goes to its assignee's manager; approve / reject: the node decides so. */
  action: 'escalate' | 'approve' | 'reject';
}

export interface ApprovalNode {
  id: string;
  label?: unknown;
  mode: NodeMode;
  /** For `vote`: the share of the approvers' weight that approves the node (0 < t ≤ 1). */
  threshold?: number;
  approvers: Approver[];
  /** The node applies only when this holds over the record (otherwise it is skipped). */
  condition?: string;
  cc?: Approver[];
  timeout?: Timeout;
}

export interface Outcome {
  /** Field updates of the record, through the save pipeline as the system ({expr} over the record, or literals). */
  update?: Record<string, unknown>;
}

export interface ApprovalFlowItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  active?: boolean;
  /** Which flow submitForApproval picks when it names none: the lowest order whose entry criteria hold. */
  order?: number;
  entryCriteria?: string;
  calendar?: string;
  nodes: ApprovalNode[];
  cc?: Approver[];
  onSubmit?: Outcome;
  onApproved?: Outcome;
  onRejected?: Outcome;
}

const ID = '^[a-zA-Z][a-zA-Z0-9_-]{0,62}$';
const EXPR = expression('An expression over the record (the expression language).');
const WEIGHT = { type: 'number', exclusiveMinimum: 0, maximum: 1000, description: 'The votes this approver carries in a vote node (default 1).' };
const approver = (type: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object', required: ['type', ...required], additionalProperties: false, properties: { type: { const: type }, weight: WEIGHT, ...properties },
});
const APPROVERS = {
  type: 'array', maxItems: 100,
  items: {
    oneOf: [
      approver('user', ['users'], { users: { type: 'array', minItems: 1, maxItems: 100, items: { type: 'string', format: 'uuid' } } }),
      approver('role', ['role'], { role: { type: 'string', minLength: 1, maxLength: 200 } }),
      approver('manager', [], { depth: { type: 'integer', minimum: 1, maximum: 20, default: 1, description: 'The submitter\'s manager (1), their manager (2), …' } }),
      approver('field', ['field'], { field: { type: 'string', pattern: `^${NAME_SOURCE}(\\.${NAME_SOURCE})?$`, description: 'A user field of the record, or lookup.userField of a related record.' } }),
      approver('group', ['group'], { group: { type: 'string', minLength: 1, maxLength: 200, description: 'A group: one task its members claim.' } }),
    ],
  },
};
const OUTCOME = { type: 'object', additionalProperties: false, properties: { update: { type: 'object', propertyNames: { pattern: NAME } } } };

/** The JSON Schema of one approval flow (`tessera:approvalFlow`, published at GET /metadata/schema). */
export const approvalFlowSchema = {
  title: 'Approval flow',
  description: 'Who approves a record, in which order and how: nodes of approvers (sequential, 会签, 或签, 票签), CC, timeouts and outcomes.',
  type: 'object',
  required: ['name', 'object', 'nodes'],
  additionalProperties: false,
  properties: {
    ...OBJECT_ITEM,
    active: { type: 'boolean', default: true },
    order: { type: 'integer', minimum: 0, maximum: 10000 },
    entryCriteria: EXPR,
    calendar: { type: 'string', pattern: NAME },
    cc: APPROVERS,
    onSubmit: OUTCOME,
    onApproved: OUTCOME,
    onRejected: OUTCOME,
    nodes: {
      type: 'array', minItems: 1, maxItems: 50,
      items: {
        type: 'object', required: ['id', 'mode', 'approvers'], additionalProperties: false,
        properties: {
          id: { type: 'string', pattern: ID },
          label: { $ref: 'tessera:label' },
          mode: { enum: ['sequential', 'all', 'any', 'vote'] },
          threshold: { type: 'number', exclusiveMinimum: 0, maximum: 1 },
          approvers: { ...APPROVERS, minItems: 1 },
          condition: EXPR,
          cc: APPROVERS,
          timeout: {
            type: 'object', required: ['after', 'action'], additionalProperties: false,
            properties: {
              after: { type: 'string', pattern: DURATION_PATTERN },
              business: { type: 'boolean' },
              action: { enum: ['escalate', 'approve', 'reject'] },
            },
          },
        },
      },
    },
  },
} as const;
