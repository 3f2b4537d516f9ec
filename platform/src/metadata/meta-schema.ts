import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { FIELD_TYPES } from '../field-types/registry.ts';
import labelSchema from './schemas/label.schema.json' with { type: 'json' };
import fieldSchemaFile from './schemas/field.schema.json' with { type: 'json' };
import indexSchemaFile from './schemas/index.schema.json' with { type: 'json' };
import objectSchemaFile from './schemas/object.schema.json' with { type: 'json' };
import documentSchema from './schemas/document.schema.json' with { type: 'json' };
import { assertStorableText } from '../util/text.ts';
import { API_NAME_PATTERN, API_NAME_RULE, withApiNames } from './names.ts';

/** The files with the API name pattern put in (names.ts). */
const fieldSchema = withApiNames(fieldSchemaFile);
const indexSchema = withApiNames(indexSchemaFile);
const objectSchema = withApiNames(objectSchemaFile);

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

/**
 * The field meta-schema as published: the common properties of field.schema.json, `type` restricted
 * to the known types, and for each type its own properties (field-types/<type>/<type>.schema.json).
 * Unknown properties are refused.
 */
function composeFieldSchema(): Record<string, unknown> {
  const common = fieldSchema as { properties: Record<string, unknown> } & Record<string, unknown>;
  return {
    ...common,
    properties: { ...common.properties, type: { enum: FIELD_TYPES.map((t) => t.name), description: 'The field type.' } },
    allOf: FIELD_TYPES.map((t) => ({
      if: { properties: { type: { const: t.name } }, required: ['type'] },
      then: { $ref: `tessera:field-type/${t.name}` },
    })),
    unevaluatedProperties: false,
  };
}

/** Every schema, by `$id`: what `GET /metadata/schema` publishes. */
export function metadataSchemas(): Record<string, unknown>[] {
  return [
    labelSchema,
    composeFieldSchema(),
    ...FIELD_TYPES.map((t) => t.propertiesSchema),
    indexSchema,
    objectSchema,
    documentSchema,
  ];
}

function createAjv(): Ajv2020 {
  const ajv = new Ajv2020({ allErrors: true, strict: false, verbose: true });
  addFormats(ajv);
  for (const schema of metadataSchemas()) ajv.addSchema(schema);
  return ajv;
}

let compiled: { field: ValidateFunction; object: ValidateFunction; document: ValidateFunction; index: ValidateFunction } | undefined;
function validators() {
  if (!compiled) {
    const ajv = createAjv();
    compiled = {
      field: ajv.getSchema('tessera:field')!,
      object: ajv.getSchema('tessera:object')!,
      document: ajv.getSchema('tessera:document')!,
      index: ajv.getSchema('tessera:index')!,
    };
  }
  return compiled;
}

/** ajv errors → one detail per offending JSON pointer, without the noise of if/then and oneOf branches. */
export function toDetails(errors: ErrorObject[] | null | undefined): ErrorDetail[] {
  const byPointer = new Map<string, ErrorDetail>();
  // Where a value matches none of several described forms (a label), one message naming them beats each branch's complaint.
  const summarized = new Set<string>();
  for (const e of errors ?? []) {
    const description = e.parentSchema?.description;
    if ((e.keyword === 'oneOf' || e.keyword === 'anyOf') && typeof description === 'string') {
      summarized.add(e.instancePath);
      byPointer.set(e.instancePath, { pointer: e.instancePath, message: `must be ${description.replace(/^A label: /, '').replace(/\.$/, '')}` });
    }
  }
  const underSummary = (pointer: string) => [...summarized].some((p) => pointer === p || pointer.startsWith(`${p}/`));
  for (const e of errors ?? []) {
    if (e.keyword === 'if' || e.keyword === 'oneOf' || e.keyword === 'anyOf' || underSummary(e.instancePath)) continue;
    let pointer = e.instancePath;
    let message = e.message ?? 'is not valid';
    if (e.keyword === 'required') pointer += `/${(e.params as { missingProperty: string }).missingProperty}`, message = 'is required';
    if (e.keyword === 'additionalProperties') pointer += `/${(e.params as { additionalProperty: string }).additionalProperty}`, message = 'is not a known property';
    if (e.keyword === 'unevaluatedProperties') pointer += `/${(e.params as { unevaluatedProperty: string }).unevaluatedProperty}`, message = 'is not a known property for this field type';
    if (e.keyword === 'enum' && pointer.endsWith('/type')) message = `must be one of the field types: ${FIELD_TYPES.map((t) => t.name).join(', ')}`;
    // Any API name (a name, a lookup's target, a rule's object): said in words, not as the pattern.
    if (e.keyword === 'pattern' && (pointer.endsWith('/name') || (e.params as { pattern?: string }).pattern === API_NAME_PATTERN)) message = API_NAME_RULE;
    if (e.keyword === 'pattern' && /\/options\/\d+\/value$/.test(pointer)) message = 'must not be empty, span lines, nor begin or end with a space';
    if (!byPointer.has(pointer)) byPointer.set(pointer, { pointer, message });
  }
  return [...byPointer.values()];
}

function check(kind: 'field' | 'object' | 'document' | 'index', value: unknown): void {
  assertStorableText(value, '', `The ${kind} definition`);
  const validate = validators()[kind];
  if (!validate(value)) {
    const details = toDetails(validate.errors);
    const first = details[0];
    throw new PlatformError('VALIDATION_FAILED', `Invalid ${kind} definition${first ? `: ${first.pointer || '/'} ${first.message}` : ''}`, { details });
  }
}

export const validateFieldInput = (value: unknown): void => check('field', value);
export const validateObjectInput = (value: unknown): void => check('object', value);
export const validateDocument = (value: unknown): void => check('document', value);
