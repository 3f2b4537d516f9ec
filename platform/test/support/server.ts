import { randomBytes } from 'node:crypto';
import pg from 'pg';
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

/** A database of its own on the suite's PostgreSQL (its URL): for a server on a test clock. */
export async function isolatedDatabaseUrl(): Promise<string> {
  const name = `tessera_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client(testDatabaseUrl());
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(testDatabaseUrl());
  url.pathname = `/${name}`;
  return url.toString();
}

/**
 * The real HTTP server on a free port, on the suite's PostgreSQL (`env`: more of its environment,
 * e.g. TESSERA_TEST_CLOCK). A server on a test clock gets a database of its own: a clock moved by
 * setClock or advanceClock is followed by every process of its database (NOTIFY), so on the shared
 * one a test setting the date to last March would set every other test's clock there too.
 */
export async function startTestServer(options: { studio?: StudioSite; env?: Record<string, string> } = {}): Promise<RunningServer> {
  const databaseUrl = options.env?.TESSERA_TEST_CLOCK === '1' ? await isolatedDatabaseUrl() : testDatabaseUrl();
  const config = { ...readConfig({ NODE_ENV: 'test', LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent', ...options.env }), port: 0, databaseUrl };
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
