import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { metadataSchemas } from '../metadata/meta-schema.ts';
import { toDetails } from '../metadata/meta-schema.ts';
import { assertStorableText } from '../util/text.ts';

const addFormats = addFormatsModule as unknown as (ajv: Ajv2020) => Ajv2020;

let ajv: Ajv2020 | undefined;
const compiled = new Map<string, ValidateFunction>();

/** The validator of a kind's item schema (compiled once; the meta-schemas of objects and labels can be referenced). */
export function validatorOf(schema: Record<string, unknown>): ValidateFunction {
  const id = String(schema.$id);
  let validate = compiled.get(id);
  if (!validate) {
    if (!ajv) {
      ajv = addFormats(new Ajv2020({ allErrors: true, strict: false, verbose: true }));
      for (const s of metadataSchemas()) ajv.addSchema(s);
    }
    validate = ajv.getSchema(id) ?? ajv.compile(schema);
    compiled.set(id, validate);
  }
  return validate;
}

/**
 * The problems of one item against its kind's schema, with pointers under `pointer`. Text that
 * PostgreSQL cannot store (NUL, lone surrogates) is refused first, BAD_USER_INPUT, as everywhere.
 */
export function itemProblems(schema: Record<string, unknown>, item: unknown, pointer: string): ErrorDetail[] {
  assertStorableText(item, pointer, 'The item');
  const validate = validatorOf(schema);
  if (validate(item)) return [];
  return toDetails(validate.errors).map((d) => ({ ...d, pointer: pointer + d.pointer }));
}

/** Refuses with VALIDATION_FAILED and every problem's pointer. */
export function refuseProblems(problems: ErrorDetail[], what: string): void {
  if (problems.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${what}: ${problems[0].pointer || '/'} ${problems[0].message}`, { details: problems });
}
