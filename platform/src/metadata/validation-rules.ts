import { MAX_SOURCE_LENGTH } from '../expressions/parser.ts';
import type { ValidationRule } from './definitions.ts';
import { resolveLabel, type LabelInput } from './label.ts';
import { API_NAME_PATTERN as API_NAME } from './names.ts';

export type { ValidationRule };

/** A validation rule as documents carry it: `on` and `active` may be left out, the message may be a string (English). */
export interface ValidationRuleItem extends Record<string, unknown> {
  name: string;
  object: string;
  assert: string;
  message: LabelInput;
  field?: string;
  on?: 'create' | 'update' | 'both';
  active?: boolean;
}

const MESSAGE = { type: 'string', minLength: 1, maxLength: 1000 };

/** The JSON Schema of one rule (`tessera:validationRule`, published at GET /metadata/schema). */
export const validationRuleSchema = {
  title: 'Validation rule',
  description: 'A condition every record of an object must meet when it is saved. `assert` is an expression that must hold: a save for which it is FALSE is refused VALIDATION_FAILED with `message`, on `field` (else on the record); TRUE or NULL (an unknown value) passes. PRIORVALUE(field) and ISCHANGED(field) read the record before an update.',
  type: 'object',
  required: ['name', 'object', 'assert', 'message'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: API_NAME, description: 'API name, unique in the tenant (refusals name the rule by it).' },
    object: { type: 'string', pattern: API_NAME, description: 'The object whose records it checks.' },
    assert: { type: 'string', minLength: 1, maxLength: MAX_SOURCE_LENGTH, description: 'An expression giving a boolean that must hold, e.g. DISTANCE(checkInAt, terminal.location) <= 200. FALSE refuses the save; TRUE and NULL pass.' },
    message: {
      description: 'What a refusal says: a text (English) or a map of locale to text ({"en": "…", "zh": "…"}); the caller\'s locale picks one.',
      oneOf: [MESSAGE, { type: 'object', minProperties: 1, propertyNames: { pattern: '^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$' }, additionalProperties: MESSAGE }],
    },
    field: { type: 'string', pattern: API_NAME, description: 'The field the refusal is shown on (its JSON pointer); absent: the record as a whole.' },
    on: { enum: ['create', 'update', 'both'], default: 'both', description: 'The writes it checks: creates, updates, or both.' },
    active: { type: 'boolean', default: true, description: 'An inactive rule is kept but checks nothing.' },
  },
} as const;

/** The rule as stored and pulled: defaults filled in (`on` both, active), the message as a map of locales. */
export function normalizeValidationRule(item: ValidationRuleItem): ValidationRule {
  const rule: ValidationRule = { name: item.name, object: item.object, assert: item.assert, message: resolveLabel(item.message, item.name), on: item.on ?? 'both', active: item.active ?? true };
  if (item.field) rule.field = item.field;
  return rule;
}
