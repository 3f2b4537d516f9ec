import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../src/auth/login-throttle.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { newTenant, startTestServer } from '../support/server.ts';
import { login } from './support.ts';

let server: RunningServer;
beforeAll(async () => { server = await startTestServer(); });
afterAll(async () => { await server?.close(); });
beforeEach(() => server.platform.loginThrottle.reset());

const PASSWORD = 'correct horse battery';

describe('login throttling', () => {
  it('per account: after 5 failures the 6th attempt is 429 with retryAfter, even with the right password', async () => {
    const tenant = await newTenant(server);
    for (let i = 0; i < 5; i++) expect((await login(server, tenant.admin.email, `wrong ${i}`)).status).toBe(401);
    const blocked = await login(server, tenant.admin.email, PASSWORD);
    expect(blocked.status).toBe(429);
    const ext = blocked.body.errors[0].extensions;
    expect(ext.code).toBe('LIMIT_EXCEEDED');
    expect(ext.retryAfter).toBeGreaterThan(890);
    expect(ext.retryAfter).toBeLessThanOrEqual(900);
    expect(Number(blocked.headers.get('retry-after'))).toBe(ext.retryAfter);
    expect(blocked.headers.get('set-cookie')).toBeNull();
    // The same email with the tenant given is the same account; another account is not affected.
    expect((await login(server, tenant.admin.email.toUpperCase(), PASSWORD, tenant.tenant.slug)).status).toBe(429);
    const other = await newTenant(server);
    expect((await login(server, other.admin.email, PASSWORD)).status).toBe(200);
  });

  it('per account: unknown emails are throttled the same way (no enumeration by throttling)', async () => {
    for (let i = 0; i < 5; i++) expect((await login(server, 'ghost@nowhere.example', `wrong ${i}`)).status).toBe(401);
    expect((await login(server, 'ghost@nowhere.example', 'wrong')).status).toBe(429);
  });

  it('a success clears the account\'s failures', async () => {
    const tenant = await newTenant(server);
    for (let i = 0; i < 4; i++) await login(server, tenant.admin.email, 'wrong');
    expect((await login(server, tenant.admin.email, PASSWORD)).status).toBe(200);
    for (let i = 0; i < 4; i++) expect((await login(server, tenant.admin.email, 'wrong')).status).toBe(401);
    expect((await login(server, tenant.admin.email, PASSWORD)).status).toBe(200);
  });

  it('per IP: after 30 failures across accounts, every sign-in from the address is 429', async () => {
    const tenant = await newTenant(server);
    for (let i = 0; i < 30; i++) expect((await login(server, `user${i}@spray.example`, 'wrong')).status).toBe(401);
    const blocked = await login(server, tenant.admin.email, PASSWORD);
    expect(blocked.status).toBe(429);
    expect(blocked.body.errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', retryAfter: expect.any(Number) });
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('LoginThrottle', () => {
  it('lets attempts through again once the window has passed', () => {
    const throttle = new LoginThrottle({ perAccount: { max: 2, windowMs: 1000 }, perIp: { max: 10, windowMs: 1000 } });
    throttle.failed('a', 'ip', 0);
    throttle.failed('a', 'ip', 400);
    expect(throttle.retryAfter('a', 'ip', 500)).toBe(1);
    expect(throttle.retryAfter('b', 'ip', 500)).toBe(0);
    expect(throttle.retryAfter('a', 'ip', 1000)).toBe(0);
    throttle.failed('a', 'ip', 1000);
    expect(throttle.retryAfter('a', 'ip', 1001)).toBe(1);
    expect(throttle.retryAfter('a', 'ip', 1400)).toBe(0);
  });
});
