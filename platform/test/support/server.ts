import { randomBytes } from 'node:crypto';
import { expect, inject } from 'vitest';
import { readConfig } from '../../src/config/config.ts';
import { startServer, type RunningServer } from '../../src/server/start.ts';
import type { StudioSite } from '../../src/http/studio-route.ts';
import { createTenant, type CreatedTenant } from '../../src/tenancy/index.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    databaseUrl: string;
  }
}

export function testDatabaseUrl(): string {
  return inject('databaseUrl');
}

/** The real HTTP server on a free port, on the suite's PostgreSQL (`env`: more of its environment, e.g. TESSERA_TEST_CLOCK). */
export async function startTestServer(options: { studio?: StudioSite; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...options.env }), port: 0, databaseUrl: testDatabaseUrl() };
  return startServer(config, { demoTenant: false, studio: options.studio });
}

export function uniqueSlug(prefix = 't'): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

export async function newTenant(server: RunningServer, prefix?: string): Promise<CreatedTenant> {
  return createTenant(server.platform.orm, { slug: uniqueSlug(prefix), adminPassword: 'correct horse battery' });
}

export interface GraphQLResponse<T = any> {
  status: number;
  data?: T;
  errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[];
}

/** POSTs a GraphQL document to `path` (e.g. /metadata) as the holder of `apiKey`. */
export async function gql<T = any>(server: RunningServer, path: string, apiKey: string | undefined, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse<T>> {
  const res = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(apiKey ? { authorization: `Bearer ${apiKey}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as GraphQLResponse<T>;
  return { ...body, status: res.status };
}

/** A client bound to one tenant's metadata API. */
export function metadataClient(server: RunningServer, apiKey: string) {
  return <T = any>(query: string, variables?: Record<string, unknown>) => gql<T>(server, '/metadata', apiKey, query, variables);
}

/** A client of one GraphQL endpoint with a tenant's key. */
export type Client = (query: string, variables?: Record<string, unknown>) => Promise<any>;

/** The data of an answer that must have no errors. */
export function ok(res: { data?: unknown; errors?: unknown }): any {
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data;
}

/** The first error of a refused request. */
export function refused(res: { data?: unknown; errors?: unknown[] }): { message: string; extensions: Record<string, any> } {
  expect(res.errors, JSON.stringify(res.data)).toBeDefined();
  return res.errors![0] as { message: string; extensions: Record<string, any> };
}
