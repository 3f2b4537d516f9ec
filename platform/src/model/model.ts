import { fieldType } from '../field-types/registry.ts';
import { junctionTable } from '../field-types/manyToMany/index.ts';
import type { CatalogObject, CatalogScript, TenantCatalog } from '../metadata/catalog.ts';
import type { DuplicateRule, ResolvedField, ValidationRule } from '../metadata/definitions.ts';
import { reverseRelations, type ReverseRelation } from './relations.ts';
import { scriptCommands, type CommandModel, type QueryModel } from './commands.ts';

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

/** What a field of an object stands for, as every transport shows it. */
export type FieldMeaning =
  | { kind: 'value'; field: ResolvedField; system: boolean }
  | { kind: 'lookup'; field: ResolvedField; target: string }
  | { kind: 'user'; column: string }
  | { kind: 'reverse'; relation: ReverseRelation };

export interface ObjectModel {
  name: string;
  catalog: CatalogObject;
  /** Output fields by name (system fields, the object's fields, reverse relations), in API order. */
  fields: Map<string, FieldMeaning>;
  /** Filterable, sortable fields by name (system fields included), resolved with their types. */
  filterable: Map<string, ResolvedField>;
  reverse: ReverseRelation[];
  /** Its active duplicate rules, by name (the save pipeline's duplicates hook enforces them). */
  duplicateRules: DuplicateRule[];
  /** Its active validation rules, by name (the save pipeline's validation rules hook checks them). */
  validationRules: ValidationRule[];
}

/**
 * A tenant's catalog as the API sees it (objects, their fields and relations) at one metadata
 * version: what the planner, the verbs and every transport read. Names a transport derives from it
 * (GraphQL types, mutations) belong to that transport (`graphql/api-names.ts`).
 */
export interface SchemaModel {
  tenantId: string;
  schema: string;
  version: number;
  objects: Map<string, ObjectModel>;
  /** The tenant's active scripts (triggers and actions), at this metadata version. */
  scripts: CatalogScript[];
  /**
   * The commands on the tenant's objects: its scripts' actions, then those of the plugins installed
   * on the server (added by the model cache: `withCommands`). A name two providers give one object
   * keeps the first.
   */
  commands: CommandModel[];
  /** The reads plugins offer beside the objects' (added by the model cache). */
  queries: QueryModel[];
  /** The items of the plugins' document kinds, by kind (`conversion` → the conversions), at this metadata version. */
  configItems?: ReadonlyMap<string, readonly unknown[]>;
}

const isReference = (f: ResolvedField) => fieldType(f.type).reference !== undefined;

/** The model with more commands (the plugins'), after its own: a command whose name is taken on its object is left out. */
export function withCommands(model: SchemaModel, more: readonly CommandModel[], queries: readonly QueryModel[] = []): SchemaModel {
  if (!more.length && !queries.length) return model;
  const taken = new Set(model.commands.map((c) => `${c.object}.${c.name}`));
  const added = more.filter((c) => model.objects.has(c.object) && !taken.has(`${c.object}.${c.name}`) && (taken.add(`${c.object}.${c.name}`), true));
  return { ...model, commands: [...model.commands, ...added], queries: [...model.queries, ...queries] };
}

export function buildModel(catalog: TenantCatalog): SchemaModel {
  const objects = [...catalog.objects.values()];
  // A many-to-many's junction is named after its field's id (field-types/manyToMany).
  const junctionOf = (object: string, field: string) => junctionTable(catalog.objects.get(object)!.fields.get(field)!.id);
  const reverse = reverseRelations(objects.map((o) => o.definition), isReference, junctionOf);
  const model: SchemaModel = { tenantId: catalog.tenantId, schema: catalog.schema, version: catalog.version, objects: new Map(), scripts: catalog.scripts ?? [], commands: [], queries: [], configItems: catalog.configItems ?? new Map() };
  for (const object of objects) {
    const name = object.definition.name;
    const fields = new Map<string, FieldMeaning>();
    const filterable = new Map<string, ResolvedField>();
    for (const s of SYSTEM_OUTPUT) {
      const field = systemField(s.name, s.column, s.type);
      fields.set(s.name, s.type === 'user' ? { kind: 'user', column: s.column } : { kind: 'value', field, system: true });
      filterable.set(s.name, field);
    }
    for (const authored of object.definition.fields) {
      // A computed field (a formula) shows as a field of its value's type, marked computed.
      const field = fieldType(authored.type).readAs?.(authored) ?? authored;
      const type = fieldType(field.type);
      // A many-to-many is a relation (below), not a value: no column to read, filter or sort by.
      if (type.links) continue;
      if (type.reference) fields.set(field.name, { kind: 'lookup', field, target: field.target! });
      else if (type.graphql === 'User') fields.set(field.name, { kind: 'user', column: field.name });
      else fields.set(field.name, { kind: 'value', field, system: false });
      filterable.set(field.name, field);
    }
    const rels = reverse.get(name) ?? [];
    for (const relation of rels) fields.set(relation.name, { kind: 'reverse', relation });
    const duplicateRules = (catalog.duplicateRules ?? []).filter((r) => r.object === name && r.active);
    const validationRules = (catalog.validationRules ?? []).filter((r) => r.object === name && r.active);
    model.objects.set(name, { name, catalog: object, fields, filterable, reverse: rels, duplicateRules, validationRules });
  }
  model.commands = scriptCommands(model.scripts, model.objects);
  return model;
}
