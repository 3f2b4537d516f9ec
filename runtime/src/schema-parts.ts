/**
 * JSON Schema parts the runtime plugins' metadata kinds share, so that a name, a duration, an
 * expression and a set of people are spelled one way in every published schema.
 */

import { API_NAME_PATTERN, API_NAME_SOURCE } from '@tessera/platform';

/** An API name of metadata (an object, a field, an item), `k12__lesson` included: the platform's one definition. */
export const NAME_PATTERN = API_NAME_PATTERN;
/** The same, unanchored, to compose (`<lookup>.<field>`). */
export const NAME_SOURCE = API_NAME_SOURCE;

/** The properties a kind's item about records of one object starts with: its name, label, description and object. */
export const OBJECT_ITEM = {
  name: { type: 'string', pattern: NAME_PATTERN },
  label: { $ref: 'tessera:label' },
  description: { type: 'string', maxLength: 2000 },
  object: { type: 'string', pattern: NAME_PATTERN },
};

/** An ISO 8601 duration (PT24H, P15D, P1W). */
export const DURATION_PATTERN = '^P(?!$)(\\d+W)?(\\d+D)?(T(?=\\d)(\\d+H)?(\\d+M)?(\\d+S)?)?$';
export const duration = (description: string) => ({ type: 'string', pattern: DURATION_PATTERN, description });

/** A source in the expression language. */
export const expression = (description?: string) => ({ type: 'string', minLength: 1, maxLength: 4000, ...(description ? { description } : {}) });

const member = (type: string, required: string, property: Record<string, unknown>) => ({
  type: 'object', required: ['type', required], additionalProperties: false, properties: { type: { const: type }, [required]: property },
});

/** People named by users, a role or a group (a pool's members and managers, an assignment rule's team). */
export const MEMBERS = {
  type: 'array', maxItems: 100,
  items: {
    oneOf: [
      member('user', 'users', { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', format: 'uuid' } }),
      member('role', 'role', { type: 'string', minLength: 1, maxLength: 200 }),
      member('group', 'group', { type: 'string', minLength: 1, maxLength: 200 }),
    ],
  },
};
