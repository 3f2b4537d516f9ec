import { addDuration, CLOCK_CHANNEL, isManualClock, isPlatformError, parseDuration, PlatformError, resolveReferences, settle, type ErrorDetail, type RunningServer, type ScenarioExpectError, type ScenarioStep } from '@tessera/platform';
import { sameValue, valueAt } from './compare.ts';
import { withRecords } from './host.ts';

/** What a step tells the report. */
export interface StepResult {
  index: number;
  /** `/steps/3` in the scenario file. */
  pointer: string;
  /** `cc1: create lead`, `advance PT25H`, `expect lead $lead1`… */
  label: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  /** Why it failed: the refusal, or what was expected instead. */
  message?: string;
  /** The refusal's details when it failed with an error. */
  details?: ErrorDetail[];
  /** Field by field, what `expect` wanted and what was there. */
  differences?: { field: string; expected: unknown; actual: unknown }[];
}

/** The state a scenario's steps share. */
export interface StepContext {
  server: RunningServer;
  tenantId: string;
  adminId: string;
  /** User key → id (`admin` included). */
  users: Map<string, string>;
  /** User key → API key, made when a GraphQL step first needs one. */
  apiKeys: Map<string, string>;
  apiKeyOf(userKey: string | undefined): Promise<string>;
  /** Saved values and fixture keys (`$name`). */
  saved: Map<string, unknown>;
  /** Rules that refused a write during the scenario, by kind: coverage reads them. */
  refusedBy: { validation: Set<string>; duplicate: Set<string> };
}

/** An error a step ran into, as the report and `expectError` see it. */
interface Failure { code: string; message: string; details: ErrorDetail[]; extensions: Record<string, unknown> }

class StepFailed extends Error {
  readonly extra: Partial<StepResult>;
  constructor(message: string, extra: Partial<StepResult> = {}) {
    super(message);
    this.extra = extra;
  }
}

export function stepLabel(step: ScenarioStep): string {
  const who = step.as ? `${step.as}: ` : '';
  if (step.create) return `${who}create ${step.create}`;
  if (step.update) return `${who}update ${step.update} ${step.id}`;
  if (step.delete) return `${who}delete ${step.delete} ${step.id}`;
  if (step.command) return `${who}${step.object}.${step.command} ${step.id}`;
  if (step.graphql) return `${who}graphql ${step.graphql.replace(/\s+/g, ' ').slice(0, 60)}`;
  if (step.advance) return `advance ${step.advance}`;
  if (step.expect) return `expect ${step.expect.object}${step.expect.id ? ` ${step.expect.id}` : ''}${step.expect.count !== undefined ? ` count ${step.expect.count}` : ''}`;
  return 'step';
}

/** Replaces `$name` and `@user` in a step's values; an unknown one fails the step, naming its pointer. */
function resolve<T>(ctx: StepContext, value: T, pointer: string): T {
  const problems: ErrorDetail[] = [];
  const resolved = resolveReferences(value, pointer, { record: (key) => ctx.saved.get(key), user: (key) => ctx.users.get(key) }, (p) => problems.push(p));
  if (problems.length) throw new StepFailed(`${problems[0].pointer}: ${problems[0].message}`, { details: problems });
  return resolved as T;
}

function failureOf(error: unknown): Failure {
  if (isPlatformError(error)) return { code: error.code, message: error.message, details: error.details, extensions: error.extra ?? {} };
  return { code: 'INTERNAL', message: error instanceof Error ? error.message : String(error), details: [], extensions: {} };
}

/** Notes which validation and duplicate rules a refusal names (coverage). */
function noteRules(ctx: StepContext, failure: Failure): void {
  const rules = [...failure.details.map((d) => d.rule), ...((failure.extensions.rules as unknown[]) ?? [])].filter((r): r is string => typeof r === 'string');
  const duplicates = ((failure.extensions.duplicates as { rule?: string }[]) ?? []).map((d) => d.rule).filter((r): r is string => typeof r === 'string');
  for (const rule of duplicates) ctx.refusedBy.duplicate.add(rule);
  for (const rule of rules) if (!duplicates.includes(rule)) ctx.refusedBy.validation.add(rule);
}

/** Whether a failure is the one `expectError` asks for; the reason when it is not. */
function mismatch(failure: Failure, expected: ScenarioExpectError): string | undefined {
  if (failure.code !== expected.code) return `failed with ${failure.code} instead of ${expected.code}: ${failure.message}`;
  const pointers = failure.details.map((d) => d.pointer);
  if (expected.pointer !== undefined && !pointers.includes(expected.pointer)) return `failed with ${failure.code} but at ${pointers.join(', ') || 'no pointer'}, not ${expected.pointer}`;
  if (expected.rule !== undefined) {
    const rules = [...failure.details.map((d) => d.rule), ...((failure.extensions.rules as unknown[]) ?? []), ...((failure.extensions.duplicates as { rule?: string }[]) ?? []).map((d) => d.rule)];
    if (!rules.includes(expected.rule)) return `failed with ${failure.code} by ${rules.filter(Boolean).join(', ') || 'no rule'}, not by the rule ${expected.rule}`;
  }
  if (expected.message !== undefined && !failure.message.includes(expected.message)) return `failed with ${failure.code} but the message "${failure.message}" does not contain "${expected.message}"`;
  return undefined;
}

function userId(ctx: StepContext, key: string | undefined): string {
  return key ? ctx.users.get(key)! : ctx.adminId;
}

/** Keeps what `save` names: a name for the record's id, or names → dot paths into the answer. */
function save(ctx: StepContext, step: ScenarioStep, answer: unknown, id: unknown): void {
  if (step.save === undefined) return;
  if (typeof step.save === 'string') {
    ctx.saved.set(step.save, id);
    return;
  }
  for (const [name, dotPath] of Object.entries(step.save)) {
    const value = valueAt(answer, dotPath);
    if (value === undefined) throw new StepFailed(`save ${name}: the answer has nothing at ${dotPath}`);
    ctx.saved.set(name, value);
  }
}

/** A step that acts (write, command, GraphQL): its answer, or the failure it ran into. */
async function act(ctx: StepContext, step: ScenarioStep, at: string): Promise<{ answer: unknown; id: unknown } | { failure: Failure }> {
  const as = userId(ctx, step.as);
  try {
    if (step.create) {
      const data = resolve(ctx, step.data ?? {}, `${at}/data`);
      try {
        const row = await withRecords(ctx.server, ctx.tenantId, as, (api) => api.create(step.create!, data)) as Record<string, unknown>;
        return { answer: row, id: row.id };
      } catch (error) {
        // The records API creates a list; one record's pointers read as the GraphQL create's (`/data/amount`).
        const failure = failureOf(error);
        return { failure: { ...failure, details: failure.details.map((d) => ({ ...d, pointer: d.pointer.replace(/^\/data\/0(?=\/|$)/, '/data') })) } };
      }
    }
    if (step.update) {
      const id = resolve(ctx, step.id!, `${at}/id`);
      const data = resolve(ctx, step.data ?? {}, `${at}/data`);
      const row = await withRecords(ctx.server, ctx.tenantId, as, (api) => api.update(step.update!, String(id), data));
      return { answer: row, id };
    }
    if (step.delete) {
      const id = resolve(ctx, step.id!, `${at}/id`);
      return { answer: await withRecords(ctx.server, ctx.tenantId, as, (api) => api.delete(step.delete!, String(id))), id };
    }
    if (step.command) {
      const id = resolve(ctx, step.id!, `${at}/id`);
      const input = resolve(ctx, step.input ?? {}, `${at}/input`);
      const answer = await withRecords(ctx.server, ctx.tenantId, as, (api) => api.runCommand(step.object!, step.command!, String(id), input));
      return { answer, id: (answer as { id?: unknown } | null)?.id ?? id };
    }
    const variables = resolve(ctx, step.variables ?? {}, `${at}/variables`);
    const res = await fetch(`${ctx.server.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await ctx.apiKeyOf(step.as)}` },
      body: JSON.stringify({ query: step.graphql, variables }),
    });
    const body = await res.json() as { data?: Record<string, unknown>; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    if (body.errors?.length) {
      const [first] = body.errors;
      const extensions = first.extensions ?? {};
      return { failure: { code: String(extensions.code ?? 'INTERNAL'), message: first.message, details: ((extensions.errors ?? extensions.details) as ErrorDetail[]) ?? [], extensions } };
    }
    const root = Object.values(body.data ?? {})[0] as { id?: unknown } | null | undefined;
    return { answer: body, id: root?.id };
  } catch (error) {
    if (error instanceof StepFailed) throw error;
    return { failure: failureOf(error) };
  }
}

async function expectStep(ctx: StepContext, step: ScenarioStep, at: string): Promise<void> {
  const expect = step.expect!;
  if (expect.count !== undefined) {
    const filter = resolve(ctx, expect.filter, `${at}/expect/filter`);
    const [row] = await withRecords(ctx.server, ctx.tenantId, null, (api) => api.aggregate(expect.object, filter ? { filter } : {}));
    const count = row?.count ?? 0;
    if (count !== expect.count) throw new StepFailed(`expected ${expect.count} ${expect.object} record(s)${filter ? ` matching ${JSON.stringify(filter)}` : ''}, found ${count}`, { differences: [{ field: 'count', expected: expect.count, actual: count }] });
  }
  if (expect.fields !== undefined) {
    const id = resolve(ctx, expect.id!, `${at}/expect/id`);
    const fields = resolve(ctx, expect.fields, `${at}/expect/fields`);
    const record = await withRecords(ctx.server, ctx.tenantId, null, (api) => api.get(expect.object, String(id)));
    if (!record) throw new StepFailed(`there is no ${expect.object} ${String(id)} (${expect.id})`);
    // `ownerId` (the column's name, as the spec's examples say it) is the API's `owner`.
    const keyOf = (field: string) => (field in record ? field : field === 'ownerId' && 'owner' in record ? 'owner' : undefined);
    const unknown = Object.keys(fields).filter((field) => keyOf(field) === undefined);
    if (unknown.length) throw new StepFailed(`${expect.object} has no field ${unknown.join(', ')} to compare (its fields: ${Object.keys(record).join(', ')})`, { details: unknown.map((f) => ({ pointer: `${at}/expect/fields/${f}`, message: 'unknown field' })) });
    const differences = Object.entries(fields).filter(([field, value]) => !sameValue(record[keyOf(field)!], value)).map(([field, value]) => ({ field, expected: value, actual: record[keyOf(field)!] ?? null }));
    if (differences.length) {
      throw new StepFailed(`${expect.object} ${expect.id}: ${differences.map((d) => `${d.field} is ${JSON.stringify(d.actual)}, expected ${JSON.stringify(d.expected)}`).join('; ')}`, { differences });
    }
  }
}

async function advance(ctx: StepContext, by: string, at: string): Promise<void> {
  const clock = ctx.server.platform.clock;
  if (!isManualClock(clock)) throw new PlatformError('FORBIDDEN', 'Scenarios run on the test clock: start the server with TESSERA_TEST_CLOCK=1');
  clock.advanceTo(addDuration(clock.now(), parseDuration(by, `${at}/advance`)));
  await ctx.server.platform.pool.query('select pg_notify($1, $2)', [CLOCK_CHANNEL, clock.now().toISOString()]);
}

/** Waits until the jobs, timers due, change events and workflow runs the step caused have finished. */
export async function settleTenant(ctx: Pick<StepContext, 'server' | 'tenantId'>): Promise<void> {
  await settle(ctx.server.platform, [ctx.tenantId]);
}

/** Runs one step, then settles; a failure is a result, never a throw. */
export async function runStep(ctx: StepContext, step: ScenarioStep, index: number): Promise<StepResult> {
  const pointer = `/steps/${index}`;
  const started = Date.now();
  const result = (status: StepResult['status'], extra: Partial<StepResult> = {}): StepResult => ({ index, pointer, label: step.note ? `${stepLabel(step)} (${step.note})` : stepLabel(step), status, ms: Date.now() - started, ...extra });
  try {
    if (step.advance) await advance(ctx, step.advance, pointer);
    else if (step.expect) await expectStep(ctx, step, pointer);
    else {
      const outcome = await act(ctx, step, pointer);
      if ('failure' in outcome) {
        noteRules(ctx, outcome.failure);
        const { failure } = outcome;
        if (!step.expectError) return result('failed', { message: `${failure.code}: ${failure.message}`, details: failure.details });
        const wrong = mismatch(failure, step.expectError);
        if (wrong) return result('failed', { message: wrong, details: failure.details });
      } else {
        if (step.expectError) return result('failed', { message: `succeeded, but ${step.expectError.code}${step.expectError.rule ? ` by ${step.expectError.rule}` : ''} was expected` });
        save(ctx, step, outcome.answer, outcome.id);
      }
    }
    await settleTenant(ctx);
    return result('passed');
  } catch (error) {
    if (error instanceof StepFailed) return result('failed', { message: error.message, ...error.extra });
    const failure = failureOf(error);
    return result('failed', { message: `${failure.code}: ${failure.message}`, details: failure.details });
  }
}
