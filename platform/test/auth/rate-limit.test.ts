import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RateLimiter, RECORDS_PER_TOKEN, tokensFor } from '../../src/auth/rate-limit.ts';
import type { Principal } from '../../src/auth/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, startTestServer } from '../support/server.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });

async function tenantWithLimits(rateLimits: Record<string, unknown>) {
  const tenant = await newTenant(server);
  const md = metadataClient(server, tenant.apiKey);
  const second = (await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: tenant.admin.id })).data.createApiKey.key as string;
  await server.platform.pool.query(`update tessera.tenants set settings = $2 where id = $1`, [tenant.tenant.id, JSON.stringify({ rateLimits })]);
  server.platform.auth.forget({ tenantId: tenant.tenant.id });
  // Resolve the keys once outside HTTP (no token taken), so the requests below all hit the cache.
  for (const key of [tenant.apiKey, second]) await server.platform.auth.authenticate(`Bearer ${key}`);
  return { tenant, keys: [tenant.apiKey, second] };
}

const hit = (key: string, path = '/metadata') => gql(server, path, key, '{ __typename }');

async function hitRaw(key: string, path: string) {
  const res = await fetch(server.url + path, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` }, body: '{"query":"{ __typename }"}' });
  return { status: res.status, body: (await res.json()) as any, retryAfter: res.headers.get('retry-after') };
}

/** Six requests sent together, so that no token is refilled in between (5/s is one token per 200 ms). */
async function six(keys: string[]) {
  const answers = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => hitRaw(keys[i % keys.length], i % 2 ? '/graphql' : '/metadata')));
  expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 200, 429]);
  return answers.find((a) => a.status === 429)!;
}

describe('rate limits', () => {
  it('per key: with rate 5 burst 5 the 6th quick request is 429 with retryAfter; another key and tenant are unaffected', async () => {
    const { keys } = await tenantWithLimits({ perKey: { rate: 5, burst: 5 } });
    const other = await newTenant(server);
    const refused = await six([keys[0]]);
    expect(refused.body.errors[0].extensions).toEqual({ code: 'LIMIT_EXCEEDED', limit: 'perKeyRate', retryAfter: 1 });
    expect(refused.retryAfter).toBe('1');
    expect((await hit(keys[1])).status).toBe(200);
    expect((await hit(other.apiKey)).status).toBe(200);
    await new Promise((r) => setTimeout(r, 1100));
    expect((await hit(keys[0])).status).toBe(200);
  });

  it('per tenant: keys of the tenant share its bucket; another tenant is unaffected', async () => {
    const { keys } = await tenantWithLimits({ perTenant: { rate: 5, burst: 5 } });
    const other = await newTenant(server);
    const refused = await six(keys);
    expect(refused.retryAfter).toBe('1');
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', limit: 'perTenantRate', retryAfter: 1 });
    expect((await hit(other.apiKey)).status).toBe(200);
  });
});

describe('RateLimiter', () => {
  const principal = (over: Partial<Principal> = {}): Principal => ({
    tenantId: 't', tenantSlug: 't', schema: 's', userId: 'u', userName: 'U', locale: 'en', isAdmin: false, roleId: null, apiKeyId: 'k', via: 'api', settings: {}, ...over,
  });

  it('defaults to 200/s burst 400 per key and refills with time', () => {
    const limiter = new RateLimiter();
    const p = principal();
    for (let i = 0; i < 400; i++) expect(limiter.take(p, 0)).toBeNull();
    expect(limiter.take(p, 0)).toEqual({ limit: 'perKeyRate', retryAfter: 1 });
    expect(limiter.take(p, 5)).toBeNull(); // 5 ms at 200/s = one token
    expect(limiter.take(p, 5)).not.toBeNull();
  });

  it('a refused request takes no token from the tenant, and retryAfter follows the rate', () => {
    const limiter = new RateLimiter();
    const settings = { rateLimits: { perKey: { rate: 0.1, burst: 1 }, perTenant: { rate: 1, burst: 2 } } };
    const a = principal({ settings, apiKeyId: 'a' });
    const b = principal({ settings, apiKeyId: 'b' });
    expect(limiter.take(a, 0)).toBeNull();
    expect(limiter.take(a, 0)).toEqual({ limit: 'perKeyRate', retryAfter: 10 });
    expect(limiter.take(b, 0)).toBeNull();
    expect(limiter.take(principal({ settings, apiKeyId: 'c' }), 0)).toEqual({ limit: 'perTenantRate', retryAfter: 1 });
  });

  it('charges an operation by its cost: tokensFor counts one token per 100 records, at least one', () => {
    expect([1, 100, 101, 1001, 10_001].map(tokensFor)).toEqual([1, 1, 2, 11, 101]);
    expect(RECORDS_PER_TOKEN).toBe(100);
  });

  it('charge takes the rest of the cost from both buckets or from neither, capped at a full bucket', () => {
    const limiter = new RateLimiter();
    const settings = { rateLimits: { perKey: { rate: 1, burst: 30 }, perTenant: { rate: 1, burst: 100 } } };
    const p = principal({ settings });
    expect(limiter.take(p, 0)).toBeNull();
    expect(limiter.charge(p, 11, 0)).toBeNull(); // 1 + 10 taken: 19 left
    expect(limiter.take(p, 0)).toBeNull();
    expect(limiter.charge(p, 11, 0)).toBeNull(); // 8 left
    expect(limiter.take(p, 0)).toBeNull(); // 7 left
    expect(limiter.charge(p, 11, 0)).toEqual({ limit: 'perKeyRate', retryAfter: 3 });
    // Refused: nothing was taken, from the tenant either (its 100 - 23 = 77 tokens are intact).
    expect(limiter.charge(principal({ settings, apiKeyId: 'other' }), 79, 0)).toEqual({ limit: 'perTenantRate', retryAfter: 1 });
    // A cost past a full bucket takes a full bucket, so the largest allowed operation can always run.
    const q = principal({ settings, apiKeyId: 'fresh', tenantId: 't2' });
    expect(limiter.take(q, 0)).toBeNull();
    expect(limiter.charge(q, 500, 0)).toBeNull();
    expect(limiter.take(q, 0)).toEqual({ limit: 'perKeyRate', retryAfter: 1 });
  });

  it('debit takes tokens for work already done, below zero: the next requests wait', () => {
    const limiter = new RateLimiter();
    const settings = { rateLimits: { perKey: { rate: 10, burst: 20 } } };
    const p = principal({ settings });
    expect(limiter.take(p, 0)).toBeNull();
    limiter.debit(p, 20, 0); // 19 - 20 = -1
    expect(limiter.take(p, 0)).toEqual({ limit: 'perKeyRate', retryAfter: 1 });
    expect(limiter.take(p, 250)).toBeNull(); // 250 ms at 10/s: 1.5 tokens
  });
});
