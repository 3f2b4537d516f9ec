import type { GraphQLSchema } from 'graphql';
import { PlatformError } from '../../errors/index.ts';
import { FIELD_TYPES } from '../../field-types/registry.ts';
import { compact, loadCatalog, purgeExpired, type Actor, type FieldInput as FieldInputT, type MetadataDocument, type ObjectInput as ObjectInputT, type ResolvedObject } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { requireCapability } from './capabilities.ts';
import { FieldInput, FieldUpdateInput, ObjectInput, ObjectUpdateInput } from './inputs.ts';
import { FieldRef, FieldTypeInfoRef, ObjectRef, PlanRef } from './types.ts';
import './users.ts';
import './api-keys.ts';
import './security.ts';
import './security-changes.ts';
import './scripts.ts';
import './usage.ts';
import './dashboards.ts';
import './list-views.ts';
import './clock.ts';
import './jobs.ts';

function actorOf(ctx: MetadataContext): Actor {
  return { userId: ctx.principal.userId, via: ctx.principal.via, rights: ctx.security };
}


async function objectNamed(ctx: MetadataContext, name: string): Promise<ResolvedObject | null> {
  const catalog = await loadCatalog(ctx.platform.sql, ctx.principal.tenantId);
  return catalog.objects.get(name)?.definition ?? null;
}

/** GraphQL inputs as metadata documents: nulls dropped, nested fields compacted. */
function objectDocument(input: Record<string, unknown>): ObjectInputT {
  const doc = compact(input) as unknown as ObjectInputT;
  if (doc.fields) doc.fields = doc.fields.map((f) => compact(f as Record<string, unknown>) as FieldInputT);
  return doc;
}

builder.queryType({
  fields: (t) => ({
    objects: t.field({
      type: [ObjectRef],
      resolve: async (_root, _args, ctx) => [...(await loadCatalog(ctx.platform.sql, ctx.principal.tenantId)).objects.values()].map((o) => o.definition),
    }),
    object: t.field({ type: ObjectRef, nullable: true, args: { name: t.arg.string({ required: true }) }, resolve: (_root, args, ctx) => objectNamed(ctx, args.name) }),
    metadataVersion: t.int({ resolve: async (_root, _args, ctx) => (await loadCatalog(ctx.platform.sql, ctx.principal.tenantId)).version }),
    fieldTypes: t.field({ type: [FieldTypeInfoRef], resolve: () => FIELD_TYPES.map((f) => ({ name: f.name })) }),
    document: t.field({
      type: 'JSON',
      description: 'The live metadata as a document, as `tessera metadata pull` writes it.',
      resolve: async (_root, _args, ctx) => ({ objects: [...(await loadCatalog(ctx.platform.sql, ctx.principal.tenantId)).objects.values()].map((o) => o.definition) }),
    }),
  }),
});

const mutate = <T>(ctx: MetadataContext, run: () => Promise<T>) => {
  requireCapability(ctx, 'manageMetadata');
  return run();
};

builder.mutationType({
  fields: (t) => ({
    createObject: t.field({
      type: ObjectRef,
      args: { input: t.arg({ type: ObjectInput, required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const input = objectDocument(args.input as Record<string, unknown>);
        await ctx.platform.metadata.createObject(ctx.principal.tenantId, actorOf(ctx), input);
        return (await objectNamed(ctx, input.name))!;
      }),
    }),
    updateObject: t.field({
      type: ObjectRef,
      args: { name: t.arg.string({ required: true }), input: t.arg({ type: ObjectUpdateInput, required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const input = compact(args.input as Record<string, unknown>) as Partial<ObjectInputT>;
        await ctx.platform.metadata.updateObject(ctx.principal.tenantId, actorOf(ctx), args.name, input);
        return (await objectNamed(ctx, input.name ?? args.name))!;
      }),
    }),
    deleteObject: t.field({
      type: ObjectRef,
      description: 'Deletes an object recoverably (restoreObject) until the retention period ends. Returns its last definition.',
      args: { name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const before = await objectNamed(ctx, args.name);
        await ctx.platform.metadata.deleteObject(ctx.principal.tenantId, actorOf(ctx), args.name);
        return before!;
      }),
    }),
    restoreObject: t.field({
      type: ObjectRef,
      args: { name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        await ctx.platform.metadata.restoreObject(ctx.principal.tenantId, actorOf(ctx), args.name);
        return (await objectNamed(ctx, args.name))!;
      }),
    }),
    createField: t.field({
      type: FieldRef,
      args: { object: t.arg.string({ required: true }), input: t.arg({ type: FieldInput, required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const input = compact(args.input as Record<string, unknown>) as FieldInputT;
        await ctx.platform.metadata.createField(ctx.principal.tenantId, actorOf(ctx), args.object, input);
        return (await objectNamed(ctx, args.object))!.fields.find((f) => f.name === input.name)!;
      }),
    }),
    updateField: t.field({
      type: FieldRef,
      args: { object: t.arg.string({ required: true }), name: t.arg.string({ required: true }), input: t.arg({ type: FieldUpdateInput, required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const input = args.input as Partial<FieldInputT>;
        await ctx.platform.metadata.updateField(ctx.principal.tenantId, actorOf(ctx), args.object, args.name, input);
        return (await objectNamed(ctx, args.object))!.fields.find((f) => f.name === (input.name ?? args.name))!;
      }),
    }),
    deleteField: t.field({
      type: FieldRef,
      description: 'Deletes a field recoverably (restoreField) until the retention period ends. Returns its last definition.',
      args: { object: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        const before = (await objectNamed(ctx, args.object))?.fields.find((f) => f.name === args.name);
        await ctx.platform.metadata.deleteField(ctx.principal.tenantId, actorOf(ctx), args.object, args.name);
        return before!;
      }),
    }),
    restoreField: t.field({
      type: FieldRef,
      args: { object: t.arg.string({ required: true }), name: t.arg.string({ required: true }) },
      resolve: (_root, args, ctx) => mutate(ctx, async () => {
        await ctx.platform.metadata.restoreField(ctx.principal.tenantId, actorOf(ctx), args.object, args.name);
        return (await objectNamed(ctx, args.object))!.fields.find((f) => f.name === args.name)!;
      }),
    }),
    applyMetadata: t.field({
      type: PlanRef,
      description: 'Makes the objects named in the document look like it, in one transaction. With dryRun: true, returns the plan and changes nothing.',
      args: { document: t.arg({ type: 'JSON', required: true }), dryRun: t.arg.boolean() },
      resolve: (_root, args, ctx) => mutate(ctx, () =>
        ctx.platform.metadata.applyMetadata(ctx.principal.tenantId, actorOf(ctx), args.document as MetadataDocument, { dryRun: args.dryRun === true })),
    }),
    purgeDeleted: t.stringList({
      description: 'Purges every deleted object and field now, without waiting for the retention period. Returns what was purged.',
      resolve: (_root, _args, ctx) => mutate(ctx, async () => {
        const purged = await purgeExpired(ctx.platform.orm.em.fork(), ctx.principal.tenantId, { everything: true });
        return [...purged.objects, ...purged.fields];
      }),
    }),
  }),
});

let schema: GraphQLSchema | undefined;
/** The metadata API's schema: fixed, built once. */
export function metadataSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}
