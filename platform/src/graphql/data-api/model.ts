import { PlatformError } from '../../errors/index.ts';
import { fieldType } from '../../field-types/registry.ts';
import type { CatalogObject, CatalogScript, ResolvedField, TenantCatalog } from '../../metadata/index.ts';
import { inflect, reverseRelations, type ReverseRelation } from '../inflection.ts';

/** The system columns every record has, as the API shows them. */
export const SYSTEM_OUTPUT = [
  { name: 'id', column: 'id', type: 'uuid' },
  { name: 'createdAt', column: 'createdAt', type: 'dateTime' },
  { name: 'updatedAt', column: 'updatedAt', type: 'dateTime' },
  { name: 'createdBy', column: 'createdBy', type: 'user' },
  { name: 'updatedBy', column: 'updatedBy', type: 'user' },
  { name: 'owner', column: 'ownerId', type: 'user' },
] as const;

/** A system column seen as a (read-only) field of the given type. */
export function systemField(name: string, column: string, type: string): ResolvedField {
  return { name: column, type, label: { en: name }, required: name === 'id' || name === 'createdAt' || name === 'updatedAt', unique: name === 'id' };
}

/** What a GraphQL field of an object type stands for. */
export type FieldMeaning =
  | { kind: 'value'; field: ResolvedField; system: boolean }
  | { kind: 'lookup'; field: ResolvedField; target: string }
  | { kind: 'user'; column: string }
  | { kind: 'reverse'; relation: ReverseRelation };

export interface ObjectModel {
  name: string;
  typeName: string;
  catalog: CatalogObject;
  /** Output fields by GraphQL name, in schema order. */
  fields: Map<string, FieldMeaning>;
  /** Filterable, sortable fields by name (system fields included), resolved with their types. */
  filterable: Map<string, ResolvedField>;
  reverse: ReverseRelation[];
}

export type RootMeaning =
  | { kind: 'one' | 'many' | 'aggregate'; object: string }
  | { kind: 'createOne' | 'createMany' | 'updateOne' | 'updateMany' | 'deleteOne' | 'deleteMany' | 'restoreOne' | 'upsertOne'; object: string }
  | { kind: 'action'; object: string; action: string; script: string; input?: Record<string, unknown> };

/** The tenant's API as data: what the schema builder emits and the planner reads back. */
export interface SchemaModel {
  tenantId: string;
  schema: string;
  version: number;
  objects: Map<string, ObjectModel>;
  byType: Map<string, ObjectModel>;
  queries: Map<string, RootMeaning>;
  mutations: Map<string, RootMeaning>;
  /** The tenant's active scripts (triggers and actions), at this metadata version. */
  scripts: CatalogScript[];
}

const isReference = (f: ResolvedField) => fieldType(f.type).reference !== undefined;

export function buildModel(catalog: TenantCatalog): SchemaModel {
  const objects = [...catalog.objects.values()];
  const reverse = reverseRelations(objects.map((o) => o.definition), isReference);
  const model: SchemaModel = { tenantId: catalog.tenantId, schema: catalog.schema, version: catalog.version, objects: new Map(), byType: new Map(), queries: new Map(), mutations: new Map(), scripts: catalog.scripts ?? [] };
  for (const object of objects) {
    const name = object.definition.name;
    const fields = new Map<string, FieldMeaning>();
    const filterable = new Map<string, ResolvedField>();
    for (const s of SYSTEM_OUTPUT) {
      const field = systemField(s.name, s.column, s.type);
      fields.set(s.name, s.type === 'user' ? { kind: 'user', column: s.column } : { kind: 'value', field, system: true });
      filterable.set(s.name, field);
    }
    for (const field of object.definition.fields) {
      const type = fieldType(field.type);
      if (type.reference) fields.set(field.name, { kind: 'lookup', field, target: field.target! });
      else if (type.graphql === 'User') fields.set(field.name, { kind: 'user', column: field.name });
      else fields.set(field.name, { kind: 'value', field, system: false });
      filterable.set(field.name, field);
    }
    const rels = reverse.get(name) ?? [];
    for (const relation of rels) fields.set(relation.name, { kind: 'reverse', relation });
    const om: ObjectModel = { name, typeName: inflect.type(name), catalog: object, fields, filterable, reverse: rels };
    model.objects.set(name, om);
    model.byType.set(om.typeName, om);
    if (model.queries.has(inflect.one(name)) || model.queries.has(inflect.many(name)) || model.queries.has(inflect.aggregate(name))) {
      const taken = [inflect.one(name), inflect.many(name), inflect.aggregate(name)].find((k) => model.queries.has(k))!;
      throw new PlatformError('CONFLICT', `The objects ${model.queries.get(taken)!.object} and ${name} both claim the API name "${taken}"; rename one of them`);
    }
    model.queries.set(inflect.one(name), { kind: 'one', object: name });
    model.queries.set(inflect.many(name), { kind: 'many', object: name });
    model.queries.set(inflect.aggregate(name), { kind: 'aggregate', object: name });
    const m = model.mutations;
    m.set(inflect.createOne(name), { kind: 'createOne', object: name });
    m.set(inflect.createMany(name), { kind: 'createMany', object: name });
    m.set(inflect.updateOne(name), { kind: 'updateOne', object: name });
    m.set(inflect.updateMany(name), { kind: 'updateMany', object: name });
    m.set(inflect.deleteOne(name), { kind: 'deleteOne', object: name });
    m.set(inflect.deleteMany(name), { kind: 'deleteMany', object: name });
    m.set(inflect.restoreOne(name), { kind: 'restoreOne', object: name });
    m.set(inflect.upsertOne(name), { kind: 'upsertOne', object: name });
  }
  // Scripts' custom actions: one mutation each, named by the inflector; a clash is refused when the script is saved.
  for (const script of model.scripts) {
    for (const [objectName, actions] of Object.entries(script.handlers.actions ?? {})) {
      if (!model.objects.has(objectName)) continue;
      for (const [action, spec] of Object.entries(actions)) {
        const key = inflect.action(objectName, action);
        if (!model.mutations.has(key)) model.mutations.set(key, { kind: 'action', object: objectName, action, script: script.name, input: spec.input });
      }
    }
  }
  return model;
}
