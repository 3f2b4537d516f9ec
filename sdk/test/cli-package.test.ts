import fs from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningServer } from '../../platform/src/server/start.ts';
import { gql, newTenant, startTestServer, testDatabaseUrl } from '../../platform/test/support/server.ts';
import { scratch, slug, STACK, tessera } from './support.ts';

/** `tessera package keygen | add-publisher | build | publish` (issue 17: package format and marketplace), end to end. */
let server: RunningServer;
let tmp: Awaited<ReturnType<typeof scratch>>;
let env: NodeJS.ProcessEnv;
let apiKey: string;
/** This run's names: the registry is platform-wide and outlives a test file's tenants. */
let ns: string;
let name: string;

const MARKET = 'query M($search: String) { marketplace(search: $search) { name latestVersion versions label(locale: "zh-CN") rights } }';

/** Writes a package folder: manifest.json, two metadata documents, one shipped file. */
async function packageFolder(dir: string, version: string, extra: Record<string, unknown>[] = []): Promise<string> {
  const folder = path.join(tmp.dir, dir);
  await fs.mkdir(path.join(folder, 'metadata'), { recursive: true });
  await fs.mkdir(path.join(folder, 'files/data'), { recursive: true });
  await fs.writeFile(path.join(folder, 'manifest.json'), JSON.stringify({
    namespace: ns, name, version,
    label: { en: 'Field service', 'zh-CN': '现场服务' },
    description: { en: 'Work orders for technicians.', 'zh-CN': '技术员的工单。' },
    dependencies: {}, rights: ['manageMetadata'],
  }));
  await fs.writeFile(path.join(folder, 'metadata/1-objects.json'), JSON.stringify({ objects: [{ name: `${ns}__workOrder`, fields: [{ name: 'title', type: 'text' }] }, ...extra] }));
  await fs.writeFile(path.join(folder, 'metadata/2-rules.json'), JSON.stringify({ validationRules: [{ name: `${ns}__titled`, object: `${ns}__workOrder`, assert: 'NOT(ISBLANK(title))', message: { en: 'A title' } }] }));
  await fs.writeFile(path.join(folder, 'files/data/sample.json'), '[{"title":"Fix the boiler"}]');
  return folder;
}

beforeAll(async () => {
  server = await startTestServer();
  tmp = await scratch('tessera-package-');
  const tenant = await newTenant(server, 'pkgcli');
  apiKey = tenant.apiKey;
  env = { TESSERA_URL: server.url, TESSERA_API_KEY: apiKey };
  ns = `fs${slug('').slice(1, 9)}`;
  name = `field-service-${ns}`;
}, 60_000);
afterAll(async () => {
  await server?.close();
  await tmp?.remove();
});

describe('tessera package', () => {
  it('keygen writes a private key (owner-only) and its public key, and never replaces a file', async () => {
    const made = await tessera(['package', 'keygen', '--out', 'publisher.pem', '--json'], {}, tmp.dir);
    expect(made.stderr).toBe('');
    const { publicKey, privateKeyFile } = JSON.parse(made.stdout);
    expect(await fs.readFile(path.join(tmp.dir, 'publisher.pem.pub'), 'utf8')).toBe(`${publicKey}\n`);
    expect((await fs.stat(privateKeyFile)).mode & 0o777).toBe(0o600);
    const again = await tessera(['package', 'keygen', '--out', 'publisher.pem'], {}, tmp.dir);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/publisher\.pem exists/);
    await fs.writeFile(path.join(tmp.dir, 'other.pem.pub'), 'taken');
    const half = await tessera(['package', 'keygen', '--out', 'other.pem'], {}, tmp.dir);
    expect(half.stderr).toMatch(/other\.pem\.pub exists/);
    await expect(fs.stat(path.join(tmp.dir, 'other.pem'))).rejects.toThrow();
    // The operator registers the key on the database, as with tenant create.
    const added = await tessera(['package', 'add-publisher', `pub-${ns}`, '--public-key', 'publisher.pem.pub', '--database-url', testDatabaseUrl()], {}, tmp.dir);
    expect(added.stderr).toBe('');
    expect(added.code).toBe(0);
  }, 30_000);

  it('build refuses un-namespaced components with their pointers, and a missing key', async () => {
    const bad = await packageFolder('bad', '1.0.0', [{ name: 'workOrderLine', fields: [] }]);
    const refused = await tessera(['package', 'build', bad, '--key', 'publisher.pem'], {}, tmp.dir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('/components/objects/1/name');
    expect(refused.stderr).toContain(`${ns}__workOrderLine`);
    expect(refused.stderr).not.toMatch(STACK);
    const asJson = await tessera(['package', 'build', bad, '--json'], {}, tmp.dir);
    expect(JSON.parse(asJson.stdout).error.code).toBe('VALIDATION_FAILED');
    const spaced = await packageFolder('spaced', '1.0.0');
    await fs.writeFile(path.join(spaced, 'files/data/my notes.txt'), 'x');
    const badPath = await tessera(['package', 'build', spaced, '--key', 'publisher.pem'], {}, tmp.dir);
    expect(badPath.code).toBe(1);
    expect(badPath.stderr).toContain('/files/data~1my notes.txt');
    const good = await packageFolder('good', '1.0.0');
    const noKey = await tessera(['package', 'build', good], {}, tmp.dir);
    expect(noKey.code).toBe(1);
    expect(noKey.stderr).toMatch(/--key <file> or set TESSERA_PUBLISHER_KEY/);
  });

  it('build → publish → the marketplace lists it and finds it by its zh-CN label; a second version becomes the latest', async () => {
    const folder = await packageFolder('v1', '1.0.0');
    const built = await tessera(['package', 'build', folder, '--out', 'dist', '--json'], { TESSERA_PUBLISHER_KEY: path.join(tmp.dir, 'publisher.pem') }, tmp.dir);
    expect(built.stderr).toBe('');
    const { file } = JSON.parse(built.stdout);
    expect(file).toBe(path.join(tmp.dir, 'dist', `${name}-1.0.0.tpkg.json`));
    const pkg = JSON.parse(await fs.readFile(file, 'utf8'));
    expect(Object.keys(pkg.manifest.components)).toEqual(['objects', 'validationRules']);
    expect(pkg.files).toEqual({ 'data/sample.json': '[{"title":"Fix the boiler"}]' });

    const published = await tessera(['package', 'publish', file], env, tmp.dir);
    expect(published.stderr).toBe('');
    expect(published.stdout).toContain(`Published ${name}@1.0.0 (namespace ${ns}, publisher pub-${ns})`);
    const found = (await gql(server, '/metadata', apiKey, MARKET, { search: '现场服务' })).data.marketplace.filter((p: { name: string }) => p.name === name);
    expect(found).toEqual([{ name, latestVersion: '1.0.0', versions: ['1.0.0'], label: '现场服务', rights: ['manageMetadata'] }]);

    // The same version again: refused, typed, nothing changed.
    const twice = await tessera(['package', 'publish', file, '--json'], env, tmp.dir);
    expect(twice.code).toBe(1);
    expect(JSON.parse(twice.stdout).error).toMatchObject({ code: 'CONFLICT', details: [{ pointer: '/manifest/version' }] });

    const v2 = await tessera(['package', 'build', await packageFolder('v2', '1.1.0'), '--key', 'publisher.pem', '--out', 'dist', '--json'], {}, tmp.dir);
    expect((await tessera(['package', 'publish', JSON.parse(v2.stdout).file], env, tmp.dir)).code).toBe(0);
    const listed = (await gql(server, '/metadata', apiKey, MARKET, { search: name })).data.marketplace;
    expect(listed).toEqual([expect.objectContaining({ latestVersion: '1.1.0', versions: ['1.1.0', '1.0.0'] })]);
  }, 30_000);

  it('publish refuses a built package with one byte of its manifest changed (VALIDATION_FAILED at /signature/value)', async () => {
    const built = await tessera(['package', 'build', await packageFolder('v3', '1.2.0'), '--key', 'publisher.pem', '--out', 'dist', '--json'], {}, tmp.dir);
    const file = JSON.parse(built.stdout).file as string;
    const text = await fs.readFile(file, 'utf8');
    const tampered = text.replace('Work orders for technicians.', 'Work orders for technicianz.');
    expect(tampered.length).toBe(text.length);
    await fs.writeFile(file, tampered);
    const refused = await tessera(['package', 'publish', file, '--json'], env, tmp.dir);
    expect(refused.code).toBe(1);
    expect(JSON.parse(refused.stdout).error).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ pointer: '/signature/value' }] });
    const listed = (await gql(server, '/metadata', apiKey, MARKET, { search: name })).data.marketplace;
    expect(listed[0].versions).not.toContain('1.2.0');
  });
});
