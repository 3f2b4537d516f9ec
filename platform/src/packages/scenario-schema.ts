import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { ERROR_CODES, PlatformError, type ErrorDetail } from '../errors/index.ts';
import { toDetails } from '../metadata/meta-schema.ts';

/**
 * A declarative scenario (`tessera:scenario`, published at GET /metadata/schema): users, fixtures and
 * steps on the test clock that `tessera test` runs in a throw-away tenant (sdk/src/scenarios). What
 * JSON Schema says badly is checked in code below: exactly one verb per step, the clock an instant.
 */
const KEY = '^[A-Za-z0-9_][A-Za-z0-9_.-]{0,99}$';
const str = (description: string, more: Record<string, unknown> = {}) => ({ type: 'string', minLength: 1, maxLength: 200, description, ...more });
const anyJson = { description: 'Any JSON value.' };
const recordData = { type: 'object', description: 'Field values as the records API takes them; "$<key>" is a saved record\'s id, "@<user>" a user\'s id.', maxProperties: 500 };

/** The verbs a step has exactly one of. */
export const SCENARIO_VERBS = ['create', 'update', 'delete', 'command', 'graphql', 'advance', 'expect'] as const;

const expectSchema = {
  type: 'object',
  description: 'Reads as the system (no rights): `fields` of the record `id`, or the `count` of records matching `filter`.',
  required: ['object'],
  additionalProperties: false,
  properties: {
    object: str('The object\'s API name.'),
    id: str('The record: "$<key>".'),
    fields: { type: 'object', description: 'Each named field must equal this value (a lookup compares its id; null means empty).' },
    filter: { type: 'object', description: 'A filter as in the GraphQL API ({"status": {"eq": "MQL"}}).' },
    count: { type: 'integer', minimum: 0, description: 'How many records match `filter` (every record without one).' },
  },
};

const expectErrorSchema = {
  type: 'object',
  description: 'The step must fail with this code (and, when given, a detail at `pointer`, a refusal by `rule`, a message containing `message`).',
  required: ['code'],
  additionalProperties: false,
  properties: {
    code: { enum: Object.keys(ERROR_CODES), description: 'An error code of the platform.' },
    pointer: { type: 'string', maxLength: 500 },
    rule: str('The validation or duplicate rule that refused it.'),
    message: str('A part of the message.', { maxLength: 1000 }),
  },
};

const stepSchema = {
  type: 'object',
  description: 'One step: exactly one of create, update, delete, command, graphql, advance, expect.',
  additionalProperties: false,
  properties: {
    note: { type: 'string', maxLength: 1000, description: 'What the step shows, for the report.' },
    as: { type: 'string', pattern: KEY, description: 'The user key the step acts as (default: the tenant\'s administrator).' },
    create: str('Creates a record of this object from `data`.'),
    update: str('Updates the record `id` of this object with `data`.'),
    delete: str('Deletes the record `id` of this object.'),
    command: str('Runs this command on the record `id` of `object`, with `input`.'),
    graphql: { type: 'string', minLength: 1, maxLength: 20000, description: 'A GraphQL document sent to /graphql as the user, with `variables`.' },
    advance: { type: 'string', pattern: '^P', maxLength: 50, description: 'Moves the test clock forwards by an ISO 8601 duration (PT25H, P15D).' },
    expect: expectSchema,
    object: str('The object of a command.'),
    id: str('The record: "$<key>".'),
    data: recordData,
    input: anyJson,
    variables: { type: 'object', description: 'Variables of the GraphQL document.' },
    save: {
      description: 'A name under which the created record\'s id is kept ("$<name>" in later steps), or names → dot paths into the answer ("data.submitForApproval.id").',
      oneOf: [
        { type: 'string', pattern: KEY },
        { type: 'object', propertyNames: { pattern: KEY }, additionalProperties: { type: 'string', minLength: 1, maxLength: 500 } },
      ],
    },
    expectError: expectErrorSchema,
  },
  allOf: [
    { if: { required: ['update'] }, then: { required: ['id', 'data'] } },
    { if: { required: ['create'] }, then: { required: ['data'] } },
    { if: { required: ['delete'] }, then: { required: ['id'] } },
    { if: { required: ['command'] }, then: { required: ['object', 'id'] } },
  ],
};

const userSchema = {
  type: 'object',
  required: ['key'],
  additionalProperties: false,
  properties: {
    key: { type: 'string', pattern: KEY, description: 'How steps and fixtures name the user ("as": "cc1", "@cc1").' },
    name: str('Defaults to the key.'),
    email: str('Defaults to <key>@scenario.test.', { maxLength: 254 }),
    roles: { type: 'array', maxItems: 1, items: str('A role\'s name.'), description: 'The user\'s role, by name (a user has one).' },
    permissionSets: { type: 'array', items: str('A permission set\'s name.'), uniqueItems: true },
    manager: { type: 'string', pattern: KEY, description: 'Another user\'s key.' },
    isAdmin: { type: 'boolean' },
    locale: { type: 'string', maxLength: 20 },
  },
};

export const scenarioSchema: Record<string, unknown> = {
  $id: 'tessera:scenario',
  title: 'Scenario',
  description: 'A declarative test of a package: users, fixtures, then steps on the test clock with assertions (tessera test).',
  type: 'object',
  required: ['name', 'steps'],
  additionalProperties: false,
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string', pattern: '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$', description: 'Unique among the package\'s scenarios.' },
    description: { description: 'A text, or one per locale ({"en": …, "zh-CN": …}).', anyOf: [{ type: 'string' }, { type: 'object', additionalProperties: { type: 'string' } }] },
    clock: { type: 'string', minLength: 10, maxLength: 40, description: 'The test clock\'s start, an ISO 8601 instant with its offset.' },
    users: { type: 'array', items: userSchema, maxItems: 200 },
    fixtures: { type: 'object', description: 'Records to create before the steps (the sample-data format).', additionalProperties: { type: 'array', items: { type: 'object' } } },
    steps: { type: 'array', minItems: 1, maxItems: 2000, items: stepSchema },
  },
};

export interface ScenarioUser { key: string; name?: string; email?: string; roles?: string[]; permissionSets?: string[]; manager?: string; isAdmin?: boolean; locale?: string }
export interface ScenarioExpect { object: string; id?: string; fields?: Record<string, unknown>; filter?: Record<string, unknown>; count?: number }
export interface ScenarioExpectError { code: string; pointer?: string; rule?: string; message?: string }
export interface ScenarioStep {
  note?: string; as?: string;
  create?: string; update?: string; delete?: string; command?: string; graphql?: string; advance?: string; expect?: ScenarioExpect;
  object?: string; id?: string; data?: Record<string, unknown>; input?: unknown; variables?: Record<string, unknown>;
  save?: string | Record<string, string>; expectError?: ScenarioExpectError;
}
export interface Scenario {
  name: string;
  description?: string | Record<string, string>;
  clock?: string;
  users?: ScenarioUser[];
  fixtures?: Record<string, Record<string, unknown>[]>;
  steps: ScenarioStep[];
}

let validator: ValidateFunction | undefined;

/** Every problem of a scenario document, with its JSON pointer (under `base`, e.g. the file's name). */
export function scenarioProblems(document: unknown): ErrorDetail[] {
  validator ??= new Ajv2020({ allErrors: true, strict: false, verbose: true }).compile(scenarioSchema);
  if (!validator(document)) return toDetails(validator.errors);
  const scenario = document as Scenario;
  const problems: ErrorDetail[] = [];
  if (scenario.clock !== undefined && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.test(scenario.clock) || Number.isNaN(Date.parse(scenario.clock)))) {
    problems.push({ pointer: '/clock', message: 'must be an ISO 8601 instant with its offset (2026-03-02T09:00:00+08:00)' });
  }
  const users = new Set<string>();
  scenario.users?.forEach((user, i) => {
    if (users.has(user.key)) problems.push({ pointer: `/users/${i}/key`, message: `"${user.key}" names another user already` });
    users.add(user.key);
  });
  scenario.users?.forEach((user, i) => {
    if (user.manager !== undefined && !users.has(user.manager)) problems.push({ pointer: `/users/${i}/manager`, message: `unknown user "${user.manager}"` });
  });
  scenario.steps.forEach((step, i) => {
    const verbs = SCENARIO_VERBS.filter((v) => v in step);
    if (verbs.length !== 1) problems.push({ pointer: `/steps/${i}`, message: verbs.length ? `has ${verbs.join(' and ')}: a step does one thing` : `has no verb: give one of ${SCENARIO_VERBS.join(', ')}` });
    if (step.as !== undefined && !users.has(step.as)) problems.push({ pointer: `/steps/${i}/as`, message: `unknown user "${step.as}"` });
    if (step.expect && step.expect.id === undefined && step.expect.fields !== undefined) problems.push({ pointer: `/steps/${i}/expect/id`, message: 'is required with fields' });
    if (step.expect && step.expect.fields === undefined && step.expect.count === undefined) problems.push({ pointer: `/steps/${i}/expect`, message: 'needs fields (with id) or count' });
    if ((step.advance !== undefined || step.expect !== undefined) && step.expectError) problems.push({ pointer: `/steps/${i}/expectError`, message: 'only a write, command or GraphQL step can fail on purpose' });
  });
  return problems;
}

/** The scenario typed, or VALIDATION_FAILED with every problem's pointer. */
export function validateScenario(document: unknown, label = 'The scenario'): Scenario {
  const problems = scenarioProblems(document);
  if (problems.length) {
    throw new PlatformError('VALIDATION_FAILED', `${label} is not valid: ${problems.slice(0, 3).map((p) => `${p.pointer || '/'} ${p.message}`).join('; ')}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`, { details: problems });
  }
  return document as Scenario;
}
