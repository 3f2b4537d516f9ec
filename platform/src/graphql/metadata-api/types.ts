import { FIELD_TYPES, fieldType, fieldTypeOf, toEnumName } from '../../field-types/registry.ts';
import { localize, type PlanResult, type ResolvedField, type ResolvedIndex, type ResolvedObject, type SelectOption } from '../../metadata/index.ts';
import { builder } from './builder.ts';
import type { CommandModel } from '../../model/index.ts';
import { commandInputRequired } from '../../operations/index.ts';
import { inflect, optionNames } from '../inflection.ts';
import { loadCatalog, type CatalogScript } from '../../metadata/index.ts';
import { searchFields, titleField } from '../../metadata/search-fields.ts';

export const FieldTypeEnum = builder.enumType('FieldType', {
  description: 'The type of a field. Metadata documents write the same types in lower camel case (MULTI_SELECT ↔ multiSelect).',
  values: Object.fromEntries(FIELD_TYPES.map((t) => [toEnumName(t.name), { value: t.name, description: t.label.en }])),
});

export const OnDeleteEnum = builder.enumType('OnDelete', {
  description: 'What deleting a looked-up record does to the records that look it up.',
  values: { SET_NULL: { value: 'setNull' }, RESTRICT: { value: 'restrict' }, CASCADE: { value: 'cascade' } } as const,
});

const localized = (t: any, pick: (parent: any) => Record<string, string> | undefined) =>
  t.string({
    nullable: true,
    args: { locale: t.arg.string({ description: 'Defaults to the caller\'s locale.' }) },
    resolve: (parent: unknown, args: { locale?: string | null }, ctx: { locale?: string }) => {
      const label = pick(parent);
      return label ? localize(label, args.locale ?? ctx.locale) : null;
    },
  });

export const SelectOptionRef = builder.objectRef<SelectOption & { enumValue: string }>('SelectOption').implement({
  fields: (t) => ({
    value: t.exposeString('value'),
    enumValue: t.exposeString('enumValue', { description: 'Its name in the data API\'s enum of the field (`LeadStatusOption`): the value itself, or, for a value that is no GraphQL name, the name it is mapped to.' }),
    label: localized(t, (o) => o.label),
    labels: t.field({ type: 'JSON', resolve: (o) => o.label }),
    color: t.string({ nullable: true, resolve: (o) => o.color ?? null }),
  }),
});

export const IndexRef = builder.objectRef<ResolvedIndex>('IndexDefinition').implement({
  fields: (t) => ({
    name: t.exposeString('name'),
    fields: t.exposeStringList('fields'),
    unique: t.exposeBoolean('unique'),
  }),
});

const optionalString = (key: keyof ResolvedField) => (f: ResolvedField) => (f[key] === undefined ? null : String(f[key]));
const optionalInt = (key: keyof ResolvedField) => (f: ResolvedField) => (typeof f[key] === 'number' ? (f[key] as number) : null);

export const FieldRef = builder.objectRef<ResolvedField>('FieldDefinition').implement({
  description: 'A field of an object; its value lives in real columns of the object\'s table.',
  fields: (t) => ({
    name: t.string({ resolve: (f) => f.name }),
    type: t.field({ type: FieldTypeEnum, resolve: (f) => f.type as never }),
    label: localized(t, (f) => f.label),
    labels: t.field({ type: 'JSON', resolve: (f) => f.label }),
    description: t.string({ nullable: true, resolve: optionalString('description') }),
    helpText: t.string({ nullable: true, resolve: optionalString('helpText') }),
    required: t.boolean({ resolve: (f) => f.required }),
    unique: t.boolean({ resolve: (f) => f.unique }),
    defaultValue: t.field({ type: 'JSON', nullable: true, resolve: (f) => f.defaultValue ?? null }),
    defaultExpression: t.string({ nullable: true, description: 'The expression giving the value when a create leaves the field out.', resolve: optionalString('defaultExpression') }),
    options: t.field({ type: [SelectOptionRef], nullable: true, resolve: (f) => f.options?.map((o) => ({ ...o, enumValue: optionNames(f).nameOf.get(o.value) ?? o.value })) ?? null }),
    target: t.string({ nullable: true, resolve: optionalString('target') }),
    onDelete: t.field({ type: OnDeleteEnum, nullable: true, resolve: (f) => (f.onDelete ?? null) as never }),
    relationName: t.string({ nullable: true, resolve: optionalString('relationName') }),
    maxLength: t.int({ nullable: true, resolve: optionalInt('maxLength') }),
    precision: t.int({ nullable: true, resolve: optionalInt('precision') }),
    scale: t.int({ nullable: true, resolve: optionalInt('scale') }),
    currencyCode: t.string({ nullable: true, resolve: optionalString('currencyCode') }),
    format: t.string({ nullable: true, description: 'autoNumber: how numbers read.', resolve: optionalString('format') }),
    max: t.int({ nullable: true, description: 'rating: the highest rating.', resolve: optionalInt('max') }),
    expression: t.string({ nullable: true, description: 'formula: the expression computing the value.', resolve: optionalString('expression') }),
    returnType: t.string({ nullable: true, description: 'formula: the type of its value.', resolve: optionalString('returnType') }),
    widget: t.string({ description: 'The default form widget.', resolve: (f) => fieldTypeOf(f).widget }),
    valueSchema: t.field({ type: 'JSON', description: 'JSON Schema of the field\'s value as the data API accepts it (forms validate with it before sending).', resolve: (f) => fieldType(f.type).valueSchema(f) }),
    // A computed field (a formula) reads as its return type and is read-only: forms never send it.
    capabilities: t.field({ type: 'JSON', description: '{sortable, filterable, groupable, uniqueable, aggregates, readOnly}', resolve: (f) => (fieldType(f.type).computed ? { ...fieldTypeOf(f).capabilities, readOnly: true } : fieldTypeOf(f).capabilities) }),
    operators: t.stringList({ description: 'Filter operators the data API offers on this field.', resolve: (f) => [...fieldTypeOf(f).operators] }),
    definition: t.field({ type: 'JSON', description: 'The whole resolved definition, as in a metadata document.', resolve: (f) => f }),
  }),
});

export const ObjectRef = builder.objectRef<ResolvedObject>('ObjectDefinition').implement({
  description: 'A custom object: a real table in the tenant\'s schema.',
  fields: (t) => ({
    name: t.exposeString('name'),
    label: localized(t, (o) => o.label),
    labels: t.field({ type: 'JSON', resolve: (o) => o.label }),
    pluralLabel: localized(t, (o) => o.pluralLabel),
    pluralLabels: t.field({ type: 'JSON', resolve: (o) => o.pluralLabel }),
    description: t.string({ nullable: true, resolve: (o) => o.description ?? null }),
    sharing: t.string({ description: 'PRIVATE, PUBLIC_READ or PUBLIC_READ_WRITE.', resolve: (o) => o.sharing ?? 'PUBLIC_READ_WRITE' }),
    fields: t.field({ type: [FieldRef], resolve: (o) => o.fields }),
    field: t.field({ type: FieldRef, nullable: true, args: { name: t.arg.string({ required: true }) }, resolve: (o, args) => o.fields.find((f) => f.name === args.name) ?? null }),
    indexes: t.field({ type: [IndexRef], resolve: (o) => o.indexes }),
    layout: t.field({ type: 'JSON', nullable: true, description: 'The record form; null: every field in one two-column section.', resolve: (o) => o.layout ?? null }),
    listColumns: t.field({ type: 'JSON', nullable: true, description: 'The list view\'s default columns; null: the first fields.', resolve: (o) => o.listColumns ?? null }),
    titleField: t.string({ nullable: true, description: 'The field that names its records (`name`, else the first text, email, phone or url field): search hits, lookups and history show it.', resolve: (o) => titleField(o)?.name ?? null }),
    searchFields: t.stringList({ description: 'The fields global search matches: the title field (unless searchable: false) and those flagged searchable.', resolve: (o) => searchFields(o).map((f) => f.name) }),
    api: t.field({ type: 'JSON', description: 'The names of the object\'s operations in the data API (/graphql).', resolve: (o) => apiNames(o.name) }),
    access: t.field({
      type: 'JSON',
      description: 'What the caller may do with the object\'s records: {read, create, update, delete, viewAll, modifyAll} (record sharing narrows it further).',
      resolve: (o, _args, ctx) => ctx.security.object(o.name),
    }),
    actions: t.field({
      type: [ActionRef],
      description: 'The custom actions active scripts declare on this object, each a data-API mutation `(id: ID!, input: JSON): JSON`.',
      resolve: async (o, _args, ctx) => objectActions((await loadCatalog(ctx.platform.sql, ctx.principal.tenantId)).scripts, o.name),
    }),
    commands: t.field({
      type: [CommandRef],
      description: 'Every command on this object (scripts\' actions and plugins\' commands), each a data-API mutation `(id: ID!, input: JSON): JSON` the caller may run.',
      resolve: async (o, _args, ctx) => {
        const { model } = await ctx.platform.models.get(ctx.principal.tenantId);
        const access = ctx.security.object(o.name);
        return model.commands.filter((c) => c.object === o.name
          && (ctx.security.bypass || (access[c.permission ?? (c.access === 'write' ? 'update' : 'read')] && (!c.capability || ctx.security.capabilities.has(c.capability)))));
      },
    }),
  }),
});

const CommandRef = builder.objectRef<CommandModel>('ObjectCommand').implement({
  description: 'A command on an object: a typed verb beyond create, update and delete.',
  fields: (t) => ({
    name: t.exposeString('name'),
    mutation: t.string({ description: 'The data-API mutation that runs it (`leadClaim`).', resolve: (c) => inflect.action(c.object, c.name) }),
    provider: t.exposeString('provider', { description: '`plugin:<name>` or `script:<name>`.' }),
    label: t.field({ type: 'JSON', nullable: true, resolve: (c) => c.label ?? null }),
    description: t.string({ nullable: true, resolve: (c) => c.description ?? null }),
    input: t.field({ type: 'JSON', nullable: true, description: 'The JSON Schema of its input.', resolve: (c) => c.input ?? null }),
    inputRequired: t.boolean({ description: 'Whether it must be given an input (its schema requires something).', resolve: (c) => commandInputRequired(c.input) }),
    access: t.exposeString('access', { description: 'The access to the record it needs: read or write.' }),
  }),
});

export interface ObjectAction { name: string; mutation: string; script: string; input: unknown }

const ActionRef = builder.objectRef<ObjectAction>('ObjectAction').implement({
  fields: (t) => ({
    name: t.exposeString('name', { description: 'The action\'s name in its script (`convert`).' }),
    mutation: t.exposeString('mutation', { description: 'The data-API mutation that runs it (`leadConvert`).' }),
    script: t.exposeString('script'),
    input: t.field({ type: 'JSON', nullable: true, description: 'The JSON Schema of its input, if the script declares one.', resolve: (a) => a.input ?? null }),
  }),
});

/** The actions of active scripts on one object, named as the data API names their mutations. */
function objectActions(scripts: CatalogScript[], object: string): ObjectAction[] {
  return scripts.flatMap((script) => Object.entries(script.handlers.actions?.[object] ?? {}).map(([name, spec]) => ({
    name, mutation: inflect.action(object, name), script: script.name, input: (spec as { input?: unknown }).input,
  })));
}

/** What the data API calls an object's type and operations (from the one inflection module). */
function apiNames(object: string): Record<string, string> {
  const names = ['type', 'one', 'many', 'connection', 'filter', 'orderBy', 'aggregate', 'createInput', 'updateInput', 'createOne', 'createMany', 'updateOne', 'updateMany', 'deleteOne', 'deleteMany', 'restoreOne', 'upsertOne', 'mergeOne'] as const;
  return Object.fromEntries(names.map((n) => [n, inflect[n](object)]));
}

export const ChangeRef = builder.objectRef<PlanResult['changes'][number]>('MetadataChange').implement({
  fields: (t) => ({
    kind: t.exposeString('kind', { description: 'The kind of metadata changed: object, role, listView…' }),
    action: t.exposeString('action'),
    target: t.exposeString('target', { description: 'The item changed, by its name in documents (lead, lead.phone, sales, lead/Open leads).' }),
    object: t.exposeString('object', { description: 'The object concerned (empty when the kind has none, e.g. a role).' }),
    field: t.string({ nullable: true, resolve: (c) => c.field ?? null }),
    statements: t.exposeStringList('statements', { description: 'The DDL run (or, in a dry run, that would run).' }),
    notes: t.exposeStringList('notes'),
  }),
});

export const PlanRef = builder.objectRef<PlanResult>('MetadataPlan').implement({
  fields: (t) => ({
    dryRun: t.exposeBoolean('dryRun'),
    applied: t.boolean({ resolve: (p) => !p.dryRun && p.changes.length > 0 }),
    version: t.int({ description: 'The metadata version after the change (in a dry run: the version it would get).', resolve: (p) => p.version }),
    changes: t.field({ type: [ChangeRef], resolve: (p) => p.changes }),
  }),
});

export interface FieldTypeInfo { name: string }
export const FieldTypeInfoRef = builder.objectRef<FieldTypeInfo>('FieldTypeInfo').implement({
  fields: (t) => ({
    type: t.field({ type: FieldTypeEnum, resolve: (i) => i.name as never }),
    label: localized(t, (i) => fieldType(i.name).label),
    widget: t.string({ resolve: (i) => fieldType(i.name).widget }),
    operators: t.stringList({ resolve: (i) => [...fieldType(i.name).operators] }),
    capabilities: t.field({ type: 'JSON', description: '{sortable, filterable, groupable, uniqueable, aggregates}', resolve: (i) => fieldType(i.name).capabilities }),
    schema: t.field({ type: 'JSON', description: 'JSON Schema of the type\'s own definition properties.', resolve: (i) => fieldType(i.name).propertiesSchema }),
  }),
});
