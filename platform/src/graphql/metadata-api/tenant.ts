import { builder } from './builder.ts';

interface TenantInfo { id: string; slug: string; name: string }

const TenantRef = builder.objectRef<TenantInfo>('Tenant').implement({
  description: 'A tenant: its own schema, users and configuration.',
  fields: (t) => ({
    id: t.exposeID('id'),
    slug: t.exposeString('slug', { description: 'Its stable name (the CLI\'s --tenant, the studio\'s ?tenant=).' }),
    name: t.exposeString('name'),
  }),
});

builder.queryFields((t) => ({
  tenant: t.field({
    type: TenantRef,
    description: 'The caller\'s tenant (what `tessera login` and `tessera whoami` show).',
    resolve: async (_root, _args, ctx) => {
      const [row] = await ctx.platform.sql.query<TenantInfo>('select id, slug, name from tessera.tenants where id = $1', [ctx.principal.tenantId]);
      return row;
    },
  }),
}));
