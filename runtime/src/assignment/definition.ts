import type { Member } from '../pools/index.ts';
import { DURATION_PATTERN, MEMBERS, NAME_PATTERN as NAME, expression } from '../schema-parts.ts';

/**
 * Assignment rules (metadata kind `assignmentRules`, 分配): who inside a stage gets a record. Each
 * item is one rule of an object; an object's active rules are tried in `order` (then name) and the
 * first whose condition holds and that finds a rep with room assigns the record.
 */
export type Strategy = 'roundRobin' | 'loadBalanced' | 'named' | 'bestToBest';

export interface Performance {
  /** The object whose records measure a rep (their owner): opportunities, or the leads themselves. */
  object: string;
  /** `amount`: the sum of `amountField` over the rep's won records; `conversion`: won / all of the rep's records. */
  measure: 'amount' | 'conversion';
  /** The field whose value tells a record won, and the values that mean won. */
  field: string;
  won: string[];
  amountField?: string;
  /** ISO 8601 duration: records created within it before now count (default P90D). */
  window?: string;
}

export interface AssignmentRuleItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  /** Rules of an object are tried by `order`, then by name. */
  order?: number;
  active?: boolean;
  /** An expression over the record (territory, industry, channel, size…); absent: always. */
  when?: string;
  strategy: Strategy;
  /** The reps the rule chooses among (users, a role, a group); required but for `named`. */
  team?: Member[];
  /** `named`: the record's user field (or a text field holding an e-mail) naming the rep the customer asked for. */
  userField?: string;
  /** At most this many records of the object per rep (else the record's pool's privateCap). */
  capacity?: number;
  /** Per-rep capacities (the user id), over `capacity`. */
  capacities?: { user: string; capacity: number }[];
  /** `bestToBest`: the numeric field holding the record's score, and the range it spans. */
  scoreField?: string;
  scoreRange?: { min: number; max: number };
  performance?: Performance;
}

/**
 * Dispatch rules (metadata kind `dispatchRules`, 派单): when a record meets the criteria it moves to
 * the next stage's team, only inside the calendar's working hours (outside them it is queued until
 * the working day starts); once per record and rule.
 */
export interface DispatchRuleItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  order?: number;
  active?: boolean;
  /** Fields that must hold a value. */
  requiredFields?: string[];
  /** A numeric field that must be at least `min`. */
  score?: { field: string; min: number };
  /** Any further condition (an expression over the record). */
  when?: string;
  /** The next stage's team: the pool the record moves to (its public part)… */
  pool?: string;
  /** …values to set (the stage field)… */
  set?: Record<string, unknown>;
  /** …and whether the assignment rules then give it to a rep of that team. */
  assign?: boolean;
  /** The business calendar whose working hours it happens in (absent: the tenant's default). */
  calendar?: string;
}

const EXPR = expression();
const common = {
  name: { type: 'string', pattern: NAME },
  label: { $ref: 'tessera:label' },
  description: { type: 'string', maxLength: 2000 },
  object: { type: 'string', pattern: NAME },
  order: { type: 'integer', minimum: -1_000_000, maximum: 1_000_000 },
  active: { type: 'boolean' },
  when: EXPR,
};

/** The JSON Schema of one assignment rule (`tessera:assignmentRule`). */
export const assignmentRuleSchema = {
  title: 'Assignment rule',
  description: 'One rule giving records of an object to a rep (分配): a condition and a strategy (roundRobin, loadBalanced, named, bestToBest) over a team, within caps.',
  type: 'object',
  required: ['name', 'object', 'strategy'],
  additionalProperties: false,
  properties: {
    ...common,
    strategy: { enum: ['roundRobin', 'loadBalanced', 'named', 'bestToBest'] },
    team: MEMBERS,
    userField: { type: 'string', pattern: NAME },
    capacity: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    capacities: { type: 'array', maxItems: 500, items: { type: 'object', required: ['user', 'capacity'], additionalProperties: false, properties: { user: { type: 'string', format: 'uuid' }, capacity: { type: 'integer', minimum: 0, maximum: 1_000_000 } } } },
    scoreField: { type: 'string', pattern: NAME },
    scoreRange: { type: 'object', required: ['min', 'max'], additionalProperties: false, properties: { min: { type: 'number' }, max: { type: 'number' } } },
    performance: {
      type: 'object', required: ['object', 'measure', 'field', 'won'], additionalProperties: false,
      properties: {
        object: { type: 'string', pattern: NAME },
        measure: { enum: ['amount', 'conversion'] },
        field: { type: 'string', pattern: NAME },
        won: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200 } },
        amountField: { type: 'string', pattern: NAME },
        window: { type: 'string', pattern: DURATION_PATTERN },
      },
    },
  },
} as const;

/** The JSON Schema of one dispatch rule (`tessera:dispatchRule`). */
export const dispatchRuleSchema = {
  title: 'Dispatch rule',
  description: 'Moves a record of an object to the next stage\'s team (a pool, field values, then the assignment rules) when it meets the criteria, inside a business calendar\'s working hours (派单).',
  type: 'object',
  required: ['name', 'object'],
  additionalProperties: false,
  properties: {
    ...common,
    requiredFields: { type: 'array', maxItems: 50, items: { type: 'string', pattern: NAME } },
    score: { type: 'object', required: ['field', 'min'], additionalProperties: false, properties: { field: { type: 'string', pattern: NAME }, min: { type: 'number' } } },
    pool: { type: 'string', pattern: NAME },
    set: { type: 'object', maxProperties: 50, propertyNames: { pattern: NAME } },
    assign: { type: 'boolean' },
    calendar: { type: 'string', minLength: 1, maxLength: 100 },
  },
} as const;
