import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { metadataClient, newTenant, startTestServer } from '../support/server.ts';

/**
 * Formula fields through the metadata API's createField and updateField (the studio's field form):
 * `expression` and `returnType` are inputs; an expression the checker refuses is VALIDATION_FAILED
 * with its position inside the expression, which the studio's editor marks.
 */
let server: RunningServer;
let md: ReturnType<typeof metadataClient>;

beforeAll(async () => {
  server = await startTestServer();
  md = metadataClient(server, (await newTenant(server, 'formula-md')).apiKey);
  const made = await md('mutation { createObject(input: {name: "deal", fields: [{name: "seats", type: INTEGER}, {name: "title", type: TEXT}]}) { name } }');
  expect(made.errors, JSON.stringify(made.errors)).toBeUndefined();
});
afterAll(() => server?.close());

describe('formula fields in the metadata API', () => {
  it('creates and updates a formula field from expression and returnType, and shows them', async () => {
    const created = await md('mutation { createField(object: "deal", input: {name: "doubled", type: FORMULA, expression: "seats * 2", returnType: "number"}) { name type expression returnType } }');
    expect(created.errors, JSON.stringify(created.errors)).toBeUndefined();
    expect(created.data.createField).toEqual({ name: 'doubled', type: 'FORMULA', expression: 'seats * 2', returnType: 'number' });
    const updated = await md('mutation { updateField(object: "deal", name: "doubled", input: {expression: "seats * 3"}) { expression returnType } }');
    expect(updated.data.updateField).toEqual({ expression: 'seats * 3', returnType: 'number' });
  });

  it('refuses an expression the checker refuses, with the problem\'s offset and length in the expression', async () => {
    const refused = await md('mutation { createField(object: "deal", input: {name: "bad", type: FORMULA, expression: "seats * 2 + prize", returnType: "number"}) { name } }');
    expect(refused.errors?.[0].extensions?.code).toBe('VALIDATION_FAILED');
    const detail = (refused.errors![0].extensions!.errors as { pointer: string; expression?: { offset: number; length: number } }[]).find((d) => d.expression)!;
    expect(detail.pointer).toMatch(/\/expression$/);
    expect(detail.expression).toMatchObject({ offset: 12, length: 5, line: 1, column: 13 });
  });
});
