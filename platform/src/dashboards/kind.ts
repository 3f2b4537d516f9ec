import type { ChangeTx } from '../changes/index.ts';
import { PlatformError } from '../errors/index.ts';
import { planItems } from '../kinds/diff.ts';
import { filterFields, renameInFilter } from '../kinds/filter-fields.ts';
import type { MetadataKind, StoredReference } from '../kinds/kind.ts';
import { changeCatalog } from '../metadata/index.ts';
import type { MetadataEngine } from '../metadata/engine.ts';
import { getDashboard, storeDashboard } from './store.ts';
import { DASHBOARD_BLOCKS_SCHEMA, validateDashboard, type DashboardBlock } from './validate.ts';

export interface DashboardItem {
  name: string;
  blocks: DashboardBlock[];
}

const { $schema: _s, $id: _i, title: _t, ...blocks } = DASHBOARD_BLOCKS_SCHEMA as Record<string, unknown>;
const schema = {
  $id: 'tessera:dashboard',
  title: 'Dashboard',
  description: 'A named dashboard: chart blocks over objects\' aggregates, run by each viewer with their own rights.',
  type: 'object', required: ['name', 'blocks'], additionalProperties: false,
  properties: { name: { type: 'string', minLength: 1, maxLength: 200, pattern: '\\S' }, blocks },
};

async function idByName(tx: ChangeTx, name: string): Promise<string | undefined> {
  return (await tx.sql.query<{ id: string }>('select id from tessera.dashboards where tenant_id = $1 and name = $2', [tx.tenantId, name]))[0]?.id;
}

/**
 * Dashboards, named. Their blocks use objects and fields (measure, grouping, filter): renaming one
 * rewrites the blocks; deleting one a block needs is refused (a chart without its measure is broken).
 */
export function dashboardKind(engine: MetadataEngine): MetadataKind<DashboardItem> {
  return {
    name: 'dashboard',
    documentKey: 'dashboards',
    schema,
    versions: [],
    capability: 'manageMetadata',
    after: ['object'],
    keyOf: (d) => d.name,
    async load(reader) {
      const rows = await reader.sql.query<DashboardItem>('select name, blocks from tessera.dashboards where tenant_id = $1 order by name', [reader.tenantId]);
      return rows.map((r) => ({ name: r.name, blocks: r.blocks }));
    },
    async check(tx, items) {
      const catalog = await changeCatalog(tx);
      return items.flatMap((item, i) => {
        try {
          validateDashboard(item, catalog);
          return [];
        } catch (error) {
          if (!(error instanceof PlatformError)) throw error;
          return error.details.map((d) => ({ ...d, pointer: `/${i}${d.pointer}` }));
        }
      });
    },
    diff(current, wanted) {
      return planItems(current, wanted, (d) => d.name);
    },
    async apply(tx, change) {
      const item = change.after!;
      await storeDashboard(tx, { id: change.action === 'update' ? await idByName(tx, item.name) : null, name: item.name, blocks: item.blocks });
      const steps = await engine.syncFunnels(tx);
      if (steps.length) return { statements: steps.flatMap((s) => s.statements), notes: steps.flatMap((s) => s.notes) };
    },
    async references(reader) {
      const objects = [...(await changeCatalog(reader)).objects.values()].map((o) => o.definition);
      const rows = await reader.sql.query<{ id: string; name: string; blocks: DashboardBlock[] }>('select id, name, blocks from tessera.dashboards where tenant_id = $1', [reader.tenantId]);
      return rows.flatMap((d) => d.blocks.flatMap((b, i): StoredReference[] => {
        const use = { kind: 'dashboard', item: d.name, handle: d.id, onDelete: 'refuse' as const, onRename: 'follow' as const };
        const at = `/blocks/${i}`;
        const field = (name: string, pointer: string): StoredReference => ({ ...use, target: { kind: 'field', name: `${b.object}.${name}` }, pointer });
        const object: StoredReference = { ...use, target: { kind: 'object', name: b.object }, pointer: `${at}/object` };
        if (b.type === 'forecast') return [object];
        if (b.type === 'funnel') return [object, field(b.stageField, `${at}/stageField`), ...(b.groupBy ? [field(b.groupBy, `${at}/groupBy`)] : [])];
        return [
          object,
          ...(b.measure.field ? [field(b.measure.field, `${at}/measure/field`)] : []),
          ...(b.groupBy ? [field(b.groupBy.field, `${at}/groupBy/field`)] : []),
          ...filterFields(objects, b.object, b.filter ?? {}, `${at}/filter`).map((f): StoredReference => ({ ...use, target: { kind: 'field', name: `${f.object}.${f.field}` }, pointer: f.pointer })),
        ];
      }));
    },
    async follow(tx, ref, event) {
      if (event.action !== 'rename') return '';
      const objects = [...(await changeCatalog(tx)).objects.values()].map((o) => o.definition);
      const dashboard = (await getDashboard(tx.sql, tx.tenantId, ref.handle))!;
      const [object, field] = event.target.kind === 'field' ? event.target.name.split('.') : [event.target.name, undefined];
      const rename = field !== undefined ? { kind: 'field' as const, object, from: field, to: event.to } : { kind: 'object' as const, from: object, to: event.to };
      const renamed = (o: string, f: string) => (field !== undefined && o === object && f === field ? event.to : f);
      const blocks = dashboard.blocks.map((b): DashboardBlock => (b.type === 'funnel' || b.type === 'forecast' ? {
        ...b,
        object: field === undefined && b.object === object ? event.to : b.object,
        ...(b.type === 'funnel' ? { stageField: renamed(b.object, b.stageField), ...(b.groupBy ? { groupBy: renamed(b.object, b.groupBy) } : {}) } : {}),
      } : {
        ...b,
        object: field === undefined && b.object === object ? event.to : b.object,
        measure: b.measure.field ? { ...b.measure, field: renamed(b.object, b.measure.field) } : b.measure,
        ...(b.groupBy ? { groupBy: { ...b.groupBy, field: renamed(b.object, b.groupBy.field) } } : {}),
        ...(b.filter ? { filter: renameInFilter(objects, b.object, b.filter, rename) as Record<string, unknown> } : {}),
      }));
      if (JSON.stringify(blocks) === JSON.stringify(dashboard.blocks)) return '';
      await storeDashboard(tx, { id: dashboard.id, name: dashboard.name, blocks });
      return `the dashboard ${dashboard.name} follows the rename`;
    },
  };
}
