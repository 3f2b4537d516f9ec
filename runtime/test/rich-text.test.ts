import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '@tessera/platform';
import { activate, startRuntimeServer, tenant, type Tenant } from './support.ts';

/**
 * Scripts write richText through the same save pipeline as GraphQL: a value a script creates or
 * updates through `ctx.db` (the LocalApi), and a value a before-trigger puts into the batch, are
 * stored sanitized (the platform's side: platform/test/data-api-writes/rich-text.test.ts).
 */
let server: RunningServer;
let t: Tenant;
const HOSTILE = '<p>note<img src=x onerror="alert(1)"><script>alert(2)</script><a href="javascript:alert(3)">link</a></p>';
const CLEAN = '<p>note<a rel="noopener noreferrer nofollow">link</a></p>';

beforeAll(async () => {
  server = await startRuntimeServer();
  t = await tenant(server, {
    objects: [
      { name: 'memo', fields: [{ name: 'name', type: 'text', required: true }, { name: 'body', type: 'richText' }] },
    ],
  });
  await activate(t, 'memos', `
const HOSTILE = ${JSON.stringify(HOSTILE)};
export const triggers = {
  memo: {
    beforeCreate(ctx) { for (const r of ctx.records) if (r.name === 'from trigger') r.body = HOSTILE; },
  },
};
export const actions = {
  memo: {
    copy: {
      async run(ctx, args) {
        const created = await ctx.db.create('memo', { name: 'from ctx.db', body: HOSTILE });
        await ctx.db.update('memo', args.id, { body: HOSTILE + '<iframe src="https://evil.example"></iframe>' });
        return { id: created.id };
      },
    },
  },
};`);
});
afterAll(async () => { await server?.close(); });

const bodyOf = async (id: string) => (await t.api('query($id: ID!) { memo(id: $id) { body } }', { id })).data.memo.body;

describe('richText written by scripts', () => {
  it('a before-trigger\'s value is stored sanitized', async () => {
    const res = await t.api('mutation { createMemo(data: {name: "from trigger", body: "<p>plain</p>"}) { id body } }');
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(res.data.createMemo.body).toBe(CLEAN);
  });

  it('ctx.db.create and ctx.db.update (the LocalApi) store sanitized values', async () => {
    const target = (await t.api('mutation { createMemo(data: {name: "target"}) { id } }')).data.createMemo.id;
    const res = await t.api('mutation($id: ID!) { memoCopy(id: $id) }', { id: target });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    expect(await bodyOf(res.data.memoCopy.id)).toBe(CLEAN);
    expect(await bodyOf(target)).toBe(CLEAN);
  });
});
