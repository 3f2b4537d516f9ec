import { apiNames } from '../api-names.ts';
import { commandInputRequired } from '../../operations/index.ts';
import { inflect } from '../inflection.ts';
import type { DataSchemaBuilder, SchemaScope } from './builder-types.ts';
import type { SchemaModel } from '../../model/model.ts';
import { pluginEnumName, type QueryModel } from '../../model/index.ts';
import type { ResolvedField } from '../../metadata/index.ts';
import { resolvePluginMutation, resolvePluginQuery, resolveRootRead, resolveMutation } from './resolvers.ts';
import { recordHistoryField } from './record-history.ts';
import { usersField } from './users-field.ts';
import { searchField } from './search-field.ts';
import { findDuplicatesField } from './duplicates-fields.ts';

export interface ObjectRefs {
  type: any; connection: any; edge: any; filter: any; orderBy: any; groupBy: any; aggregate: any;
  createInput: any; updateInput: any; matchInput: any;
  options: Map<string, { enum: any; filter: any }>;
}

export interface Refs {
  pageInfo: any; money: any; moneyInput: any; geoPoint: any; geoPointInput: any; user: any; file: any;
  orderDirection: any; dateBucket: any; bulk: any; idFilter: any; node: any; linksInput?: any;
  typeFilters: Map<string, any>;
  /** Each composite field type's output and input object types (`Address`, `AddressInput`). */
  composites: Map<string, { output: any; input: any }>;
  /** Each option enum's name, and the field whose options it holds (their inputs are bound after the build). */
  optionEnums: Map<string, { definition: ResolvedField; label: string }>;
  objects: Map<string, ObjectRefs>;
  scope: SchemaScope;
}

/** The root query and mutation fields of every object; each hands off to the planner or an operation. */
export function addRootFields(builder: DataSchemaBuilder, refs: Refs, model: SchemaModel) {
  const b = builder as any;
  const recordHistory = recordHistoryField(builder, refs.user);
  const users = usersField(refs.user);
  const search = searchField(builder);
  const findDuplicates = findDuplicatesField(builder);
  const enums = pluginEnums(builder, model);
  b.queryType({
    fields: (t: any) => {
      const fields: Record<string, unknown> = {
        metadataVersion: t.int({ description: 'The version of the metadata this API was generated from.', resolve: () => model.version }),
        // Executed by graphql-yoga: the compiled path does not know it (NotCompilable).
        recordHistory: recordHistory(t),
        node: t.field({
          type: refs.node,
          nullable: true,
          description: 'The record with this id, of whichever object holds it; null when there is none the caller may read.',
          args: { id: t.arg.id({ required: true }) },
          resolve: resolveRootRead,
        }),
        users: users(t),
        // Executed by graphql-yoga too; an object named `search` (from before the name was reserved) keeps its field.
        ...(apiNames(model).queries.has('search') ? {} : { search: search(t) }),
        // Executed by graphql-yoga too (duplicates/find.ts).
        ...(apiNames(model).queries.has('findDuplicates') ? {} : { findDuplicates: findDuplicates(t) }),
      };
      for (const object of model.objects.values()) {
        const o = object.name;
        if (!refs.scope.objects.has(o)) continue;
        const r = refs.objects.get(o)!;
        fields[inflect.one(o)] = t.field({ type: r.type, nullable: true, args: { id: t.arg.id({ required: true }) }, resolve: resolveRootRead });
        fields[inflect.many(o)] = t.field({
          type: r.connection,
          nullable: false,
          args: { filter: t.arg({ type: r.filter }), orderBy: t.arg({ type: [r.orderBy] }), first: t.arg.int(), after: t.arg.string(), last: t.arg.int(), before: t.arg.string() },
          resolve: resolveRootRead,
        });
        fields[inflect.aggregate(o)] = t.field({
          type: [r.aggregate],
          nullable: false,
          args: { filter: t.arg({ type: r.filter }), groupBy: t.arg({ type: [r.groupBy] }) },
          resolve: resolveRootRead,
        });
      }
      // Plugins' reads: `<name>(input: JSON): JSON`, unless an object's root field has the name.
      for (const query of model.queries) {
        if (query.operation === 'mutation' || fields[query.name] || apiNames(model).queries.has(query.name)) continue;
        fields[query.name] = t.field({
          type: 'JSON', nullable: true, description: query.description ?? `A read of the plugin ${query.provider.slice('plugin:'.length)}.`,
          args: pluginArgs(t, query, enums),
          resolve: resolvePluginQuery,
        });
      }
      return fields;
    },
  });
  if (refs.scope.objects.size === 0 && !model.queries.some((q) => q.operation === 'mutation')) return;
  b.mutationType({
    fields: (t: any) => {
      const fields: Record<string, unknown> = {};
      for (const object of model.objects.values()) {
        const o = object.name;
        if (!refs.scope.objects.has(o)) continue;
        const r = refs.objects.get(o)!;
        const allowDuplicatesArg = () => t.arg.boolean({ description: 'Keep records that WARN duplicate rules find duplicates of (BLOCK rules still refuse).' });
        fields[inflect.createOne(o)] = t.field({ type: r.type, args: { data: t.arg({ type: r.createInput, required: true }), allowDuplicates: allowDuplicatesArg() }, resolve: resolveMutation });
        fields[inflect.createMany(o)] = t.field({ type: [r.type], description: 'Atomic: all records or none.', args: { data: t.arg({ type: [r.createInput], required: true }), allowDuplicates: allowDuplicatesArg() }, resolve: resolveMutation });
        fields[inflect.updateOne(o)] = t.field({
          type: r.type,
          args: { id: t.arg.id({ required: true }), data: t.arg({ type: r.updateInput, required: true }), expectedUpdatedAt: t.arg({ type: 'DateTime', description: 'Refuse with CONFLICT when the record changed since.' }), allowDuplicates: allowDuplicatesArg() },
          resolve: resolveMutation,
        });
        fields[inflect.updateMany(o)] = t.field({ type: refs.bulk, args: { filter: t.arg({ type: r.filter, required: true }), data: t.arg({ type: r.updateInput, required: true }), allowDuplicates: allowDuplicatesArg() }, resolve: resolveMutation });
        fields[inflect.deleteOne(o)] = t.field({ type: r.type, description: 'Soft delete: restore with the restore mutation until purged.', args: { id: t.arg.id({ required: true }) }, resolve: resolveMutation });
        fields[inflect.deleteMany(o)] = t.field({ type: refs.bulk, args: { filter: t.arg({ type: r.filter, required: true }) }, resolve: resolveMutation });
        fields[inflect.restoreOne(o)] = t.field({ type: r.type, args: { id: t.arg.id({ required: true }) }, resolve: resolveMutation });
        fields[inflect.upsertOne(o)] = t.field({
          type: r.type,
          args: { match: t.arg({ type: r.matchInput, required: true }), data: t.arg({ type: r.createInput, required: true }), allowDuplicates: allowDuplicatesArg() },
          resolve: resolveMutation,
        });
      }
      for (const object of model.objects.values()) {
        const o = object.name;
        if (!refs.scope.objects.has(o)) continue;
        fields[inflect.mergeOne(o)] = t.field({
          type: refs.objects.get(o)!.type,
          description: 'Merges duplicates into the master, in one transaction: the master takes the chosen fields\' values (fieldChoices: {field: id of the merged record whose value it takes}), every record of any object that looks up a duplicate looks up the master, the duplicates\' history and shares move to the master, and the duplicates are deleted (restorable). Needs update on the master and delete on the duplicates.',
          args: { masterId: t.arg.id({ required: true }), duplicateIds: t.arg.idList({ required: true }), fieldChoices: t.arg({ type: 'JSON' }) },
          resolve: resolveMutation,
        });
      }
      // Commands on the objects in scope (scripts' actions, plugins' commands): `leadClaim(id: ID!, input: JSON): JSON`.
      for (const [name, root] of apiNames(model).mutations) {
        if (root.kind !== 'command' || !refs.scope.objects.has(root.object)) continue;
        const required = commandInputRequired(root.command.input);
        fields[name] = t.field({
          type: 'JSON',
          nullable: true,
          description: root.command.description ?? `The ${root.command.name} command on a ${root.object}.`,
          args: { id: t.arg.id({ required: true }), input: t.arg({ type: 'JSON', required, description: root.command.input ? `Checked against the command's input JSON Schema${required ? '' : ' (it requires nothing: may be left out)'}.` : 'The command takes no input.' }) },
          resolve: resolveMutation,
        });
      }
      // Plugins' root mutations: `<name>(<args>): JSON`, unless a generated mutation has the name.
      for (const mutation of model.queries) {
        if (mutation.operation !== 'mutation' || fields[mutation.name]) continue;
        fields[mutation.name] = t.field({
          type: 'JSON', nullable: true, description: mutation.description ?? `A mutation of the plugin ${mutation.provider.slice('plugin:'.length)}.`,
          args: pluginArgs(t, mutation, enums),
          resolve: resolvePluginMutation,
        });
      }
      return fields;
    },
  });
}

/** A plugin root field's arguments: its typed `args` (enums by their refs), else one `input: JSON`. */
function pluginArgs(t: any, query: QueryModel, enums: Map<string, unknown>): Record<string, unknown> {
  if (!query.args) return { input: t.arg({ type: 'JSON', required: commandInputRequired(query.input) }) };
  return Object.fromEntries(Object.entries(query.args).map(([name, a]) => {
    const type = a.type === 'Enum' ? enums.get(pluginEnumName(query.provider, a.name)) : a.type;
    return [name, t.arg({ type: a.list ? [type] : type, required: a.required ?? false, description: a.description })];
  }));
}

/** The enum types of the plugins' root fields, once each (`<Plugin>_<name>`, model/commands.ts). */
function pluginEnums(builder: DataSchemaBuilder, model: SchemaModel): Map<string, unknown> {
  const enums = new Map<string, unknown>();
  for (const query of model.queries) {
    for (const a of Object.values(query.args ?? {})) {
      if (a.type !== 'Enum') continue;
      const name = pluginEnumName(query.provider, a.name);
      if (!enums.has(name)) enums.set(name, (builder as any).enumType(name, { values: a.values, description: `An argument's values (the plugin ${query.provider.slice('plugin:'.length)}).` }));
    }
  }
  return enums;
}
