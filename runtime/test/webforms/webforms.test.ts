import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../../platform/src/server/start.ts';
import { gql, metadataClient } from '../../../platform/test/support/server.ts';
import { createWebFormsPlugin } from '../../src/webforms/index.ts';
import { ACCOUNT, ACTIVITY, LEAD, ok, startScoringServer } from '../scoring/support.ts';
import { wfTenant, type WfTenant } from '../workflows/support.ts';

/**
 * Web-to-lead forms: a public post creates a lead through the save pipeline as the system (via
 * webForm), duplicate rules and reactivation apply (a post matching a pooled lead reactivates it and
 * notifies its team), a filled honeypot stores nothing, rate windows hold a flood off, and every
 * refusal is typed (404 unknown tenant or form, 400 with the input's pointer, 429) — never a 500.
 */
let server: RunningServer;
let t: WfTenant;
let slug: string;
interface User { id: string; api: (q: string, v?: Record<string, unknown>) => Promise<any> }
let ann: User, boss: User;

async function user(name: string): Promise<User> {
  const email = `${name}-${Date.now()}-${Math.random()}@example.com`;
  const id = (await t.meta('mutation($i: CreateUserInput!) { createUser(input: $i) { id } }', { i: { email, name } })).createUser.id as string;
  await t.meta('mutation($u: ID!) { assignPermissionSet(user: $u, permissionSet: "reps") { id } }', { u: id });
  const key = (await t.meta('mutation($u: ID!) { createApiKey(user: $u) { key } }', { u: id })).createApiKey.key as string;
  return { id, api: async (q, v) => ok(await gql(server, '/graphql', key, q, v)) };
}

const post = (form: string, body: unknown, headers: Record<string, string> = {}, tenant = slug) => fetch(`${server.url}/forms/${tenant}/${form}`, {
  method: 'POST', redirect: 'manual',
  headers: { 'content-type': typeof body === 'string' ? 'application/x-www-form-urlencoded' : 'application/json', ...headers },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const leads = async () => (await t.api('{ leads(first: 500) { edges { node { id name phone channel notes status owner { id } } } } }')).leads.edges.map((e: any) => e.node);
const inbox = async (u: User, id: string) => (await u.api('{ notifications(unread: true) }')).notifications.nodes.filter((n: any) => n.recordId === id);

beforeAll(async () => {
  server = await startScoringServer();
  await server.platform.plugins.install(createWebFormsPlugin());
  t = await wfTenant(server, [ACCOUNT, LEAD, ACTIVITY]);
  slug = (await server.platform.pool.query<{ slug: string }>('select slug from tessera.tenants where id = $1', [t.id])).rows[0].slug;
  const crud = { read: true, create: true, update: true, delete: true };
  await t.apply({ permissionSets: [{ name: 'reps', objectPermissions: [{ object: 'lead', ...crud }, { object: 'activity', ...crud }] }] });
  [ann, boss] = [await user('ann'), await user('boss')];
  await t.setClock('2031-03-03T01:00:00Z');
  await t.apply({
    pools: [
      { name: 'main', object: 'lead', default: true, privateCap: 5, members: [{ type: 'user', users: [ann.id] }] },
      { name: 'web', object: 'lead', members: [{ type: 'user', users: [ann.id] }] },
    ],
    duplicateRules: [{ name: 'samePhone', object: 'lead', action: 'BLOCK', match: { field: 'phone', match: 'exact' } }],
    validationRules: [{ name: 'phoneDigits', object: 'lead', field: 'phone', assert: 'OR(ISBLANK(phone), LEN(phone) >= 6)', message: { en: 'A phone has at least 6 digits', zh: '电话至少6位' } }],
    reactivations: [{ name: 'leadReinquiry', object: 'lead', update: ['channel', 'notes'], set: { status: 'New' }, note: { object: 'activity', field: 'lead', values: { type: 'Note' }, textField: 'subject' }, notify: [boss.id] }],
    webForms: [
      {
        name: 'contact', object: 'lead', honeypot: 'website', pool: 'web', set: { channel: 'Web form' },
        fields: [{ field: 'name', required: true, label: { en: 'Name', zh: '姓名' } }, { field: 'phone', name: 'tel', required: true }, { field: 'notes' }],
        allowedOrigins: ['https://shop.example.com'], successRedirect: 'https://shop.example.com/thanks',
        rateLimit: { perIp: { count: 100, per: 'minute' } },
      },
      { name: 'tight', object: 'lead', fields: [{ field: 'name', required: true }], rateLimit: { perIp: { count: 2, per: 'minute' } } },
    ],
  });
}, 180_000);
afterAll(async () => { await server?.close(); });

describe('web forms', () => {
  it('refuses bad configuration with pointers', async () => {
    const bad = await metadataClient(server, t.apiKey)('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', {
      d: { webForms: [{ name: 'broken', object: 'lead', honeypot: 'name', pool: 'nope', fields: [{ field: 'missing' }, { field: 'name' }, { field: 'owner' }], set: { ghost: 1 } }] },
    });
    expect(bad.errors?.[0]?.extensions?.code).toBe('VALIDATION_FAILED');
    const pointers: string[] = (bad.errors as any)[0].extensions.errors.map((e: any) => e.pointer);
    for (const p of ['/fields/0/field', '/fields/2/field', '/honeypot', '/pool', '/set/ghost']) expect(pointers.some((x) => x.endsWith(p)), `${p} in ${pointers.join(', ')}`).toBe(true);
    const schema = await (await fetch(`${server.url}/metadata/schema`)).json() as { schemas: Record<string, unknown> };
    expect(JSON.stringify(schema.schemas)).toContain('Web form');
  });

  it('a urlencoded post creates a lead as the system via webForm, in the form\'s pool, and redirects', async () => {
    const res = await post('contact', 'name=Li+Lei&tel=13900000001&notes=trial+class&extra=ignored', { origin: 'https://shop.example.com' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('https://shop.example.com/thanks');
    expect(res.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const lead = (await leads()).find((l: any) => l.phone === '13900000001');
    expect(lead).toMatchObject({ name: 'Li Lei', channel: 'Web form', notes: 'trial class', owner: null });
    const history = (await t.api('query($id: ID!) { recordHistory(object: "lead", id: $id) { via } }', { id: lead.id })).recordHistory.map((e: any) => e.via);
    expect(history[0]).toBe('webForm');
    const pool = (await t.api('query($id: ID!) { poolHistory(object: "lead", id: $id) }', { id: lead.id })).poolHistory;
    expect(pool.at(-1)).toMatchObject({ action: 'TRANSFER', pool: 'web' });
  });

  it('a JSON post answers the success message; CORS preflight names only allowed origins', async () => {
    const res = await post('contact', { name: 'Han Meimei', tel: '13900000002' });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    const allowed = await fetch(`${server.url}/forms/${slug}/contact`, { method: 'OPTIONS', headers: { origin: 'https://shop.example.com' } });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://shop.example.com');
    const other = await fetch(`${server.url}/forms/${slug}/contact`, { method: 'OPTIONS', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('a filled honeypot answers as a success and stores nothing', async () => {
    const before = (await leads()).length;
    const res = await post('contact', 'name=Bot&tel=13900000099&website=http%3A%2F%2Fspam.example', {});
    expect(res.status).toBe(303);
    expect((await leads()).length).toBe(before);
    expect((await leads()).some((l: any) => l.phone === '13900000099')).toBe(false);
  });

  it('unknown tenants and forms are typed 404s; bad values are 400s pointing at the input; nothing half-written', async () => {
    for (const res of [await post('nope', { name: 'x' }), await post('contact', { name: 'x' }, {}, 'no-such-tenant'), await post('contact', { name: 'x' }, {}, 'BAD SLUG')]) {
      expect(res.status).toBe(404);
      expect((await res.json() as any).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    const before = (await leads()).length;
    const missing = await post('contact', { notes: 'no name' });
    expect(missing.status).toBe(400);
    const m = (await missing.json() as any).errors[0].extensions;
    expect(m.code).toBe('VALIDATION_FAILED');
    expect(m.errors.map((e: any) => e.pointer).sort()).toEqual(['/name', '/tel']);
    const rule = await post('contact', { name: 'Short', tel: '123' });
    expect(rule.status).toBe(400);
    expect((await rule.json() as any).errors[0].extensions.errors[0].pointer).toBe('/tel');
    const nested = await post('contact', { name: { $ne: 1 }, tel: '13900000003' });
    expect(nested.status).toBe(400);
    const notJson = await fetch(`${server.url}/forms/${slug}/contact`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' });
    expect(notJson.status).toBe(400);
    const xml = await fetch(`${server.url}/forms/${slug}/contact`, { method: 'POST', headers: { 'content-type': 'text/xml' }, body: '<a/>' });
    expect(xml.status).toBe(400);
    const array = await post('contact', [1, 2]);
    expect(array.status).toBe(400);
    expect((await leads()).length).toBe(before);
  });

  it('a post matching a pooled lead reactivates it (no duplicate) and notifies its team', async () => {
    const first = (await t.api('mutation($d: LeadCreateInput!) { createLead(data: $d) { id } }', { d: { name: 'Wang', phone: '13800000001', channel: 'SEO', owner: null } })).createLead;
    await ann.api('mutation($ids: [ID!]!) { claimRecords(object: "lead", ids: $ids) }', { ids: [first.id] });
    await ann.api('mutation($ids: [ID!]!) { releaseRecords(object: "lead", ids: $ids, reason: "no answer") }', { ids: [first.id] });
    const before = (await leads()).length;
    const res = await post('contact', { name: 'Wang again', tel: '13800000001', notes: 'asks for a price list' });
    expect(res.status).toBe(200);
    expect((await leads()).length).toBe(before);
    const lead = (await leads()).find((l: any) => l.id === first.id);
    expect(lead).toMatchObject({ name: 'Wang', channel: 'Web form', notes: 'asks for a price list', status: 'New', owner: { id: ann.id } });
    const actions = (await t.api('query($id: ID!) { poolHistory(object: "lead", id: $id) }', { id: first.id })).poolHistory.map((h: any) => h.action);
    expect(actions).toEqual(['CLAIM', 'RELEASE', 'REACTIVATE']);
    expect(await inbox(ann, first.id)).toHaveLength(1);
    expect(await inbox(boss, first.id)).toHaveLength(1);
    // An owned, active lead is still a duplicate: the rule refuses it, pointing at the input.
    const dup = await post('contact', { name: 'Wang thrice', tel: '13800000001' });
    expect(dup.status).toBe(409);
  });

  it('rate windows per address hold a flood off with 429 and Retry-After; the next window opens', async () => {
    expect((await post('tight', { name: 'a' })).status).toBe(200);
    expect((await post('tight', { name: 'b' })).status).toBe(200);
    const third = await post('tight', { name: 'c' });
    expect(third.status).toBe(429);
    const body = await third.json() as any;
    expect(body.errors[0].extensions.code).toBe('LIMIT_EXCEEDED');
    await t.advance('PT61S');
    expect((await post('tight', { name: 'd' })).status).toBe(200);
  });

  it('the windows are the deployment\'s, not a process\'s: a fresh plugin instance (another server\'s memory) still refuses', async () => {
    await t.advance('PT61S');
    expect((await post('tight', { name: 'e' })).status).toBe(200);
    expect((await post('tight', { name: 'f' })).status).toBe(200);
    // The same plugin with empty memory, as another process behind the load balancer would have.
    await server.platform.plugins.uninstall('webforms');
    await server.platform.plugins.install(createWebFormsPlugin());
    const refused = await post('tight', { name: 'g' });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as any).errors[0].extensions).toMatchObject({ code: 'LIMIT_EXCEEDED', rule: 'perIp' });
    expect((await leads()).filter((l: any) => l.name === 'g')).toHaveLength(0);
  });
});
