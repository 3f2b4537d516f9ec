import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../../platform/test/support/server.ts';
import { testPlugin } from '../../platform/test/plugins/test-plugin.ts';
import { listTemplates, readTemplateDocument } from '../../templates/index.js';
import { freePort, nodeProcess, scratch, STACK, tessera, tesseraProcess } from './support.ts';

/**
 * `tessera codegen --out <dir>` (issue 17, SDK): a typed client generated from a live tenant's
 * /graphql schema. The generated files are type-checked with the compiler API under the repo's strict
 * settings (a correct client passes; a wrong field name or option value fails), then the client is
 * run with Node's type stripping against the same server.
 */

const METADATA = {
  objects: [
    { name: 'account', fields: [{ name: 'name', type: 'text', required: true }, { name: 'tier', type: 'select', options: [{ value: 'gold' }, { value: 'silver' }] }] },
    {
      name: 'lead',
      fields: [
        { name: 'name', type: 'text', required: true },
        { name: 'status', type: 'select', required: true, defaultValue: 'New', options: ['New', 'MQL', 'Closed Won'].map((value) => ({ value })) },
        { name: 'channel', type: 'select', required: true, options: ['web', 'trade-show'].map((value) => ({ value })) },
        { name: 'tags', type: 'multiSelect', options: ['vip', '重点'].map((value) => ({ value })) },
        { name: 'account', type: 'lookup', target: 'account' },
        { name: 'budget', type: 'currency' },
        { name: 'email', type: 'email' },
      ],
    },
    // The test plugin's `claim` command is on deals: a command the client gets as a typed method.
    { name: 'deal', fields: [{ name: 'name', type: 'text' }] },
    // Names the inflector bends: an uncountable one (its list is newsList, its createMany createNewsList), one with digits and a Chinese option.
    { name: 'news', fields: [{ name: 'title', type: 'text', required: true }] },
    { name: 'k12Lesson', fields: [{ name: 'topic', type: 'select', options: [{ value: 'algebra' }, { value: '几何' }] }] },
    // A package's namespaced object (k12__lesson): its own type names (K12__lesson…), beside k12Lesson.
    { name: 'k12__lesson', fields: [{ name: 'k12__grade', type: 'select', options: [{ value: 'g1' }, { value: 'g2' }] }, { name: 'k12__account', type: 'lookup', target: 'account' }] },
  ],
};

let server: RunningServer;
let env: NodeJS.ProcessEnv;
let work: Awaited<ReturnType<typeof scratch>>;
let out: string;

beforeAll(async () => {
  server = await startTestServer();
  await server.platform.plugins.install(testPlugin({ pool: server.platform.pool, name: 'codegen-pools', migrations: false }));
  const t = await newTenant(server, 'codegen');
  const applied = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: METADATA });
  if (applied.errors) throw new Error(JSON.stringify(applied.errors));
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: t.apiKey };
  work = await scratch('tessera-cli-codegen-');
  out = path.join(work.dir, 'client');
}, 60_000);
afterAll(async () => {
  await server?.close();
  await work?.remove();
});

/** The repo's strict settings (tsconfig.base.json), without Node's typings: the client needs none. */
const OPTIONS: ts.CompilerOptions = {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  noImplicitOverride: true, erasableSyntaxOnly: true, verbatimModuleSyntax: true, allowImportingTsExtensions: true,
};

/** Writes `files` beside the generated client and type-checks them with it; the diagnostics per file, `TSnnnn: message`. */
function typeCheck(files: Record<string, string>, dir = out): Record<string, string[]> {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const roots = [...Object.keys(files), 'schema.ts', 'errors.ts', 'client.ts', 'index.ts'].map((f) => path.join(dir, f));
  const program = ts.createProgram(roots, OPTIONS);
  const result: Record<string, string[]> = {};
  for (const root of roots) {
    const file = program.getSourceFile(root)!;
    result[path.basename(root)] = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  for (const name of Object.keys(files)) fs.rmSync(path.join(dir, name));
  return result;
}

/** The \`any\` types written in a file (by the compiler's parser: comments may say "any value"), with their line. */
function anyKeywords(text: string): string[] {
  const file = ts.createSourceFile('x.ts', text, ts.ScriptTarget.ES2022, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (node.kind === ts.SyntaxKind.AnyKeyword) found.push(`line ${file.getLineAndCharacterOfPosition(node.getStart()).line + 1}: ${node.parent.getText()}`);
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** A client as an application would write it: creates with the required fields, a filter on a select, a lookup's id, a command, a typed refusal. */
const CLIENT = `
import { createClient, TesseraError, type Client, type ErrorCode, type LeadRecord, type Schema } from './index.ts';

export async function use(client: Client): Promise<string[]> {
  const account = await client.account.create({ name: 'Acme', tier: 'gold' });
  if (!account) return [];
  // A create answers null when the user may not read the record back (sharing): the schema says so.
  const lead: LeadRecord | null = await client.lead.create({ name: 'Ada', channel: 'trade_show', tags: ['vip', '_u91CD_u70B9'], account: account.id, budget: { amount: 12.5, currency: 'EUR' } });
  if (!lead) return [];
  const status: Schema.LeadStatusOption | null = lead.status;
  const accountId: string | undefined = lead.account?.id;
  const amount: number | null | undefined = lead.budget?.amount;
  const page = await client.lead.list({ filter: { channel: { eq: 'web' }, status: { in: ['New', 'Closed_Won'] } }, orderBy: [{ name: 'ASC' }], first: 10 });
  const names: (string | null)[] = page.nodes.map((l) => l.name);
  const many = await client.lead.createMany([{ name: 'B', channel: 'web' }, { name: 'C', channel: 'web', status: 'MQL' }]);
  await client.lead.update(lead.id, { status: 'MQL' }, { expectedUpdatedAt: lead.updatedAt });
  await client.lead.create({ name: 'Twin', channel: 'web' }, { allowDuplicates: true });
  const gone: LeadRecord | null = await client.lead.get(many?.[0].id ?? '');
  await client.lead.delete(many?.[1].id ?? '');
  const claimed: unknown = await client.deal.claim('id', { note: 'called' });
  await client.dealClaim('id');
  const news: { title: string | null }[] | null = await client.news.createMany([{ title: 'a' }]);
  const lessons: Schema.K12LessonTopicOption[] = (await client.k12Lesson.list({ filter: { topic: { eq: '_u51E0_u4F55' } } })).nodes.flatMap((l) => (l.topic ? [l.topic] : []));
  const graded: Schema.K12__lessonK12__gradeOption[] = (await client.k12__lesson.list({ filter: { k12__grade: { eq: 'g1' } } })).nodes.flatMap((l) => (l.k12__grade ? [l.k12__grade] : []));
  const namespaced = await client.k12__lesson.create({ k12__grade: 'g2', k12__account: account.id });
  if (!news || !lessons.length || !graded.length || !namespaced?.k12__account) return [];
  try {
    await client.lead.create({ name: 'x', channel: 'web', email: 'nope' });
  } catch (error) {
    if (error instanceof TesseraError) {
      const code: ErrorCode = error.code;
      return [code, ...error.details.map((d) => d.pointer)];
    }
  }
  return [String(status), String(accountId), String(amount), ...names.map(String), String(gone?.id), String(claimed)];
}

export const made: Client = createClient({ url: 'http://localhost:4000', apiKey: 'tsk_x' });
`;

describe('tessera codegen', () => {
  it('writes schema, errors, client and index from the live tenant, and they type-check strictly with no any', async () => {
    const run = await tessera(['codegen', '--out', out, '--json'], env);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ out, files: ['schema.ts', 'errors.ts', 'client.ts', 'index.ts'], objects: ['account', 'deal', 'k12Lesson', 'k12__lesson', 'lead', 'news'] });
    // The test's client folder is an ES module package, as an application's would be.
    fs.writeFileSync(path.join(out, 'package.json'), '{"type": "module"}');
    const read = (name: string) => fs.readFileSync(path.join(out, name), 'utf8');
    const schema = read('schema.ts');
    const members = (name: string) => [...schema.slice(schema.indexOf(`export type ${name} =`), schema.indexOf(';', schema.indexOf(`export type ${name} =`))).replace(/\/\*\*.*?\*\//g, '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
    expect(members('LeadStatusOption')).toEqual(['New', 'MQL', 'Closed_Won']);
    expect(members('LeadChannelOption')).toEqual(['web', 'trade_show']);
    expect(schema).toMatch(/export type LeadCreateInput = \{/);
    expect(schema).toMatch(/export type LeadFilter = \{/);
    expect(schema).toMatch(/export type LeadOrderBy = \{/);
    expect(read('errors.ts')).toContain(`| "VALIDATION_FAILED"`);
    const client = read('client.ts');
    expect(client).toContain('createLeads');
    expect(client).toContain('dealClaim');
    // No `any` where the schema is precise: custom scalars are string or unknown.
    for (const name of ['schema.ts', 'errors.ts', 'client.ts', 'index.ts']) expect(anyKeywords(read(name)), name).toEqual([]);
    const diagnostics = typeCheck({});
    for (const name of ['schema.ts', 'errors.ts', 'client.ts', 'index.ts']) expect(diagnostics[name], name).toEqual([]);
  });

  it('the real bin writes the same files (same input, same output)', async () => {
    const again = path.join(work.dir, 'again');
    const started = Date.now();
    const run = await tesseraProcess(['codegen', '--out', again], env);
    const ms = Date.now() - started;
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Wrote schema\.ts, errors\.ts, client\.ts, index\.ts to .*: a client of 6 objects \(account, deal, k12Lesson, k12__lesson, lead, news\) at metadata version \d+ of tenant codegen-/);
    for (const name of ['schema.ts', 'errors.ts', 'client.ts', 'index.ts']) expect(fs.readFileSync(path.join(again, name), 'utf8'), name).toBe(fs.readFileSync(path.join(out, name), 'utf8'));
    expect(ms).toBeLessThan(15_000);
  });

  it('(a) a client using it correctly type-checks', () => {
    expect(typeCheck({ 'app.ts': CLIENT })['app.ts']).toEqual([]);
  });

  it('(b, c) a wrong field name and a wrong option value fail, named', () => {
    const diagnostics = typeCheck({
      'wrong-field.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.create({ name: 'x', channel: 'web', nmae: 'typo' });\n`,
      'wrong-read.ts': `import type { LeadRecord } from './index.ts';\nexport const f = (l: LeadRecord) => l.chanel;\n`,
      'wrong-filter.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.list({ filter: { stauts: { eq: 'New' } } });\n`,
      'wrong-option.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.list({ filter: { channel: { eq: 'trade-show' } } });\n`,
      'wrong-option-create.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.create({ name: 'x', channel: 'web', status: 'Closed Won' });\n`,
      'missing-required.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.create({ name: 'x' });\n`,
      'wrong-option-arg.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.lead.update('id', {}, { expectedUpdatedAt: 5 });\n`,
      'wrong-code.ts': `import type { ErrorCode } from './index.ts';\nexport const c: ErrorCode = 'VALIDATION_FAIL';\n`,
    });
    expect(diagnostics['wrong-field.ts'].join('\n')).toMatch(/TS2353: .*'nmae' does not exist in type 'LeadCreateInput'/);
    expect(diagnostics['wrong-read.ts'].join('\n')).toMatch(/TS2551: Property 'chanel' does not exist .* Did you mean 'channel'/);
    expect(diagnostics['wrong-filter.ts'].join('\n')).toMatch(/TS2561: .*'stauts' does not exist in type 'LeadFilter'/);
    expect(diagnostics['wrong-option.ts'].join('\n')).toMatch(/TS2(322|820): Type '"trade-show"' is not assignable to type '(InputMaybe<)?LeadChannelOption/);
    expect(diagnostics['wrong-option-create.ts'].join('\n')).toMatch(/TS2(322|820): Type '"Closed Won"' is not assignable to type '(InputMaybe<)?LeadStatusOption/);
    expect(diagnostics['missing-required.ts'].join('\n')).toMatch(/TS2345: [\s\S]*Property 'channel' is missing/);
    expect(diagnostics['wrong-option-arg.ts'].join('\n')).toMatch(/TS2322: Type 'number' is not assignable to type 'string'/);
    expect(diagnostics['wrong-code.ts'].join('\n')).toMatch(/TS2(322|820): Type '"VALIDATION_FAIL"' is not assignable to type 'ErrorCode'/);
  });

  it('(d) runs under Node\'s type stripping against the server: create, filter, update, a command, a typed refusal', async () => {
    const program = `
import { createClient, TesseraError } from './index.ts';
const client = createClient({ url: process.env.URL, apiKey: process.env.KEY });
const account = await client.account.create({ name: 'Acme', tier: 'gold' });
const ada = await client.lead.create({ name: 'Ada', channel: 'trade_show', tags: ['vip', '_u91CD_u70B9'], account: account.id, budget: { amount: 12.5, currency: 'EUR' } });
const [bo] = await client.lead.createMany([{ name: 'Bo', channel: 'web' }, { name: 'Cy', channel: 'web', status: 'MQL' }]);
const web = await client.lead.list({ filter: { channel: { eq: 'web' } }, orderBy: [{ name: 'ASC' }] });
const updated = await client.lead.update(bo.id, { status: 'Closed_Won' });
const got = await client.lead.get(ada.id);
const deal = await client.deal.create({ name: 'Boiler' });
const claimed = await client.dealClaim(deal.id, { note: 'called' });
const deleted = await client.lead.delete(bo.id);
const news = await client.news.createMany([{ title: 'one' }, { title: 'two' }]);
await client.k12Lesson.create({ topic: '_u51E0_u4F55' });
const lessons = await client.k12Lesson.list({ filter: { topic: { eq: '_u51E0_u4F55' } } });
const afterDelete = await client.lead.get(bo.id);
let refusal = null;
try { await client.lead.create({ name: 'Eve', channel: 'web', email: 'not an e-mail' }); } catch (error) {
  refusal = { isTesseraError: error instanceof TesseraError, code: error.code, details: error.details };
}
let stale = null;
try { await client.lead.update(ada.id, { name: 'Ada L.' }, { expectedUpdatedAt: '2000-01-01T00:00:00.000Z' }); } catch (error) { stale = error.code; }
let badKey = null;
try { await createClient({ url: process.env.URL, apiKey: 'tsk_nope' }).lead.list(); } catch (error) { badKey = error.code; }
let unreachable = null;
try { await createClient({ url: process.env.DEAD, apiKey: 'x' }).lead.list(); } catch (error) { unreachable = error.code; }
console.log(JSON.stringify({ ada, web: web.nodes.map((l) => l.name), hasNextPage: web.pageInfo.hasNextPage, updated: updated.status, got, claimed, deleted: deleted.id === bo.id, afterDelete, refusal, stale, badKey, unreachable, news: news.map((n) => n.title), lessons: lessons.nodes.map((l) => l.topic) }));
`;
    fs.writeFileSync(path.join(out, 'run.ts'), program);
    const dead = `http://127.0.0.1:${await freePort()}`;
    const result = await nodeProcess(['run.ts'], { ...process.env, URL: server.url, KEY: env.TESSERA_API_KEY, DEAD: dead }, out);
    expect(result.stderr.replace(/^.*ExperimentalWarning.*\n?|^\(Use `node --trace-warnings.*\n?/gm, '')).toBe('');
    expect(result.code).toBe(0);
    const r = JSON.parse(result.stdout);
    expect(r.ada).toMatchObject({ name: 'Ada', status: 'New', channel: 'trade_show', tags: ['vip', '_u91CD_u70B9'], budget: { amount: 12.5, currency: 'EUR' } });
    expect(r.ada.account.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(r.web).toEqual(['Bo', 'Cy']);
    expect(r.hasNextPage).toBe(false);
    expect(r.updated).toBe('Closed_Won');
    expect(r.got).toEqual(r.ada);
    expect(r.claimed).toMatchObject({ note: 'called' });
    expect(r.deleted).toBe(true);
    expect(r.afterDelete).toBeNull();
    expect(r.refusal).toEqual({ isTesseraError: true, code: 'VALIDATION_FAILED', details: [expect.objectContaining({ pointer: '/data/email' })] });
    expect(r.stale).toBe('CONFLICT');
    expect(r.news).toEqual(['one', 'two']);
    expect(r.lessons).toEqual(['_u51E0_u4F55']);
    expect(r.badKey).toBe('UNAUTHENTICATED');
    expect(r.unreachable).toBe('SERVICE_UNAVAILABLE');
  });

  it('--help, and bad input refused typed with the usual exit codes, never a stack', async () => {
    const help = await tessera(['codegen', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/Usage: tessera codegen --out <dir>/);
    expect((await tessera(['--help'], {})).stdout).toMatch(/tessera codegen\s+Generate a typed TypeScript client/);
    const noOut = await tessera(['codegen'], env);
    expect(noOut.code).toBe(2);
    expect(noOut.stderr).toMatch(/--out <dir> is required/);
    const halfFlags = await tessera(['codegen', '--out', out, '--url', server.url], {});
    expect(halfFlags.code).toBe(2);
    const dead = await tessera(['codegen', '--out', path.join(work.dir, 'dead'), '--url', `http://127.0.0.1:${await freePort()}`, '--api-key', 'tsk_x'], {});
    expect(dead.code).toBe(3);
    expect(dead.stderr).toMatch(/Cannot reach the Tessera server/);
    const badKey = await tessera(['codegen', '--out', path.join(work.dir, 'bad'), '--json'], { ...env, TESSERA_API_KEY: 'tsk_revoked' });
    expect(badKey.code).toBe(4);
    expect(JSON.parse(badKey.stdout).error.code).toBe('UNAUTHENTICATED');
    const notLoggedIn = await tessera(['codegen', '--out', path.join(work.dir, 'none')], {});
    expect(notLoggedIn.code).toBe(4);
    const file = await work.file('a-file', 'x');
    const notADir = await tessera(['codegen', '--out', file], env);
    expect(notADir.code).toBe(1);
    expect(notADir.stderr).toMatch(/Cannot write the client into/);
    for (const run of [noOut, halfFlags, dead, badKey, notLoggedIn, notADir]) expect(run.stderr + run.stdout).not.toMatch(STACK);
    // Nothing was written where the command was refused.
    for (const dir of ['dead', 'bad', 'none']) expect(fs.existsSync(path.join(work.dir, dir))).toBe(false);
  });
});

describe('tessera codegen on a template\'s objects (issue 17, done when)', () => {
  it('types the K12 tutoring template\'s objects: a client using them type-checks, a wrong field name does not', async () => {
    const t = await newTenant(server, 'codegen-k12');
    const apply = metadataClient(server, t.apiKey);
    // k12-tutoring requires crm-core (its template.json): applied in that order.
    expect(listTemplates().find((m) => m.name === 'k12-tutoring')?.requires).toEqual(['crm-core']);
    for (const name of ['crm-core', 'k12-tutoring']) {
      const applied = await apply('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: readTemplateDocument(name) });
      expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    }
    const dir = path.join(work.dir, 'k12');
    const run = await tessera(['codegen', '--out', dir, '--url', server.url, '--api-key', t.apiKey], {});
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/a client of \d+ objects \(.*\bstudent\b.*\)/);
    fs.writeFileSync(path.join(dir, 'package.json'), '{"type": "module"}');
    const diagnostics = typeCheck({
      'app.ts': `import type { Client, StudentRecord } from './index.ts';
export async function enrol(client: Client): Promise<StudentRecord[]> {
  const parent = await client.parent.create({ name: '王女士', phone: '+8613800000000', relationship: 'mother' });
  await client.student.create({ name: '小明', parent: parent?.id, grade: 'grade3', subjects: ['math', 'english'], funnelStage: 'reached' });
  const paid = await client.student.list({ filter: { funnelStage: { eq: 'paid' }, subjects: { containsAny: ['math'] } }, first: 20 });
  return paid.nodes;
}
`,
      'wrong-field.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.student.create({ name: 'x', funnelStge: 'paid' });\n`,
      'wrong-option.ts': `import type { Client } from './index.ts';\nexport const f = (c: Client) => c.student.list({ filter: { grade: { eq: 'grade13' } } });\n`,
    }, dir);
    for (const name of ['schema.ts', 'errors.ts', 'client.ts', 'index.ts', 'app.ts']) expect(diagnostics[name], name).toEqual([]);
    expect(diagnostics['wrong-field.ts'].join('\n')).toMatch(/'funnelStge' does not exist in type 'StudentCreateInput'/);
    expect(diagnostics['wrong-option.ts'].join('\n')).toMatch(/Type '"grade13"' is not assignable to type '(InputMaybe<)?StudentGradeOption/);
  });
});
