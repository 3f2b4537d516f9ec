import { NAME_PATTERN, duration, expression } from '../schema-parts.ts';
/**
 * A scoring rule as documents carry it (metadata kind `scoringRules`): the number field of an object
 * that holds the score (a real stored column, so lists sort and filter on it), and the points that
 * make it: by criteria (an expression over the record, lookups included) and by activity (per related
 * record of an activity object matching a condition, optionally within a time window, optionally capped).
 */
export interface CriterionRule {
  label?: string;
  /** A boolean expression over the record (`industry = "Education"`, `account.size > 100`). */
  when: string;
  points: number;
}

export interface ActivityRule {
  label?: string;
  /** The activity object (`call`, `activity`). */
  object: string;
  /** Its lookup (or master-detail) to the scored object. */
  field: string;
  /** A boolean expression over the activity (`type = "Call"`); absent: every activity counts. */
  when?: string;
  /** Points per counted activity. */
  points: number;
  /** ISO 8601 duration: only activities whose `dateField` is within it of now count (P30D: the last 30 days). */
  within?: string;
  /** The activity's date or date-time field the window reads (default `createdAt`). */
  dateField?: string;
  /** At most this many points from this rule. */
  max?: number;
}

export interface ScoringRuleItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  /** The number (or integer) field of `object` the score is stored in. */
  field: string;
  active?: boolean;
  criteria?: CriterionRule[];
  activities?: ActivityRule[];
}

const NAME = { type: 'string', pattern: NAME_PATTERN };
const POINTS = { type: 'number', minimum: -1_000_000, maximum: 1_000_000 };
const DURATION = duration('ISO 8601 duration (P30D).');
const EXPR = expression();

/** The JSON Schema of one scoring rule (`tessera:scoringRule`, published at GET /metadata/schema). */
export const scoringRuleSchema = {
  title: 'Scoring rule',
  description: 'Points by criteria and by activity, summed into a stored number field of the object, recomputed on change.',
  type: 'object',
  required: ['name', 'object', 'field'],
  additionalProperties: false,
  properties: {
    name: NAME,
    label: { $ref: 'tessera:label' },
    description: { type: 'string', maxLength: 2000 },
    object: NAME,
    field: NAME,
    active: { type: 'boolean', default: true },
    criteria: {
      type: 'array', maxItems: 100,
      items: { type: 'object', required: ['when', 'points'], additionalProperties: false, properties: { label: { type: 'string', maxLength: 200 }, when: EXPR, points: POINTS } },
    },
    activities: {
      type: 'array', maxItems: 20,
      items: {
        type: 'object', required: ['object', 'field', 'points'], additionalProperties: false,
        properties: { label: { type: 'string', maxLength: 200 }, object: NAME, field: NAME, when: EXPR, points: POINTS, within: DURATION, dateField: NAME, max: { type: 'number', minimum: 0, maximum: 1_000_000_000 } },
      },
    },
  },
} as const;
