/**
 * Test support for the bundled templates: a server with the plugins their documents use, a tenant
 * with a template's whole document applied (its requirements first), and a small interpreter of the
 * scenario format (docs: the shared spec's "Scenarios"; users, fixtures, steps on the test clock,
 * expectations) so a template's scenarios/*.json are exercised here until the SDK's runner runs them.
 * After every step the clock is set to where it is, which fires what is due and waits for the jobs,
 * timers and events that follow (setClock settles).
 */
import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { listTemplates, readTemplatePackage } from '../../../templates/index.js';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createAssignmentPlugin } from '../../src/assignment/index.ts';
import { createCollaborationPlugin } from '../../src/collaboration/index.ts';
import { createConversionsPlugin } from '../../src/conversions/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createReactivationPlugin } from '../../src/reactivation/index.ts';
import { createScoringPlugin } from '../../src/scoring/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

export const TEMPLATES_DIR = path.resolve(import.meta.dirname, '../../../templates');

/** A server on the test clock with the plugins the bundled templates' documents use. */
export async function startTemplateServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  for (const plugin of [createWorkflowsPlugin(), createApprovalsPlugin(), createPoolsPlugin(), createAssignmentPlugin(), createScoringPlugin(), createReactivationPlugin(), createConversionsPlugin(), createCollaborationPlugin()]) {
    await server.platform.plugins.install(plugin);
  }
  return server;
}

export interface TemplateTenant {
  id: string;
  adminId: string;
  apiKey: string;
  api: (q: string, v?: Record<string, unknown>, key?: string) => Promise<any>;
  raw: (q: string, v?: Record<string, unknown>, key?: string) => Promise<{ data?: any; errors?: { message: string; extensions?: Record<string, any> }[] }>;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
}

/** The template's name and every template it requires, requirements first. */
export function withRequirements(name: string): string[] {
  const all = listTemplates();
  const out: string[] = [];
  const visit = (n: string) => {
    if (out.includes(n)) return;
    for (const r of all.find((t) => t.name === n)!.requires ?? []) visit(r);
    out.push(n);
  };
  visit(name);
  return out;
}

/** A fresh tenant with the template's whole document (readTemplatePackage) applied, its requirements first. */
export async function templateTenant(server: RunningServer, name: string): Promise<TemplateTenant> {
  const created = await newTenant(server, name.replace(/[^a-z0-9]/g, '').slice(0, 8));
  const metaRaw = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await metaRaw(q, v));
  for (const template of withRequirements(name)) await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: readTemplatePackage(template) });
  const raw = (q: string, v?: Record<string, unknown>, key = created.apiKey) => gql(server, '/graphql', key, q, v);
  return { id: created.tenant.id, adminId: created.admin.id, apiKey: created.apiKey, raw, api: async (q, v, key) => ok(await raw(q, v, key)), meta };
}

export const readScenarios = (template: string): Scenario[] => {
  const dir = path.join(TEMPLATES_DIR, template, 'scenarios');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')));
};

export interface Scenario {
  name: string;
  clock?: string;
  users?: { key: string; name: string; roles?: string[]; permissionSets?: string[]; manager?: string }[];
  fixtures?: Record<string, Record<string, unknown>[]>;
  steps: Record<string, any>[];
}

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

/** Names and output shapes of the data API, read by introspection once per tenant. */
async function introspect(t: TemplateTenant) {
  const { __schema } = await t.api('{ __schema { queryType { fields { name type { name kind ofType { name } } } } types { name kind fields { name type { kind name ofType { kind name ofType { kind name } } } } } } }');
  const types = new Map<string, any>(__schema.types.map((x: any) => [x.name, x]));
  const base = (type: any): any => (type.ofType ? base(type.ofType) : type);
  /** A selection of every field of the object's type: scalars as they are, objects by id (else their scalars). */
  const selection = (typeName: string, fields: string[]): string => fields.map((f) => {
    const field = types.get(typeName)?.fields?.find((x: any) => x.name === (f === 'ownerId' ? 'owner' : f));
    if (!field) throw new Error(`${typeName} has no field ${f}`);
    const inner = types.get(base(field.type).name);
    if (inner?.kind !== 'OBJECT') return field.name;
    if (inner.fields.some((x: any) => x.name === 'id')) return `${field.name} { id }`;
    return `${field.name} { ${inner.fields.filter((x: any) => types.get(base(x.type).name)?.kind !== 'OBJECT').map((x: any) => x.name).join(' ')} }`;
  }).join(' ');
  const listField = (object: string) => __schema.queryType.fields.find((f: any) => base(f.type).name === `${cap(object)}Connection`)?.name as string;
  return { selection, listField };
}

/** `$key` → a saved id, `@user` → a user's id, at any depth. */
function resolve(value: unknown, ids: Map<string, string>, users: Map<string, string>): unknown {
  if (typeof value === 'string' && value.startsWith('$') && ids.has(value.slice(1))) return ids.get(value.slice(1));
  if (typeof value === 'string' && value.startsWith('@') && users.has(value.slice(1))) return users.get(value.slice(1));
  if (Array.isArray(value)) return value.map((v) => resolve(v, ids, users));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v, ids, users)]));
  return value;
}

const at = (value: any, dotted: string) => dotted.split('.').reduce((v, k) => v?.[k], value);

/** A read value as the scenario writes it: a record or user by its id. */
const flat = (v: any) => (v && typeof v === 'object' && !Array.isArray(v) && Object.keys(v).length === 1 && 'id' in v ? v.id : v);

const INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d/;
/** A read date/time as the expected one when both name the same instant (however written), else as read. */
const sameInstant = (got: unknown, want: unknown) =>
  (typeof got === 'string' && typeof want === 'string' && INSTANT.test(got) && INSTANT.test(want) && new Date(got).getTime() === new Date(want).getTime() ? want : got);

/**
 * Runs a scenario in `t` (a tenant with its template applied): users, fixtures, then each step,
 * asserting as it goes (a failing step names its index). Answers the saved ids.
 */
export async function runScenario(server: RunningServer, t: TemplateTenant, scenario: Scenario): Promise<Map<string, string>> {
  const { selection, listField } = await introspect(t);
  const ids = new Map<string, string>();
  const users = new Map<string, string>([['admin', t.adminId]]);
  const keys = new Map<string, string>([['admin', t.apiKey]]);
  const settle = async () => {
    const { clock } = await t.meta('{ clock { now } }');
    await t.meta('mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: clock.now });
  };
  if (scenario.clock) await t.meta('mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(scenario.clock).toISOString() });
  for (const u of scenario.users ?? []) {
    const email = `${u.key}-${Date.now()}@example.com`;
    const input = { email, name: u.name, ...(u.roles?.[0] ? { role: u.roles[0] } : {}), ...(u.manager ? { manager: users.get(u.manager) } : {}) };
    const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: input })).createUser.id as string;
    for (const set of u.permissionSets ?? []) await t.meta('mutation($u: ID!, $s: String!) { assignPermissionSet(user: $u, permissionSet: $s) { id } }', { u: id, s: set });
    users.set(u.key, id);
    keys.set(u.key, (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key);
  }
  const create = async (object: string, data: Record<string, unknown>, key: string) =>
    t.raw(`mutation($d: ${cap(object)}CreateInput!) { create${cap(object)}(data: $d) { id } }`, { d: data }, key);
  for (const [object, records] of Object.entries(scenario.fixtures ?? {})) {
    for (const { $key, ...data } of records) {
      const res = await create(object, resolve(data, ids, users) as Record<string, unknown>, t.apiKey);
      expect(res.errors, `fixture ${object} ${String($key)}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      if ($key) ids.set(String($key), res.data[`create${cap(object)}`].id);
    }
  }
  await settle();
  for (const [i, raw] of scenario.steps.entries()) {
    try {
      await runStep(i, raw);
    } catch (error) {
      // Failed workflow runs say why a step's consequence did not happen.
      const failed = (await t.api('{ workflowRuns(status: "failed") }')).workflowRuns;
      if (failed.length) (error as Error).message += `\nfailed workflow runs: ${JSON.stringify(failed.map((r: any) => ({ workflow: r.workflow, error: r.error, steps: r.steps?.slice(-1) })))}`;
      throw error;
    }
  }
  return ids;

  async function runStep(i: number, raw: Record<string, any>) {
    const step = resolve(raw, ids, users) as Record<string, any>;
    const where = `${scenario.name} step ${i} ${JSON.stringify(raw).slice(0, 160)}`;
    const key = keys.get(raw.as ?? 'admin');
    if (!key) throw new Error(`${where}: no user ${raw.as}`);
    let res: { data?: any; errors?: any[] } | undefined;
    if (step.advance) await t.meta('mutation($by: String!) { advanceClock(by: $by) { now } }', { by: step.advance });
    else if (step.create) res = await create(step.create, step.data ?? {}, key);
    else if (step.update) res = await t.raw(`mutation($id: ID!, $d: ${cap(step.update)}UpdateInput!) { update${cap(step.update)}(id: $id, data: $d) { id } }`, { id: step.id, d: step.data ?? {} }, key);
    else if (step.command) res = await t.raw(`mutation($id: ID!, $i: JSON) { ${step.object}${cap(step.command)}(id: $id, input: $i) }`, { id: step.id, i: step.input ?? {} }, key);
    else if (step.graphql) res = await t.raw(step.graphql, step.variables ?? {}, key);
    else if (step.expect) {
      const e = step.expect;
      if (e.count !== undefined) {
        const list = listField(e.object);
        const got = (await t.api(`query($f: ${cap(e.object)}Filter) { ${list}(filter: $f) { totalCount } }`, { f: e.filter ?? null }))[list].totalCount;
        expect(got, where).toBe(e.count);
      }
      if (e.fields) {
        const record = (await t.api(`query($id: ID!) { ${e.object}(id: $id) { ${selection(cap(e.object), Object.keys(e.fields))} } }`, { id: e.id }))[e.object];
        expect(record, `${where}: no such record`).toBeTruthy();
        const got = Object.fromEntries(Object.entries(e.fields).map(([f, want]) => [f, sameInstant(flat(record[f === 'ownerId' ? 'owner' : f]), want)]));
        expect(got, `${where}: read ${JSON.stringify(got)}`).toEqual(e.fields);
      }
    } else throw new Error(`${where}: unknown step`);
    if (res) {
      if (step.expectError) {
        expect(res.errors?.[0]?.extensions?.code, `${where}: ${JSON.stringify(res.errors ?? res.data)}`).toBe(step.expectError.code);
        if (step.expectError.rule) expect(JSON.stringify(res.errors![0].extensions), where).toContain(step.expectError.rule);
        if (step.expectError.pointer) expect(JSON.stringify(res.errors![0].extensions), where).toContain(step.expectError.pointer);
      } else {
        expect(res.errors, `${where}: ${JSON.stringify(res.errors)}`).toBeUndefined();
        if (typeof step.save === 'string') ids.set(step.save, Object.values(res.data as object)[0]?.id);
        else if (step.save) for (const [name, p] of Object.entries(step.save as Record<string, string>)) ids.set(name, at(res, p));
      }
    }
    await settle();
  }
}

/** Loads a template's sample-data.json (the spec's format) as the admin: records created in order, `$key` ids, `@admin`. */
export async function loadSampleData(t: TemplateTenant, template: string): Promise<number> {
  const data = JSON.parse(fs.readFileSync(path.join(TEMPLATES_DIR, template, 'sample-data.json'), 'utf8')) as Record<string, Record<string, unknown>[]>;
  const ids = new Map<string, string>();
  const users = new Map([['admin', t.adminId]]);
  let n = 0;
  for (const [object, records] of Object.entries(data)) {
    for (const { $key, ...record } of records) {
      const res = await t.raw(`mutation($d: ${cap(object)}CreateInput!) { create${cap(object)}(data: $d) { id } }`, { d: resolve(record, ids, users) });
      expect(res.errors, `${template} sample ${object} ${String($key)}: ${JSON.stringify(res.errors)}`).toBeUndefined();
      if ($key) ids.set(String($key), res.data[`create${cap(object)}`].id);
      n += 1;
    }
  }
  return n;
}
