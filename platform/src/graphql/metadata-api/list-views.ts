import { PlatformError } from '../../errors/index.ts';
import { checkView, editableView, removeView, storeView, toView, VIEW_COLUMNS, type ListView, type ViewEditor } from '../../list-views/store.ts';
import schemaFile from '../../list-views/list-view.schema.json' with { type: 'json' };
import { itemProblems } from '../../kinds/validate.ts';
import { changeCatalog } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, hasCapability } from './capabilities.ts';
import { withApiNames } from '../../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const schema = withApiNames(schemaFile);

const ListViewRef = builder.objectRef<ListView & { mine: boolean }>('ListView').implement({
  description: 'A saved list view: the caller\'s own, or one shared with the tenant.',
  fields: (t) => ({
    id: t.exposeID('id'),
    object: t.exposeString('object'),
    name: t.exposeString('name'),
    ownerId: t.exposeID('ownerId', { nullable: true, description: 'Null: a shared view that belongs to no one (applied from a metadata document).' }),
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
    filters: t.field({ type: 'JSON', description: 'The filter conditions as the studio keeps them ([{field, op, value, extra}]).' }),
    sort: t.field({ type: 'JSON', description: '{field, direction: ASC | DESC}' }),
    columns: t.field({ type: 'JSON', description: 'Field names, in order; null: the object\'s default columns.' }),
  }),
});

const mine = (view: ListView, ctx: MetadataContext) => ({ ...view, mine: view.ownerId === ctx.principal.userId });
const editorOf = (ctx: MetadataContext): ViewEditor => ({ userId: ctx.principal.userId, managesViews: hasCapability(ctx, 'manageMetadata') });

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
        `select ${VIEW_COLUMNS} from tessera.list_views where tenant_id = $1 and object = $2 and (shared or owner_id = $3) order by lower(name), id`,
        [ctx.principal.tenantId, args.object, ctx.principal.userId]);
      return rows.map((r) => mine(toView(r), ctx));
    },
  }),
}));

builder.mutationFields((t) => ({
  saveListView: t.field({
    type: ListViewRef,
    description: 'Saves a view (a configuration change: recorded in the metadata history). Shared views of others need manageMetadata.',
    args: { input: t.arg({ type: SaveListViewInput, required: true }) },
    resolve: async (_root, { input }, ctx) => {
      const name = input.name.trim();
      if (!name || name.length > 100) throw badInput('/input/name', 'A view needs a name of 1 to 100 characters');
      if (input.columns != null && (!Array.isArray(input.columns) || input.columns.some((c) => typeof c !== 'string'))) throw badInput('/input/columns', 'columns must be a list of field names');
      const item = { object: input.object, name, filters: input.filters ?? [], sort: input.sort ?? null, columns: input.columns ?? null };
      const problems = itemProblems(schema, item, '/input');
      if (problems.length) throw new PlatformError('BAD_USER_INPUT', `Invalid view: ${problems[0].pointer} ${problems[0].message}`, { details: problems });
      const editor = editorOf(ctx);
      const view = await ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'listView', action: 'saveListView', target: `${input.object}/${name}` }, async (tx) => {
        const current = input.id ? await editableView(tx.sql, tx.tenantId, String(input.id), editor) : undefined;
        if (current && current.object !== input.object) throw badInput('/input/object', 'A view stays on its object');
        const catalog = await changeCatalog(tx);
        if (!catalog.objects.has(input.object)) throw badInput('/input/object', `There is no object ${input.object}`);
        const wrong = checkView(catalog, item as ListView);
        if (wrong.length) throw new PlatformError('BAD_USER_INPUT', `${wrong[0].pointer}: ${wrong[0].message}`, { details: wrong.map((d) => ({ ...d, pointer: `/input${d.pointer}` })) });
        const shared = input.shared ?? current?.shared ?? false;
        return { result: await storeView(tx, { ...item, id: current?.id, shared } as never, editor, current) };
      });
      return mine(view, ctx);
    },
  }),
  deleteListView: t.boolean({
    args: { id: t.arg.id({ required: true }) },
    resolve: async (_root, args, ctx) => {
      const editor = editorOf(ctx);
      return ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'listView', action: 'deleteListView', target: String(args.id) }, async (tx) => {
        await removeView(tx, await editableView(tx.sql, tx.tenantId, String(args.id), editor));
        return { result: true };
      });
    },
  }),
}));
