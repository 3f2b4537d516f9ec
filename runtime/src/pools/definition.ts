import { OBJECT_ITEM, MEMBERS, NAME_PATTERN as NAME, duration } from '../schema-parts.ts';
/**
 * A pool as documents carry it (metadata kind `pools`): a public pool (公海) of one object with its
 * members, and the rules of the private pools (私海) its records enter: each rep's cap, the daily
 * claim quota, the cooldown before re-claiming a record one gave back, the first follow-up deadline,
 * the overdue rule, reminders before each deadline, what counts as a follow-up, transfer rules.
 */
import type { Member } from '../people.ts';

export type { Member };

export interface TransferRule {
  /** An expression over the record; when it holds, the record moves to `to` (its public part). */
  when: string;
  to: string;
}

export interface PoolItem extends Record<string, unknown> {
  name: string;
  label?: unknown;
  description?: string;
  object: string;
  /** The pool records of the object enter when they name none (created, imported): one per object. */
  default?: boolean;
  /** Who may claim from the pool (absent or empty: everyone who may read the object). */
  members?: Member[];
  /** Who may assign its records to others (absent: administrators only). */
  managers?: Member[];
  /** At most this many records of the object owned by one rep (their private pool) when a record of this pool enters it. */
  privateCap?: number;
  /** At most this many claims of the object's records per rep and local day. */
  dailyClaimQuota?: number;
  /** ISO 8601 duration: a rep may not claim again a record they released (or had recycled) before it passes. */
  reclaimCooldown?: string;
  /** ISO 8601 duration after a record enters a private pool: without a follow-up by then it is recycled (FIRST_FOLLOW_UP_OVERDUE). */
  firstFollowUp?: string;
  /** ISO 8601 duration: a record without a follow-up for this long (since the last one) is recycled (NO_FOLLOW_UP). */
  overdue?: string;
  /** ISO 8601 duration before each deadline: the owner is notified then. */
  remindBefore?: string;
  /** What counts as a follow-up: a record of `activities[].object` whose lookup `field` names the record, or a change of one of `fields`. */
  followUp?: { activities?: { object: string; field: string }[]; fields?: string[] };
  /** Checked after each write of a record of the pool, in order: the first that holds moves it. */
  transfers?: TransferRule[];
  /** The reasons a rep may give when releasing (absent: any text). */
  releaseReasons?: string[];
  /** IANA zone of the "day" of the daily quota (default Asia/Shanghai). */
  timeZone?: string;
}

const DURATION = duration('ISO 8601 duration (PT24H, P15D).');

/** The JSON Schema of one pool (`tessera:pool`, published at GET /metadata/schema). */
export const poolSchema = {
  title: 'Pool',
  description: 'A public pool (公海) of an object and the rules of the private pools (私海) its records enter: cap, daily claim quota, cooldown, first follow-up, overdue, reminders, follow-ups, transfers.',
  type: 'object',
  required: ['name', 'object'],
  additionalProperties: false,
  properties: {
    ...OBJECT_ITEM,
    default: { type: 'boolean' },
    members: MEMBERS,
    managers: MEMBERS,
    privateCap: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    dailyClaimQuota: { type: 'integer', minimum: 0, maximum: 1_000_000 },
    reclaimCooldown: DURATION,
    firstFollowUp: DURATION,
    overdue: DURATION,
    remindBefore: DURATION,
    followUp: {
      type: 'object', additionalProperties: false,
      properties: {
        activities: { type: 'array', maxItems: 20, items: { type: 'object', required: ['object', 'field'], additionalProperties: false, properties: { object: { type: 'string', pattern: NAME }, field: { type: 'string', pattern: NAME } } } },
        fields: { type: 'array', maxItems: 50, items: { type: 'string', pattern: NAME } },
      },
    },
    transfers: {
      type: 'array', maxItems: 50,
      items: { type: 'object', required: ['when', 'to'], additionalProperties: false, properties: { when: { type: 'string', minLength: 1, maxLength: 4000 }, to: { type: 'string', pattern: NAME } } },
    },
    releaseReasons: { type: 'array', maxItems: 50, items: { type: 'string', minLength: 1, maxLength: 200 } },
    timeZone: { type: 'string', maxLength: 64 },
  },
} as const;
