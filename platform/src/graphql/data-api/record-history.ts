import { Kind, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';
import { readRecordHistory, type HistoryEntry } from '../../audit/index.ts';
import type { DataSchemaBuilder } from './builder-types.ts';
import type { DataContext } from './context.ts';

/**
 * The shared `User` type resolves its fields by response key (it is built for compiled reads), so
 * an object answered by a resolver carries each selected field under its alias.
 */
export function byResponseKeys(info: GraphQLResolveInfo, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const visit = (set: SelectionSetNode | undefined) => {
    for (const sel of set?.selections ?? []) {
      if (sel.kind === Kind.FIELD) out[sel.alias?.value ?? sel.name.value] = value[sel.name.value];
      else if (sel.kind === Kind.INLINE_FRAGMENT) visit(sel.selectionSet);
      else visit(info.fragments[sel.name.value]?.selectionSet);
    }
  };
  for (const node of info.fieldNodes) visit(node.selectionSet);
  return out;
}

/** `recordHistory(object, id)`: its types and the root field's definition, for the Query type. */
export function recordHistoryField(builder: DataSchemaBuilder, user: unknown) {
  const b = builder as any;
  const change = b.objectRef('RecordChange').implement({
    description: 'One field\'s value before and after a change, as the API shows it.',
    fields: (t: any) => ({
      field: t.string({ nullable: false, resolve: (c: HistoryEntry['changes'][number]) => c.field }),
      before: t.field({ type: 'JSON', nullable: true, resolve: (c: HistoryEntry['changes'][number]) => c.before }),
      after: t.field({ type: 'JSON', nullable: true, resolve: (c: HistoryEntry['changes'][number]) => c.after }),
    }),
  });
  const entry = b.objectRef('RecordHistoryEntry').implement({
    description: 'One create, update, delete or restore of a record.',
    fields: (t: any) => ({
      at: t.field({ type: 'DateTime', nullable: false, resolve: (e: HistoryEntry) => e.at }),
      actor: t.field({ type: user, nullable: true, description: 'Who made the change (null: the system).', resolve: (e: HistoryEntry, _a: unknown, _c: unknown, info: GraphQLResolveInfo) => (e.actor ? byResponseKeys(info, e.actor) : null) }),
      via: t.string({ nullable: false, description: 'api, studio, cli, script, workflow, import or system.', resolve: (e: HistoryEntry) => e.via }),
      action: t.string({ nullable: false, description: 'create, update, delete or restore.', resolve: (e: HistoryEntry) => e.action }),
      changes: t.field({ type: [change], nullable: false, description: 'The fields whose value changed (those you may read).', resolve: (e: HistoryEntry) => e.changes }),
    }),
  });
  return (t: any) => t.field({
    type: [entry],
    nullable: false,
    description: 'The history of one record, newest first: NOT_FOUND unless you may read the record.',
    args: { object: t.arg.string({ required: true }), id: t.arg.id({ required: true }) },
    resolve: (_root: unknown, args: { object: string; id: string | number }, ctx: DataContext) =>
      readRecordHistory(ctx.platform.pool, ctx.model, ctx.security, args.object, String(args.id)),
  });
}
