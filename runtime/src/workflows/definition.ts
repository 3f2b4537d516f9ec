import { OBJECT_ITEM, NAME_PATTERN as NAME, duration, expression } from '../schema-parts.ts';
/**
 * A workflow as documents carry it (metadata kind `workflows`): a trigger and a flat list of steps,
 * each with an `id`; steps run in order unless a branch or `next` says where to go (`end` ends
 * the run). A flat list keeps a run's position one step id, which is what history, retry from a
 * failed step and in-flight migration need; the studio draws it as a graph.
 */
export type Value = unknown;
/** A value given as an expression over the run's record (`{expr: "amount * 2"}`) or a literal. */
export type ValueSpec = Value | { expr: string };
/**
 * In the data of update and create steps: the id of the first record of `object` that `filter`
 * matches (its values may be `{expr}` over the run's record, at any depth), in `orderBy` order
 * (default id), or null when none does. A lookup chosen by rule: the trial lesson's test paper by
 * its grade and subject.
 */
export interface FirstSpec { first: { object: string; filter?: Record<string, unknown>; orderBy?: Record<string, 'ASC' | 'DESC'>[] } }

export type Trigger =
  | { type: 'record'; on: ('create' | 'update' | 'delete')[]; fields?: string[]; condition?: string }
  | { type: 'date'; field: string; offset?: string; business?: boolean; condition?: string }
  | { type: 'cron'; cron: string; timeZone?: string }
  | { type: 'manual' }
  | { type: 'webhook' }
  /** An approval request of the workflow's object ended (approved, rejected, withdrawn, terminated): of the flows named (absent: any). */
  | { type: 'approval'; flows?: string[]; outcomes?: ('approved' | 'rejected' | 'withdrawn' | 'terminated')[] };

interface Base { id: string; label?: string; next?: string }
export type Step = Base & (
  | { type: 'branch'; branches: { when: string; next: string }[]; otherwise?: string }
  | { type: 'update'; object?: string; record?: ValueSpec; filter?: Record<string, unknown>; data: Record<string, ValueSpec> }
  | { type: 'create'; object: string; data: Record<string, ValueSpec> }
  | { type: 'command'; command: string; object?: string; record?: ValueSpec; input?: Record<string, ValueSpec> }
  | { type: 'script'; action: string; object?: string; record?: ValueSpec; input?: Record<string, ValueSpec> }
  | { type: 'notify'; to: ValueSpec[]; title: ValueSpec; body?: ValueSpec; email?: boolean }
  | { type: 'webhook'; url: string; method?: 'POST' | 'PUT'; body?: Record<string, ValueSpec> }
  | { type: 'wait'; duration?: string; business?: boolean; until?: string; condition?: string; timeout?: string }
  | { type: 'forEach'; object: string; filter?: Record<string, unknown>; workflow: string; max?: number }
  | { type: 'callWorkflow'; workflow: string; wait?: boolean }
  /** Submits a record (default the run's) for approval by `flow` (default: the first active flow whose entry criteria hold), as the run's actor. Needs the approvals plugin. */
  | { type: 'startApproval'; flow?: string; object?: string; record?: ValueSpec }
);

export interface WorkflowItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  /** The object whose records the run is about (record and date triggers need it). */
  object?: string;
  active?: boolean;
  /** The business calendar waits in business time count by (default: the tenant's `default`). */
  calendar?: string;
  /** The user runs act as when no user started them (default none: the system). */
  runAs?: string;
  /** HMAC-SHA256 key of inbound webhook calls and outbound deliveries (server-only: never pulled back in clear? kept as given). */
  secret?: string;
  trigger: Trigger;
  steps: Step[];
}

const ID = '^[a-zA-Z][a-zA-Z0-9_-]{0,62}$';
const DURATION = duration('ISO 8601 duration: PT24H, P15D.');
const EXPR = expression('An expression over the run\'s record (the expression language).');
const VALUE = { description: 'A literal, or {"expr": "…"} evaluated over the run\'s record.' };
const DATA = { type: 'object', propertyNames: { pattern: NAME }, additionalProperties: VALUE };
const step = (type: string, required: string[], properties: Record<string, unknown>) => ({
  type: 'object', required: ['id', 'type', ...required], additionalProperties: false,
  properties: { id: { type: 'string', pattern: ID }, type: { const: type }, label: { type: 'string', maxLength: 200 }, next: { type: 'string', pattern: ID }, ...properties },
});

/** The JSON Schema of one workflow (`tessera:workflow`, published at GET /metadata/schema). */
export const workflowSchema = {
  title: 'Workflow',
  description: 'A trigger and steps: what happens, durably and once, when records change, at times, or on request.',
  type: 'object',
  required: ['name', 'trigger', 'steps'],
  additionalProperties: false,
  properties: {
    ...OBJECT_ITEM,
    active: { type: 'boolean', default: true },
    calendar: { type: 'string', pattern: NAME },
    runAs: { type: 'string', format: 'uuid' },
    secret: { type: 'string', minLength: 16, maxLength: 200 },
    trigger: {
      oneOf: [
        { type: 'object', required: ['type', 'on'], additionalProperties: false, properties: { type: { const: 'record' }, on: { type: 'array', minItems: 1, uniqueItems: true, items: { enum: ['create', 'update', 'delete'] } }, fields: { type: 'array', items: { type: 'string', pattern: NAME } }, condition: EXPR } },
        { type: 'object', required: ['type', 'field'], additionalProperties: false, properties: { type: { const: 'date' }, field: { type: 'string', pattern: NAME }, offset: { ...DURATION, description: 'After the field\'s time (default none): PT24H.' }, business: { type: 'boolean' }, condition: EXPR } },
        { type: 'object', required: ['type', 'cron'], additionalProperties: false, properties: { type: { const: 'cron' }, cron: { type: 'string', maxLength: 100 }, timeZone: { type: 'string', maxLength: 64 } } },
        { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'manual' } } },
        { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'webhook' } } },
        { type: 'object', required: ['type'], additionalProperties: false, properties: { type: { const: 'approval' }, flows: { type: 'array', items: { type: 'string', pattern: NAME } }, outcomes: { type: 'array', uniqueItems: true, items: { enum: ['approved', 'rejected', 'withdrawn', 'terminated'] } } } },
      ],
    },
    steps: {
      type: 'array', maxItems: 200,
      items: {
        oneOf: [
          step('branch', ['branches'], { branches: { type: 'array', minItems: 1, items: { type: 'object', required: ['when', 'next'], additionalProperties: false, properties: { when: EXPR, next: { type: 'string', pattern: ID } } } }, otherwise: { type: 'string', pattern: ID } }),
          step('update', ['data'], { object: { type: 'string', pattern: NAME }, record: { ...VALUE, description: 'The record\'s id (default the run\'s record).' }, filter: { type: 'object' }, data: DATA }),
          step('create', ['object', 'data'], { object: { type: 'string', pattern: NAME }, data: DATA }),
          step('command', ['command'], { command: { type: 'string', pattern: NAME }, object: { type: 'string', pattern: NAME }, record: { ...VALUE, description: 'The record\'s id (default the run\'s record).' }, input: DATA }),
          step('script', ['action'], { action: { type: 'string', pattern: NAME }, object: { type: 'string', pattern: NAME }, record: { ...VALUE, description: 'The record\'s id (default the run\'s record).' }, input: DATA }),
          step('notify', ['to', 'title'], { to: { type: 'array', minItems: 1, maxItems: 100, items: VALUE }, title: VALUE, body: VALUE, email: { type: 'boolean' } }),
          step('webhook', ['url'], { url: { type: 'string', pattern: '^https?://', maxLength: 2000 }, method: { enum: ['POST', 'PUT'] }, body: DATA }),
          step('wait', [], { duration: DURATION, business: { type: 'boolean' }, until: EXPR, condition: EXPR, timeout: DURATION }),
          step('forEach', ['object', 'workflow'], { object: { type: 'string', pattern: NAME }, filter: { type: 'object' }, workflow: { type: 'string', pattern: NAME }, max: { type: 'integer', minimum: 1, maximum: 10000 } }),
          step('callWorkflow', ['workflow'], { workflow: { type: 'string', pattern: NAME }, wait: { type: 'boolean', default: true } }),
          step('startApproval', [], { flow: { type: 'string', pattern: NAME, description: 'The approval flow (default: the first active one whose entry criteria hold).' }, object: { type: 'string', pattern: NAME }, record: { ...VALUE, description: 'The record\'s id (default the run\'s record).' } }),
        ],
      },
    },
  },
} as const;
