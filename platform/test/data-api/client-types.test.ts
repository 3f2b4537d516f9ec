import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generate } from '@graphql-codegen/cli';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * Issue 12, done-when: a client generates its types with graphql-codegen (typescript +
 * typescript-operations) from a live tenant's schema — introspected over HTTP from the running
 * server, as any client would — and a small client type-checks against them with the TypeScript
 * compiler API; a wrong option value, or a create without a required field, does not.
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
      ],
    },
  ],
};

/** The client's operations: a create with its required fields, a filter by an option enum, node(id) with inline fragments. */
const OPERATIONS = `
mutation CreateLead($data: LeadCreateInput!) { createLead(data: $data) { id name status channel tags } }
query LeadsByStatus($status: LeadStatusOption!) { leads(filter: {status: {eq: $status}}) { nodes { id name status } } }
query Refetch($id: ID!) { node(id: $id) { __typename id ... on Lead { name status account { name } } ... on Account { name tier } } }
`;

/** The small client: the generated types in use, as an application would write them. */
const CLIENT = `
import type { CreateLeadMutation, CreateLeadMutationVariables, LeadsByStatusQueryVariables, RefetchQuery } from './types';
import type { LeadStatusOption } from './schema-types';

export const newLead: CreateLeadMutationVariables = { data: { name: 'Ada', channel: 'trade_show', status: 'Closed_Won', tags: ['vip', '_u91CD_u70B9'] } };
export const minimal: CreateLeadMutationVariables = { data: { name: 'Bo', channel: 'web' } };
export const won: LeadStatusOption = 'Closed_Won';
export const byStatus: LeadsByStatusQueryVariables = { status: won };

export function statusOf(created: CreateLeadMutation): LeadStatusOption | null | undefined {
  return created.createLead?.status;
}

export function titleOf(result: RefetchQuery): string {
  const node = result.node;
  if (!node) return '(gone)';
  if (node.__typename === 'Lead') return \`\${node.name ?? ''} (\${node.status ?? 'no status'}) at \${node.account?.name ?? 'no account'}\`;
  return \`\${node.name ?? ''} [\${node.tier ?? '-'}], \${node.id}\`;
}
`;

let server: RunningServer;
let apiKey: string;
let dir: string;

beforeAll(async () => {
  server = await startTestServer();
  const t = await newTenant(server, 'codegen');
  apiKey = t.apiKey;
  const applied = await metadataClient(server, apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { applied } }', { d: METADATA });
  if (applied.errors) throw new Error(JSON.stringify(applied.errors));
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tessera-codegen-'));
  fs.writeFileSync(path.join(dir, 'operations.graphql'), OPERATIONS);
});
afterAll(async () => {
  await server?.close();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** The string members of `export type <name> = | 'a' | 'b';` (codegen writes enums as such unions). */
function unionMembers(text: string, name: string): string[] {
  const start = text.indexOf(`export type ${name} =`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  return [...text.slice(start, text.indexOf(';', start)).replace(/\/\*\*.*?\*\//g, '').matchAll(/'([^']*)'/g)].map((m) => m[1]);
}

/** The body of `export type <name> = { … };`. */
function body(text: string, name: string): string {
  const start = text.indexOf(`export type ${name} = {`);
  expect(start, name).toBeGreaterThanOrEqual(0);
  return text.slice(start, text.indexOf('\n};', start));
}

/**
 * Type-checks files written to `dir` (strict) with the compiler API, with the generated modules they
 * import; the diagnostics of each file, and of the generated ones, as `TSnnnn: message`.
 */
function typeCheck(files: Record<string, string>): Record<string, string[]> {
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  const options: ts.CompilerOptions = { strict: true, noEmit: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, lib: ['lib.es2022.d.ts'], types: [], skipLibCheck: true };
  const roots = [...Object.keys(files), 'schema-types.ts', 'types.ts'].map((f) => path.join(dir, f));
  const program = ts.createProgram(roots, options);
  const out: Record<string, string[]> = {};
  for (const root of roots) {
    const file = program.getSourceFile(root)!;
    out[path.basename(root)] = [...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file)]
      .map((d) => `TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`);
  }
  return out;
}

describe('client types generated by graphql-codegen from a live tenant', () => {
  let types: string;

  it('generates them from the running server\'s introspection', async () => {
    // codegen 6's layout: the schema's types (typescript) in one module, each operation's types
    // (typescript-operations) in another that imports them.
    const outputs: { filename: string; content: string }[] = await generate({
      schema: [{ [`${server.url}/graphql`]: { headers: { authorization: `Bearer ${apiKey}` } } }],
      documents: ['operations.graphql'],
      generates: {
        'schema-types.ts': { plugins: ['typescript'], config: { enumsAsTypes: true } },
        'types.ts': { plugins: ['typescript-operations'], config: { importSchemaTypesFrom: './schema-types.ts', enumType: 'string-literal' } },
      },
      cwd: dir,
      // Plugins resolve from here (the platform's devDependencies), not from the client's folder.
      pluginLoader: (name: string) => import(name),
      silent: true,
    }, false);
    for (const output of outputs) fs.writeFileSync(path.resolve(dir, output.filename), output.content);
    types = outputs.map((o) => o.content).join('\n');
    // Option fields are string unions of their enum values (mapped ones included), in inputs too.
    expect(unionMembers(types, 'LeadStatusOption')).toEqual(['Closed_Won', 'MQL', 'New']);
    expect(unionMembers(types, 'LeadChannelOption')).toEqual(['trade_show', 'web']);
    expect(unionMembers(types, 'LeadTagsOption')).toEqual(['_u91CD_u70B9', 'vip']);
    expect(types).not.toMatch(/OptionValue/);
    expect(body(types, 'LeadStatusOptionFilter')).toMatch(/\beq\?: InputMaybe<LeadStatusOption>;/);
    // Required and without a default: non-optional in the create input; the default-filled status is optional.
    const create = body(types, 'LeadCreateInput');
    expect(create).toMatch(/\bname: Scalars\['String'\]\['input'\];/);
    expect(create).toMatch(/\bchannel: LeadChannelOption;/);
    expect(create).toMatch(/\bstatus\?: InputMaybe<LeadStatusOption>;/);
    expect(body(types, 'LeadUpdateInput')).toMatch(/\bname\?: InputMaybe<Scalars\['String'\]\['input'\]>;/);
    expect(types).toMatch(/export type Lead = Node & \{/);
    expect(types).toMatch(/export type Node = \{\s*id: Scalars\['ID'\]\['output'\];\s*\};/);
    // What was generated type-checks on its own.
    const diagnostics = typeCheck({});
    expect(diagnostics['schema-types.ts']).toEqual([]);
    expect(diagnostics['types.ts']).toEqual([]);
  });

  it('type-checks a client that creates, filters by an option enum and refetches with node(id)', () => {
    const diagnostics = typeCheck({ 'client.ts': CLIENT });
    expect(diagnostics['client.ts']).toEqual([]);
  });

  it('refuses a wrong enum value and a create without a required field at type-checking', () => {
    const diagnostics = typeCheck({
      'wrong-enum.ts': `import type { LeadsByStatusQueryVariables } from './types';\nexport const v: LeadsByStatusQueryVariables = { status: 'Closed Won' };\n`,
      'wrong-enum-in-input.ts': `import type { CreateLeadMutationVariables } from './types';\nexport const v: CreateLeadMutationVariables = { data: { name: 'x', channel: 'trade-show' } };\n`,
      'missing-required.ts': `import type { CreateLeadMutationVariables } from './types';\nexport const v: CreateLeadMutationVariables = { data: { channel: 'web' } };\n`,
      'wrong-fragment.ts': `import type { RefetchQuery } from './types';\nexport const f = (r: RefetchQuery) => r.node?.__typename === 'Account' ? r.node.status : null;\n`,
    });
    expect(diagnostics['wrong-enum.ts'].join('\n')).toMatch(/TS2\d{3}: Type '"Closed Won"' is not assignable to type '(Types\.)?LeadStatusOption'/);
    expect(diagnostics['wrong-enum-in-input.ts'].join('\n')).toMatch(/TS2\d{3}: Type '"trade-show"' is not assignable to type '(Types\.)?LeadChannelOption'/);
    expect(diagnostics['missing-required.ts'].join('\n')).toMatch(/TS2741: Property 'name' is missing/);
    expect(diagnostics['wrong-fragment.ts'].join('\n')).toMatch(/TS2339: Property 'status' does not exist/);
  });

  it('and the same operations run as typed against the server', async () => {
    const call = async (query: string, variables: Record<string, unknown>) => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}` }, body: JSON.stringify({ query, variables }) });
      const body = await res.json() as { data?: any; errors?: unknown };
      expect(body.errors, JSON.stringify(body.errors)).toBeUndefined();
      return body.data;
    };
    const operation = (name: string) => OPERATIONS.split('\n').find((l) => l.includes(` ${name}(`))!;
    const created = (await call(operation('CreateLead'), { data: { name: 'Ada', channel: 'trade_show', status: 'Closed_Won', tags: ['vip', '_u91CD_u70B9'] } })).createLead;
    expect(created).toMatchObject({ name: 'Ada', channel: 'trade_show', status: 'Closed_Won', tags: ['vip', '_u91CD_u70B9'] });
    const found = (await call(operation('LeadsByStatus'), { status: 'Closed_Won' })).leads.nodes;
    expect(found).toEqual([{ id: created.id, name: 'Ada', status: 'Closed_Won' }]);
    expect((await call(operation('Refetch'), { id: created.id })).node).toEqual({ __typename: 'Lead', id: created.id, name: 'Ada', status: 'Closed_Won', account: null });
  });
});
