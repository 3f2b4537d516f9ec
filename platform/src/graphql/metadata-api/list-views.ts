import { PlatformError } from '../../errors/index.ts';
import { loadCatalog } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { hasCapability } from './capabilities.ts';

/** A saved list view of the studio: filters, sort and columns of an object's list. */
export interface ListView {
  id: string;
  object: string;
  name: string;
  ownerId: string;
  shared: boolean;
  filters: unknown;
  sort: unknown;
  columns: unknown;
  updatedAt: string;
}

const ListViewRef = builder.objectRef<ListView & { mine: boolean }>('ListView').implement({
  description: 'A saved list view: the caller\'s own, or one shared with the tenant.',
  fields: (t) => ({
    id: t.exposeID('id'),
    object: t.exposeString('object'),
    name: t.exposeString('name'),
    ownerId: t.exposeID('ownerId'),
    shared: t.exposeBoolean('shared'),
    mine: t.exposeBoolean('mine', { description: 'Whether the caller owns it.' }),
    filters: t.field({ type: 'JSON', resolve: (v) => v.filters }),
    sort: t.field({ type: 'JSON', nullable: true, resolve: (v) => v.sort ?? null }),
    columns: t.field({ type: 'JSON', nullable: true, resolve: (v) => v.columns ?? null }),
    updatedAt: t.exposeString('updatedAt'),
  }),
});

const SaveListViewInput = builder.inputType('SaveListViewInput', {
  fields: (t) => ({
    id: t.id({ description: 'The view to change; absent: a new view owned by the caller.' }),
    object: t.string({ required: true }),
    name: t.string({ required: true }),
    shared: t.boolean({ description: 'Visible to everyone in the tenant (default false).' }),
    filters: t.field({ type: 'JSON', description: 'The filter conditions as the studio keeps them.' }),
    sort: t.field({ type: 'JSON' }),
    columns: t.field({ type: 'JSON', description: 'Field names, in order; null: the object\'s default columns.' }),
  }),
});

const COLUMNS = 'id, object, name, owner_id, shared, filters, sort, columns, updated_at';
const toView = (r: any, userId: string) => ({
  id: r.id, object: r.object, name: r.name, ownerId: r.owner_id, shared: r.shared, filters: r.filters, sort: r.sort, columns: r.columns,
  updatedAt: new Date(r.updated_at).toISOString(), mine: r.owner_id === userId,
});

/** Loads a view of the caller's tenant that they may change: their own, or any with manageMetadata. */
async function editableView(ctx: MetadataContext, id: string) {
  const { rows } = await ctx.platform.pool.query(`select ${COLUMNS} from tessera.list_views where id = $1 and tenant_id = $2`, [id, ctx.principal.tenantId]);
  const view = rows[0];
  if (!view || (!view.shared && view.owner_id !== ctx.principal.userId)) throw new PlatformError('NOT_FOUND', `There is no list view ${id}`);
  if (view.owner_id !== ctx.principal.userId && !hasCapability(ctx, 'manageMetadata')) {
    throw new PlatformError('FORBIDDEN', 'Only its owner (or a user with the manageMetadata capability) can change a shared view');
  }
  return view;
}

function badInput(pointer: string, message: string): PlatformError {
  return new PlatformError('BAD_USER_INPUT', message, { details: [{ pointer, message }] });
}

builder.queryFields((t) => ({
  listViews: t.field({
    type: [ListViewRef],
    description: 'The list views of an object the caller can use: their own and the shared ones, by name.',
    args: { object: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const { rows } = await ctx.platform.pool.query(
        `select ${COLUMNS} from tessera.list_views where tenant_id = $1 and object = $2 and (shared or owner_id = $3) order by lower(name), id`,
        [ctx.principal.tenantId, args.object, ctx.principal.userId]);
      return rows.map((r) => toView(r, ctx.principal.userId));
    },
  }),
}));

builder.mutationFields((t) => ({
  saveListView: t.field({
    type: ListViewRef,
    args: { input: t.arg({ type: SaveListViewInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const name = input.name.trim();
      if (!name || name.length > 100) throw badInput('/input/name', 'A view needs a name of 1 to 100 characters');
      const catalog = await loadCatalog(ctx.platform.sql, ctx.principal.tenantId);
      if (!catalog.objects.has(input.object)) throw badInput('/input/object', `There is no object ${input.object}`);
      if (input.columns != null && (!Array.isArray(input.columns) || input.columns.some((c) => typeof c !== 'string'))) throw badInput('/input/columns', 'columns must be a list of field names');
      const values = [JSON.stringify(input.filters ?? []), input.sort == null ? null : JSON.stringify(input.sort), input.columns == null ? null : JSON.stringify(input.columns)];
      try {
        if (input.id) {
          const view = await editableView(ctx, String(input.id));
          if (view.object !== input.object) throw badInput('/input/object', 'A view stays on its object');
          const { rows } = await ctx.platform.pool.query(
            `update tessera.list_views set name = $3, shared = $4, filters = $5, sort = $6, columns = $7, updated_at = now() where id = $1 and tenant_id = $2 returning ${COLUMNS}`,
            [view.id, ctx.principal.tenantId, name, input.shared ?? view.shared, ...values]);
          return toView(rows[0], ctx.principal.userId);
        }
        const { rows } = await ctx.platform.pool.query(
          `insert into tessera.list_views (tenant_id, object, name, owner_id, shared, filters, sort, columns) values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${COLUMNS}`,
          [ctx.principal.tenantId, input.object, name, ctx.principal.userId, input.shared ?? false, ...values]);
        return toView(rows[0], ctx.principal.userId);
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new PlatformError('UNIQUE_VIOLATION', `You already have a view named "${name}" on ${input.object}`);
        throw error;
      }
    },
  }),
  deleteListView: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const view = await editableView(ctx, String(args.id));
      await ctx.platform.pool.query('delete from tessera.list_views where id = $1 and tenant_id = $2', [view.id, ctx.principal.tenantId]);
      return true;
    },
  }),
}));
