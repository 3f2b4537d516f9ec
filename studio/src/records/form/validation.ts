import AjvModule, { type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { FieldErrors, FieldValues, Resolver } from 'react-hook-form';
import type { TFunction } from 'i18next';
import type { FormField } from './layout.ts';
import { JsonSyntaxError, toApiValue } from './values.ts';

// ajv and ajv-formats ship CommonJS: the default export may be the module object.
const Ajv = ((AjvModule as any).default ?? AjvModule) as typeof AjvModule;
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: InstanceType<typeof Ajv>) => void;

const ajv = new Ajv({ allErrors: true, strict: false, validateSchema: false });
addFormats(ajv);

/** The JSON Schema of a record's input: each field's valueSchema, required ones without their null branch. */
export function recordSchema(fields: FormField[]): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const f of fields) {
    if (f.readOnly) continue;
    const schema = f.meta.valueSchema ?? {};
    const branches = (schema as { anyOf?: Record<string, unknown>[] }).anyOf;
    properties[f.meta.name] = f.required && branches ? branches.find((b) => b.type !== 'null') ?? schema : schema;
    if (f.required) required.push(f.meta.name);
  }
  return { type: 'object', properties, required };
}

/** The message of one refused value, in the UI language (ajv's keyword and params). */
export function messageFor(t: TFunction, error: ErrorObject, label: string): string {
  const p = error.params as Record<string, any>;
  switch (error.keyword) {
    case 'required': return t('validation.required', { label });
    case 'type': return p.type === 'number' || p.type === 'integer' ? t(`validation.${p.type}`) : t('validation.type');
    case 'maxLength': return t('validation.maxLength', { limit: p.limit });
    case 'minLength': return t('validation.minLength', { limit: p.limit });
    case 'minimum': case 'exclusiveMinimum': return t('validation.minimum', { limit: p.limit });
    case 'maximum': case 'exclusiveMaximum': return t('validation.maximum', { limit: p.limit });
    case 'format': return t(`validation.format.${p.format}`, { defaultValue: t('validation.pattern') });
    case 'pattern': return t('validation.pattern');
    case 'enum': return t('validation.enum');
    case 'uniqueItems': return t('validation.uniqueItems');
    case 'not': return t('validation.required', { label });
    default: return t('validation.invalid');
  }
}

/** The top-level field an ajv error is about (nested parts such as `amount/amount` belong to `amount`). */
function fieldOf(error: ErrorObject): string {
  if (error.keyword === 'required' && error.instancePath === '') return (error.params as { missingProperty: string }).missingProperty;
  return decodeURIComponent(error.instancePath.split('/')[1] ?? '').replace(/~1/g, '/').replace(/~0/g, '~');
}

const PRIORITY = ['required', 'type', 'format'];
const rank = (e: ErrorObject) => (PRIORITY.includes(e.keyword) ? PRIORITY.indexOf(e.keyword) : PRIORITY.length);

/** anyOf reports every branch: the errors of the non-null branch, the most telling first (a bad format before its pattern). */
function relevant(errors: ErrorObject[]): ErrorObject[] {
  return errors.filter((e) => e.keyword !== 'anyOf' && !(e.keyword === 'type' && (e.params as { type: string }).type === 'null')).sort((a, b) => rank(a) - rank(b));
}

/** API values of the form's fields (nulls dropped for required fields so that `required` reports them, and for those the server fills on create). */
export function toInput(fields: FormField[], values: FieldValues, jsonErrors: string[] = []): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.readOnly) continue;
    try {
      const v = toApiValue(f.meta, values[f.meta.name]);
      if (v === null && (f.required || f.serverDefault)) continue;
      input[f.meta.name] = v;
    } catch (e) {
      if (e instanceof JsonSyntaxError) jsonErrors.push(f.meta.name);
      else throw e;
    }
  }
  return input;
}

/**
 * A react-hook-form resolver: form values → API values, validated by ajv against the fields' value
 * schemas (compiled once per form); errors keyed by field with localized messages.
 */
export function recordResolver(fields: FormField[], t: TFunction): Resolver<FieldValues> {
  const validate = ajv.compile(recordSchema(fields));
  const labels = new Map(fields.map((f) => [f.meta.name, f.meta.label]));
  return async (values) => {
    const jsonErrors: string[] = [];
    const input = toInput(fields, values, jsonErrors);
    const errors: FieldErrors = {};
    for (const name of jsonErrors) errors[name] = { type: 'json', message: t('validation.json') };
    if (!validate(input)) {
      for (const error of relevant(validate.errors ?? [])) {
        const name = fieldOf(error);
        if (!name || errors[name]) continue;
        errors[name] = { type: error.keyword, message: messageFor(t, error, labels.get(name) ?? name) };
      }
    }
    return Object.keys(errors).length ? { values: {}, errors } : { values: input, errors: {} };
  };
}
