import fs from 'node:fs/promises';
import path from 'node:path';
import { PlatformError } from '@tessera/platform/errors';
import { filesProblems, generatePublisherKey, signPackage, validateManifest, type PublishedVersion } from '@tessera/platform/packages';
import { parseCommand } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';
import { readPackageFolder, readSigningKey } from '../package-folder.ts';
import { graphqlRequest } from '../server-client.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, resolveDatabase, resolveServer, SERVER_HELP, SERVER_OPTIONS } from '../target.ts';

/** Publishing validates and stores one file: no DDL, no long work. */
const PUBLISH_MS = 60_000;

/** Writes a file that must not replace another (a key, a built package): CONFLICT when it exists. */
async function writeNew(file: string, content: string, mode = 0o644): Promise<void> {
  try {
    await fs.writeFile(file, content, { flag: 'wx', mode });
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw new PlatformError('CONFLICT', `${file} exists: remove it or choose another path`);
    throw error;
  }
}

export const packageKeygen: Command = {
  name: 'package keygen',
  summary: 'Make a publisher\'s ed25519 key pair',
  help: `Usage: tessera package keygen --out <file>

Writes a new ed25519 private key (PKCS#8 PEM, readable by you only) to <file> and its public key
(base64 SPKI) to <file>.pub, and prints the public key. The platform's operator registers the public
key ("tessera package add-publisher"); "tessera package build --key <file>" signs with the private one.
An existing file is never replaced.

Options:
  --out <file>             where to write the private key (required)
  --json                   print {"privateKeyFile","publicKeyFile","publicKey"} as one line of JSON
  -h, --help               show this help
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { out: { type: 'string' }, json: { type: 'boolean' } }, { min: 0, max: 0, names: '' });
    if (!values.out) throw new PlatformError('BAD_USER_INPUT', 'Pass --out <file>: where to write the private key');
    const file = path.resolve(io.cwd, values.out);
    // Both paths checked first: a key without its .pub (or the reverse) is a half-made pair.
    for (const taken of [file, `${file}.pub`]) {
      if (await fs.stat(taken).then(() => true, () => false)) throw new PlatformError('CONFLICT', `${taken} exists: remove it or choose another path`);
    }
    const key = generatePublisherKey();
    await writeNew(file, key.privateKeyPem, 0o600);
    await writeNew(`${file}.pub`, `${key.publicKey}\n`);
    if (values.json) printJson(io, { privateKeyFile: file, publicKeyFile: `${file}.pub`, publicKey: key.publicKey });
    else printLines(io, [`Wrote the private key to ${file} (keep it secret) and the public key to ${file}.pub:`, `  ${key.publicKey}`]);
    return EXIT.ok;
  },
};

export const packageBuild: Command = {
  name: 'package build',
  summary: 'Validate and sign a package folder into <name>-<version>.tpkg.json',
  help: `Usage: tessera package build <dir> [options]

Reads a package folder, checks its manifest (the tessera:package schema of GET /metadata/schema:
semver version and ranges, every component named <namespace>__<name>), signs it with the
publisher's ed25519 key and writes <name>-<version>.tpkg.json. Names used from dependencies are
checked when the package is published, against the registry.

The folder:
  manifest.json            namespace, name, version, label {en, zh-CN}, description, dependencies,
                           rights, components (optional here)
  package.ts | package.js  instead of manifest.json: the package as code, default-exporting
                           definePackage({ … }) from @tessera/sdk/define
  metadata/*.json          metadata documents ({"objects": [...], "validationRules": [...]}),
                           merged into components in file name order
  files/**                 further text files shipped with the package (sample data…)

Arguments:
  <dir>                    the package folder

Options:
  --key <file>             the publisher's private key (default: TESSERA_PUBLISHER_KEY, a key
                           file's path or the PEM itself)
  --out <dir>              where to write the package (default: the current folder)
  --json                   print {"file","name","version","publicKey"} as one line of JSON
  -h, --help               show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, { key: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } }, { min: 1, max: 1, names: '<dir>' });
    const folder = await readPackageFolder(path.resolve(io.cwd, positionals[0]));
    const manifest = validateManifest(folder.manifest);
    const badPaths = filesProblems(folder.files);
    if (badPaths.length) throw new PlatformError('VALIDATION_FAILED', 'files/ holds paths a package cannot ship (letters, digits, ., _ and - only)', { details: badPaths });
    const signed = signPackage({ manifest, files: folder.files }, await readSigningKey(values.key, io.env, io.cwd));
    const file = path.resolve(io.cwd, values.out ?? '.', `${manifest.name}-${manifest.version}.tpkg.json`);
    await fs.mkdir(path.dirname(file), { recursive: true });
    await writeNew(file, `${JSON.stringify(signed, null, 2)}\n`);
    if (values.json) printJson(io, { file, name: manifest.name, version: manifest.version, publicKey: signed.signature.publicKey });
    else printLines(io, [`Built ${manifest.name}@${manifest.version} (namespace ${manifest.namespace}): ${file}`, `  signed by ${signed.signature.publicKey}`]);
    return EXIT.ok;
  },
};

export const packagePublish: Command = {
  name: 'package publish',
  summary: 'Publish a built package to the logged-in server\'s registry',
  help: `Usage: tessera package publish <file.tpkg.json> [options]

Sends a built package to the server's registry (publishPackage on /metadata). The server checks the
signature over the contents (a changed byte is refused), that the key is a registered, unrevoked
publisher's that owns the package's name and namespace, the manifest, that each dependency is
published and has the names the package uses, and that the version is new.

Options:
${SERVER_HELP}
  --json                   print {"name","namespace","version","publisher"} as one line of JSON
  -h, --help               show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, { json: { type: 'boolean' }, ...SERVER_OPTIONS }, { min: 1, max: 1, names: '<file.tpkg.json>' });
    const file = path.resolve(io.cwd, positionals[0]);
    let pkg: unknown;
    try {
      pkg = JSON.parse(await fs.readFile(file, 'utf8'));
    } catch (error) {
      const code = (error as { code?: string }).code;
      throw new PlatformError('BAD_USER_INPUT', `Cannot read ${positionals[0]}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
    }
    const target = await resolveServer(io, values);
    const { publishPackage: published } = await graphqlRequest<{ publishPackage: PublishedVersion }>(target, '/metadata',
      'mutation Publish($package: JSON!) { publishPackage(package: $package) { name namespace version publisher } }', { package: pkg }, { timeoutMs: PUBLISH_MS });
    if (values.json) printJson(io, published);
    else printLines(io, [`Published ${published.name}@${published.version} (namespace ${published.namespace}, publisher ${published.publisher}) to ${target.url}`]);
    return EXIT.ok;
  },
};

export const packageAddPublisher: Command = {
  name: 'package add-publisher',
  summary: 'Register a publisher\'s public key (on the database)',
  help: `Usage: tessera package add-publisher <name> --public-key <file> [options]

Registers a publisher and its ed25519 public key in the registry: packages signed with the key may
then be published. The platform's operator does this on the database, as with "tenant create": a
tenant's API key cannot.

Arguments:
  <name>                   the publisher's name (2-63 lower-case letters, digits and -)

Options:
  --public-key <file>      the public key file ("tessera package keygen" writes <file>.pub)
  --json                   print {"id","name"} as one line of JSON
${DATABASE_HELP}
  -h, --help               show this help
`,
  async run(args, io) {
    const { values, positionals } = parseCommand(this.name, args, { 'public-key': { type: 'string' }, json: { type: 'boolean' }, ...DATABASE_OPTIONS }, { min: 1, max: 1, names: '<name>' });
    if (!values['public-key']) throw new PlatformError('BAD_USER_INPUT', 'Pass --public-key <file> ("tessera package keygen" writes it)');
    const publicKey = (await fs.readFile(path.resolve(io.cwd, values['public-key']), 'utf8').catch(() => {
      throw new PlatformError('BAD_USER_INPUT', `Cannot read ${values['public-key']}`);
    })).trim();
    const target = resolveDatabase(io, values, this.name);
    const [{ withContext }, { registerPublisher }] = await Promise.all([import('../context.ts'), import('@tessera/platform')]);
    const publisher = await withContext(io, target, ({ platform }) => registerPublisher(platform.sql, { name: positionals[0], publicKey }));
    if (values.json) printJson(io, { id: publisher.id, name: publisher.name });
    else printLines(io, [`Registered publisher ${publisher.name}: packages signed with its key may be published`]);
    return EXIT.ok;
  },
};
