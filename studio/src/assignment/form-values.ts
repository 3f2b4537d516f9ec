import { fromPicks, toPicks } from '../setup/security/members.ts';
import type { AssignmentRule, DispatchRule } from './api.ts';

/**
 * The rule editors' form values and their translation to and from the stored items (the JSON Schemas
 * in runtime/src/assignment/definition.ts). An item is rebuilt from the one it edits: what the form
 * does not edit (label, description, per-rep capacities, the score range, the performance window, set
 * values beyond those shown) is kept, and saving a rule unchanged stores the same document.
 */
export interface AValues {
  name: string; object: string; order: string; active: boolean; when: string; strategy: AssignmentRule['strategy'];
  /** Picks of users, roles and groups (setup/security/members.ts). */
  team: string[];
  userField: string; capacity: string; scoreField: string;
  perfObject: string; perfMeasure: 'amount' | 'conversion'; perfField: string; perfWon: string[]; perfAmount: string;
}

export interface DValues {
  name: string; object: string; order: string; active: boolean; when: string;
  requiredFields: string[]; scoreField: string; scoreMin: string; pool: string;
  /** `set` as rows: a field and its value as the input holds it (text; `true`/`false` for a boolean). */
  set: { field: string; value: string }[];
  assign: boolean; calendar: string;
}

/** Field types the engine reads as numbers (a score, an amount): runtime/src/assignment/kind.ts NUMERIC. */
export const NUMERIC_TYPES = ['number', 'currency', 'percent', 'integer', 'rating', 'formula', 'rollup'];
/** Field types `named` reads a rep from: a user, or an e-mail (kind.ts). */
export const REP_TYPES = ['user', 'email', 'text'];

type Performance = { object: string; measure: 'amount' | 'conversion'; field: string; won: string[]; amountField?: string; window?: string };

const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));
/** Sets `key` to `value`, or removes it when the value is absent (undefined or ''). */
function put(item: Record<string, unknown>, key: string, value: unknown) {
  if (value === undefined || value === '') delete item[key];
  else item[key] = value;
}
/** `active: true` is the default: written only when the item had it. */
const activeOf = (on: boolean, base?: { active?: boolean }) => (on ? (base?.active === true ? true : undefined) : false);

export function toAValues(rule?: AssignmentRule): AValues {
  const perf = rule?.performance as Performance | undefined;
  return {
    name: rule?.name ?? '', object: rule?.object ?? '', order: str(rule?.order), active: rule?.active !== false, when: rule?.when ?? '', strategy: rule?.strategy ?? 'roundRobin',
    team: toPicks(rule?.team), userField: rule?.userField ?? '', capacity: str(rule?.capacity), scoreField: rule?.scoreField ?? '',
    perfObject: perf?.object ?? '', perfMeasure: perf?.measure ?? 'amount', perfField: perf?.field ?? '', perfWon: perf?.won ?? [], perfAmount: perf?.amountField ?? '',
  };
}

/** The form's values as an assignment rule, over `base` (the rule edited). Fields a strategy does not use are left out. */
export function toAssignmentRule(v: AValues, base?: AssignmentRule): AssignmentRule {
  const item: Record<string, unknown> = { ...(base ?? {}), name: v.name.trim(), object: v.object, strategy: v.strategy };
  put(item, 'order', v.order.trim() === '' ? undefined : Number(v.order));
  put(item, 'active', activeOf(v.active, base));
  put(item, 'when', v.when.trim());
  const team = fromPicks(v.team);
  put(item, 'team', team.length ? team : undefined);
  put(item, 'userField', v.strategy === 'named' ? v.userField : undefined);
  put(item, 'capacity', v.capacity.trim() === '' ? undefined : Number(v.capacity));
  const best = v.strategy === 'bestToBest';
  put(item, 'scoreField', best ? v.scoreField : undefined);
  if (!best) delete item.scoreRange;
  const window = (base?.performance as Performance | undefined)?.window;
  put(item, 'performance', best ? {
    object: v.perfObject, measure: v.perfMeasure, field: v.perfField, won: v.perfWon,
    ...(v.perfMeasure === 'amount' && v.perfAmount ? { amountField: v.perfAmount } : {}), ...(window ? { window } : {}),
  } : undefined);
  return item as AssignmentRule;
}

export function toDValues(rule?: DispatchRule): DValues {
  return {
    name: rule?.name ?? '', object: rule?.object ?? '', order: str(rule?.order), active: rule?.active !== false, when: rule?.when ?? '',
    requiredFields: rule?.requiredFields ?? [], scoreField: rule?.score?.field ?? '', scoreMin: str(rule?.score?.min), pool: rule?.pool ?? '',
    set: Object.entries(rule?.set ?? {}).map(([field, value]) => ({ field, value: str(value) })), assign: !!rule?.assign, calendar: rule?.calendar ?? '',
  };
}

/** A value typed for `field` as the record stores it: numbers for numeric fields, booleans, null for blank, else the text. */
function typed(value: string, type: string | undefined): unknown {
  if (value === '') return null;
  if (type === 'boolean') return value === 'true';
  if (type && NUMERIC_TYPES.includes(type) && Number.isFinite(Number(value))) return Number(value);
  return value;
}

/** The form's values as a dispatch rule, over `base`; `typeOf` names a field's type (set values are stored typed). */
export function toDispatchRule(v: DValues, base: DispatchRule | undefined, typeOf: (field: string) => string | undefined): DispatchRule {
  const item: Record<string, unknown> = { ...(base ?? {}), name: v.name.trim(), object: v.object };
  put(item, 'order', v.order.trim() === '' ? undefined : Number(v.order));
  put(item, 'active', activeOf(v.active, base));
  put(item, 'when', v.when.trim());
  put(item, 'requiredFields', v.requiredFields.length ? v.requiredFields : undefined);
  put(item, 'score', v.scoreField ? { field: v.scoreField, min: Number(v.scoreMin || 0) } : undefined);
  put(item, 'pool', v.pool);
  const rows = v.set.filter((r) => r.field);
  // A value the user did not touch keeps its stored form (a number stays a number whatever the field now is).
  const stored = base?.set ?? {};
  put(item, 'set', rows.length ? Object.fromEntries(rows.map((r) => [r.field, r.field in stored && str(stored[r.field]) === r.value ? stored[r.field] : typed(r.value, typeOf(r.field))])) : undefined);
  put(item, 'assign', v.assign ? true : base?.assign === false ? false : undefined);
  put(item, 'calendar', v.calendar);
  return item as DispatchRule;
}
