import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { getVariableValues, printSchema, type FragmentDefinitionNode } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cachedDocument, operationOf } from '../../src/graphql/data-api/documents.ts';
import { limitsFrom } from '../../src/model/limits.ts';
import { operationReads } from '../../src/graphql/data-api/requests.ts';
import { prepareRead } from '../../src/operations/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { createFixture, type Fixture } from './fixture.ts';
import { tenantApi } from '../../src/graphql/data-api/schema-cache.ts';

/**
 * Golden tests (PostGraphile's habit): the fixture tenant's printed schema, and for each query in
 * golden/queries the exact SQL (with its parameters) and the JSON answer, are checked in and compared.
 * `UPDATE_GOLDEN=1` rewrites the files instead. Every golden file was read and checked by hand.
 */

const GOLDEN = path.join(path.dirname(fileURLToPath(import.meta.url)), 'golden');
const QUERIES = path.join(GOLDEN, 'queries');
const UPDATE = process.env.UPDATE_GOLDEN === '1';
const names = fs.readdirSync(QUERIES).filter((f) => f.endsWith('.graphql')).map((f) => f.slice(0, -'.graphql'.length)).sort();

let server: RunningServer;
let fx: Fixture;
beforeAll(async () => {
  server = await startTestServer();
  fx = await createFixture(server);
});
afterAll(async () => { await server?.close(); });

/** Replaces what differs between runs (tenant schema and id, user ids) by stable placeholders. */
function normalise(text: string): string {
  return text
    .replaceAll(fx.tenant.tenant.schema, 'tenant')
    .replaceAll(fx.tenant.tenant.id, '<tenant id>')
    .replaceAll(fx.users.admin, '<admin id>')
    .replaceAll(fx.users.rita, '<rita id>')
    .replaceAll(fx.tenant.tenant.slug, '<tenant slug>');
}

function golden(file: string, actual: string): void {
  const at = path.join(GOLDEN, file);
  if (UPDATE || !fs.existsSync(at)) {
    fs.writeFileSync(at, actual);
    if (!UPDATE) throw new Error(`golden/${file} did not exist and was written: check it by hand, then run again`);
    return;
  }
  expect(actual, `golden/${file} (UPDATE_GOLDEN=1 rewrites it)`).toBe(fs.readFileSync(at, 'utf8'));
}

function variablesOf(name: string): Record<string, unknown> {
  const file = path.join(QUERIES, `${name}.variables.json`);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : {};
}

/** The SQL the compiled path runs for a query: planned and compiled as fast-path.ts does. */
async function compiledSql(query: string, variables: Record<string, unknown>): Promise<string> {
  const api = tenantApi(await server.platform.schemas.get(fx.tenant.tenant.id));
  const doc = cachedDocument(api, query);
  expect(doc.errors).toEqual([]);
  const operation = operationOf(doc.document, undefined)!;
  const coerced = getVariableValues(doc.schema, operation.variableDefinitions ?? [], variables);
  expect(coerced.errors).toBeUndefined();
  const fragments = Object.fromEntries(doc.document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition').map((d) => [d.name.value, d]));
  const { sql } = prepareRead({ model: api.model, limits: limitsFrom({}) }, operationReads({ schema: doc.schema, model: api.model, fragments, variables: coerced.coerced! }, operation));
  return normalise(`${sql.text}\n-- params: ${JSON.stringify(sql.params)}\n`);
}

/** POST /graphql; `trace` sends x-tessera-trace, which makes graphql-js execute it (the fallback path). */
async function post(query: string, variables: Record<string, unknown>, trace = false): Promise<{ status: number; body: any }> {
  const res = await fetch(`${server.url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${fx.tenant.apiKey}`, ...(trace ? { 'x-tessera-trace': '1' } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  // The trace itself (extensions.trace) is not part of the answer being compared.
  const { extensions: _trace, ...body } = (await res.json()) as Record<string, unknown>;
  return { status: res.status, body };
}

describe('golden schema', () => {
  it('prints the fixture tenant\'s full schema as checked in', async () => {
    const api = tenantApi(await server.platform.schemas.get(fx.tenant.tenant.id));
    golden('schema.graphql', `${normalise(printSchema(api.schema))}\n`);
  });
});

describe('golden queries: exact SQL and JSON result', () => {
  for (const name of names) {
    it(name, async () => {
      const query = fs.readFileSync(path.join(QUERIES, `${name}.graphql`), 'utf8');
      const variables = variablesOf(name);
      golden(`${name}.sql`, await compiledSql(query, variables));
      const fast = await post(query, variables);
      expect(fast.status).toBe(200);
      expect(fast.body.errors, JSON.stringify(fast.body.errors)).toBeUndefined();
      golden(`${name}.json`, `${normalise(JSON.stringify(fast.body, null, 2))}\n`);
      // graphql-js executing the same document (resolvers + serializers) answers the same JSON.
      const slow = await post(query, variables, true);
      expect(slow.body).toEqual(fast.body);
    });
  }
});
