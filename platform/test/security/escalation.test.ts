import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { startTestServer } from '../support/server.ts';
import { studio } from '../auth/support.ts';
import { CAPABILITIES } from '../../src/security/model.ts';
import { generatePublisherKey, signPackage } from '../../src/packages/index.ts';
import { lessonsManifest } from '../packages/fixtures.ts';
import { ACTORS, buildEscalationTenant, canUpdateLead, holds, snapshot, type ActorName, type EscalationTenant, type Person } from './escalation-tenant.ts';

/**
 * Rights are monotone: no one grants, assigns, impersonates or mints a key for rights they do not hold.
 * Finding 6 of issue 10 first, as it was found; the matrix over every verb and every right follows.
 */
let server: RunningServer;
let T: EscalationTenant;

beforeAll(async () => {
  server = await startTestServer();
  T = await buildEscalationTenant(server);
});
afterAll(async () => { await server?.close(); });

const codeOf = (res: { errors?: { extensions?: Record<string, any> }[] }) => res.errors?.[0]?.extensions?.code ?? 'OK';

describe('finding 6: manageUsers alone does not become every right', () => {
  it('cannot make itself an administrator, mint a key for the administrator, reset their password or grant itself manageMetadata', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    const before = await snapshot(server, T);

    const selfAdmin = await T.md(me.key, `mutation($id: ID!) { updateUser(id: $id, input: {isAdmin: true}) { isAdmin } }`, { id: me.id });
    expect(codeOf(selfAdmin)).toBe('FORBIDDEN');
    const adminKey = await T.md(me.key, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: T.admin.id });
    expect(codeOf(adminKey)).toBe('FORBIDDEN');
    const reset = await T.md(me.key, `mutation($id: ID!) { updateUser(id: $id, input: {password: "taken over 123"}) { id } }`, { id: T.admin.id });
    expect(codeOf(reset)).toBe('FORBIDDEN');
    const grant = await T.md(me.key, `mutation { createPermissionSet(input: {name: "mine", capabilities: [manageMetadata]}) { id } }`);
    expect(codeOf(grant)).toBe('FORBIDDEN');
    const assign = await T.md(me.key, `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, { u: me.id });
    expect(codeOf(assign)).toBe('FORBIDDEN');
    const create = await T.md(me.key, `mutation { createObject(input: {name: "pwned", fields: [{name: "x", type: TEXT}]}) { name } }`);
    expect(codeOf(create)).toBe('FORBIDDEN');

    expect(await snapshot(server, T)).toBe(before);
  });
});

/** One try at a right the actor lacks, through one verb. `legit`: for these actors it is a right they hold (tried in the legit-use tests). */
interface Attempt {
  name: string;
  doc: string;
  vars?: (me: Person, actor: ActorName) => Record<string, unknown>;
  legit?: (actor: ActorName) => boolean;
  /** The refusal: FORBIDDEN, or NOT_FOUND where the target is a record the actor may not see. */
  code?: string;
}

const LEAD_DOC = { objects: [{ name: 'lead', sharing: 'PUBLIC_READ_WRITE', fields: [{ name: 'name', type: 'text', required: true }, { name: 'email', type: 'email', unique: true }, { name: 'salary', type: 'number' }] }] };
const ALL_CAPS = `[${CAPABILITIES.join(', ')}]`;
/** A well-formed package signed by a key no operator registered: the registry's authority is the publisher's key, not the caller's rights. */
const FORGED_PACKAGE = signPackage({ manifest: lessonsManifest({ namespace: 'esc', name: 'esc-lessons', components: { objects: [{ name: 'esc__lesson', fields: [{ name: 'title', type: 'text' }] }] } }) }, generatePublisherKey().privateKeyPem);
const metadataOnly = (a: ActorName) => holds(a, 'manageMetadata');
const UUID0 = '00000000-0000-7000-8000-000000000000';

/**
 * Every mutation of the metadata API, with the ways it could reach a right the caller lacks. A verb
 * added to the API without an entry here fails the suite ('every verb is in the matrix').
 */
const MUTATIONS: Record<string, Attempt[]> = {
  addGroupMember: [
    { name: 'self into a group with shares and rules', doc: `mutation($u: ID!) { addGroupMember(group: "elite", member: {user: $u}) { id } }`, vars: (me) => ({ u: me.id }) },
    { name: 'a subordinate into a group with shares (reaches the actor through the hierarchy)', doc: `mutation($u: ID!) { addGroupMember(group: "elite", member: {user: $u}) { id } }`, vars: () => ({ u: T.sub.id }) },
  ],
  advanceClock: [{ name: 'the platform clock moved (administrators only, with TESSERA_TEST_CLOCK=1)', doc: `mutation { advanceClock(by: "PT1H") { now } }` }],
  applyMetadata: [
    { name: 'a PRIVATE object made public', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: () => ({ d: LEAD_DOC }) },
    // Documents carry every kind: each kind keeps the rights of its own verbs (the guard for security kinds).
    { name: 'a role with every capability, in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: () => ({ d: { roles: [{ name: 'mine', parent: 'low', capabilities: [...CAPABILITIES] }] } }) },
    { name: 'the own role given every capability, in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: () => ({ d: { roles: [{ name: 'mid', parent: 'top', capabilities: [...CAPABILITIES] }] } }) },
    { name: 'a permission set with Modify All on lead, in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: () => ({ d: { permissionSets: [{ name: 'mine', objectPermissions: [{ object: 'lead', modifyAll: true }] }] } }) },
    { name: 'every lead shared with self, in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: (me) => ({ d: { sharingRules: [{ name: 'mine', object: 'lead', filter: {}, shareWith: { user: me.email }, access: 'READ_WRITE' }] } }) },
    { name: 'self into a group with shares, in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: (me) => ({ d: { groups: [{ name: 'elite', members: [{ user: me.email }] }] } }) },
    { name: 'a script (scripts run as whoever triggers them), in a document', doc: `mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, vars: () => ({ d: { scripts: [{ name: 'mine', source: 'export const triggers = {};' }] } }) },
  ],
  assignPermissionSet: [
    { name: 'superset to self', doc: `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, vars: (me) => ({ u: me.id }) },
    { name: 'superset to a subordinate', doc: `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, vars: () => ({ u: T.sub.id }) },
    { name: 'a small set to someone above', doc: `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "base") { id } }`, vars: () => ({ u: T.boss.id }) },
  ],
  createApiKey: [
    { name: 'for the administrator', doc: `mutation($u: ID!) { createApiKey(user: $u) { key } }`, vars: () => ({ u: T.admin.id }) },
    { name: 'for a user with more rights', doc: `mutation($u: ID!) { createApiKey(user: $u) { key } }`, vars: () => ({ u: T.boss.id }) },
    { name: 'for a peer whose records the actor cannot see', doc: `mutation($u: ID!) { createApiKey(user: $u) { key } }`, vars: () => ({ u: T.peer.id }) },
  ],
  createField: [{ name: 'a field (a metadata right, no escalation)', doc: `mutation { createField(object: "deal", input: {name: "extra", type: TEXT}) { name } }`, legit: metadataOnly }],
  // A new group has nothing shared with it: creating one gives no one anything (adding to one that has is addGroupMember).
  createGroup: [{ name: 'a group holding a peer (a user right, no escalation)', doc: `mutation($u: ID!) { createGroup(input: {name: "mine", members: [{user: $u}]}) { id } }`, vars: () => ({ u: T.peer.id }), legit: (a) => holds(a, 'manageUsers') }],
  createObject: [{ name: 'an object (a metadata right, no escalation)', doc: `mutation { createObject(input: {name: "gadget", fields: [{name: "x", type: TEXT}]}) { name } }`, legit: metadataOnly }],
  createPermissionSet: [
    { name: 'every capability', doc: `mutation { createPermissionSet(input: {name: "mine", capabilities: ${ALL_CAPS}}) { id } }` },
    { name: 'Modify All on lead', doc: `mutation { createPermissionSet(input: {name: "mine", objectPermissions: [{object: "lead", modifyAll: true}]}) { id } }` },
    { name: 'a hidden field', doc: `mutation { createPermissionSet(input: {name: "mine", fieldPermissions: [{object: "lead", field: "salary", read: true}]}) { id } }` },
  ],
  createRole: [
    { name: 'every capability', doc: `mutation { createRole(input: {name: "mine", parent: "low", capabilities: ${ALL_CAPS}}) { id } }` },
    { name: 'Modify All on lead', doc: `mutation { createRole(input: {name: "mine", objectPermissions: [{object: "lead", modifyAll: true}]}) { id } }` },
    { name: 'a hidden field', doc: `mutation { createRole(input: {name: "mine", fieldPermissions: [{object: "lead", field: "salary", update: true}]}) { id } }` },
  ],
  createSharingRule: [
    { name: 'every lead to self, read-write', doc: `mutation($u: ID!) { createSharingRule(input: {object: "lead", filter: {}, shareWith: {user: $u}, access: READ_WRITE}) { id } }`, vars: (me) => ({ u: me.id }) },
    { name: 'leads to a subordinate by a hidden field', doc: `mutation($u: ID!) { createSharingRule(input: {object: "lead", filter: {salary: {gt: 1000}}, shareWith: {user: $u}, access: READ}) { id } }`, vars: () => ({ u: T.sub.id }) },
  ],
  createUser: [
    { name: 'an administrator', doc: `mutation { createUser(input: {email: "new-admin@esc.test", name: "x", isAdmin: true}) { id } }` },
    { name: 'in a role above', doc: `mutation { createUser(input: {email: "new-top@esc.test", name: "x", role: "top"}) { id } }` },
    { name: 'in a role with more rights', doc: `mutation { createUser(input: {email: "new-power@esc.test", name: "x", role: "powerLow"}) { id } }` },
    { name: 'with a password, outside the actor\'s hierarchy', doc: `mutation { createUser(input: {email: "new-plain@esc.test", name: "x", password: "their password 1"}) { id } }` },
  ],
  deleteApp: [{ name: 'an app (a metadata right)', doc: `mutation { deleteApp(name: "sales") }`, legit: metadataOnly }],
  deleteDashboard: [{ name: 'a dashboard (a metadata right)', doc: `mutation { deleteDashboard(id: "${UUID0}") }`, legit: metadataOnly }],
  deleteDuplicateRule: [{ name: 'a duplicate rule (a metadata right)', doc: `mutation { deleteDuplicateRule(name: "anything") }`, legit: metadataOnly }],
  deleteField: [{ name: 'a field (a metadata right)', doc: `mutation { deleteField(object: "lead", name: "salary") { name } }`, legit: metadataOnly }],
  deleteGroup: [{ name: 'a group whose shares someone above holds', doc: `mutation { deleteGroup(name: "bosses") }` }],
  deleteListView: [{ name: 'the administrator\'s shared view', doc: `mutation($id: ID!) { deleteListView(id: $id) }`, vars: () => ({ id: T.adminView }), legit: metadataOnly }],
  deleteObject: [{ name: 'an object (a metadata right)', doc: `mutation { deleteObject(name: "deal") { name } }`, legit: metadataOnly }],
  deletePermissionSet: [{ name: 'a set with more rights', doc: `mutation { deletePermissionSet(name: "superset") }` }],
  deleteRole: [{ name: 'an unused role with more rights', doc: `mutation { deleteRole(name: "powerLow") }` }],
  deleteScript: [{ name: 'a script (scripts run as whoever triggers them)', doc: `mutation { deleteScript(name: "anything") }` }],
  // No plugin is installed here: the kind is unknown to everyone (the kind's own right is checked where it exists: runtime/test/workflows/definitions.test.ts).
  deletePluginItem: [{ name: 'an item of a plugin kind', doc: `mutation { deletePluginItem(kind: "workflows", name: "anything") }`, code: 'NOT_FOUND' }],
  deleteValidationRule: [{ name: 'a validation rule (a metadata right)', doc: `mutation { deleteValidationRule(name: "anything") }`, legit: metadataOnly }],
  deleteSharingRule: [{ name: 'a rule someone above holds', doc: `mutation($id: ID!) { deleteSharingRule(id: $id) { id } }`, vars: () => ({ id: T.ruleToElite }) }],
  // Installing, upgrading and uninstalling packages change everything a tenant has: administrators only, whatever capability the caller holds.
  installPackage: [{ name: 'a bundled template into the tenant', doc: `mutation { installPackage(name: "crm-core", dryRun: true) { name } }` }],
  upgradePackage: [{ name: 'an installed package', doc: `mutation { upgradePackage(name: "crm-core", version: "1.2.0", dryRun: true) { name } }` }],
  uninstallPackage: [{ name: 'an installed package', doc: `mutation { uninstallPackage(name: "crm-core", dryRun: true) { name } }` }],
  publishPackage: [{ name: 'a package signed by an unregistered key, into the platform\'s registry', doc: `mutation($p: JSON!) { publishPackage(package: $p) { name } }`, vars: () => ({ p: FORGED_PACKAGE }) }],
  installSampleData: [{ name: 'a package\'s sample data written into the tenant (administrators only)', doc: `mutation { installSampleData(package: "crm-core") }` }],
  purgeDeleted: [{ name: 'purge (a metadata right)', doc: `mutation { purgeDeleted }`, legit: metadataOnly }],
  removeGroupMember: [{ name: 'someone above, out of a group', doc: `mutation($u: ID!) { removeGroupMember(group: "elite", member: {user: $u}) { id } }`, vars: () => ({ u: T.boss.id }) }],
  reorderFields: [{ name: 'field order (a metadata right)', doc: `mutation { reorderFields(object: "deal", fields: ["name"]) { name } }`, legit: metadataOnly }],
  restoreField: [{ name: 'a field (a metadata right)', doc: `mutation { restoreField(object: "lead", name: "gone") { name } }`, legit: metadataOnly }],
  restoreObject: [{ name: 'an object (a metadata right)', doc: `mutation { restoreObject(name: "gone") { name } }`, legit: metadataOnly }],
  revokeApiKey: [{ name: 'the administrator\'s key', doc: `mutation($id: ID!) { revokeApiKey(id: $id) { id } }`, vars: () => ({ id: T.adminKeyId }) }],
  saveDashboard: [{ name: 'a dashboard (a metadata right)', doc: `mutation { saveDashboard(input: {name: "d", blocks: []}) { id } }`, legit: metadataOnly }],
  saveListView: [{ name: 'the administrator\'s shared view', doc: `mutation($id: ID!) { saveListView(input: {id: $id, object: "lead", name: "mine now", shared: true}) { id } }`, vars: () => ({ id: T.adminView }), legit: metadataOnly }],
  saveScript: [{ name: 'a trigger (it would run with the rights of whoever writes a lead)', doc: `mutation { saveScript(input: {name: "spy", language: JS, source: "export const triggers = { lead: { async afterCreate(ctx) {} } };"}) { version } }` }],
  rollbackMetadata: [{ name: 'the configuration (objects, roles, groups, shares) rolled back to its first entry: each kind touched needs its own right', doc: `mutation { rollbackMetadata(to: 1) { version } }` }],
  setClock: [{ name: 'the platform clock set (administrators only, with TESSERA_TEST_CLOCK=1)', doc: `mutation { setClock(at: "2030-01-01T00:00:00Z") { now } }` }],
  shareRecord: [
    { name: 'a record the actor cannot see', doc: `mutation($id: ID!, $u: ID!) { shareRecord(object: "lead", id: $id, with: {user: $u}, access: READ) }`, vars: (me) => ({ id: T.leads.get('boss'), u: me.id }), code: 'NOT_FOUND' },
    { name: 'an own record for editing, without update rights', doc: `mutation($id: ID!, $u: ID!) { shareRecord(object: "lead", id: $id, with: {user: $u}, access: READ_WRITE) }`, vars: (_me, a) => ({ id: T.leads.get(a), u: T.sub.id }), legit: canUpdateLead },
  ],
  unassignPermissionSet: [{ name: 'from someone above', doc: `mutation($u: ID!) { unassignPermissionSet(user: $u, permissionSet: "superset") { id } }`, vars: () => ({ u: T.boss.id }) }],
  updateField: [{ name: 'rename a hidden field (its restrictions follow; tried in the legit uses)', doc: `mutation { updateField(object: "lead", name: "salary", input: {name: "pay"}) { name } }`, legit: metadataOnly }],
  updateObject: [
    { name: 'a PRIVATE object made public read-write', doc: `mutation { updateObject(name: "lead", input: {sharing: PUBLIC_READ_WRITE}) { name } }` },
    { name: 'a PRIVATE object made public read', doc: `mutation { updateObject(name: "lead", input: {sharing: PUBLIC_READ}) { name } }` },
  ],
  updatePermissionSet: [
    { name: 'capabilities added to an own set', doc: `mutation { updatePermissionSet(name: "base", input: {capabilities: ${ALL_CAPS}}) { id } }` },
    { name: 'a set with more rights, renamed', doc: `mutation { updatePermissionSet(name: "superset", input: {name: "renamed"}) { id } }` },
  ],
  updateRole: [
    { name: 'capabilities added to the own role', doc: `mutation { updateRole(name: "mid", input: {capabilities: ${ALL_CAPS}}) { id } }` },
    { name: 'capabilities added to a subordinate\'s role', doc: `mutation { updateRole(name: "low", input: {capabilities: ${ALL_CAPS}}) { id } }` },
    { name: 'a role with more rights, renamed', doc: `mutation { updateRole(name: "powerLow", input: {name: "renamed"}) { id } }` },
    { name: 'a subordinate\'s role moved to another branch', doc: `mutation { updateRole(name: "low", input: {parent: "other"}) { id } }` },
  ],
  updateUser: [
    { name: 'self made administrator', doc: `mutation($id: ID!) { updateUser(id: $id, input: {isAdmin: true}) { id } }`, vars: (me) => ({ id: me.id }) },
    { name: 'the administrator renamed', doc: `mutation($id: ID!) { updateUser(id: $id, input: {name: "x"}) { id } }`, vars: () => ({ id: T.admin.id }) },
    { name: 'the administrator\'s password reset', doc: `mutation($id: ID!) { updateUser(id: $id, input: {password: "taken over 1"}) { id } }`, vars: () => ({ id: T.admin.id }) },
    { name: 'the administrator deactivated', doc: `mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }`, vars: () => ({ id: T.admin.id }) },
    { name: 'a user with more rights: password reset', doc: `mutation($id: ID!) { updateUser(id: $id, input: {password: "taken over 1"}) { id } }`, vars: () => ({ id: T.boss.id }) },
    { name: 'a peer: password reset', doc: `mutation($id: ID!) { updateUser(id: $id, input: {password: "taken over 1"}) { id } }`, vars: () => ({ id: T.peer.id }) },
    { name: 'self moved to a role above', doc: `mutation($id: ID!) { updateUser(id: $id, input: {role: "top"}) { id } }`, vars: (me) => ({ id: me.id }) },
    { name: 'a subordinate moved above the actor', doc: `mutation($id: ID!) { updateUser(id: $id, input: {role: "top"}) { id } }`, vars: () => ({ id: T.sub.id }) },
    { name: 'a subordinate made administrator', doc: `mutation($id: ID!) { updateUser(id: $id, input: {isAdmin: true}) { id } }`, vars: () => ({ id: T.sub.id }) },
    { name: 'a subordinate given a role with more rights', doc: `mutation($id: ID!) { updateUser(id: $id, input: {role: "powerLow"}) { id } }`, vars: () => ({ id: T.sub.id }) },
  ],
};

/** Queries read; none changes a right. Those that read more than metadata need the capability named. */
const QUERIES: Record<string, string> = {
  apiKeys: 'own keys; others\' need manageUsers (never a secret)', apps: 'anyone signed in: the apps, each with the objects the caller may read', clock: 'administrators', dashboard: 'metadata', dashboards: 'metadata', document: 'metadata', duplicateRules: 'metadata', fieldTypes: 'metadata',
  fieldUsage: 'metadata', groups: 'security setup', marketplace: 'anyone signed in: the platform registry\'s published packages (no tenant data)', jobs: 'administrators (the tenant\'s job history)', listViews: 'own and shared views', me: 'the caller', metadataVersion: 'metadata', object: 'metadata', objects: 'metadata',
  metadataHistory: 'manageMetadata or manageUsers: the history of the kinds the caller may change',
  permissionSets: 'security setup', roles: 'security setup', scriptFailures: 'manageMetadata', scriptTypes: 'manageMetadata', scripts: 'manageMetadata',
  sharingRules: 'security setup', user: 'self, or manageUsers', users: 'manageUsers', validationRules: 'metadata',
  tenant: 'anyone signed in: their own tenant\'s id, slug and name',
  packages: 'administrators (the packages installed in the tenant)',
  plugins: 'anyone signed in: the server\'s plugins (no tenant data; navigation entries needing a capability the caller lacks left out)',
};

describe('the rights-escalation matrix', () => {
  it('every verb of the metadata API is in the matrix', async () => {
    const res = await T.md(T.admin.key, `{ __schema { queryType { fields { name } } mutationType { fields { name } } } }`);
    const mutations = res.data.__schema.mutationType.fields.map((f: { name: string }) => f.name).sort();
    const queries = res.data.__schema.queryType.fields.map((f: { name: string }) => f.name).sort();
    expect(mutations).toEqual(Object.keys(MUTATIONS).sort());
    expect(queries).toEqual(Object.keys(QUERIES).sort());
  });

  let tried = 0;
  for (const actor of ACTORS) {
    it(`${actor}: every verb that could reach a right it lacks is refused, and nothing changes`, async () => {
      const me = T.actors.get(actor)!;
      const wrong: string[] = [];
      let state = await snapshot(server, T);
      for (const [verb, attempts] of Object.entries(MUTATIONS)) {
        for (const a of attempts) {
          if (a.legit?.(actor)) continue;
          const res = await T.md(me.key, a.doc, a.vars?.(me, actor));
          tried++;
          const expected = a.code ?? 'FORBIDDEN';
          if (codeOf(res) !== expected) wrong.push(`${verb} (${a.name}): ${codeOf(res)} ${res.errors?.[0]?.message ?? JSON.stringify(res.data)}`);
          const now = await snapshot(server, T);
          if (now !== state) {
            wrong.push(`${verb} (${a.name}): CHANGED the security or metadata tables`);
            state = now;
          }
        }
      }
      expect(wrong).toEqual([]);
    });
  }

  it('tried every attempt for every right', () => {
    const perActor = ACTORS.map((a) => Object.values(MUTATIONS).flat().filter((x) => !x.legit?.(a)).length);
    expect(tried).toBe(perActor.reduce((x, y) => x + y, 0));
    console.log(`escalation matrix: ${ACTORS.length} rights × ${Object.keys(MUTATIONS).length} verbs, ${tried} attempts refused`);
  });
});

describe('legitimate uses of a right still work', () => {
  const ok = (res: { errors?: unknown; data?: any }, what: string) => {
    if (res.errors) throw new Error(`${what}: ${JSON.stringify(res.errors)}`);
    return res.data;
  };

  it('manageUsers manages users below it with rights within its own: users, passwords, keys, roles, sets, groups', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    const md = (q: string, v?: Record<string, unknown>) => T.md(me.key, q, v);
    const created = ok(await md(`mutation { createUser(input: {email: "helper@esc.test", name: "helper", role: "low", password: "helper password 1"}) { id role } }`), 'createUser').createUser;
    expect(created.role).toBe('low');
    const key = ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: created.id }), 'createApiKey').createApiKey.key;
    expect((await T.api(key, `{ deals { totalCount } }`)).errors).toBeUndefined();
    ok(await md(`mutation($id: ID!) { updateUser(id: $id, input: {name: "sub renamed", password: "sub password 2"}) { id } }`, { id: T.sub.id }), 'updateUser sub');
    ok(await md(`mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: T.sub.id }), 'key for sub');
    ok(await md(`mutation { createUser(input: {email: "plain@esc.test", name: "plain"}) { id } }`), 'a plain user without credentials');
    ok(await md(`mutation { createRole(input: {name: "helpers", parent: "low", objectPermissions: [{object: "deal", read: true}]}) { id } }`), 'createRole');
    ok(await md(`mutation { createPermissionSet(input: {name: "dealReaders", objectPermissions: [{object: "deal", read: true}]}) { id } }`), 'createPermissionSet');
    ok(await md(`mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "dealReaders") { id } }`, { u: created.id }), 'assign');
    ok(await md(`mutation { updatePermissionSet(name: "dealReaders", input: {objectPermissions: [{object: "deal", read: true, create: true}]}) { id } }`), 'updatePermissionSet');
    ok(await md(`mutation($u: ID!) { unassignPermissionSet(user: $u, permissionSet: "dealReaders") { id } }`, { u: created.id }), 'unassign');
    ok(await md(`mutation { deletePermissionSet(name: "dealReaders") }`), 'deletePermissionSet');
    ok(await md(`mutation($u: ID!) { createGroup(input: {name: "team", members: [{user: $u}]}) { id } }`, { u: T.sub.id }), 'createGroup');
    ok(await md(`mutation($u: ID!) { addGroupMember(group: "team", member: {user: $u}) { id } }`, { u: created.id }), 'addGroupMember');
    ok(await md(`mutation($id: ID!) { updateUser(id: $id, input: {isActive: false}) { id } }`, { id: created.id }), 'deactivate');
    ok(await md(`mutation($id: ID!) { updateUser(id: $id, input: {name: "me", password: "my new password 1"}) { id } }`, { id: me.id }), 'self');
    const history = await server.platform.pool.query(`select count(*)::int as n from tessera.metadata_history where tenant_id = $1 and actor_id = $2`, [T.id, me.id]);
    expect(history.rows[0].n).toBeGreaterThanOrEqual(15);
  });

  it('manageMetadata changes metadata, but a rename keeps a hidden field hidden and records are opened only with View/Modify All', async () => {
    const me = T.actors.get('cap:manageMetadata')!;
    const md = (q: string, v?: Record<string, unknown>) => T.md(me.key, q, v);
    ok(await md(`mutation { updateField(object: "lead", name: "salary", input: {name: "pay"}) { name } }`), 'rename');
    const mine = await T.api(me.key, `query($id: ID!) { lead(id: $id) { name pay } }`, { id: T.leads.get('cap:manageMetadata') });
    expect(mine.data?.lead, JSON.stringify(mine.errors)).toMatchObject({ pay: null });
    expect(codeOf(await T.api(me.key, `{ leads(filter: {pay: {gt: 0}}) { totalCount } }`))).toBe('FORBIDDEN');
    const boss = await T.api(T.boss.key, `query($id: ID!) { lead(id: $id) { pay } }`, { id: T.leads.get('cap:manageMetadata') });
    expect(boss.data?.lead?.pay, JSON.stringify(boss.errors)).toBeGreaterThan(0);
    const sets = await server.platform.pool.query(`select name, field_permissions from tessera.permission_sets where tenant_id = $1 and name in ('base', 'superset') order by name`, [T.id]);
    for (const row of sets.rows) expect(JSON.stringify(row.field_permissions)).toContain('"field": "pay"'.replace(': ', ':'));

    ok(await md(`mutation { updateObject(name: "deal", input: {sharing: PRIVATE}) { name } }`), 'a tighter sharing model');
    expect(codeOf(await md(`mutation { updateObject(name: "deal", input: {sharing: PUBLIC_READ_WRITE}) { name } }`))).toBe('FORBIDDEN');
    ok(await T.md(T.admin.key, `mutation { updateObject(name: "deal", input: {sharing: PUBLIC_READ_WRITE}) { name } }`), 'the administrator opens it again');

    // Removing a master-detail field would open its children to everyone: as opening a sharing model.
    ok(await md(`mutation($d: JSON!) { applyMetadata(document: $d) { applied } }`, { d: { objects: [{ name: 'part', fields: [{ name: 'name', type: 'text' }, { name: 'lead', type: 'masterDetail', target: 'lead' }] }] } }), 'child object');
    expect(codeOf(await md(`mutation { deleteField(object: "part", name: "lead") { name } }`))).toBe('FORBIDDEN');
    ok(await md(`mutation { createField(object: "part", input: {name: "note", type: TEXT}) { name } }`), 'createField');
  });

  it('the owner of a record with update rights shares it for editing; a read-only right shares it for reading only', async () => {
    const writer = T.actors.get('none')!;
    ok(await T.md(writer.key, `mutation($id: ID!, $u: ID!) { shareRecord(object: "lead", id: $id, with: {user: $u}, access: READ_WRITE) }`, { id: T.leads.get('none'), u: T.sub.id }), 'share');
    expect((await T.api(T.sub.key, `query($id: ID!) { lead(id: $id) { id } }`, { id: T.leads.get('none') })).data?.lead).toEqual({ id: T.leads.get('none') });
    const reader = T.actors.get('leadReadOnly')!;
    ok(await T.md(reader.key, `mutation($id: ID!, $u: ID!) { shareRecord(object: "lead", id: $id, with: {user: $u}, access: READ) }`, { id: T.leads.get('leadReadOnly'), u: T.sub.id }), 'share for reading');
    expect(codeOf(await T.md(reader.key, `mutation($id: ID!, $u: ID!) { shareRecord(object: "lead", id: $id, with: {user: $u}, access: READ_WRITE) }`, { id: T.leads.get('leadReadOnly'), u: T.sub.id }))).toBe('FORBIDDEN');
  });
});

describe('a change of rights reaches keys and sessions at once', () => {
  it('a capability taken away, and an administrator demoted: their existing keys lose it on the next request', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    expect(codeOf(await T.md(me.key, `{ users { id } }`))).toBe('OK');
    const set = 'own cap:manageUsers';
    expect(codeOf(await T.md(T.admin.key, `mutation($n: String!) { updatePermissionSet(name: $n, input: {capabilities: []}) { id } }`, { n: set }))).toBe('OK');
    expect(codeOf(await T.md(me.key, `{ users { id } }`))).toBe('FORBIDDEN');
    expect(codeOf(await T.md(T.admin.key, `mutation($n: String!) { updatePermissionSet(name: $n, input: {capabilities: [manageUsers]}) { id } }`, { n: set }))).toBe('OK');
    expect(codeOf(await T.md(me.key, `{ users { id } }`))).toBe('OK');

    const second = (await T.md(T.admin.key, `mutation { createUser(input: {email: "admin2@esc.test", name: "admin2", isAdmin: true}) { id } }`)).data.createUser.id;
    const key = (await T.md(T.admin.key, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: second })).data.createApiKey.key;
    expect(codeOf(await T.md(key, `mutation { createField(object: "deal", input: {name: "byAdmin2", type: TEXT}) { name } }`))).toBe('OK');
    expect((await T.api(key, `{ leads { totalCount } }`)).data.leads.totalCount).toBeGreaterThan(5);
    expect(codeOf(await T.md(T.admin.key, `mutation($id: ID!) { updateUser(id: $id, input: {isAdmin: false}) { id } }`, { id: second }))).toBe('OK');
    expect(codeOf(await T.md(key, `mutation { createField(object: "deal", input: {name: "byAdmin2b", type: TEXT}) { name } }`))).toBe('FORBIDDEN');
    expect(codeOf(await T.api(key, `{ leads { totalCount } }`))).toBe('FORBIDDEN');
  });
});

describe('a key minted for someone else carries at most its issuer\'s rights', () => {
  it('works while its user\'s rights are within the issuer\'s, is suspended (FORBIDDEN) while they exceed them, and works again after', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    const user = (await T.md(me.key, `mutation { createUser(input: {email: "delegate@esc.test", name: "delegate", role: "low"}) { id } }`)).data.createUser.id;
    const minted = (await T.md(me.key, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).data.createApiKey.key;
    const own = (await T.md(T.admin.key, `mutation($u: ID!) { createApiKey(user: $u) { key } }`, { u: user })).data.createApiKey.key;
    expect(codeOf(await T.api(minted, `{ deals { totalCount } }`))).toBe('OK');

    expect(codeOf(await T.md(T.admin.key, `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, { u: user }))).toBe('OK');
    const suspended = await T.api(minted, `{ leads { totalCount } }`);
    expect(codeOf(suspended)).toBe('FORBIDDEN');
    expect(suspended.status).toBe(403);
    expect(codeOf(await T.md(minted, `mutation { createObject(input: {name: "viaDelegate", fields: [{name: "x", type: TEXT}]}) { name } }`))).toBe('FORBIDDEN');
    expect((await T.api(own, `{ leads { totalCount } }`)).data.leads.totalCount).toBeGreaterThan(5);

    expect(codeOf(await T.md(T.admin.key, `mutation($u: ID!) { unassignPermissionSet(user: $u, permissionSet: "superset") { id } }`, { u: user }))).toBe('OK');
    expect(codeOf(await T.api(minted, `{ deals { totalCount } }`))).toBe('OK');
    const row = (await server.platform.pool.query(`select issued_by from tessera.api_keys where user_id = $1 order by created_at`, [user])).rows;
    expect(row.map((r) => r.issued_by)).toEqual([me.id, null]);
  });
});

describe('a password set for someone else carries at most its setter\'s rights', () => {
  it('sessions signed in with it are suspended while the user\'s rights exceed the setter\'s; a password the user sets themself is theirs', async () => {
    const me = T.actors.get('cap:manageUsers')!;
    const user = (await T.md(me.key, `mutation { createUser(input: {email: "pw@esc.test", name: "pw", role: "low", password: "set by manager 1"}) { id } }`)).data.createUser.id;
    const tenantSlug = (await server.platform.pool.query('select slug from tessera.tenants where id = $1', [T.id])).rows[0].slug;
    const browser = await studio(server, 'pw@esc.test', 'set by manager 1', tenantSlug);
    expect(codeOf(await browser.gql('/graphql', `{ deals { totalCount } }`))).toBe('OK');
    expect(codeOf(await T.md(T.admin.key, `mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "superset") { id } }`, { u: user }))).toBe('OK');
    const suspended = await browser.gql('/graphql', `{ leads { totalCount } }`);
    expect(codeOf(suspended)).toBe('FORBIDDEN');
    expect(codeOf(await browser.gql('/metadata', `{ me { id } }`))).toBe('FORBIDDEN');
    // The administrator resets it: the password is no longer the manager's, and the session works with every right.
    expect(codeOf(await T.md(T.admin.key, `mutation($id: ID!) { updateUser(id: $id, input: {password: "set by admin 1"}) { id } }`, { id: user }))).toBe('OK');
    const again = await studio(server, 'pw@esc.test', 'set by admin 1', tenantSlug);
    expect((await again.gql('/graphql', `{ leads { totalCount } }`)).data.leads.totalCount).toBeGreaterThan(5);
    expect((await server.platform.pool.query('select password_set_by from tessera.users where id = $1', [user])).rows[0].password_set_by).toBeNull();
  });
});

describe('the data API: object-level rights', () => {
  const KINDS: [RegExp, string][] = [
    [/^createLead$/, `mutation { m: createLead(data: {name: "x"}) { id } }`],
    [/^createLeads$/, `mutation { m: createLeads(data: [{name: "x"}]) { id } }`],
    [/^updateLead$/, `mutation($id: ID!) { m: updateLead(id: $id, data: {name: "x"}) { id } }`],
    [/^updateLeads$/, `mutation { m: updateLeads(filter: {}, data: {name: "x"}) { count } }`],
    [/^deleteLead$/, `mutation($id: ID!) { m: deleteLead(id: $id) { id } }`],
    [/^deleteLeads$/, `mutation { m: deleteLeads(filter: {}) { count } }`],
    [/^restoreLead$/, `mutation($id: ID!) { m: restoreLead(id: $id) { id } }`],
    [/^upsertLead$/, `mutation($email: String!) { m: upsertLead(match: {email: $email}, data: {name: "x"}) { id } }`],
    [/^mergeLead$/, `mutation($id: ID!) { m: mergeLead(masterId: $id, duplicateIds: ["${UUID0}"]) { id } }`],
  ];

  for (const actor of ['leadReadOnly', 'leadViewAll'] as const) {
    it(`${actor}: every lead mutation of its API (enumerated by introspection) is refused, and nothing is written`, async () => {
      const me = T.actors.get(actor)!;
      const fields = (await T.api(me.key, `{ __schema { mutationType { fields { name } } } }`)).data.__schema.mutationType.fields.map((f: { name: string }) => f.name) as string[];
      const lead = fields.filter((f) => /Leads?$/.test(f));
      expect(lead.length).toBeGreaterThan(0);
      const own = T.leads.get(actor)!;
      const email = (await server.platform.pool.query(`select email from "${T.schema}".lead where id = $1`, [own])).rows[0].email;
      const before = await snapshot(server, T);
      for (const name of lead) {
        const kind = KINDS.find(([re]) => re.test(name));
        expect(kind, `no attempt for the data API mutation ${name}`).toBeDefined();
        const res = await T.api(me.key, kind![1], kind![1].includes('$id') ? { id: own } : kind![1].includes('$email') ? { email } : undefined);
        expect(codeOf(res), `${actor} ${name}`).toBe('FORBIDDEN');
      }
      expect(await snapshot(server, T)).toBe(before);
    });
  }
});
