import type { GraphQLResolveInfo } from 'graphql';
import { DIRECTORY_MAX, findDirectoryUsers } from '../../auth/directory.ts';
import type { DataContext } from './context.ts';
import { byResponseKeys } from './record-history.ts';

/**
 * `users(search, ids, first)`: the tenant's user directory for every signed-in caller — whom a
 * record can be given to (an owner or user field takes any active user of the tenant) and whose
 * names a record's history shows. Only who they are (id, name, e-mail); their rights stay on
 * `/metadata` for user managers. Executed by graphql-yoga (the compiled path does not know it).
 */
export function usersField(user: unknown) {
  return (t: any) => t.field({
    type: [user],
    nullable: false,
    description: `Users of the tenant: by ids (deactivated ones included), else active users whose name or e-mail contains search, by name; at most ${DIRECTORY_MAX}.`,
    args: { search: t.arg.string(), ids: t.arg.idList(), first: t.arg.int({ description: `Default 20, at most ${DIRECTORY_MAX}.` }) },
    resolve: async (_root: unknown, args: { search?: string | null; ids?: (string | number)[] | null; first?: number | null }, ctx: DataContext, info: GraphQLResolveInfo) => {
      const found = await findDirectoryUsers(ctx.platform.pool, ctx.principal.tenantId, { search: args.search, ids: args.ids?.map(String), first: args.first });
      return found.map((u) => byResponseKeys(info, { id: u.id, name: u.name, email: u.email }));
    },
  });
}
