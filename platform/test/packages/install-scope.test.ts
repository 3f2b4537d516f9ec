import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { generatePublisherKey, registerPublisher, signPackage, type PackageManifest } from '../../src/packages/index.ts';
import type { RunningServer } from '../../src/server/start.ts';
import { gql, ok } from '../support/server.ts';
import { adminTenant, install, startPackagesServer, type Md } from './install-support.ts';

/**
 * An app's code runs with the rights it was granted (issue 17): a package's script reaches the
 * objects of its package and of the packages it depends on, and nothing else of the tenant — not
 * the tenant's own objects, not another app's — even when an administrator runs it. Its triggers on
 * an object outside that scope never run. The tenant's own scripts are not scoped.
 */
let server: RunningServer;
let md: Md;
let api: (q: string, v?: Record<string, unknown>) => Promise<any>;
const hex = randomBytes(4).toString('hex');
const a = `a${hex}`;
const b = `b${hex}`;
const cap = (s: string) => s[0].toUpperCase() + s.slice(1);

const base = (): PackageManifest => ({
  namespace: a, name: `${a}-base`, version: '1.0.0', label: { en: 'Base', 'zh-CN': '基础' }, dependencies: {}, rights: [],
  components: { objects: [{ name: `${a}__thing`, fields: [{ name: 'title', type: 'text' }] }] },
});

const SCRIPT = `
export const actions = {
  ${b}__note: {
    probe: {
      async run(ctx, args) {
        const reach = async (object) => {
          try { return (await ctx.db.find(object, { first: 5 })).length; } catch (e) { return String(e.message).split(':')[0]; }
        };
        return { own: await reach('${b}__note'), dependency: await reach('${a}__thing'), tenant: await reach('secret'), other: await reach('${a}x__other') };
      },
    },
  },
};
export const triggers = {
  secret: { beforeCreate(ctx) { for (const r of ctx.records) r.label = 'seen by the app'; } },
  ${b}__note: { beforeCreate(ctx) { for (const r of ctx.records) r.body = 'stamped'; } },
};`;

const app = (): PackageManifest => ({
  namespace: b, name: `${b}-app`, version: '1.0.0', label: { en: 'App', 'zh-CN': '应用' }, dependencies: { [`${a}-base`]: '^1.0.0' }, rights: [],
  components: {
    objects: [{ name: `${b}__note`, fields: [{ name: 'body', type: 'text' }] }],
    scripts: [{ name: `${b}__probe`, language: 'JS', source: SCRIPT }],
  },
});

/** Another app the first does not depend on. */
const other = (): PackageManifest => ({
  namespace: `${a}x`, name: `${a}x-other`, version: '1.0.0', label: { en: 'Other', 'zh-CN': '其他' }, dependencies: {}, rights: [],
  components: { objects: [{ name: `${a}x__other`, fields: [{ name: 'title', type: 'text' }] }] },
});

beforeAll(async () => {
  server = await startPackagesServer();
  const t = await adminTenant(server, 'scope');
  md = t.md;
  api = (q, v) => gql(server, '/graphql', t.apiKey, q, v);
  const pair = generatePublisherKey();
  await registerPublisher(server.platform.sql, { name: `pub-${hex}`, publicKey: pair.publicKey });
  for (const manifest of [base(), app(), other()]) ok(await md('mutation($p: JSON!) { publishPackage(package: $p) { name } }', { p: signPackage({ manifest }, pair.privateKeyPem) }));
  ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { objects: [{ name: 'secret', fields: [{ name: 'label', type: 'text' }] }] } }));
  for (const name of [`${b}-app`, `${a}x-other`]) ok(await install(md, name));
}, 120_000);
afterAll(async () => { await server?.close(); });

it('a package\'s script reaches its own and its dependencies\' objects, and is refused the tenant\'s and another app\'s', async () => {
  ok(await api(`mutation { create${cap(a)}__thing(data: {title: "t"}) { id } }`));
  ok(await api('mutation { createSecret(data: {label: "private"}) { id } }'));
  const note = ok(await api(`mutation { create${cap(b)}__note(data: {}) { id body } }`))[`create${cap(b)}__note`];
  // The app's trigger on its own object ran.
  expect(note.body).toBe('stamped');
  // Run by the administrator: the scope is the app's, not the caller's.
  const probed = ok(await api(`mutation($id: ID!) { m: ${b}__noteProbe(id: $id) }`, { id: note.id })).m;
  expect(probed).toEqual({ own: 1, dependency: 1, tenant: 'FORBIDDEN', other: 'FORBIDDEN' });
});

it('its trigger on an object outside its scope never runs', async () => {
  const created = ok(await api('mutation { createSecret(data: {label: "mine"}) { label } }')).createSecret;
  expect(created.label).toBe('mine');
});

it('the tenant\'s own scripts are not scoped', async () => {
  const saved = ok(await md('mutation($d: JSON!) { applyMetadata(document: $d) { version } }', { d: { scripts: [{ name: 'own', language: 'JS', source: `export const actions = { secret: { peek: { async run(ctx) { return (await ctx.db.find('${b}__note', { first: 5 })).length; } } } };` }] } }));
  expect(saved).toBeDefined();
  const secret = ok(await api('mutation { createSecret(data: {label: "x"}) { id } }')).createSecret.id;
  expect(ok(await api('mutation($id: ID!) { m: secretPeek(id: $id) }', { id: secret })).m).toBeGreaterThanOrEqual(1);
});
