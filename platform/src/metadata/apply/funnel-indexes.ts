import { createHash } from 'node:crypto';
import { stageFields } from '../../analytics/stages.ts';
import { fieldType } from '../../field-types/registry.ts';
import { dropIndexSql } from '../../storage/ddl/index.ts';
import { qualified, quoteIdent as q } from '../../storage/sql/quote.ts';
import type { ApplyContext } from './context.ts';

/** `fn_` and a digest of the stage field's id and the grouping field's (none: the ungrouped funnel). */
/** What of a dashboard block this reads (the dashboards module depends on the metadata engine, not the reverse). */
interface FunnelBlock { type: string; object?: string; stageField?: string; groupBy?: unknown }

const indexName = (stageFieldId: string, groupFieldId?: string) =>
  `fn_${createHash('sha256').update(`${stageFieldId}/${groupFieldId ?? ''}`).digest('hex').slice(0, 24)}`;

/**
 * The indexes that make a funnel one index-only scan (analytics/funnel.ts groups live records by
 * the grouping field's column and the furthest step, `_reach_<id>`, optionally within a range of
 * `createdAt`): for each tracked stage field, `(reach) INCLUDE (createdAt)` on live rows; and for
 * each funnel a dashboard declares with a `groupBy`, `(group column, reach) INCLUDE (createdAt)`.
 * Derived from the metadata — the funnels the tenant's dashboards show — never from the requests
 * (no DDL on the request path); a funnel grouped by another field reads the table (a parallel scan).
 * Run in the configuration change's transaction at the end of every object change and when a
 * dashboard changes; on a large table built CONCURRENTLY after commit (ctx.indexDdl). A caller
 * whose row-level access adds predicates reads the table as before.
 */
export async function syncFunnelIndexes(ctx: ApplyContext): Promise<void> {
  const rows = await ctx.sql.query<{ index: string; table: string; valid: boolean }>(
    `select c.relname as index, t.relname as table, i.indisvalid as valid from pg_index i join pg_class c on c.oid = i.indexrelid join pg_class t on t.oid = i.indrelid
     where t.relnamespace = to_regnamespace($1) and c.relname like 'fn\\_%'`, [ctx.schema]);
  const tracked = [...ctx.catalog.objects.values()].some((o) => stageFields(o).length > 0);
  if (!tracked && rows.length === 0) return;
  const blocks = tracked ? (await ctx.sql.query<{ blocks: FunnelBlock[] }>('select blocks from tessera.dashboards where tenant_id = $1', [ctx.tx.tenantId])).flatMap((d) => d.blocks) : [];
  for (const object of ctx.catalog.objects.values()) {
    const name = object.definition.name;
    const table = qualified(ctx.schema, object.tableName);
    const wanted = new Map<string, { sql: string; what: string }>();
    const stages = stageFields(object);
    // A field tracked by this very change has its column once stage tracking ran (at the change's end, which syncs again).
    const columns = stages.length ? new Set((await ctx.sql.query<{ name: string }>('select attname as name from pg_attribute where attrelid = to_regclass($1) and attnum > 0 and not attisdropped', [table])).map((r) => r.name)) : new Set<string>();
    for (const stage of stages) {
      if (!columns.has(stage.reachColumn)) continue;
      const on = (columns: string[]) => `(${columns.map(q).join(', ')}) INCLUDE ("createdAt") WHERE "deletedAt" IS NULL`;
      const base = indexName(stage.fieldId);
      wanted.set(base, { sql: `CREATE INDEX ${q(base)} ON ${table} ${on([stage.reachColumn])}`, what: `the ${stage.field.name} funnel` });
      for (const block of blocks) {
        if (block.type !== 'funnel' || block.object !== name || block.stageField !== stage.field.name || !block.groupBy) continue;
        const group = typeof block.groupBy === 'string' ? object.fields.get(block.groupBy) : undefined;
        const columns = group ? fieldType(group.definition.type).columns(group.definition) : [];
        if (!group || columns.length !== 1) continue;
        const index = indexName(stage.fieldId, group.id);
        wanted.set(index, { sql: `CREATE INDEX ${q(index)} ON ${table} ${on([columns[0].column, stage.reachColumn])}`, what: `the ${stage.field.name} funnel by ${group.definition.name} (a dashboard shows it)` });
      }
    }
    const existing = rows.filter((r) => r.table === object.tableName);
    for (const row of existing) {
      // Unwanted, or a concurrent build that died with its process (invalid): dropped, and built again if wanted.
      if (wanted.has(row.index) && row.valid) continue;
      ctx.step('syncFunnelIndexes', name);
      await ctx.ddl(dropIndexSql(ctx.schema, row.index));
      if (!wanted.has(row.index)) ctx.note(`index ${row.index} is no longer read by a funnel`);
    }
    const have = new Set(existing.filter((r) => r.valid).map((r) => r.index));
    for (const [index, { sql, what }] of wanted) {
      if (have.has(index)) continue;
      ctx.step('syncFunnelIndexes', name);
      await ctx.indexDdl([sql], object.tableName);
      ctx.note(`index ${index} serves ${what} by an index-only scan`);
    }
  }
}
