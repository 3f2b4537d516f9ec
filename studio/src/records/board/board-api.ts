import { dataApi } from '../../api/graphql.ts';
import type { FieldMeta, ObjectMeta } from '../../api/metadata.ts';
import { recordSelection } from '../data/selection.ts';
import type { RecordData } from '../data/records-api.ts';

/** How many cards a column loads (its total count is always exact). */
export const CARDS_PER_COLUMN = 50;

/** A column of the board: one option of the field (its value as the data API names it), or records without a value. */
export interface BoardColumn {
  key: string | null;
  label: string;
  color: string | null;
}

export interface BoardData {
  cards: Map<string | null, RecordData[]>;
  counts: Map<string | null, number>;
  sums: Map<string | null, number>;
}

/** An option's value as the data API reads and writes it (the enum name, when the stored value is no GraphQL name). */
export const apiValue = (option: { value: string; enumValue?: string }): string => option.enumValue ?? option.value;

export function boardColumns(field: FieldMeta, noneLabel: string): BoardColumn[] {
  return [...(field.options ?? []).map((o) => ({ key: apiValue(o), label: o.label, color: o.color })), { key: null, label: noneLabel, color: null }];
}

/**
 * Every column's first cards and exact count, and the per-column total of `measure`, in ONE request:
 * a list per column (aliased) and one aggregate grouped by the field.
 */
export async function loadBoard(object: ObjectMeta, objects: ObjectMeta[], field: FieldMeta, columns: BoardColumn[], measure: FieldMeta | undefined): Promise<BoardData> {
  const selection = recordSelection(object, objects);
  const api = object.api;
  const variables: Record<string, unknown> = {};
  const lists = columns.map((c, i) => {
    variables[`f${i}`] = c.key === null ? { [field.name]: { isNull: true } } : { [field.name]: { eq: c.key } };
    return `c${i}: ${api.many}(filter: $f${i}, first: ${CARDS_PER_COLUMN}, orderBy: [{updatedAt: DESC}]) { totalCount nodes { ${selection} } }`;
  });
  const params = columns.map((_, i) => `$f${i}: ${api.filter}`).join(', ');
  const sum = measure ? ` sum { ${measure.name} }` : '';
  const document = `query Board(${params}) { ${lists.join(' ')} totals: ${api.aggregate}(groupBy: [{${field.name}: true}]) { key { ${field.name} } count${sum} } }`;
  const data = await dataApi<Record<string, any>>(document, variables);
  const cards = new Map<string | null, RecordData[]>();
  const counts = new Map<string | null, number>();
  const sums = new Map<string | null, number>();
  columns.forEach((c, i) => {
    cards.set(c.key, data[`c${i}`].nodes);
    counts.set(c.key, data[`c${i}`].totalCount);
  });
  for (const row of data.totals as { key: Record<string, string | null>; sum?: Record<string, unknown> }[]) {
    const raw = row.sum?.[measure?.name ?? ''];
    const amount = raw && typeof raw === 'object' ? Number((raw as { amount?: number }).amount ?? 0) : Number(raw ?? 0);
    sums.set(row.key[field.name] ?? null, amount);
  }
  return { cards, counts, sums };
}

/** The fields a board can group by: select fields with options. */
export const groupingFields = (object: ObjectMeta): FieldMeta[] => object.fields.filter((f) => f.type === 'select' && (f.options?.length ?? 0) > 0);

/** The field whose total each column shows: the first number or money field that sums. */
export const measureField = (object: ObjectMeta): FieldMeta | undefined => object.fields.find((f) => f.capabilities.aggregates.includes('sum'));
