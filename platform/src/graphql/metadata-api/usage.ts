import { fieldUsage, loadCatalog, localize, resolveLabel, type FieldUsage } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, requireCapability } from './capabilities.ts';
import { ObjectRef } from './types.ts';

const PlacementRef = builder.objectRef<FieldUsage['layoutSections'][number]>('LayoutPlacement').implement({
  description: 'A form layout section that places a field.',
  fields: (t) => ({
    section: t.exposeInt('section', { description: 'Index of the section in the layout.' }),
    label: t.string({
      nullable: true,
      args: { locale: t.arg.string({ description: 'Defaults to the caller\'s locale.' }) },
      resolve: (p, args, ctx: MetadataContext) => (p.label === null ? null : localize(resolveLabel(p.label, ''), args.locale ?? ctx.locale)),
    }),
    required: t.exposeBoolean('required'),
    readOnly: t.exposeBoolean('readOnly'),
  }),
});

const ReferenceRef = builder.objectRef<{ object: string; field: string }>('FieldReference').implement({
  fields: (t) => ({
    object: t.exposeString('object'),
    field: t.exposeString('field'),
  }),
});

const UsageRef = builder.objectRef<FieldUsage>('FieldUsage').implement({
  description: 'Where a field is used in the metadata: what renaming or deleting it touches.',
  fields: (t) => ({
    object: t.exposeString('object'),
    field: t.exposeString('field'),
    layoutSections: t.field({ type: [PlacementRef], resolve: (u) => u.layoutSections }),
    listColumn: t.int({ nullable: true, description: 'Its place among the list columns (0-based), or null.', resolve: (u) => u.listColumn }),
    indexes: t.stringList({ description: 'Composite indexes over the field.', resolve: (u) => u.indexes }),
    lookups: t.field({ type: [ReferenceRef], description: 'Lookup and master-detail fields (of any object) that target the field\'s object.', resolve: (u) => u.lookups }),
  }),
});

builder.queryFields((t) => ({
  fieldUsage: t.field({
    type: UsageRef,
    nullable: true,
    description: 'Where a field is used: layout sections, list columns, indexes, and lookups to its object. Null: no such field.',
    args: { object: t.arg.string({ required: true }), field: t.arg.string({ required: true }) },
    resolve: async (_root, args, ctx) => fieldUsage(await loadCatalog(ctx.platform.sql, ctx.principal.tenantId), args.object, args.field),
  }),
}));

builder.mutationFields((t) => ({
  reorderFields: t.field({
    type: ObjectRef,
    description: 'Puts an object\'s fields in the given order; `fields` names every field of the object once. No DDL.',
    args: { object: t.arg.string({ required: true }), fields: t.arg.stringList({ required: true }) },
    resolve: async (_root, args, ctx) => {
      requireCapability(ctx, 'manageMetadata');
      await ctx.platform.metadata.reorderFields(ctx.principal.tenantId, actorOf(ctx), args.object, args.fields);
      return (await loadCatalog(ctx.platform.sql, ctx.principal.tenantId)).objects.get(args.object)!.definition;
    },
  }),
}));
