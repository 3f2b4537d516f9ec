import { Ajv2020 } from 'ajv/dist/2020.js';
import { PlatformError } from '../errors/index.ts';
import type { TenantCatalog } from '../metadata/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField } from '../metadata/definitions.ts';

/** A field as readers see it: a formula as a field of its return type. */
const readAs = (f: ResolvedField): ResolvedField => fieldType(f.type).readAs?.(f) ?? f;
import schema from './dashboard.schema.json' with { type: 'json' };

export interface ChartBlock {
  id: string;
  type: 'chart';
  title?: string;
  object: string;
  measure: { fn: 'count' | 'sum' | 'avg' | 'min' | 'max'; field?: string };
  groupBy?: { field: string; bucket?: 'DAY' | 'WEEK' | 'MONTH' | 'QUARTER' | 'YEAR' };
  chart: 'bar' | 'line' | 'pie' | 'funnel';
  filter?: Record<string, unknown>;
}

/** A funnel of a tracked stage field (analytics/funnel.ts), per `groupBy` value, over records created in [from, to). */
export interface FunnelBlock {
  id: string;
  type: 'funnel';
  title?: string;
  object: string;
  stageField: string;
  groupBy?: string;
  from?: string;
  to?: string;
}

/** An object's forecast for a period (analytics/forecast.ts). */
export interface ForecastBlock {
  id: string;
  type: 'forecast';
  title?: string;
  object: string;
  period: string;
}

export type DashboardBlock = ChartBlock | FunnelBlock | ForecastBlock;

export const DASHBOARD_BLOCKS_SCHEMA = schema;
const validateShape = new Ajv2020({ allErrors: true, strict: false }).compile(schema);
const DATE_TYPES = new Set(['date', 'dateTime']);

type Detail = { pointer: string; message: string };

/** What JSON Schema cannot know: the objects and fields exist, and their types allow the measure and grouping. */
function checkAgainstCatalog(blocks: DashboardBlock[], catalog: TenantCatalog): Detail[] {
  const details: Detail[] = [];
  blocks.forEach((b, i) => {
    const at = `/blocks/${i}`;
    const object = catalog.objects.get(b.object)?.definition;
    if (!object) { details.push({ pointer: `${at}/object`, message: `no object "${b.object}"` }); return; }
    const field = (name: string) => { const f = object.fields.find((x) => x.name === name); return f && readAs(f); };
    if (b.type === 'funnel') {
      const stage = field(b.stageField);
      if (!stage || stage.type !== 'select' || stage.trackStages !== true) details.push({ pointer: `${at}/stageField`, message: `${b.object}.${b.stageField} is no select field with trackStages: true` });
      const system = b.groupBy !== undefined && ['ownerId', 'createdBy', 'updatedBy'].includes(b.groupBy);
      const group = b.groupBy === undefined ? undefined : field(b.groupBy);
      if (b.groupBy !== undefined && !system && (!group || !fieldType(group.type).capabilities.groupable)) details.push({ pointer: `${at}/groupBy`, message: `${b.object}.${b.groupBy} cannot be grouped by` });
      for (const key of ['from', 'to'] as const) if (b[key] !== undefined && Number.isNaN(Date.parse(b[key]!))) details.push({ pointer: `${at}/${key}`, message: 'not a date-time' });
      return;
    }
    if (b.type === 'forecast') return;
    if (b.measure.fn !== 'count') {
      const f = field(b.measure.field!);
      if (!f) details.push({ pointer: `${at}/measure/field`, message: `${b.object} has no field "${b.measure.field}"` });
      else if (!fieldType(f.type).capabilities.aggregates.includes(b.measure.fn)) details.push({ pointer: `${at}/measure/fn`, message: `${f.type} fields have no ${b.measure.fn}` });
    }
    if (b.groupBy) {
      const f = field(b.groupBy.field);
      const system = ['createdAt', 'updatedAt', 'ownerId', 'createdBy', 'updatedBy'].includes(b.groupBy.field);
      if (!f && !system) details.push({ pointer: `${at}/groupBy/field`, message: `${b.object} has no field "${b.groupBy.field}"` });
      else if (f && !fieldType(f.type).capabilities.groupable) details.push({ pointer: `${at}/groupBy/field`, message: `${f.type} fields cannot be grouped by` });
      const isDate = f ? DATE_TYPES.has(f.type) : b.groupBy.field.endsWith('At');
      if (b.groupBy.bucket && !isDate) details.push({ pointer: `${at}/groupBy/bucket`, message: 'only date fields have buckets' });
      if (!b.groupBy.bucket && isDate) details.push({ pointer: `${at}/groupBy/bucket`, message: 'a date field is grouped by a bucket (DAY, WEEK, MONTH, QUARTER, YEAR)' });
    }
  });
  return details;
}

/** Validates a dashboard's name and blocks (JSON Schema, then the catalog): VALIDATION_FAILED with a pointer per problem. */
export function validateDashboard(input: { name: string; blocks: unknown }, catalog: TenantCatalog): DashboardBlock[] {
  const details: Detail[] = [];
  if (!input.name.trim() || input.name.length > 200) details.push({ pointer: '/name', message: 'a name has 1 to 200 characters' });
  if (!validateShape(input.blocks)) {
    for (const e of validateShape.errors ?? []) {
      if (e.keyword === 'if') continue;
      const extra = e.keyword === 'additionalProperties' ? ` (${(e.params as { additionalProperty: string }).additionalProperty})` : e.keyword === 'enum' ? ` (${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')})` : '';
      details.push({ pointer: `/blocks${e.instancePath}`, message: `${e.message ?? 'invalid'}${extra}` });
    }
  } else details.push(...checkAgainstCatalog(input.blocks as DashboardBlock[], catalog));
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid dashboard: ${details[0].pointer} ${details[0].message}`, { details });
  return input.blocks as DashboardBlock[];
}
