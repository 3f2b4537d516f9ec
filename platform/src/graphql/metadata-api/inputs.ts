import { builder } from './builder.ts';
import { FieldTypeEnum, OnDeleteEnum } from './types.ts';
import { API_NAME_PATTERN } from '../../metadata/names.ts';

export const SelectOptionInput = builder.inputType('SelectOptionInput', {
  fields: (t) => ({
    value: t.string({ required: true, description: 'API value: a letter, then letters, digits and _.' }),
    label: t.field({ type: 'Label' }),
    color: t.string(),
  }),
});

export const IndexInput = builder.inputType('IndexInput', {
  fields: (t) => ({
    fields: t.stringList({ required: true }),
    unique: t.boolean(),
    name: t.string(),
  }),
});

const fieldProps = (t: any, required: boolean) => ({
  name: t.string({ required, description: `API name: ${API_NAME_PATTERN}` }),
  type: t.field({ type: FieldTypeEnum, required }),
  label: t.field({ type: 'Label' }),
  description: t.string(),
  helpText: t.string(),
  required: t.boolean(),
  unique: t.boolean(),
  searchable: t.boolean({ description: 'Global search matches the field (text, longText, email, phone, url). The title field is searched unless this is false.' }),
  defaultValue: t.field({ type: 'JSON' }),
  defaultExpression: t.string({ description: 'An expression giving the value when a create leaves the field out (ADDDAYS(TODAY(), 30), $User.email); null removes it.' }),
  options: t.field({ type: [SelectOptionInput], description: 'For select and multiSelect: [{value, label}].' }),
  target: t.string({ description: 'For lookup and masterDetail: the API name of the target object.' }),
  onDelete: t.field({ type: OnDeleteEnum }),
  relationName: t.string({ description: 'Name of the reverse connection on the target object.' }),
  maxLength: t.int(),
  precision: t.int(),
  scale: t.int(),
  currencyCode: t.string(),
  format: t.string({ description: 'For autoNumber: how numbers read, e.g. INV-{YYYY}-{00000}.' }),
  max: t.int({ description: 'For rating: the highest rating (default 5).' }),
  relation: t.string({ description: 'For rollup: the children, <child object>.<its lookup to this object>, e.g. opportunity.account.' }),
  aggregate: t.string({ description: 'For rollup: COUNT, SUM, MIN, MAX or AVG.' }),
  field: t.string({ description: "For rollup: the child's number field aggregated (not for COUNT)." }),
  filter: t.string({ description: 'For rollup: only children for which this expression is TRUE, e.g. stage = "won".' }),
  expression: t.string({ description: 'For formula: the expression computing the value, e.g. IF(score >= 60, "hot", "cold").' }),
  returnType: t.string({ description: 'For formula: the type of its value (number, text, boolean, date, dateTime).' }),
});

export const FieldInput = builder.inputType('FieldInput', { fields: (t) => fieldProps(t, true) });
export const FieldUpdateInput = builder.inputType('FieldUpdateInput', {
  description: 'The properties to change; a property given as null returns to its default.',
  fields: (t) => fieldProps(t, false),
});

export const SharingModelEnum = builder.enumType('SharingModel', {
  description: 'Who sees an object\'s records by default.',
  values: { PRIVATE: { description: 'Owners, the people above them in the role hierarchy, manual shares and sharing rules' }, PUBLIC_READ: {}, PUBLIC_READ_WRITE: {} } as const,
});

export const ObjectInput = builder.inputType('ObjectInput', {
  fields: (t) => ({
    name: t.string({ required: true, description: `API name: ${API_NAME_PATTERN}` }),
    label: t.field({ type: 'Label' }),
    pluralLabel: t.field({ type: 'Label' }),
    description: t.string(),
    sharing: t.field({ type: SharingModelEnum }),
    layout: t.field({ type: 'JSON', description: 'The record form: {sections: [{label, columns, fields: [{field, required, readOnly}]}]}.' }),
    listColumns: t.field({ type: 'JSON', description: 'The list view\'s default columns: [{field, width}].' }),
    fields: t.field({ type: [FieldInput] }),
    indexes: t.field({ type: [IndexInput] }),
  }),
});

export const ObjectUpdateInput = builder.inputType('ObjectUpdateInput', {
  fields: (t) => ({
    name: t.string({ description: 'A new API name (renames the table; no rewrite).' }),
    label: t.field({ type: 'Label' }),
    pluralLabel: t.field({ type: 'Label' }),
    description: t.string(),
    sharing: t.field({ type: SharingModelEnum }),
    layout: t.field({ type: 'JSON', description: 'The record form: {sections: [{label, columns, fields: [{field, required, readOnly}]}]}.' }),
    listColumns: t.field({ type: 'JSON', description: 'The list view\'s default columns: [{field, width}].' }),
    indexes: t.field({ type: [IndexInput], description: 'The complete list of composite indexes.' }),
  }),
});
