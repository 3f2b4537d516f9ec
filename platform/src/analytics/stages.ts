import type { CatalogObject } from '../metadata/catalog.ts';
import type { ResolvedField } from '../metadata/definitions.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

/**
 * A select field marked `trackStages: true`, as the analytics read and keep it. Its stages are the
 * options in their order; `outcome: 'lost'` options are no steps of the funnel (a lost record
 * reached the steps it passed before, no further), `outcome: 'won'` ones close the sale.
 */
export interface StageField {
  /** The field definition's id: stable across renames, so history and columns survive them. */
  fieldId: string;
  field: ResolvedField;
  /** The funnel's steps: the options that are not lost, in option order. */
  steps: string[];
  won: string[];
  lost: string[];
  /** The object table's column holding each record's furthest step reached (`_reach_<id>`). */
  reachColumn: string;
}

/** The table of every tracked field's stage stays in a tenant schema: one row per stay, entered and left. */
export const HISTORY_TABLE = '_stage_history';

export const historyTable = (schema: string) => qualified(schema, HISTORY_TABLE);

/** The column of the object's table holding a tracked field's furthest step; named by the field id (renames keep it). */
export const reachColumnOf = (fieldId: string) => `_reach_${fieldId.replaceAll('-', '')}`;

export function isTracked(field: ResolvedField): boolean {
  return field.type === 'select' && field.trackStages === true && Array.isArray(field.options);
}

export function stageField(fieldId: string, field: ResolvedField): StageField {
  const options = field.options ?? [];
  return {
    fieldId,
    field,
    steps: options.filter((o) => o.outcome !== 'lost').map((o) => o.value),
    won: options.filter((o) => o.outcome === 'won').map((o) => o.value),
    lost: options.filter((o) => o.outcome === 'lost').map((o) => o.value),
    reachColumn: reachColumnOf(fieldId),
  };
}

/** An object's tracked stage fields (a filter of its few fields: cheaper than keeping a cache right through changes). */
export function stageFields(object: CatalogObject): StageField[] {
  const out: StageField[] = [];
  for (const f of object.fields.values()) if (isTracked(f.definition)) out.push(stageField(f.id, f.definition));
  return out;
}

/**
 * What a change of the options or of the property means for the stored furthest steps: the steps
 * in order; a change of it recomputes every record's furthest step from the history.
 */
export const reachKey = (s: StageField) => JSON.stringify(s.steps);

/**
 * SQL of the furthest of two steps by the current order (`$steps` a text[] parameter): a value that
 * is no step (a lost stage, null) never wins.
 */
export function furthestSql(steps: string, current: string, candidate: string): string {
  return `case when coalesce(array_position(${steps}, ${candidate}), 0) > coalesce(array_position(${steps}, ${current}), 0) then ${candidate} else ${current} end`;
}

export const q = quoteIdent;
