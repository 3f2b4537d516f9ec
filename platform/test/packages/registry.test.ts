import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../src/server/start.ts';
import { generatePublisherKey, publishPackage, registerPublisher, revokePublisher, signPackage, type PackageManifest, type SignedPackage } from '../../src/packages/index.ts';
import { pgRunner } from '../../src/storage/sql/runner.ts';
import { metadataClient, newTenant, ok, refused, startTestServer, uniqueSlug, type Client } from '../support/server.ts';
import { homeworkManifest, lessonsManifest } from './fixtures.ts';

let server: RunningServer;
let api: Client;
/** A publisher registered for this file, with names of its own (the registry is platform-wide). */
let key: ReturnType<typeof generatePublisherKey>;
let run: string;

const PUBLISH = 'mutation P($package: JSON!) { publishPackage(package: $package) { name namespace version publisher } }';
const MARKET = 'query M($search: String) { marketplace(search: $search) { name namespace publisher latestVersion versions label(locale: "zh-CN") labels description(locale: "en") rights dependencies publishedAt } }';

/** The fixtures renamed into this run's own namespace and names, so files and reruns never collide. */
function unique(manifest: PackageManifest): PackageManifest {
  const text = JSON.stringify(manifest).replaceAll('tutor__', `tu${run}__`).replaceAll('"tutor"', `"tu${run}"`).replaceAll('hw__', `hw${run}__`).replaceAll('"hw"', `"hw${run}"`)
    .replaceAll('tutor-lessons', `lessons-${run}`).replaceAll('tutor-homework', `homework-${run}`);
  return JSON.parse(text) as PackageManifest;
}
const lessons = (overrides: Partial<PackageManifest> = {}) => unique(lessonsManifest(overrides));
const homework = (overrides: Partial<PackageManifest> = {}) => unique(homeworkManifest(overrides));
const signed = (manifest: PackageManifest, pem = key.privateKeyPem): SignedPackage => signPackage({ manifest }, pem);

beforeAll(async () => {
  server = await startTestServer();
  const tenant = await newTenant(server, 'pkg');
  api = metadataClient(server, tenant.apiKey);
  run = uniqueSlug('').slice(1, 9).replace(/[^a-z0-9]/g, '0');
  key = generatePublisherKey();
  await registerPublisher(pgRunner(server.platform.pool), { name: `acme-${run}`, publicKey: key.publicKey });
});
afterAll(async () => {
  await server?.close();
});

describe('the package registry (/metadata publishPackage, marketplace)', () => {
  it('publishes the manifest schema at GET /metadata/schema as tessera:package', async () => {
    const body = await (await fetch(`${server.url}/metadata/schema`)).json() as { schemas: { $id: string; required?: string[] }[] };
    const schema = body.schemas.find((s) => s.$id === 'tessera:package');
    expect(schema?.required).toEqual(expect.arrayContaining(['namespace', 'name', 'version', 'label', 'components']));
  });

  it('publishes a signed package, lists it with its rights and dependencies, and finds it by its zh-CN label', async () => {
    const published = ok(await api(PUBLISH, { package: signed(lessons()) })).publishPackage;
    expect(published).toEqual({ name: `lessons-${run}`, namespace: `tu${run}`, version: '1.0.0', publisher: `acme-${run}` });
    const found = ok(await api(MARKET, { search: '课程规划' })).marketplace.filter((p: { name: string }) => p.name === `lessons-${run}`);
    expect(found).toEqual([expect.objectContaining({
      namespace: `tu${run}`, latestVersion: '1.0.0', versions: ['1.0.0'], label: '课程规划', labels: { en: 'Lesson planner', 'zh-CN': '课程规划' },
      description: 'Plan lessons per student.', rights: ['manageMetadata'], dependencies: {}, publisher: `acme-${run}`,
    })]);
    // By name and by the English description, case-insensitively; a search matching nothing lists nothing of it.
    expect(ok(await api(MARKET, { search: `LESSONS-${run}` })).marketplace.map((p: { name: string }) => p.name)).toEqual([`lessons-${run}`]);
    expect(ok(await api(MARKET, { search: 'per STUDENT' })).marketplace.map((p: { name: string }) => p.name)).toContain(`lessons-${run}`);
    expect(ok(await api(MARKET, { search: `nothing-${run}` })).marketplace).toEqual([]);
  });

  it('refuses a package with one byte of its manifest changed after signing (VALIDATION_FAILED at /signature/value)', async () => {
    const text = JSON.stringify(signed(lessons({ version: '1.5.0' })));
    // A right swapped for another (still a valid manifest), and one byte of the label.
    const tampered = JSON.parse(text.replace('"rights":["manageMetadata"]', '"rights":["manageUsers"]'));
    const byte = JSON.parse(text.replace('Lesson planner', 'Lesson plannex'));
    for (const pkg of [tampered, byte]) {
      const error = refused(await api(PUBLISH, { package: pkg }));
      expect(error.extensions.code).toBe('VALIDATION_FAILED');
      expect(error.extensions.errors).toEqual([expect.objectContaining({ pointer: '/signature/value' })]);
    }
    const listed = ok(await api(MARKET, { search: `lessons-${run}` })).marketplace[0];
    expect(listed.versions).not.toContain('1.5.0');
  });

  it('refuses the same version twice (CONFLICT), and lists a second version as the latest', async () => {
    const again = refused(await api(PUBLISH, { package: signed(lessons()) }));
    expect(again.extensions).toMatchObject({ code: 'CONFLICT', errors: [{ pointer: '/manifest/version' }] });
    ok(await api(PUBLISH, { package: signed(lessons({ version: '1.1.0', label: { en: 'Lesson planner 2', 'zh-CN': '课程规划二' } })) }));
    ok(await api(PUBLISH, { package: signed(lessons({ version: '2.0.0-beta.1' })) }));
    const listed = ok(await api(MARKET, { search: `lessons-${run}` })).marketplace[0];
    expect(listed).toMatchObject({ latestVersion: '1.1.0', versions: ['2.0.0-beta.1', '1.1.0', '1.0.0'], label: '课程规划二' });
  });

  it('checks dependencies against the registry: a published one may be extended, an unknown one is refused', async () => {
    const published = ok(await api(PUBLISH, { package: signed(homework()) })).publishPackage;
    expect(published).toMatchObject({ name: `homework-${run}`, version: '1.0.0' });
    const listed = ok(await api(MARKET, { search: `homework-${run}` })).marketplace[0];
    expect(listed.dependencies).toEqual({ [`lessons-${run}`]: '^1.0.0' });

    const unknown = refused(await api(PUBLISH, { package: signed(homework({ version: '1.1.0', dependencies: { [`nowhere-${run}`]: '^1.0.0' } })) }));
    expect(unknown.extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: `/manifest/dependencies/nowhere-${run}` }] });
    const noSuchRange = refused(await api(PUBLISH, { package: signed(homework({ version: '1.1.0', dependencies: { [`lessons-${run}`]: '^3.0.0' } })) }));
    expect(noSuchRange.extensions.errors).toEqual([expect.objectContaining({ pointer: `/manifest/dependencies/lessons-${run}` })]);
    const missingName = homework({ version: '1.2.0' });
    missingName.components.objects[1].fields = [{ name: 'x', type: 'lookup', target: `tu${run}__desk`, relationName: 'xs' }];
    expect(refused(await api(PUBLISH, { package: signed(missingName) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/components/objects/1/fields/0/target' }] });
  });

  it('lets a package depend on a bundled template at its shipped version and extend its objects with namespaced fields', async () => {
    const scoring = (version: string, field: string, range = '^1.0.0'): PackageManifest => ({
      namespace: `sc${run}`, name: `lead-scoring-${run}`, version, label: { en: 'Lead scoring', 'zh-CN': '线索评分' },
      dependencies: { 'crm-core': range }, rights: [],
      components: { objects: [{ name: 'lead', fields: [{ name: field, type: 'number' }] }] },
    });
    expect(ok(await api(PUBLISH, { package: signed(scoring('1.0.0', `sc${run}__score`)) })).publishPackage.version).toBe('1.0.0');
    expect(refused(await api(PUBLISH, { package: signed(scoring('1.0.1', 'score')) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/components/objects/0/fields/0/name' }] });
    expect(refused(await api(PUBLISH, { package: signed(scoring('1.0.2', `sc${run}__score`, '^2.0.0')) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/dependencies/crm-core', message: expect.stringMatching(/bundled at 1\.\d+\.\d+/) }] });
    const noSuchObject = scoring('1.0.3', `sc${run}__score`);
    noSuchObject.components.objects[0].name = 'leed';
    expect(refused(await api(PUBLISH, { package: signed(noSuchObject) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/components/objects/0/name' }] });
  });

  it('refuses un-namespaced components with their pointers under /manifest', async () => {
    const manifest = lessons({ version: '3.0.0' });
    manifest.components.objects.push({ name: 'room', fields: [] });
    const error = refused(await api(PUBLISH, { package: signed(manifest) }));
    expect(error.extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/components/objects/2/name' }] });
  });

  it('refuses a key no publisher holds, a revoked key, another publisher\'s package, legacyNames and a bundled template\'s name (FORBIDDEN)', async () => {
    const stranger = generatePublisherKey();
    expect(refused(await api(PUBLISH, { package: signed(lessons({ version: '4.0.0' }), stranger.privateKeyPem) })).extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/signature/publicKey' }] });

    const other = generatePublisherKey();
    await registerPublisher(pgRunner(server.platform.pool), { name: `other-${run}`, publicKey: other.publicKey });
    expect(refused(await api(PUBLISH, { package: signed(lessons({ version: '4.0.0' }), other.privateKeyPem) })).extensions.code).toBe('FORBIDDEN');
    // The namespace is the first package's too.
    expect(refused(await api(PUBLISH, { package: signed(lessons({ name: `squat-${run}`, version: '1.0.0' }), other.privateKeyPem) })).extensions).toMatchObject({ code: 'CONFLICT', errors: [{ pointer: '/manifest/namespace' }] });

    expect(refused(await api(PUBLISH, { package: signed({ ...lessons({ version: '4.0.0' }), legacyNames: true }) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/legacyNames' }] });
    expect(refused(await api(PUBLISH, { package: signed(lessons({ name: 'crm-core', namespace: `cr${run}`, components: { objects: [] } }), other.privateKeyPem) })).extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/manifest/name' }] });

    expect(await revokePublisher(pgRunner(server.platform.pool), `other-${run}`)).toBe(true);
    const revoked = refused(await api(PUBLISH, { package: signed(lessons({ name: `fresh-${run}`, namespace: `fr${run}`, components: { objects: [] } }), other.privateKeyPem) }));
    expect(revoked.extensions).toMatchObject({ code: 'FORBIDDEN', errors: [{ pointer: '/signature/publicKey', message: 'revoked publisher key' }] });
  });

  it('refuses components of a kind the platform does not have, and text PostgreSQL cannot store, with pointers', async () => {
    const manifest = lessons({ version: '5.0.0' });
    manifest.components.objcts = [{ name: `tu${run}__typo` }];
    expect(refused(await api(PUBLISH, { package: signed(manifest) })).extensions).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ pointer: '/manifest/components/objcts' }] });
    const nul = lessons({ version: '5.0.1', description: { en: 'bad\u0000byte', 'zh-CN': '坏' } });
    // Over HTTP the request's text is checked first; from code, the registry checks it itself.
    expect(refused(await api(PUBLISH, { package: signed(nul) })).extensions).toMatchObject({ code: 'BAD_USER_INPUT', errors: [{ pointer: '/variables/package/manifest/description/en' }] });
    await expect(publishPackage(server.platform.pool, signed(nul), { publishedBy: null })).rejects.toMatchObject({ code: 'BAD_USER_INPUT', details: [{ pointer: '/manifest/description/en' }] });
  });

  it('refuses a file that is not a built package, with pointers', async () => {
    const error = refused(await api(PUBLISH, { package: { manifest: lessons(), extra: 1 } }));
    expect(error.extensions.code).toBe('VALIDATION_FAILED');
    expect(error.extensions.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/extra', '/signature']);
    const escaping = signPackage({ manifest: lessons({ version: '6.0.0' }), files: { '../etc/passwd': 'x', '/abs': 'y', 'data/ok.json': '[]' } }, key.privateKeyPem);
    const paths = refused(await api(PUBLISH, { package: escaping }));
    expect(paths.extensions.errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/files/..~1etc~1passwd', '/files/~1abs']);
  });
});
