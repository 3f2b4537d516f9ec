import type { MetadataKind, StoredReference } from '../kinds/kind.ts';
import { planItems } from '../kinds/diff.ts';
import { changeCatalog } from '../metadata/index.ts';
import schemaFile from './list-view.schema.json' with { type: 'json' };
import { checkView, storeView, toView, VIEW_COLUMNS, viewById, viewFields, viewKey, type ListView, type ListViewItem } from './store.ts';
import { withApiNames } from '../metadata/names.ts';

/** The file with the API name pattern put in (names.ts). */
const schema = withApiNames(schemaFile);

/** A view in its document form: empty filters, no sort and default columns left out. */
const itemOf = (v: Pick<ListView, 'object' | 'name' | 'filters' | 'sort' | 'columns'> | ListViewItem): ListViewItem => ({
  object: v.object, name: v.name,
  ...(v.filters?.length ? { filters: v.filters } : {}),
  ...(v.sort ? { sort: v.sort } : {}),
  ...(v.columns ? { columns: v.columns } : {}),
});

/**
 * Shared list views, named by object and name (`lead/Open leads`). Personal views belong to their
 * owners like their records do: documents leave them alone, but they count as dependants.
 *
 * What a view uses: its object (deleted: the view stays, inert until the object is restored;
 * renamed: the view follows) and fields in its columns, sort and filters (renamed: the view
 * follows; deleted: columns and sort let go of it; a filter condition on it refuses the deletion for
 * a shared view — dropping a condition would silently widen what the view shows everyone — and is
 * dropped from a personal view, which its owner alone can edit).
 */
export function listViewKind(): MetadataKind<ListViewItem> {
  return {
    name: 'listView',
    documentKey: 'listViews',
    schema,
    versions: [],
    capability: 'manageMetadata',
    after: ['object'],
    keyOf: viewKey,
    normalize: itemOf,
    async load(reader) {
      const live = (await changeCatalog(reader)).objects;
      const rows = await reader.sql.query<any>(`select ${VIEW_COLUMNS} from tessera.list_views where tenant_id = $1 and shared order by object, name`, [reader.tenantId]);
      // A view of a deleted object is inert until the object is restored: like the object, it is not pulled.
      return rows.filter((r) => live.has(r.object)).map((r) => itemOf(toView(r)));
    },
    async check(tx, items) {
      const catalog = await changeCatalog(tx);
      return items.flatMap((item, i) => checkView(catalog, { filters: [], sort: null, columns: null, ...item }).map((d) => ({ ...d, pointer: `/${i}${d.pointer}` })));
    },
    diff(current, wanted) {
      return planItems(current, wanted, viewKey, itemOf);
    },
    async apply(tx, change) {
      const item = change.after!;
      const [row] = change.action === 'update'
        ? await tx.sql.query<any>(`select ${VIEW_COLUMNS} from tessera.list_views where tenant_id = $1 and shared and object = $2 and name = $3`, [tx.tenantId, item.object, item.name])
        : [];
      await storeView(tx, { object: item.object, name: item.name, shared: true, filters: item.filters ?? [], sort: item.sort ?? null, columns: item.columns ?? null }, { userId: tx.actor.userId, managesViews: true }, row ? toView(row) : undefined);
      return { object: item.object };
    },
    async references(reader) {
      const rows = await reader.sql.query<any>(
        `select ${VIEW_COLUMNS.split(', ').map((c) => `v.${c}`).join(', ')}, u.email from tessera.list_views v left join tessera.users u on u.id = v.owner_id where v.tenant_id = $1`, [reader.tenantId]);
      return rows.flatMap((r): StoredReference[] => {
        const view = toView(r);
        const use = { kind: 'listView', item: view.shared ? viewKey(view) : `${viewKey(view)} (personal view of ${r.email})`, handle: view.id, onRename: 'follow' as const };
        return [
          { ...use, target: { kind: 'object', name: view.object }, pointer: '/object', onDelete: 'keep' },
          ...viewFields(view).map(({ field, pointer, where }): StoredReference => ({
            ...use, target: { kind: 'field', name: `${view.object}.${field}` }, pointer, onDelete: where === 'filters' && view.shared ? 'refuse' : 'prune',
          })),
        ];
      });
    },
    async follow(tx, ref, event) {
      const view = (await viewById(tx.sql, tx.tenantId, ref.handle))!;
      const [object, field] = event.target.kind === 'field' ? event.target.name.split('.') : [event.target.name, undefined];
      if (field !== undefined && object !== view.object) return '';
      let next: ListView;
      if (event.action === 'rename') {
        const name = (f: string) => (f === field ? event.to : f);
        next = field === undefined
          ? { ...view, object: event.to }
          : { ...view, columns: view.columns?.map(name) ?? null, sort: view.sort ? { ...view.sort, field: name(view.sort.field) } : null, filters: view.filters.map((c) => ({ ...c, field: name(c.field) })) };
      } else {
        if (field === undefined) return '';
        next = { ...view, columns: view.columns?.filter((c) => c !== field) ?? null, sort: view.sort?.field === field ? null : view.sort, filters: view.filters.filter((c) => c.field !== field) };
      }
      await storeView(tx, next, { userId: view.ownerId, managesViews: true }, view);
      return event.action === 'rename' ? `the list view ${ref.item} follows the rename` : `${field} was removed from the list view ${ref.item}`;
    },
  };
}
