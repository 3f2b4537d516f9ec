import { isPlatformError, PlatformError, type ErrorDetail, type ObjectModel } from '@tessera/platform';
import { plainField } from '../scoring/kind.ts';
import type { WebFormItem } from './definition.ts';
import { inputName } from './kind.ts';

const NUMBERS = new Set(['number', 'integer', 'currency', 'percent', 'rating']);
const TRUE = new Set(['true', 'on', '1', 'yes']);
const FALSE = new Set(['false', 'off', '0', 'no']);

/** A post's body as a flat object of inputs: JSON, or `application/x-www-form-urlencoded` (a plain HTML form). */
export function postedInputs(body: unknown, contentType: string | undefined): Record<string, unknown> {
  if (typeof body === 'string') {
    if (!/x-www-form-urlencoded/i.test(contentType ?? '')) throw new PlatformError('BAD_USER_INPUT', 'Post the form as JSON or application/x-www-form-urlencoded', { details: [{ pointer: '/body', message: `unsupported content type ${contentType ?? '(none)'}` }] });
    return Object.fromEntries(new URLSearchParams(body));
  }
  if (body === null || body === undefined) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw new PlatformError('BAD_USER_INPUT', 'The form post is an object of inputs', { details: [{ pointer: '', message: 'not an object' }] });
  return body as Record<string, unknown>;
}

/**
 * The record a post writes: each input of the form to its field, in the field's API value (posted
 * text coerced for numbers and booleans: an HTML form posts text), required inputs present, then the
 * form's fixed values. Inputs the form does not name are ignored (a bot's extra keys write nothing).
 * Refusals point at the input (`/<input name>`).
 */
export function recordOf(form: WebFormItem, object: ObjectModel, inputs: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  const problems: ErrorDetail[] = [];
  for (const f of form.fields) {
    const name = inputName(f);
    const pointer = `/${name}`;
    let value = inputs[name];
    if (typeof value === 'string') value = value.trim();
    if (value === undefined || value === null || value === '') {
      if (f.required) problems.push({ pointer, message: 'required' });
      continue;
    }
    const type = plainField(object, f.field)?.type;
    if (typeof value === 'object') { problems.push({ pointer, message: 'not a single value' }); continue; }
    if (type && NUMBERS.has(type) && typeof value === 'string') {
      const n = Number(value);
      if (!Number.isFinite(n)) { problems.push({ pointer, message: 'not a number' }); continue; }
      value = n;
    } else if (type === 'boolean' && typeof value === 'string') {
      const lower = value.toLowerCase();
      if (!TRUE.has(lower) && !FALSE.has(lower)) { problems.push({ pointer, message: 'not yes or no' }); continue; }
      value = TRUE.has(lower);
    }
    data[f.field] = value;
  }
  if (problems.length) throw new PlatformError('VALIDATION_FAILED', `The form ${form.name} is not filled in right`, { details: problems });
  return { ...data, ...(form.set ?? {}) };
}

/** A refusal of the save pipeline with its pointers on the form's inputs (`/data/0/phone` → `/phone`). */
export function onInputs(error: unknown, form: WebFormItem): unknown {
  if (!isPlatformError(error)) return error;
  const byField = new Map(form.fields.map((f) => [f.field, inputName(f)]));
  const details = (error.details ?? []).map((d) => {
    const m = /^\/data(?:\/0)?\/([^/]+)(\/.*)?$/.exec(d.pointer);
    const input = m && byField.get(m[1]);
    return input ? { ...d, pointer: `/${input}${m![2] ?? ''}` } : d;
  });
  return new PlatformError(error.code, error.message, { details, extensions: error.extra });
}
