import fs from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';
import { inflect } from '@tessera/platform';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { ok, startIsolatedServer } from '../../../platform/test/kernel/support.ts';
import { gql, metadataClient, newTenant } from '../../../platform/test/support/server.ts';
import { listTemplates, readTemplatePackage } from '../../../templates/index.js';
import { createPlugin as createScriptRuntime } from '../../src/index.ts';
import { createApprovalsPlugin } from '../../src/approvals/index.ts';
import { createPoolsPlugin } from '../../src/pools/index.ts';
import { createReactivationPlugin } from '../../src/reactivation/index.ts';
import { createScoringPlugin } from '../../src/scoring/index.ts';
import { createWorkflowsPlugin } from '../../src/workflows/index.ts';

/**
 * Runs a template's scenarios (templates/<name>/scenarios/*.json, the format of the session's shared
 * spec) by hand until the SDK's scenario runner lands: a server on the test clock with the plugins
 * the templates name, a tenant with crm-core's whole document then the template's applied, the
 * scenario's users (role by name, manager by key) and fixtures, then each step. Work the steps start
 * (change events, workflow runs, approval outcomes) runs in the background: after each step the
 * clock moves a second and `expect` steps wait (real time, bounded) for what they expect.
 */

export async function startTemplateServer(): Promise<RunningServer> {
  const server = await startIsolatedServer({ TESSERA_TEST_CLOCK: '1' });
  for (const plugin of [createScriptRuntime(), createWorkflowsPlugin(), createApprovalsPlugin(), createPoolsPlugin(), createScoringPlugin(), createReactivationPlugin()]) {
    await server.platform.plugins.install(plugin);
  }
  return server;
}

export interface TemplateTenant {
  id: string;
  adminId: string;
  meta: (q: string, v?: Record<string, unknown>) => Promise<any>;
  /** /graphql as the admin or as a scenario user (key); the raw answer, errors included. */
  raw: (q: string, v?: Record<string, unknown>, as?: string) => Promise<any>;
  objects: Map<string, { name: string; type: string }[]>;
}

/** A fresh tenant with the template's whole document and those of the templates it requires, in order. */
export async function installTemplate(server: RunningServer, name: string): Promise<TemplateTenant> {
  const created = await newTenant(server, 'tpl');
  const md = metadataClient(server, created.apiKey);
  const meta = async (q: string, v?: Record<string, unknown>) => ok(await md(q, v));
  const chain: string[] = [];
  const visit = (n: string) => { const t = listTemplates().find((x) => x.name === n)!; for (const r of t.requires ?? []) visit(r); if (!chain.includes(n)) chain.push(n); };
  visit(name);
  for (const template of chain) await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: readTemplatePackage(template) });
  const { objects } = await meta('{ objects { name fields { name type } } }');
  const keys = new Map<string, string>([['admin', created.apiKey]]);
  const tenant: TemplateTenant & { keys: Map<string, string> } = {
    id: created.tenant.id, adminId: created.admin.id, meta, keys,
    raw: (q, v, as = 'admin') => gql(server, '/graphql', keys.get(as) ?? created.apiKey, q, v),
    objects: new Map((objects as { name: string; fields: { name: string; type: string }[] }[]).map((o) => [o.name, o.fields.map((f) => ({ name: f.name, type: String(f.type).toLowerCase() }))])),
  };
  return tenant;
}

export interface Scenario {
  name: string;
  clock?: string;
  users?: { key: string; name: string; roles?: string[]; permissionSets?: string[]; manager?: string }[];
  fixtures?: Record<string, Record<string, unknown>[]>;
  steps: Record<string, any>[];
}

export function readScenarios(template: string): Scenario[] {
  const dir = path.join(path.dirname(listTemplates().find((t) => t.name === template)!.metadataPath), 'scenarios');
  return fs.readdirSync(dir).filter((f) => f.endsWith('.json')).sort().map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Scenario);
}

const upper = (s: string) => s[0].toUpperCase() + s.slice(1);

/** What a field reads as in a selection, and its value as scenarios compare it (a currency's amount, a lookup's id). */
function selection(type: string, name: string): string {
  if (['lookup', 'masterdetail', 'user', 'file', 'image', 'signature'].includes(type)) return `${name} { id }`;
  if (type === 'currency') return `${name} { amount }`;
  if (type === 'geolocation') return `${name} { lat lng }`;
  return name;
}
function plain(type: string, value: any): unknown {
  if (value === null || value === undefined) return null;
  if (['lookup', 'masterdetail', 'user', 'file', 'image', 'signature'].includes(type)) return value.id;
  if (type === 'currency') return value.amount;
  return value;
}

export interface StepReport { index: number; step: Record<string, unknown>; ok: boolean; error?: string }

/** Runs one scenario in `t`; answers each step's outcome (the caller asserts them). */
export async function runScenario(server: RunningServer, t: TemplateTenant & { keys?: Map<string, string> }, scenario: Scenario): Promise<StepReport[]> {
  const keys = (t as TemplateTenant & { keys: Map<string, string> }).keys;
  const saved = new Map<string, unknown>();
  const users = new Map<string, string>([['admin', t.adminId]]);
  const resolve = (value: unknown): unknown => {
    if (typeof value === 'string' && value.startsWith('$') && saved.has(value.slice(1))) return saved.get(value.slice(1));
    if (typeof value === 'string' && value.startsWith('@') && users.has(value.slice(1))) return users.get(value.slice(1));
    if (Array.isArray(value)) return value.map(resolve);
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolve(v)]));
    return value;
  };
  if (scenario.clock) await t.meta('mutation($at: DateTime!) { setClock(at: $at) { now } }', { at: new Date(scenario.clock).toISOString() });
  for (const u of scenario.users ?? []) {
    const email = `${u.key}-${t.id.slice(-6)}@example.com`;
    const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name: u.name, role: u.roles?.[0] ?? null, manager: u.manager ? users.get(u.manager) : null } })).createUser.id as string;
    for (const set of u.permissionSets ?? []) await t.meta('mutation($u: ID!, $p: String!) { assignPermissionSet(user: $u, permissionSet: $p) { id } }', { u: id, p: set });
    keys.set(u.key, (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key);
    users.set(u.key, id);
  }
  const create = async (object: string, data: Record<string, unknown>, as?: string) => {
    const { $key, ...values } = data;
    const res = await t.raw(`mutation($d: ${inflect.createInput(object)}!) { ${inflect.createOne(object)}(data: $d) { id } }`, { d: resolve(values) }, as);
    if (res.errors) return { errors: res.errors };
    const id = res.data[inflect.createOne(object)].id as string;
    if (typeof $key === 'string') saved.set($key, id);
    return { id };
  };
  for (const [object, records] of Object.entries(scenario.fixtures ?? {})) {
    for (const record of records) {
      const made = await create(object, record);
      if (made.errors) throw new Error(`fixture ${object} ${JSON.stringify(record)}: ${JSON.stringify(made.errors)}`);
    }
  }
  const settle = async () => { await t.meta('mutation { advanceClock(by: "PT1S") { now } }'); };
  const reports: StepReport[] = [];
  for (const [index, step] of scenario.steps.entries()) {
    const as = step.as as string | undefined;
    let res: { errors?: any[]; data?: any } = {};
    let error: string | undefined;
    if (step.advance) {
      await t.meta('mutation($by: String!) { advanceClock(by: $by) { now } }', { by: step.advance });
    } else if (step.create) {
      const made = await create(step.create, step.data ?? {}, as);
      res = made.errors ? { errors: made.errors } : { data: made };
      if (!made.errors && step.save) saved.set(step.save, made.id);
    } else if (step.update) {
      res = await t.raw(`mutation($id: ID!, $d: ${inflect.updateInput(step.update)}!) { ${inflect.updateOne(step.update)}(id: $id, data: $d) { id } }`, { id: resolve(step.id), d: resolve(step.data ?? {}) }, as);
    } else if (step.command) {
      res = await t.raw(`mutation($id: ID!, $i: JSON) { ${step.object}${upper(step.command)}(id: $id, input: $i) }`, { id: resolve(step.id), i: resolve(step.input ?? {}) }, as);
    } else if (step.graphql) {
      res = await t.raw(step.graphql, resolve(step.variables ?? {}) as Record<string, unknown>, as);
      if (!res.errors && step.save) for (const [name, at] of Object.entries(step.save as Record<string, string>)) saved.set(name, at.split('.').reduce((v: any, k) => v?.[k], res));
    } else if (step.expect) {
      error = await expectation(t, step.expect, resolve);
    }
    if (step.expectError) {
      const got = res.errors?.[0]?.extensions;
      const want = step.expectError;
      const details = (got?.errors ?? got?.details ?? []) as { pointer?: string; rule?: string }[];
      if (!got) error = `expected ${want.code}, the step succeeded`;
      else if (got.code !== want.code) error = `expected ${want.code}, got ${got.code}: ${res.errors![0].message}`;
      else if (want.rule && !details.some((d) => d.rule === want.rule) && !(got.rules ?? []).includes(want.rule)) error = `expected rule ${want.rule}, got ${JSON.stringify(details)}`;
      else if (want.pointer && !details.some((d) => d.pointer === want.pointer)) error = `expected pointer ${want.pointer}, got ${JSON.stringify(details)}`;
    } else if (res.errors) error = JSON.stringify(res.errors);
    // What the background work did, when a step fails: each workflow run's status and error.
    if (error) error += ` (workflow runs: ${JSON.stringify((await t.raw('{ workflowRuns(first: 50) }')).data?.workflowRuns?.map((r: any) => [r.workflow, r.status, r.error]))})`;
    reports.push({ index, step, ok: !error, ...(error ? { error } : {}) });
    if (error) break;
    await settle();
  }
  return reports;
}

/** An `expect` step: fields of one record, or a count under a filter; retried while background work settles. */
async function expectation(t: TemplateTenant, want: Record<string, any>, resolve: (v: unknown) => unknown): Promise<string | undefined> {
  const fields = t.objects.get(want.object);
  if (!fields) return `no object ${want.object}`;
  const typeOf = (name: string) => fields.find((f) => f.name === name)?.type ?? 'text';
  let last = '';
  for (let attempt = 0; attempt < 60; attempt++) {
    if (want.fields) {
      const names = Object.keys(want.fields);
      const res = await t.raw(`query($id: ID!) { r: ${inflect.one(want.object)}(id: $id) { ${names.map((n) => selection(typeOf(n), n)).join(' ')} } }`, { id: resolve(want.id) });
      if (res.errors) return JSON.stringify(res.errors);
      const got = Object.fromEntries(names.map((n) => [n, plain(typeOf(n), res.data.r?.[n])]));
      const expected = resolve(want.fields) as Record<string, unknown>;
      if (names.every((n) => JSON.stringify(got[n]) === JSON.stringify(expected[n]))) return undefined;
      last = `${want.object} ${String(resolve(want.id))}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(got)}`;
    } else {
      const res = await t.raw(`query($f: ${inflect.filter(want.object)}) { r: ${inflect.many(want.object)}(filter: $f) { totalCount } }`, { f: resolve(want.filter ?? null) });
      if (res.errors) return JSON.stringify(res.errors);
      if (res.data.r.totalCount === want.count) return undefined;
      last = `${want.object} ${JSON.stringify(resolve(want.filter))}: expected ${want.count}, counted ${res.data.r.totalCount}`;
    }
    await t.meta('mutation { advanceClock(by: "PT1S") { now } }');
    await new Promise((r) => setTimeout(r, 250));
  }
  return last;
}

export function expectAllPassed(reports: StepReport[], scenario: Scenario): void {
  const failed = reports.find((r) => !r.ok);
  expect(failed ? `step ${failed.index} ${JSON.stringify(failed.step)}: ${failed.error}` : undefined, scenario.name).toBeUndefined();
  expect(reports.length, `${scenario.name}: every step ran`).toBe(scenario.steps.length);
}

/** Loads the template's sample data (template.json `sampleData`) through the save pipeline as the admin (`@admin`): every rule applies. */
export async function loadSampleData(server: RunningServer, t: TemplateTenant, template: string): Promise<number> {
  const manifest = listTemplates().find((x) => x.name === template) as { sampleData?: string; metadataPath: string };
  const sample = JSON.parse(fs.readFileSync(path.join(path.dirname(manifest.metadataPath), manifest.sampleData!), 'utf8')) as Record<string, Record<string, unknown>[]>;
  await runScenario(server, t, { name: 'sample data', fixtures: sample, steps: [] });
  return Object.values(sample).reduce((n, records) => n + records.length, 0);
}
