import type { GraphQLSchema } from 'graphql';
import { PlatformError } from '../../errors/index.ts';
import { FIELD_TYPES } from '../../field-types/registry.ts';
import { compact, loadCatalog, purgeExpired, type FieldInput as FieldInputT, type MetadataDocument, type ObjectInput as ObjectInputT, type ResolvedObject } from '../../metadata/index.ts';
import { builder, type MetadataContext } from './builder.ts';
import { actorOf, hasCapability, requireCapability } from './capabilities.ts';
import { pullDocument } from '../../kinds/document.ts';
import { FieldInput, FieldUpdateInput, ObjectInput, ObjectUpdateInput } from './inputs.ts';
import { FieldRef, FieldTypeInfoRef, ObjectRef, PlanRef } from './types.ts';
import './users.ts';
import './api-keys.ts';
import './security.ts';
import './security-changes.ts';
import './scripts.ts';
import './usage.ts';
import './dashboards.ts';
import './apps.ts';
import './duplicate-rules.ts';
import './validation-rules.ts';
import './list-views.ts';
import './history.ts';
import './clock.ts';
import './jobs.ts';
import './plugins.ts';
import './plugin-items.ts';
import './tenant.ts';
import './packages.ts';
import './package-lifecycle.ts';
import './sample-data.ts';
import './rollback.ts';



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
      description: 'The live configuration as a metadata document, as `tessera metadata pull` writes it: objects, and each other kind the caller may change (scripts, roles, permissionSets, groups, sharingRules, listViews, dashboards…). `kinds` (document keys, e.g. `businessCalendars`) keeps only those sections.',
      // `kinds`: a picker needs one kind's names (the studio's dispatch rule editor lists the calendars), not every object.
      args: { kinds: t.arg.stringList({ required: false }) },
      resolve: async (_root, args, ctx) => {
        const visible = new Set(ctx.platform.kinds.visibleKinds(ctx.security));
        const only = args.kinds ? new Set(args.kinds) : undefined;
        return pullDocument(ctx.platform.kinds, ctx.platform.orm, ctx.principal.tenantId, (k) => (k.name === 'object' || visible.has(k.name)) && (!only || only.has(k.documentKey)));
      },
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
      description: 'Makes the configuration look like the document ({objects, scripts, roles, permissionSets, groups, sharingRules, listViews, dashboards, apps}), in one transaction: a kind the document does not carry is left alone, and so is an item it does not name. Each kind needs its own right (objects, list views, dashboards, apps: manageMetadata; roles, permission sets, groups, sharing rules: manageUsers; scripts: an administrator). With dryRun: true, returns the plan and changes nothing.',
      args: { document: t.arg({ type: 'JSON', required: true }), dryRun: t.arg.boolean() },
      resolve: (_root, args, ctx) => {
        if (!hasCapability(ctx, 'manageMetadata') && !hasCapability(ctx, 'manageUsers')) requireCapability(ctx, 'manageMetadata');
        return ctx.platform.metadata.applyMetadata(ctx.principal.tenantId, actorOf(ctx), args.document as MetadataDocument, { dryRun: args.dryRun === true });
      },
    }),
    purgeDeleted: t.stringList({
      description: 'Purges every deleted object and field now, without waiting for the retention period (recorded in the metadata history). Returns what was purged.',
      resolve: (_root, _args, ctx) => mutate(ctx, () =>
        ctx.platform.changes.run({ tenantId: ctx.principal.tenantId, actor: actorOf(ctx), kind: 'object', action: 'purgeDeleted', target: '' }, async (tx) => {
          const purged = await purgeExpired(tx.em, ctx.principal.tenantId, { everything: true });
          const names = [...purged.objects, ...purged.fields];
          if (names.length) tx.record({ kind: 'object', action: 'purgeDeleted', target: names.join(', ').slice(0, 500), before: purged, after: null });
          return { result: names };
        })),
    }),
  }),
});

let schema: GraphQLSchema | undefined;
/** The metadata API's schema: fixed, built once. */
export function metadataSchema(): GraphQLSchema {
  schema ??= builder.toSchema();
  return schema;
}
