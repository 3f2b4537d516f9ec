import { typeKey } from '../ui/filter.ts';
import type { FieldMeta, ObjectMeta } from '../api/metadata.ts';
import type { ChartBlock } from './api.ts';

const DATE_TYPES = new Set(['date', 'datetime']);
/** Whether a field is grouped by date buckets. */
export const isDateField = (f: FieldMeta | undefined): boolean => !!f && DATE_TYPES.has(typeKey(f.type));
export const BUCKETS = ['DAY', 'WEEK', 'MONTH', 'QUARTER', 'YEAR'] as const;

/** Fields whose type offers an aggregate function (sum/avg/min/max). */
export const measurableFields = (o: ObjectMeta | undefined, fn: string): FieldMeta[] => (o?.fields ?? []).filter((f) => f.capabilities.aggregates.includes(fn));
export const groupableFields = (o: ObjectMeta | undefined): FieldMeta[] => (o?.fields ?? []).filter((f) => f.capabilities.groupable);

/** The data API document for a block: `<object>Aggregate(filter, groupBy)` selecting the key and the measure. */
export function aggregateQuery(block: ChartBlock, object: ObjectMeta): string {
  const group = block.groupBy ? `, groupBy: [{${block.groupBy.field}: ${block.groupBy.bucket ?? 'true'}}]` : '';
  const key = block.groupBy ? `key { ${block.groupBy.field} } ` : '';
  const measure = block.measure.fn === 'count' ? 'count' : `${block.measure.fn} { ${block.measure.field} }`;
  return `query($filter: ${object.api.filter}) { rows: ${object.api.aggregate}(filter: $filter${group}) { ${key}${measure} } }`;
}

export interface Point { label: string; value: number }

/** Rows of the aggregate as chart points; a group's label is its option label, date bucket or value. */
export function toPoints(block: ChartBlock, object: ObjectMeta, rows: Record<string, any>[], emptyLabel: string): Point[] {
  const field = object.fields.find((f) => f.name === block.groupBy?.field);
  return rows.map((row) => {
    const raw = block.groupBy ? row.key?.[block.groupBy.field] : null;
    const option = field?.options?.find((o) => o.value === raw);
    const label = !block.groupBy ? object.pluralLabel : raw == null ? emptyLabel : option ? option.label : block.groupBy.bucket ? String(raw).slice(0, 10) : String(raw);
    const value = block.measure.fn === 'count' ? row.count : row[block.measure.fn]?.[block.measure.field!];
    return { label, value: Number(value ?? 0) };
  });
}
