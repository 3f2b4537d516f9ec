import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createTenant } from '@tessera/platform';
import { schemasToTypeScript } from '../src/define/schema-to-ts.ts';
import { definePackage, defineScript } from '../src/define/index.ts';
import { startScenarioServer, type ScenarioServer } from '../src/scenarios/index.ts';
import { ROOT, scratch, tessera } from './support.ts';

const GENERATED = path.join(ROOT, 'sdk/src/define/schema-types.ts');
const DEFINE = path.join(ROOT, 'sdk/src/define/index.ts');
const CODE_PACKAGE = path.join(ROOT, 'sdk/test/fixtures/code-package');

let host: ScenarioServer;
let tmp: Awaited<ReturnType<typeof scratch>>;

beforeAll(async () => {
  // The server as `npm start` composes it (the runtime plugins): every kind's schema is published.
  host = await startScenarioServer({ databaseUrl: inject('databaseUrl' as never) as string });
  tmp = await scratch('tessera-define-');
  // The type-checked files are ES modules, as an author's package.ts is.
  await tmp.file('package.json', { type: 'module' });
});
afterAll(async () => {
  await host?.close();
  await tmp?.remove();
});

const OPTIONS: ts.CompilerOptions = {
  strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true,
  module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
  erasableSyntaxOnly: true, verbatimModuleSyntax: true, allowImportingTsExtensions: true,
};

/** Type-checks one file that imports the define helpers; its diagnostics as `line N: TSnnnn`. */
function typeCheck(source: string): string[] {
  const file = path.join(tmp.dir, `check-${Math.random().toString(36).slice(2)}.ts`);
  fs.writeFileSync(file, source.replace('DEFINE', DEFINE));
  const program = ts.createProgram([file], OPTIONS);
  const sf = program.getSourceFile(file)!;
  return [...program.getSyntacticDiagnostics(sf), ...program.getSemanticDiagnostics(sf)]
    .map((d) => `line ${sf.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}: TS${d.code}`);
}

describe('the define helpers\' types', () => {
  it('are generated from the JSON Schemas GET /metadata/schema publishes, and current (UPDATE_GOLDEN=1 rewrites them)', async () => {
    const { schemas } = await (await fetch(`${host.server.url}/metadata/schema`)).json() as { schemas: Record<string, unknown>[] };
    const generated = schemasToTypeScript(schemas);
    if (process.env.UPDATE_GOLDEN === '1') fs.writeFileSync(GENERATED, generated);
    expect(generated).toBe(fs.readFileSync(GENERATED, 'utf8'));
    expect(generated).toContain('export type FieldDefinition = { [T in FieldTypeName]: FieldCommon & { type: T } & FieldTypeProperties[T] }[FieldTypeName];');
    expect(generated).toContain('export type Workflow = {');
    expect(generated).toContain('export type ApprovalFlow = {');
  });

  it('accept a well-formed package and refuse each wrong kind of value with a type error (tsc)', () => {
    const good = `import { defineObject, defineWorkflow, definePackage } from 'DEFINE';
const o = defineObject({ name: 'acme__thing', fields: [{ name: 'size', type: 'select', options: [{ value: 's' }] }, { name: 'owner2', type: 'user' }, { name: 'parent', type: 'lookup', target: 'acme__thing' }] });
const w = defineWorkflow({ name: 'acme__w', object: 'acme__thing', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'wait', duration: 'PT1H' }] });
export default definePackage({ namespace: 'acme', name: 'acme-things', version: '1.0.0', label: { en: 'Things', 'zh-CN': '东西' }, objects: [o], workflows: [w] });
`;
    expect(typeCheck(good)).toEqual([]);
    const bad = `import { defineObject, defineWorkflow, defineApprovalFlow, definePackage } from 'DEFINE';
defineObject({ name: 'acme__a', fields: [{ name: 'x', type: 'txt' }] });
defineObject({ name: 'acme__b', fields: [{ name: 'x', type: 'select' }] });
defineObject({ name: 'acme__c', fields: [{ name: 'x', type: 'lookup', target: 'acme__a', onDelete: 'explode' }] });
defineWorkflow({ name: 'acme__w', trigger: { type: 'manual' }, steps: [{ id: 'a', type: 'sleep' }] });
defineApprovalFlow({ name: 'acme__f', object: 'acme__a', nodes: [{ id: 'n', mode: 'any', approvers: [{ type: 'role' }] }] });
definePackage({ namespace: 'acme', name: 'acme-x', version: '1.0.0', label: 'Things' });
defineObject({ name: 'acme__d', label: 42 });
`;
    const lines = typeCheck(bad).map((d) => Number(/^line (\d+)/.exec(d)![1]));
    expect([...new Set(lines)].sort((a, b) => a - b)).toEqual([2, 3, 4, 5, 6, 7, 8]);
  });
});

describe('definePackage and tessera package build', () => {
  it('merges components given by kind into the manifest\'s components', () => {
    const pkg = definePackage({ namespace: 'acme', name: 'acme-x', version: '1.0.0', label: { en: 'X', 'zh-CN': 'X' }, components: { objects: [{ name: 'acme__a' }] }, objects: [{ name: 'acme__b' }], roles: [{ name: 'acme__r' }] });
    expect(pkg).toEqual({ namespace: 'acme', name: 'acme-x', version: '1.0.0', label: { en: 'X', 'zh-CN': 'X' }, components: { objects: [{ name: 'acme__a' }, { name: 'acme__b' }], roles: [{ name: 'acme__r' }] } });
  });

  it('writes a script\'s exports as its source', () => {
    const script = defineScript({ name: 'acme__s', exports: { triggers: { lead: { beforeCreate(ctx: { records: unknown[] }) { return ctx.records.length; } } }, LIMIT: 3 } });
    expect(script.language).toBe('JS');
    expect(script.source.startsWith('export const triggers = { "lead": { "beforeCreate": function beforeCreate(ctx')).toBe(true);
    expect(script.source).toContain('return ctx.records.length;');
    expect(script.source.endsWith('\nexport const LIMIT = 3;\n')).toBe(true);
    // Valid JavaScript, and the method works as a function.
    const run = new Function(`${script.source.replaceAll('export const ', 'var ')}; return triggers.lead.beforeCreate({ records: [1, 2] });`);
    expect(run()).toBe(2);
  });

  it('builds a package folder whose package.ts default-exports definePackage(…), and what it builds installs and compiles', async () => {
    const key = path.join(tmp.dir, 'k.pem');
    expect((await tessera(['package', 'keygen', '--out', key], {})).code).toBe(0);
    const built = await tessera(['package', 'build', CODE_PACKAGE, '--key', key, '--out', tmp.dir, '--json'], {});
    expect(built.code, built.stderr + built.stdout).toBe(0);
    const file = JSON.parse(fs.readFileSync(path.join(tmp.dir, 'tutor-lessons-code-1.0.0.tpkg.json'), 'utf8'));
    const components = file.manifest.components;
    expect(Object.keys(components)).toEqual(['objects', 'roles', 'validationRules', 'workflows', 'approvalFlows', 'scripts']);
    expect(components.objects.map((o: { name: string }) => o.name)).toEqual(['tutor__room', 'tutor__lesson']);
    // Applied to a tenant of a server with the runtime plugins: every kind is accepted and the script compiles.
    const tenant = await createTenant(host.server.platform.orm, { slug: `def-${Math.random().toString(36).slice(2, 10)}`, adminPassword: 'correct horse battery' });
    await host.server.platform.metadata.applyMetadata(tenant.tenant.id, { userId: tenant.admin.id, via: 'template' }, components);
    const res = await fetch(`${host.server.url}/metadata`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${tenant.apiKey}` }, body: JSON.stringify({ query: '{ scripts { name active } }' }) });
    expect((await res.json() as { data: unknown }).data).toEqual({ scripts: [{ name: 'tutor__defaults', active: true }] });
  });

  it('refuses a folder with both manifest.json and package.ts, and a package.ts without a default export', async () => {
    const both = path.join(tmp.dir, 'both');
    fs.mkdirSync(both);
    fs.writeFileSync(path.join(both, 'manifest.json'), '{}');
    fs.writeFileSync(path.join(both, 'package.js'), 'export default {};');
    const twice = await tessera(['package', 'build', both, '--key', path.join(tmp.dir, 'k.pem'), '--out', tmp.dir], {});
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('keep one manifest');
    const none = path.join(tmp.dir, 'none');
    fs.mkdirSync(none);
    fs.writeFileSync(path.join(none, 'package.js'), 'export const x = 1;');
    const missing = await tessera(['package', 'build', none, '--key', path.join(tmp.dir, 'k.pem'), '--out', tmp.dir], {});
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('must default-export a package');
  });
});
