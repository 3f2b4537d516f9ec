import type { FieldMeta } from '../../../api/metadata.ts';
import type { FieldTypeInfo } from '../api.ts';
import { labelInput, labelPair } from '../labels.ts';

/** The field form's values: everything is text or a flag, as inputs hold them. */
export interface FieldFormValues {
  name: string;
  type: string;
  label: string;
  labelZh: string;
  description: string;
  helpText: string;
  required: boolean;
  unique: boolean;
  defaultValue: string;
  /** An expression giving the value when a create leaves the field out (ADDDAYS(TODAY(), 30)). */
  defaultExpression: string;
  options: { value: string; label: string; labelZh: string }[];
  target: string;
  onDelete: string;
  relationName: string;
  maxLength: string;
  precision: string;
  scale: string;
  currencyCode: string;
  /** autoNumber: how numbers read (INV-{YYYY}-{00000}). */
  format: string;
  /** rating: the highest rating. */
  max: string;
  /** rollup: `<child object>.<its lookup to this object>`, the aggregate, the child's field, the filter expression. */
  relation: string;
  aggregate: string;
  field: string;
  filter: string;
  /** formula: the expression and the type of its value. */
  expression: string;
  returnType: string;
  /** file, image, signature: the largest file in bytes, and the MIME types taken (comma-separated). */
  maxSize: string;
  accept: string;
}

/** Type-specific properties the form edits; a type offers those its `schema` lists. */
export const TYPE_PROPS = ['options', 'target', 'onDelete', 'relationName', 'maxLength', 'precision', 'scale', 'currencyCode', 'format', 'max', 'relation', 'aggregate', 'field', 'filter', 'expression', 'returnType', 'maxSize', 'accept'] as const;
export type TypeProp = (typeof TYPE_PROPS)[number];
const INT_PROPS = new Set<TypeProp>(['maxLength', 'precision', 'scale', 'max', 'maxSize']);

export const typeProps = (info: FieldTypeInfo | undefined): Set<string> => new Set(Object.keys(info?.schema.properties ?? {}));

/** How the default value is typed in: decided by the type's JSON Schema for `defaultValue`. */
export type DefaultKind = 'boolean' | 'number' | 'option' | 'text' | 'list' | 'json';
export function defaultKind(info: FieldTypeInfo | undefined): DefaultKind {
  const schema = info?.schema.properties?.defaultValue as { type?: string } | undefined;
  if (!schema) return 'json';
  if (schema.type === 'boolean') return 'boolean';
  if (schema.type === 'number' || schema.type === 'integer') return 'number';
  if (schema.type === 'string') return typeProps(info).has('options') ? 'option' : 'text';
  if (schema.type === 'array') return 'list';
  return 'json';
}

const ON_DELETE: Record<string, string> = { setNull: 'SET_NULL', restrict: 'RESTRICT', cascade: 'CASCADE' };

export const emptyFieldValues = (type = 'TEXT'): FieldFormValues => ({
  name: '', type, label: '', labelZh: '', description: '', helpText: '', required: false, unique: false, defaultValue: '', defaultExpression: '',
  options: [], target: '', onDelete: '', relationName: '', maxLength: '', precision: '', scale: '', currencyCode: '', format: '', max: '',
  relation: '', aggregate: '', field: '', filter: '', expression: '', returnType: '', maxSize: '', accept: '',
});

function defaultText(value: unknown, kind: DefaultKind): string {
  if (value === null || value === undefined) return '';
  if (kind === 'list' && Array.isArray(value)) return value.join(', ');
  if (kind === 'json') return JSON.stringify(value);
  return String(value);
}

/** An existing field as form values (from its resolved definition, so labels keep every locale). */
export function fieldValues(field: FieldMeta, info: FieldTypeInfo | undefined): FieldFormValues {
  const d = field.definition as Record<string, any>;
  const label = labelPair(field.labels);
  const text = (v: unknown) => (v === undefined || v === null ? '' : String(v));
  return {
    ...emptyFieldValues(field.type),
    name: field.name, label: label.en, labelZh: label.zh, description: text(d.description), helpText: text(d.helpText),
    required: field.required, unique: field.unique, defaultValue: defaultText(d.defaultValue, defaultKind(info)), defaultExpression: text(d.defaultExpression),
    options: ((d.options ?? []) as { value: string; label?: unknown }[]).map((o) => ({ value: o.value, label: labelPair(o.label).en, labelZh: labelPair(o.label).zh })),
    target: text(d.target), onDelete: d.onDelete ? ON_DELETE[d.onDelete] ?? '' : '', relationName: text(d.relationName),
    maxLength: text(d.maxLength), precision: text(d.precision), scale: text(d.scale), currencyCode: text(d.currencyCode),
    format: text(d.format), max: text(d.max),
    relation: text(d.relation), aggregate: text(d.aggregate), field: text(d.field), filter: text(d.filter),
    expression: text(d.expression), returnType: text(d.returnType),
    maxSize: text(d.maxSize), accept: Array.isArray(d.accept) ? d.accept.join(', ') : '',
  };
}

export class InputProblem extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(message);
    this.path = path;
  }
}

function parseDefault(text: string, kind: DefaultKind, messages: { badNumber: string; badJson: string }): unknown {
  const raw = text.trim();
  if (!raw) return undefined;
  switch (kind) {
    case 'boolean': return raw === 'true';
    case 'number': {
      const n = Number(raw);
      if (!Number.isFinite(n)) throw new InputProblem('defaultValue', messages.badNumber);
      return n;
    }
    case 'list': return raw.split(',').map((s) => s.trim()).filter(Boolean);
    case 'json':
      try { return JSON.parse(raw); } catch { throw new InputProblem('defaultValue', messages.badJson); }
    default: return raw;
  }
}

/**
 * The metadata API input for the form's values. Creating omits what is empty; updating sends empty
 * optional properties as null (back to their default) so a cleared input really clears.
 * Numbers the user typed that are not numbers throw InputProblem (shown next to the input).
 */
export function fieldInput(v: FieldFormValues, info: FieldTypeInfo | undefined, mode: 'create' | 'update', messages: { badNumber: string; badJson: string }): Record<string, unknown> {
  const empty = mode === 'update' ? null : undefined;
  const or = (value: unknown) => (value === undefined || value === '' ? empty : value);
  const input: Record<string, unknown> = {
    name: v.name.trim(), type: v.type, label: labelInput(v.label, v.labelZh) ?? empty,
    description: or(v.description.trim()), helpText: or(v.helpText.trim()), required: v.required, unique: v.unique && info?.capabilities?.uniqueable !== false,
    defaultValue: parseDefault(v.defaultValue, defaultKind(info), messages) ?? empty,
    defaultExpression: or(v.defaultExpression.trim()),
  };
  const props = typeProps(info);
  for (const prop of TYPE_PROPS) {
    if (!props.has(prop)) continue;
    if (prop === 'options') {
      input.options = v.options.map((o) => ({ value: o.value.trim(), label: labelInput(o.label, o.labelZh) }));
    } else if (INT_PROPS.has(prop)) {
      const raw = v[prop].trim();
      if (raw && !/^-?\d+$/.test(raw)) throw new InputProblem(prop, messages.badNumber);
      input[prop] = raw ? Number(raw) : empty;
    } else if (prop === 'accept') {
      // MIME types, comma- or space-separated; none: the type's default list.
      const types = v.accept.split(/[\s,]+/).map((type) => type.trim().toLowerCase()).filter(Boolean);
      input.accept = types.length ? types : empty;
    } else if (prop === 'expression') {
      // Sent as typed: the server's problems come back with offsets into this very text.
      input[prop] = or(v.expression.trim() ? v.expression : '');
    } else {
      input[prop] = or(v[prop].trim());
    }
  }
  if (mode === 'create') for (const key of Object.keys(input)) if (input[key] === undefined) delete input[key];
  return input;
}
