import { CAPABILITIES } from '../../src/security/model.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, metadataClient, newTenant, type GraphQLResponse } from '../support/server.ts';

/**
 * The tenant the rights-escalation suite attacks from inside. Roles top > mid > low, and other (below
 * top, another branch). `lead` is PRIVATE with a restricted field (salary); `deal` is public.
 *
 * - admin: the tenant's administrator; boss (role top): manageMetadata and viewAll on lead and
 *   salary read, through the permission set `superset`; peer (role mid, beside the actors); sub
 *   (role low): lead and deal read/create/update, salary hidden — within every actor's rights but
 *   the read-only ones'.
 * - one ACTOR per right, each in role mid: a capability each (`cap:<capability>`), none (`none`), and
 *   object-level variations (`leadReadOnly`, `leadViewAll`). Each holds `base` (deal read/create/
 *   update, salary hidden) and its own set.
 * - the group `elite` (boss) has a READ_WRITE sharing rule on lead and a manual share of the boss's
 *   lead, the group `bosses` (boss) a manual share; each actor owns one lead, created by the administrator.
 */
export const ACTORS = [...CAPABILITIES.map((c) => `cap:${c}`), 'none', 'leadReadOnly', 'leadViewAll'] as const;
export type ActorName = (typeof ACTORS)[number];

const LEAD_RCU = { object: 'lead', read: true, create: true, update: true };
const DEAL_RCU = { object: 'deal', read: true, create: true, update: true };
const SALARY_HIDDEN = { object: 'lead', field: 'salary', read: false, update: false };

/** The lead rights of each actor's own permission set (beside base's deal rights). */
export function actorGrant(actor: ActorName): { capabilities: string[]; objectPermissions: Record<string, unknown>[] } {
  if (actor.startsWith('cap:')) return { capabilities: [actor.slice(4)], objectPermissions: [LEAD_RCU] };
  if (actor === 'leadReadOnly') return { capabilities: [], objectPermissions: [{ object: 'lead', read: true }] };
  if (actor === 'leadViewAll') return { capabilities: [], objectPermissions: [{ object: 'lead', read: true, viewAll: true }] };
  return { capabilities: [], objectPermissions: [LEAD_RCU] };
}

export const holds = (actor: ActorName, capability: string) => actor === `cap:${capability}`;
export const canUpdateLead = (actor: ActorName) => actor !== 'leadReadOnly' && actor !== 'leadViewAll';

export interface Person { id: string; key: string; email: string }

export interface EscalationTenant {
  id: string;
  schema: string;
  admin: Person;
  boss: Person;
  peer: Person;
  sub: Person;
  actors: Map<ActorName, Person>;
  /** Each actor's own lead, the boss's lead and the peer's lead. */
  leads: Map<string, string>;
  adminKeyId: string;
  ruleToElite: string;
  adminView: string;
  md(key: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  api(key: string, query: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
}

function ok<T = any>(res: GraphQLResponse<T>, what: string): T {
  if (res.errors || res.status !== 200) throw new Error(`${what}: ${res.status} ${JSON.stringify(res.errors)}`);
  return res.data as T;
}

export async function buildEscalationTenant(server: RunningServer): Promise<EscalationTenant> {
  const t = await newTenant(server, 'esc');
  const unlimited = { rate: 1_000_000, burst: 1_000_000 };
  await server.platform.pool.query(`update tessera.tenants set settings = coalesce(settings, '{}'::jsonb) || $2::jsonb where id = $1`, [t.tenant.id, { rateLimits: { perKey: unlimited, perTenant: unlimited } }]);
  const md = (key: string, query: string, variables?: Record<string, unknown>) => gql(server, '/metadata', key, query, variables);
  const api = (key: string, query: string, variables?: Record<string, unknown>) => gql(server, '/graphql', key, query, variables);
  const admin = metadataClient(server, t.apiKey);
  const run = async (what: string, query: string, variables?: Record<string, unknown>) => ok(await admin(query, variables), what);

  await run('metadata', `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [
    { name: 'lead', sharing: 'PRIVATE', fields: [{ name: 'name', type: 'text', required: true }, { name: 'email', type: 'email', unique: true }, { name: 'salary', type: 'number' }] },
    { name: 'deal', fields: [{ name: 'name', type: 'text' }] },
  ] } });
  await run('role top', `mutation { createRole(input: {name: "top"}) { id } }`);
  await run('role mid', `mutation { createRole(input: {name: "mid", parent: "top"}) { id } }`);
  await run('role other', `mutation { createRole(input: {name: "other", parent: "top"}) { id } }`);
  await run('role low', `mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'low', parent: 'mid', objectPermissions: [LEAD_RCU, DEAL_RCU], fieldPermissions: [SALARY_HIDDEN] } });
  await run('role powerLow', `mutation($i: RoleInput!) { createRole(input: $i) { id } }`, { i: { name: 'powerLow', parent: 'mid', capabilities: ['manageMetadata', 'exportData'], objectPermissions: [{ object: 'lead', modifyAll: true }] } });
  await run('set base', `mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id } }`, { i: { name: 'base', objectPermissions: [DEAL_RCU], fieldPermissions: [SALARY_HIDDEN] } });
  await run('set superset', `mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id } }`, { i: {
    name: 'superset', capabilities: [...CAPABILITIES], objectPermissions: [{ object: 'lead', read: true, create: true, update: true, viewAll: true, modifyAll: true }, DEAL_RCU],
    fieldPermissions: [{ object: 'lead', field: 'salary', read: true, update: true }],
  } });

  const person = async (key: string, role: string | null, sets: string[], extra: Record<string, unknown> = {}): Promise<Person> => {
    const email = `${key.replace(':', '-')}@esc.test`;
    const id = (await run(`user ${key}`, `mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email, name: key, password: `password of ${key}`, role, ...extra } })).createUser.id as string;
    for (const s of sets) await run(`assign ${s}`, `mutation($u: ID!, $p: String!) { assignPermissionSet(user: $u, permissionSet: $p) { id } }`, { u: id, p: s });
    return { id, email, key: (await run(`key ${key}`, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: id })).createApiKey.key };
  };
  const boss = await person('boss', 'top', ['superset']);
  const peer = await person('peer', 'mid', ['base']);
  const sub = await person('sub', 'low', []);
  const actors = new Map<ActorName, Person>();
  for (const actor of ACTORS) {
    const set = `own ${actor}`;
    await run(`set ${set}`, `mutation($i: PermissionSetInput!) { createPermissionSet(input: $i) { id } }`, { i: { name: set, ...actorGrant(actor) } });
    actors.set(actor, await person(actor, 'mid', ['base', set]));
  }
  await run('group elite', `mutation($u: ID!) { createGroup(input: {name: "elite", members: [{user: $u}]}) { id } }`, { u: boss.id });
  const rule = await run('rule', `mutation { createSharingRule(input: {object: "lead", filter: {name: {startsWith: "secret"}}, shareWith: {group: "elite"}, access: READ_WRITE}) { id } }`);

  const leads = new Map<string, string>();
  const owners: [string, string][] = [['boss', boss.id], ['peer', peer.id], ...[...actors].map(([a, p]) => [a, p.id] as [string, string])];
  const created = ok(await api(t.apiKey, `mutation($d: [LeadCreateInput!]!) { createLeads(data: $d) { id } }`, {
    d: owners.map(([k, id], i) => ({ name: k === 'boss' ? 'secret plan' : `lead of ${k}`, email: `lead${i}@esc.test`, salary: 1000 + i, owner: id })),
  }), 'leads').createLeads as { id: string }[];
  owners.forEach(([k], i) => leads.set(k, created[i].id));
  await run('share', `mutation($id: ID!) { shareRecord(object: "lead", id: $id, with: {group: "elite"}, access: READ) }`, { id: leads.get('boss') });
  await run('group bosses', `mutation($u: ID!) { createGroup(input: {name: "bosses", members: [{user: $u}]}) { id } }`, { u: boss.id });
  await run('share bosses', `mutation($id: ID!) { shareRecord(object: "lead", id: $id, with: {group: "bosses"}, access: READ_WRITE) }`, { id: leads.get('boss') });
  const adminKeyId = (await run('keys', `query($u: ID!) { apiKeys(user: $u) { id } }`, { u: t.admin.id })).apiKeys[0].id as string;
  const adminView = (await run('view', `mutation { saveListView(input: {object: "lead", name: "all leads", shared: true}) { id } }`)).saveListView.id as string;
  return {
    id: t.tenant.id, schema: t.tenant.schema,
    admin: { id: t.admin.id, key: t.apiKey, email: t.admin.email },
    boss, peer, sub, actors, leads, adminKeyId, ruleToElite: rule.createSharingRule.id, adminView, md, api,
  };
}

/**
 * Everything a refused attempt must leave as it was: users (with their password hashes), roles,
 * permission sets and their assignments, groups, sharing rules, manual shares, API keys, sessions,
 * metadata (objects, fields, scripts, dashboards, list views), versions and the history.
 */
export async function snapshot(server: RunningServer, t: EscalationTenant): Promise<string> {
  const q = async (sql: string) => JSON.stringify((await server.platform.pool.query(sql, [t.id])).rows);
  return [
    await q(`select id, email, name, locale, is_admin, is_active, role_id, manager_id, password_hash from tessera.users where tenant_id = $1 order by id`),
    await q(`select * from tessera.roles where tenant_id = $1 order by id`),
    await q(`select * from tessera.permission_sets where tenant_id = $1 order by id`),
    await q(`select ups.* from tessera.user_permission_sets ups join tessera.users u on u.id = ups.user_id where u.tenant_id = $1 order by 1, 2`),
    await q(`select g.id, g.name, m.member_type, m.member_id from tessera.groups g left join tessera.group_members m on m.group_id = g.id where g.tenant_id = $1 order by 1, 3, 4`),
    await q(`select * from tessera.sharing_rules where tenant_id = $1 order by id`),
    await q(`select id, user_id, revoked_at from tessera.api_keys where tenant_id = $1 order by id`),
    await q(`select count(*) from tessera.sessions where tenant_id = $1`),
    await q(`select id, name, definition, deleted_at from tessera.object_definitions where tenant_id = $1 order by id`),
    await q(`select f.id, f.definition, f.deleted_at from tessera.field_definitions f join tessera.object_definitions o on o.id = f.object_id where o.tenant_id = $1 order by f.id`),
    await q(`select security_version, metadata_version from tessera.tenants where id = $1`),
    await q(`select count(*) from tessera.metadata_history where tenant_id = $1`),
    await q(`select name, version from tessera.scripts where tenant_id = $1 order by 1, 2`),
    await q(`select id, name from tessera.dashboards where tenant_id = $1 order by id`),
    await q(`select id, name, shared, owner_id from tessera.list_views where tenant_id = $1 order by id`),
    JSON.stringify((await server.platform.pool.query(`select * from "${t.schema}"."_share" order by 1, 2, 3`)).rows),
    JSON.stringify((await server.platform.pool.query(`select * from "${t.schema}"."${await leadTable(server, t)}" order by id`)).rows),
  ].join('\n');
}

async function leadTable(server: RunningServer, t: EscalationTenant): Promise<string> {
  return (await server.platform.pool.query(`select table_name from tessera.object_definitions where tenant_id = $1 and name = 'lead' and deleted_at is null`, [t.id])).rows[0]?.table_name ?? 'lead';
}
