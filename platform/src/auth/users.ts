import type { Actor, ChangeRunner } from '../changes/index.ts';
import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { idByName, userInTenant } from '../security/admin.ts';
import type { Db, SqlRunner } from '../storage/sql/runner.ts';
import { uuidv7 } from '../util/ids.ts';
import { hashPassword } from './passwords.ts';

export const EMAIL = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;
const LOCALE = /^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface UserRecord {
  id: string; email: string; name: string; locale: string; isActive: boolean; isAdmin: boolean; role: string | null; managerId: string | null;
}

export interface UserInput {
  email?: string | null; name?: string | null; password?: string | null; role?: string | null; manager?: string | null;
  locale?: string | null; isActive?: boolean | null; isAdmin?: boolean | null;
}

const SELECT = `select u.id, u.email, u.name, u.locale, u.is_active as "isActive", u.is_admin as "isAdmin", r.name as role, u.manager_id as "managerId"
  from tessera.users u left join tessera.roles r on r.id = u.role_id where u.tenant_id = $1`;

export async function listUsers(sql: SqlRunner, tenantId: string): Promise<UserRecord[]> {
  return sql.query<UserRecord>(`${SELECT} order by u.created_at, u.id`, [tenantId]);
}

export async function getUser(sql: SqlRunner, tenantId: string, id: string): Promise<UserRecord | null> {
  if (!UUID.test(id)) return null;
  return (await sql.query<UserRecord>(`${SELECT} and u.id = $2`, [tenantId, id]))[0] ?? null;
}

/** The properties' own checks (format, length); every problem with its pointer. */
function validate(input: UserInput, creating: boolean): void {
  const details: ErrorDetail[] = [];
  const bad = (pointer: string, message: string) => details.push({ pointer, message });
  if (creating && (!input.email || !EMAIL.test(input.email.trim()) || input.email.length > 254)) bad('/email', 'is not an email address');
  if ((creating || input.name != null) && (!input.name?.trim() || input.name.length > 200)) bad('/name', 'must be 1-200 characters');
  if (input.password != null && (input.password.length < 8 || input.password.length > 1000)) bad('/password', 'must have at least 8 characters');
  if (input.locale != null && !LOCALE.test(input.locale)) bad('/locale', 'is not a locale such as en or zh-CN');
  if (details.length) throw new PlatformError('VALIDATION_FAILED', `Invalid user: ${details[0].pointer} ${details[0].message}`, { details });
}

async function emailTaken(db: Db, tenantId: string, email: string): Promise<void> {
  const { rows } = await db.query('select 1 from tessera.users where tenant_id = $1 and lower(email) = lower($2)', [tenantId, email]);
  if (rows.length) throw new PlatformError('CONFLICT', `A user with email ${email} already exists in this tenant`, { details: [{ pointer: '/email', message: 'is taken' }] });
}

/** Refuses a manager that is the user or reports (directly or not) to the user. */
async function noManagerCycle(db: Db, userId: string, managerId: string): Promise<void> {
  const { rows } = await db.query(
    `with recursive chain(id) as (select $1::uuid union select u.manager_id from tessera.users u join chain c on u.id = c.id where u.manager_id is not null)
     select 1 from chain where id = $2::uuid`, [managerId, userId]);
  if (rows.length) throw new PlatformError('VALIDATION_FAILED', 'A user cannot be their own manager, directly or through others', { details: [{ pointer: '/manager', message: 'would make a cycle' }] });
}

/** The tenant keeps at least one active administrator. */
async function keepAnAdmin(db: Db, tenantId: string, userId: string): Promise<void> {
  const { rows } = await db.query('select id from tessera.users where tenant_id = $1 and is_admin and is_active for update', [tenantId]);
  if (!rows.some((r: { id: string }) => r.id !== userId)) {
    throw new PlatformError('CONFLICT', 'The last active administrator cannot be deactivated or lose administration', { details: [{ pointer: '/isAdmin', message: 'last active administrator' }] });
  }
}

const asRecord = async (db: Db, tenantId: string, id: string) => (await getUser({ query: async (s, p) => (await db.query(s, p)).rows }, tenantId, id))!;

/** Creates a user of the tenant; checks everything before writing, in one transaction. */
export async function createUser(changes: ChangeRunner, tenantId: string, actor: Actor, input: UserInput): Promise<UserRecord> {
  validate(input, true);
  const email = input.email!.trim();
  const passwordHash = input.password ? await hashPassword(input.password) : null;
  return changes.run({ tenantId, actor, kind: 'user', action: 'createUser', target: `user ${email}`, guarded: true, taken: `user ${email}` }, async ({ db, guard: opened }) => {
    const guard = opened!;
    const roleId = input.role ? await idByName(db, 'roles', tenantId, input.role, '/role') : null;
    const managerId = input.manager ? await userInTenant(db, tenantId, input.manager, '/manager') : null;
    await emailTaken(db, tenantId, email);
    const id = uuidv7();
    // A password a non-administrator sets for someone: sessions signed in with it carry at most the setter's rights.
    const setBy = passwordHash && !guard.unbounded ? actor.userId : null;
    await db.query(
      `insert into tessera.users (id, tenant_id, email, name, password_hash, locale, is_admin, role_id, manager_id, password_set_by) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [id, tenantId, email, input.name!.trim(), passwordHash, input.locale ?? 'en', input.isAdmin === true, roleId, managerId, setBy]);
    // The new user's rights (admin, role) must be within the author's; with a password, so must what they will see.
    guard.touch(id, { credentials: passwordHash !== null, pointer: input.isAdmin ? '/isAdmin' : input.role ? '/role' : '/password' });
    const user = await asRecord(db, tenantId, id);
    return { result: user, after: user };
  });
}

export interface UserUpdate {
  user: UserRecord;
  /** What changed that ends or alters the user's sign-ins. */
  deactivated: boolean;
  passwordChanged: boolean;
}

/** Changes the given properties (null role or manager removes it); one transaction. */
export async function updateUser(changes: ChangeRunner, tenantId: string, actor: Actor, id: string, input: UserInput): Promise<UserUpdate> {
  validate(input, false);
  const passwordHash = input.password != null ? await hashPassword(input.password) : undefined;
  return changes.run({ tenantId, actor, kind: 'user', action: 'updateUser', target: `user ${id}`, guarded: true, taken: `user ${id}` }, async ({ db, guard: opened }) => {
    const guard = opened!;
    const before = UUID.test(id) ? (await db.query('select id from tessera.users where tenant_id = $1 and id = $2 for update', [tenantId, id])).rows[0] : undefined;
    if (!before) throw new PlatformError('NOT_FOUND', `No user ${id} in this tenant`);
    const old = await asRecord(db, tenantId, id);
    // Changing a user (a password above all: whoever sets it can act as them) needs their rights within the author's.
    const pointer = ['isAdmin', 'role', 'password', 'isActive'].find((k) => input[k as keyof UserInput] !== undefined && input[k as keyof UserInput] !== null);
    guard.touch(id, { credentials: passwordHash !== undefined, pointer: pointer ? `/${pointer}` : '/id' });
    const set: Record<string, unknown> = {};
    if (input.name != null) set.name = input.name.trim();
    if (input.locale != null) set.locale = input.locale;
    if (input.isActive != null) set.is_active = input.isActive;
    if (input.isAdmin != null) set.is_admin = input.isAdmin;
    if (passwordHash !== undefined) {
      set.password_hash = passwordHash;
      set.password_set_by = guard.unbounded || actor.userId === id ? null : actor.userId;
    }
    if (input.role !== undefined) set.role_id = input.role === null ? null : await idByName(db, 'roles', tenantId, input.role, '/role');
    if (input.manager !== undefined) {
      set.manager_id = input.manager === null ? null : await userInTenant(db, tenantId, input.manager, '/manager');
      if (input.manager !== null) await noManagerCycle(db, id, set.manager_id as string);
    }
    const demoted = old.isActive && old.isAdmin && (input.isActive === false || input.isAdmin === false);
    if (demoted) await keepAnAdmin(db, tenantId, id);
    const columns = Object.keys(set);
    if (columns.length) {
      await db.query(`update tessera.users set ${columns.map((c, i) => `${c} = $${i + 3}`).join(', ')} where tenant_id = $1 and id = $2`,
        [tenantId, id, ...columns.map((c) => set[c])]);
    }
    const user = await asRecord(db, tenantId, id);
    const result = { user, deactivated: old.isActive && !user.isActive, passwordChanged: passwordHash !== undefined };
    return { result, before: old, after: passwordHash === undefined ? user : { ...user, password: 'changed' } };
  });
}
