import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { startIsolatedServer } from '../../platform/test/kernel/support.ts';
import { isMember, usersOf, usersOfAll } from '../src/people.ts';
import { wfTenant, type WfTenant } from './workflows/support.ts';

/**
 * Who a member names (people.ts, shared by pools, assignment and approvals): a role's and a group's
 * active users — group members directly or through their role — never an inactive user, never
 * another tenant's user of a same-named role or group.
 */
let server: RunningServer;
let t: WfTenant;
let other: WfTenant;
const ids: Record<string, string> = {};

async function user(tenant: WfTenant, name: string, role?: string): Promise<string> {
  return (await tenant.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email: `${name.toLowerCase()}-${Date.now()}@people.test`, name, ...(role ? { role } : {}) } })).createUser.id;
}

beforeAll(async () => {
  server = await startIsolatedServer();
  [t, other] = [await wfTenant(server), await wfTenant(server)];
  for (const tenant of [t, other]) for (const role of ['sales', 'support']) await tenant.meta('mutation($i: RoleInput!) { createRole(input: $i) { id } }', { i: { name: role } });
  ids.zoe = await user(t, 'Zoe', 'sales');
  ids.amy = await user(t, 'Amy', 'sales');
  ids.gone = await user(t, 'Gone', 'sales');
  ids.sam = await user(t, 'Sam', 'support');
  ids.solo = await user(t, 'Solo');
  ids.foreign = await user(other, 'Foreign', 'sales');
  await t.meta('mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }', { id: ids.gone });
  const pool = server.platform.pool;
  for (const [tenant, members] of [[t.id, [['user', ids.solo], ['role', 'support']]], [other.id, [['user', ids.foreign]]]] as const) {
    const { rows: [g] } = await pool.query(`insert into tessera.groups (tenant_id, name) values ($1, 'desk') returning id`, [tenant]);
    for (const [type, who] of members) {
      const id = type === 'role' ? (await pool.query('select id from tessera.roles where tenant_id = $1 and name = $2', [tenant, who])).rows[0].id : who;
      await pool.query('insert into tessera.group_members (group_id, member_type, member_id) values ($1, $2, $3)', [g.id, type, id]);
    }
  }
}, 120_000);
afterAll(async () => { await server?.close(); });

const withDb = async <T>(work: (db: import('pg').PoolClient) => Promise<T>) => {
  const db = await server.platform.pool.connect();
  try { return await work(db); } finally { db.release(); }
};

describe('people named by members', () => {
  it('a role: its active users of this tenant, by id or by name', async () => {
    const byId = [ids.zoe, ids.amy].sort();
    expect(await withDb((db) => usersOf(db, t.id, { type: 'role', role: 'sales' }))).toEqual(byId);
    expect(await withDb((db) => usersOf(db, t.id, { type: 'role', role: 'sales' }, 'name'))).toEqual([ids.amy, ids.zoe]);
  });
  it('a group: its members directly and through their role; listed users in their order, inactive ones left out', async () => {
    expect(await withDb((db) => usersOf(db, t.id, { type: 'group', group: 'desk' }))).toEqual([ids.sam, ids.solo].sort());
    expect(await withDb((db) => usersOf(db, t.id, { type: 'user', users: [ids.solo, ids.gone, ids.zoe] }))).toEqual([ids.solo, ids.zoe]);
    expect(await withDb((db) => usersOfAll(db, t.id, [{ type: 'user', users: [ids.zoe] }, { type: 'role', role: 'sales' }, { type: 'group', group: 'desk' }])))
      .toEqual([ids.zoe, ids.amy, ...[ids.sam, ids.solo].sort()]);
  });
  it('membership: by user, role or group; never an inactive user nor another tenant\'s', async () => {
    const check = (members: Parameters<typeof isMember>[2], user: string, tenant = t.id) => withDb((db) => isMember(db, tenant, members, user));
    expect(await check([{ type: 'role', role: 'sales' }], ids.amy)).toBe(true);
    expect(await check([{ type: 'role', role: 'sales' }], ids.gone)).toBe(false);
    expect(await check([{ type: 'group', group: 'desk' }], ids.sam)).toBe(true);
    expect(await check([{ type: 'group', group: 'desk' }], ids.zoe)).toBe(false);
    expect(await check([{ type: 'role', role: 'sales' }, { type: 'group', group: 'desk' }], ids.solo)).toBe(true);
    expect(await check([{ type: 'role', role: 'sales' }], ids.foreign)).toBe(false);
    expect(await check([{ type: 'group', group: 'desk' }], ids.foreign)).toBe(false);
    expect(await check([], ids.foreign)).toBe(true);
  });
});
