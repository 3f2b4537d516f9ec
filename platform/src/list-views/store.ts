import type { ChangeTx } from '../changes/index.ts';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import type { TenantCatalog } from '../metadata/index.ts';
import { SYSTEM_FIELDS } from '../metadata/names.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';

/** A saved list view of the studio: filters, sort and columns of an object's list. */
export interface ListView {
  id: string;
  object: string;
  name: string;
  /** Null: a shared view that belongs to no one (applied from a document by the system). */
  ownerId: string | null;
  shared: boolean;
  filters: ListViewCondition[];
  sort: { field: string; direction: 'ASC' | 'DESC' } | null;
  columns: string[] | null;
  updatedAt: string;
}

/** One condition as the studio's filter builder keeps it. */
export interface ListViewCondition {
  field: string;
  op: string;
  value?: string;
  extra?: string;
}

/** A view as a metadata document carries it (shared views only). */
export interface ListViewItem {
  object: string;
  name: string;
  filters?: ListViewCondition[];
  sort?: ListView['sort'];
  columns?: string[] | null;
}

export const VIEW_COLUMNS = 'id, object, name, owner_id, shared, filters, sort, columns, updated_at';

interface ViewRow { id: string; object: string; name: string; owner_id: string | null; shared: boolean; filters: ListViewCondition[] | null; sort: ListView['sort']; columns: string[] | null; updated_at: string | Date }

export const toView = (r: ViewRow): ListView => ({
  id: r.id, object: r.object, name: r.name, ownerId: r.owner_id, shared: r.shared, filters: r.filters ?? [], sort: r.sort ?? null, columns: r.columns ?? null,
  updatedAt: new Date(r.updated_at).toISOString(),
});

/** A view's name in documents, history and dependants lists: `<object>/<name>`. */
export const viewKey = (view: { object: string; name: string }): string => `${view.object}/${view.name}`;

/** What the history keeps of a view. */
const described = (v: ListView) => ({ object: v.object, name: v.name, shared: v.shared, ownerId: v.ownerId, filters: v.filters, sort: v.sort, columns: v.columns });

/** The fields a view uses, each with its pointer in the view's document form. */
export function viewFields(view: Pick<ListView, 'filters' | 'sort' | 'columns'>): { field: string; pointer: string; where: 'filters' | 'sort' | 'columns' }[] {
  return [
    ...(view.columns ?? []).map((field, i) => ({ field, pointer: `/columns/${i}`, where: 'columns' as const })),
    ...(view.sort ? [{ field: view.sort.field, pointer: '/sort/field', where: 'sort' as const }] : []),
    ...(view.filters ?? []).map((c, i) => ({ field: c.field, pointer: `/filters/${i}/field`, where: 'filters' as const })),
  ];
}

/** The view's object exists and every field it names is a field of it (or a system field). Pointers relative to the view. */
export function checkView(catalog: TenantCatalog, view: Pick<ListView, 'object' | 'filters' | 'sort' | 'columns'>): ErrorDetail[] {
  const object = catalog.objects.get(view.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${view.object}"` }];
  return viewFields(view)
    .filter(({ field }) => !object.fields.has(field) && !(SYSTEM_FIELDS as readonly string[]).includes(field))
    .map(({ field, pointer }) => ({ pointer, message: `${view.object} has no field "${field}"` }));
}

export async function viewById(sql: SqlRunner, tenantId: string, id: string): Promise<ListView | null> {
  if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
  const [row] = await sql.query<ViewRow>(`select ${VIEW_COLUMNS} from tessera.list_views where id = $1 and tenant_id = $2`, [id, tenantId]);
  return row ? toView(row) : null;
}

/** Who saves a view: the user (null: the system) and whether they may change shared views of others (manageMetadata). */
export interface ViewEditor {
  userId: string | null;
  managesViews: boolean;
}

/** The view `id` if `editor` may change it: their own, or a shared one with manageMetadata; else NOT_FOUND or FORBIDDEN. */
export async function editableView(sql: SqlRunner, tenantId: string, id: string, editor: ViewEditor): Promise<ListView> {
  const view = await viewById(sql, tenantId, id);
  if (!view || (!view.shared && view.ownerId !== editor.userId)) throw new PlatformError('NOT_FOUND', `There is no list view ${id}`);
  if (view.ownerId !== editor.userId && !editor.managesViews) {
    throw new PlatformError('FORBIDDEN', 'Only its owner (or a user with the manageMetadata capability) can change a shared view');
  }
  return view;
}

export interface ViewInput {
  id?: string | null;
  object: string;
  name: string;
  shared: boolean;
  filters: ListViewCondition[];
  sort: ListView['sort'];
  columns: string[] | null;
}

function taken(error: unknown, input: ViewInput): unknown {
  if ((error as { code?: string }).code !== '23505') return error;
  return new PlatformError('UNIQUE_VIOLATION', input.shared ? `A shared view named "${input.name}" already exists on ${input.object}` : `You already have a view named "${input.name}" on ${input.object}`, {
    details: [{ pointer: '/input/name', message: 'is taken' }],
  });
}

/**
 * Creates or changes a view in `tx` and records it. A view without an owner that stops being
 * shared becomes its editor's (it would otherwise be no one's to see).
 */
export async function storeView(tx: ChangeTx, input: ViewInput, editor: ViewEditor, current?: ListView): Promise<ListView> {
  const values = [JSON.stringify(input.filters), input.sort === null ? null : JSON.stringify(input.sort), input.columns === null ? null : JSON.stringify(input.columns)];
  let row: ViewRow;
  try {
    if (current) {
      const owner = current.ownerId ?? (input.shared ? null : editor.userId);
      [row] = await tx.sql.query<ViewRow>(
        `update tessera.list_views set name = $3, shared = $4, filters = $5, sort = $6, columns = $7, owner_id = $8, object = $9, updated_at = now() where id = $1 and tenant_id = $2 returning ${VIEW_COLUMNS}`,
        [current.id, tx.tenantId, input.name, input.shared, ...values, owner, input.object]);
    } else {
      [row] = await tx.sql.query<ViewRow>(
        `insert into tessera.list_views (tenant_id, object, name, owner_id, shared, filters, sort, columns) values ($1, $2, $3, $4, $5, $6, $7, $8) returning ${VIEW_COLUMNS}`,
        [tx.tenantId, input.object, input.name, editor.userId, input.shared, ...values]);
    }
  } catch (error) {
    throw taken(error, input);
  }
  const view = toView(row);
  tx.record({ kind: 'listView', action: current ? 'updateListView' : 'createListView', target: viewKey(view), before: current ? described(current) : null, after: described(view) });
  return view;
}

export async function removeView(tx: ChangeTx, view: ListView): Promise<void> {
  await tx.sql.query('delete from tessera.list_views where id = $1 and tenant_id = $2', [view.id, tx.tenantId]);
  tx.record({ kind: 'listView', action: 'deleteListView', target: viewKey(view), before: described(view), after: null });
}
