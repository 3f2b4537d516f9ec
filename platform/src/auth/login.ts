import { randomBytes } from 'node:crypto';
import { PlatformError } from '../errors/index.ts';
import type { SqlRunner } from '../storage/sql/runner.ts';
import type { LoginThrottle } from './login-throttle.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SessionStore } from './sessions.ts';

export interface LoginInput {
  email: string;
  password: string;
  /** The tenant's slug: needed when the email belongs to users of several tenants. */
  tenant?: string;
}

export interface LoginResult {
  token: string;
  csrfToken: string;
  user: { id: string; name: string; email: string; locale: string };
  tenant: { id: string; slug: string };
}

interface LoginRow { id: string; email: string; name: string; locale: string; password_hash: string | null; is_active: boolean; tenant_id: string; slug: string }

const WRONG = 'Wrong email or password';

let dummyHash: Promise<string> | undefined;
/** A hash to verify against when there is no user, so unknown emails take as long as wrong passwords. */
const dummy = () => (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));

/**
 * Password sign-in. Unknown email, wrong password and inactive user all get the same 401 after the
 * same scrypt work; failures count against the account and the address (see LoginThrottle).
 */
export async function login(deps: { sql: SqlRunner; sessions: SessionStore; throttle: LoginThrottle }, input: LoginInput, ip: string): Promise<LoginResult> {
  const email = input.email.trim().toLowerCase();
  const users = await deps.sql.query<LoginRow>(
    `select u.id, u.email, u.name, u.locale, u.password_hash, u.is_active, t.id as tenant_id, t.slug
     from tessera.users u join tessera.tenants t on t.id = u.tenant_id
     where lower(u.email) = $1 and ($2::text is null or t.slug = $2) limit 2`, [email, input.tenant ?? null]);
  if (users.length > 1) {
    throw new PlatformError('BAD_USER_INPUT', 'This email belongs to users of several tenants: give the tenant', { details: [{ pointer: '/tenant', message: 'is required for this email' }] });
  }
  const user = users[0];
  const account = user ? `${user.tenant_id}:${email}` : `?${input.tenant ?? ''}:${email}`;
  const wait = deps.throttle.retryAfter(account, ip);
  if (wait > 0) {
    throw new PlatformError('LIMIT_EXCEEDED', `Too many failed sign-ins: try again in ${wait} s`, { extensions: { limit: 'loginAttempts', retryAfter: wait } });
  }
  const hash = user?.password_hash ?? (await dummy());
  const ok = (await verifyPassword(input.password, hash)) && !!user?.password_hash && user.is_active;
  if (!ok || !user) {
    deps.throttle.failed(account, ip);
    throw new PlatformError('UNAUTHENTICATED', WRONG);
  }
  deps.throttle.succeeded(account);
  const session = await deps.sessions.create(user.tenant_id, user.id);
  return {
    token: session.token,
    csrfToken: session.csrfToken,
    user: { id: user.id, name: user.name, email: user.email, locale: user.locale },
    tenant: { id: user.tenant_id, slug: user.slug },
  };
}
