import { expect } from 'vitest';
import { startServer, readConfig, createTenant, type RunningServer } from '@tessera/platform';
import { randomBytes } from 'node:crypto';
import { inject } from 'vitest';
import { createPlugin } from '../src/index.ts';
import { OBJECTS } from './hostile/objects.ts';

export { OBJECTS };

export async function startRuntimeServer(): Promise<RunningServer> {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent' }), port: 0, databaseUrl: inject('databaseUrl' as never) as string };
  return startServer(config, { demoTenant: false, plugins: [createPlugin()] });
}

export interface Gql { status: number; data?: any; errors?: { message: string; path?: (string | number)[]; extensions?: Record<string, any> }[]; extensions?: Record<string, any> }

export async function gql(server: RunningServer, path: string, apiKey: string, query: string, variables?: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Gql> {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${apiKey}`, ...headers }, body: JSON.stringify({ query, variables }) });
  return { ...((await res.json()) as Gql), status: res.status };
}

export interface Tenant {
  id: string;
  apiKey: string;
  api: (query: string, variables?: Record<string, unknown>, headers?: Record<string, string>) => Promise<Gql>;
  meta: (query: string, variables?: Record<string, unknown>) => Promise<Gql>;
  save: (name: string, source: string, language?: 'TS' | 'JS') => Promise<{ name: string; version: number; active: boolean; message: string; diagnostics: { line: number; column: number; message: string; severity: string }[] }>;
  sql: (text: string, params?: unknown[]) => Promise<any[]>;
}

export async function tenant(server: RunningServer, document: unknown = OBJECTS): Promise<Tenant> {
  const t = await createTenant(server.platform.orm, { slug: `rt-${randomBytes(5).toString('hex')}`, adminPassword: 'correct horse battery' });
  const meta = (query: string, variables?: Record<string, unknown>) => gql(server, '/metadata', t.apiKey, query, variables);
  const applied = await meta('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: document });
  expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
  return {
    id: t.tenant.id,
    apiKey: t.apiKey,
    api: (query, variables, headers) => gql(server, '/graphql', t.apiKey, query, variables, headers),
    meta,
    async save(name, source, language = 'TS') {
      const res = await meta('mutation($i: SaveScriptInput!) { saveScript(input: $i) { name version active message diagnostics { line column message severity } } }', { i: { name, language, source } });
      expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
      return res.data.saveScript;
    },
    sql: async (text, params = []) => (await server.platform.pool.query(text, params)).rows,
  };
}

/** Saves a script and expects it active. */
export async function activate(t: Tenant, name: string, source: string): Promise<void> {
  const saved = await t.save(name, source);
  expect(saved.active, JSON.stringify(saved.diagnostics)).toBe(true);
}
