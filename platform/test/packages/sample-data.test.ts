import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { checkFixtures, generatePublisherKey, readSampleData, registerPublisher, signPackage, type PackageManifest } from '../../src/packages/index.ts';
import { PlatformError } from '../../src/errors/index.ts';
import { pgRunner } from '../../src/storage/sql/runner.ts';
import { gql, metadataClient, newTenant, ok, refused, startTestServer, uniqueSlug } from '../support/server.ts';
import { lessonsManifest } from './fixtures.ts';

let server: RunningServer;
let run: string;
let key: ReturnType<typeof generatePublisherKey>;

const SAMPLE = {
  tutor__room: [{ $key: 'r1', code: 'A-101' }, { $key: 'r2', code: 'B-202' }],
  tutor__lesson: [{ title: '数学 1', room: '$r1' }, { title: 'Physics', room: '$r2' }, { title: '$$5 special' }],
};

/** The lessons fixture under this run's names: namespace `<ns><run>`, package `<ns>-<run>`. */
const ns = (prefix: string) => `${prefix}${run}`;
function manifest(prefix: string): PackageManifest {
  const text = JSON.stringify(lessonsManifest()).replaceAll('tutor__', `${ns(prefix)}__`).replaceAll('"tutor"', `"${ns(prefix)}"`).replaceAll('tutor-lessons', `${prefix}-${run}`);
  return JSON.parse(text) as PackageManifest;
}
const renamed = (value: unknown, prefix: string) => JSON.stringify(value).replaceAll('tutor__', `${ns(prefix)}__`);

async function publish(prefix: string, sample?: unknown): Promise<PackageManifest> {
  const m = manifest(prefix);
  const files = sample === undefined ? undefined : { 'sample-data.json': typeof sample === 'string' ? sample : renamed(sample, prefix) };
  const tenant = await newTenant(server, 'sdp');
  ok(await metadataClient(server, tenant.apiKey)('mutation($p: JSON!) { publishPackage(package: $p) { name } }', { p: signPackage({ manifest: m, ...(files ? { files } : {}) }, key.privateKeyPem) }));
  return m;
}

/** A tenant with the package installed (the install engine: installPackage on /metadata). */
async function installed(m: PackageManifest) {
  const tenant = await newTenant(server, 'sd');
  const meta = metadataClient(server, tenant.apiKey);
  ok(await meta('mutation($n: String!) { installPackage(name: $n) { applied } }', { n: m.name }));
  return { tenant, meta };
}

const LOAD = 'mutation($p: String!) { installSampleData(package: $p) }';

beforeAll(async () => {
  server = await startTestServer();
  run = uniqueSlug('').slice(1, 9).replace(/[^a-z0-9]/g, '0');
  key = generatePublisherKey();
  await registerPublisher(pgRunner(server.platform.pool), { name: `sd-${run}`, publicKey: key.publicKey });
});
afterAll(async () => {
  await server?.close();
});

describe('installSampleData (/metadata)', () => {
  it('loads a registry package\'s files["sample-data.json"] through the records API: $key references become ids, $$ a literal $', async () => {
    const m = await publish('sd', SAMPLE);
    const { tenant, meta } = await installed(m);
    expect(ok(await meta(LOAD, { p: m.name })).installSampleData).toBe(5);
    const lessons = ok(await gql(server, '/graphql', tenant.apiKey, `{ ${ns('sd')}__lessons(orderBy: {title: ASC}) { nodes { title room { code } } } }`));
    expect(lessons[`${ns('sd')}__lessons`].nodes).toEqual([
      { title: '$5 special', room: null }, { title: 'Physics', room: { code: 'B-202' } }, { title: '数学 1', room: { code: 'A-101' } },
    ]);
  });

  it('refuses a package that is not installed in the tenant, and an unknown one (NOT_FOUND at /package)', async () => {
    const m = await publish('sa', '{}');
    const tenant = await newTenant(server, 'sd');
    const meta = metadataClient(server, tenant.apiKey);
    const notInstalled = refused(await meta(LOAD, { p: m.name }));
    expect(notInstalled.extensions.code).toBe('NOT_FOUND');
    expect(notInstalled.message).toContain('is not installed');
    expect(notInstalled.extensions.errors).toEqual([{ pointer: '/package', message: 'not installed' }]);
    const unknown = refused(await meta(LOAD, { p: `nothing-${run}` }));
    expect(unknown.extensions.code).toBe('NOT_FOUND');
  });

  it('refuses a package that ships no sample data', async () => {
    const m = await publish('sb');
    const { meta } = await installed(m);
    const error = refused(await meta(LOAD, { p: m.name }));
    expect(error.extensions.code).toBe('NOT_FOUND');
    expect(error.message).toContain('ships no sample data');
  });

  it('reads a bundled template by name: its sampleData file, its version; not installed, refused', async () => {
    const { listTemplates } = await import('@tessera/templates');
    const template = listTemplates().find((t) => t.name === 'crm-core') as { version: string; sampleData?: string };
    const source = await readSampleData(pgRunner(server.platform.pool), 'crm-core');
    expect(source).toMatchObject({ name: 'crm-core', version: template.version });
    expect(source.objects).toContain('lead');
    expect(source.document === undefined).toBe(!template.sampleData);
    const tenant = await newTenant(server, 'sd');
    const error = refused(await metadataClient(server, tenant.apiKey)(LOAD, { p: 'crm-core' }));
    expect(error.message).toContain('crm-core is not installed');
  });

  it('refuses a reference to an unknown key with its pointer, and creates nothing of a load a record of which is refused', async () => {
    const bad = { tutor__room: [{ $key: 'r1', code: 'A' }], tutor__lesson: [{ title: 'ok', room: '$r1' }, { title: 'x', room: '$r9' }] };
    const m1 = await publish('sr', bad);
    const one = await installed(m1);
    const error = refused(await one.meta(LOAD, { p: m1.name }));
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.errors).toEqual([{ pointer: `/${ns('sr')}__lesson/1/room`, message: expect.stringContaining('unknown key "r9"') }]);

    const refusedRecord = { tutor__room: [{ code: 'A' }], tutor__lesson: [{ title: 'fine' }, { room: null }] };
    const m2 = await publish('sv', refusedRecord);
    const two = await installed(m2);
    const refusal = refused(await two.meta(LOAD, { p: m2.name }));
    expect(refusal.extensions.code).toBe('VALIDATION_FAILED');
    expect(refusal.extensions.errors.map((d: { pointer: string }) => d.pointer)).toContain(`/${ns('sv')}__lesson/1/title`);
    const rooms = ok(await gql(server, '/graphql', two.tenant.apiKey, `{ ${ns('sv')}__rooms { nodes { id } } }`));
    expect(rooms[`${ns('sv')}__rooms`].nodes).toEqual([]);
  });

  it('is for administrators only', async () => {
    const tenant = await newTenant(server, 'sd');
    const meta = metadataClient(server, tenant.apiKey);
    const user = ok(await meta('mutation { createUser(input: {email: "u@x.test", name: "U"}) { id } }')).createUser;
    const { key: userKey } = await import('../../src/tenancy/index.ts').then((t) => t.createApiKey(server.platform.orm, tenant.tenant.id, user.id));
    expect(refused(await metadataClient(server, userKey)(LOAD, { p: 'crm-core' })).extensions.code).toBe('FORBIDDEN');
  });
});

describe('checkFixtures: every problem before anything is written', () => {
  const problems = (document: unknown, users: Record<string, string> = {}) => {
    try {
      checkFixtures(document, { users });
      return [];
    } catch (error) {
      return (error as PlatformError).details;
    }
  };

  it('names forward references, repeated keys, unknown users and bad shapes by their pointers', () => {
    expect(problems({
      account: [{ $key: 'a', name: 'A', owner: '@nobody', parent: '$b' }, { $key: 'b', name: 'B' }, { $key: 'a', name: 'again' }],
      contact: [{ account: ['$a', '$zz'] }, 'not a record'],
      deal: {},
    }, { admin: 'x' })).toEqual([
      { pointer: '/account/0/owner', message: 'unknown user "nobody"' },
      { pointer: '/account/0/parent', message: 'unknown key "b" (no earlier record has "$key": "b")' },
      { pointer: '/account/2/$key', message: '"a" names another record already' },
      { pointer: '/contact/0/account/1', message: 'unknown key "zz" (no earlier record has "$key": "zz")' },
      { pointer: '/contact/1', message: 'must be an object of field values' },
      { pointer: '/deal', message: 'must be a list of records' },
    ]);
    expect(problems([])).toEqual([{ pointer: '/', message: 'must be an object of record lists by object name' }]);
    expect(problems({ account: [{ name: '@@handle', note: '$$5' }] })).toEqual([]);
  });
});
