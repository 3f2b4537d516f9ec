import { fieldType } from '../field-types/registry.ts';
import type { ResolvedField } from '../metadata/index.ts';
import type { OperationContext, SaveBatch, SaveHook } from '../operations/index.ts';
import { qualified, quoteIdent } from '../storage/sql/quote.ts';

/** Per update batch: each sequence field's old positions and scopes of the records it moves, read before the write. */
const before = new WeakMap<SaveBatch, Map<string, Map<string, { position: number | null; scope: unknown }>>>();

const sequenceFields = (batch: SaveBatch): ResolvedField[] => batch.object.catalog.definition.fields.filter((f) => fieldType(f.type).name === 'sequence');
const names = (batch: SaveBatch, field: ResolvedField) => batch.records.some((r) => r && (field.name in r || (field.scope !== undefined && String(field.scope) in r)));

/** The scope column of a sequence field (its parent lookup's), or none when positions count per object. */
function scopeColumn(batch: SaveBatch, field: ResolvedField): string | undefined {
  const scope = field.scope ? batch.object.catalog.definition.fields.find((f) => f.name === field.scope) : undefined;
  return scope ? fieldType(scope.type).columns(scope)[0].column : undefined;
}

/**
 * Keeps sequence fields gapless (1..n among the live records of each scope) on every write path:
 * creates without a position go last, a written position moves the record there (neighbours
 * between its old and new place shift by one), deletes and moves to another parent close the gap,
 * a restore goes last. One UPDATE per batch renumbers the touched scopes by a window over them and
 * writes only the rows whose position changed (the neighbours between the two places: no history
 * entries for them, as for any platform renumbering). Writers of one scope are serialised by a
 * transaction-level advisory lock per scope.
 */
export function positionsHooks(): SaveHook[] {
  return [
    {
      name: 'readPositions',
      step: 'beforeWrite',
      events: ['update'],
      async run(ctx, batch) {
        for (const field of sequenceFields(batch)) {
          if (!names(batch, field) || batch.ids.length === 0) continue;
          const scope = scopeColumn(batch, field);
          const { rows } = await ctx.db.query(`select id, ${quoteIdent(field.name)} as p${scope ? `, ${quoteIdent(scope)} as s` : ''} from ${qualified(ctx.model.schema, batch.object.catalog.tableName)} where id = any($1::uuid[])`, [batch.ids]);
          const byField = before.get(batch) ?? new Map();
          byField.set(field.name, new Map(rows.map((r) => [String(r.id), { position: r.p === null ? null : Number(r.p), scope: r.s ?? null }])));
          before.set(batch, byField);
        }
      },
    },
    {
      name: 'renumber',
      step: 'afterWrite',
      events: ['create', 'update', 'delete', 'restore'],
      async run(ctx, batch) {
        if (batch.ids.length === 0) return;
        for (const field of sequenceFields(batch)) {
          if (batch.kind === 'update' && !names(batch, field)) continue;
          await renumber(ctx, batch, field);
        }
      },
    },
  ];
}

async function renumber(ctx: OperationContext, batch: SaveBatch, field: ResolvedField): Promise<void> {
  const table = qualified(ctx.model.schema, batch.object.catalog.tableName);
  const pos = quoteIdent(field.name);
  const scope = scopeColumn(batch, field);
  const { rows } = await ctx.db.query(`select id, ${pos} as p${scope ? `, ${quoteIdent(scope)} as s` : ''} from ${table} where id = any($1::uuid[])`, [batch.ids]);
  const old = before.get(batch)?.get(field.name);
  // The scopes to renumber: where the records are now, and where they were.
  const scopes = new Set<string | null>(rows.map((r) => (scope ? (r.s === null ? null : String(r.s)) : null)));
  for (const o of old?.values() ?? []) scopes.add(scope ? (o.scope === null ? null : String(o.scope)) : null);
  // Ties at a written position: a record moved up (or arriving) goes before the one it displaces, a record moved down after it.
  const first: string[] = [];
  const last: string[] = [];
  const given = batch.kind === 'create' || batch.kind === 'update';
  for (const r of rows) {
    const id = String(r.id);
    if (!given || r.p === null) continue;
    const was = old?.get(id);
    const sameScope = was && (!scope || String(was.scope) === String(r.s));
    if (sameScope && was.position !== null && Number(r.p) > was.position) last.push(id);
    else if (!sameScope || was?.position !== Number(r.p)) first.push(id);
  }
  // A restored record goes last: its old position is cleared before the renumbering.
  if (batch.kind === 'restore') await ctx.db.query(`update ${table} set ${pos} = null where id = any($1::uuid[])`, [batch.ids]);
  const keys = [...scopes].map((s) => `seq:${ctx.model.schema}.${batch.object.name}.${field.name}:${s ?? ''}`).sort();
  for (const key of keys) await ctx.db.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [key]);
  const values = [...scopes].filter((s): s is string => s !== null);
  const where = scope ? `and (t.${quoteIdent(scope)} = any($4::uuid[])${scopes.has(null) ? ` or t.${quoteIdent(scope)} is null` : ''})` : '';
  await ctx.db.query(
    `update ${table} u set ${pos} = r.n from (
       select t.id, row_number() over (${scope ? `partition by t.${quoteIdent(scope)} ` : ''}order by t.${pos} nulls last,
         case when t.id = any($1::uuid[]) then 0 when t.id = any($2::uuid[]) then 2 else 1 end,
         array_position($3::uuid[], t.id) nulls first, t."createdAt", t.id) as n
       from ${table} t where t."deletedAt" is null ${where}
     ) r where u.id = r.id and u.${pos} is distinct from r.n`,
    // The batch's own records keep their input order among themselves ($3).
    scope ? [first, last, batch.ids, values] : [first, last, batch.ids]);
}
