import { parseCommand, UsageError } from '../args.ts';
import type { Command } from '../command.ts';
import { EXIT, printJson, printLines } from '../output.ts';
import { profileName, profilesPath, readProfiles, writeProfiles } from '../profiles.ts';
import { whoAmI } from '../server-api.ts';
import { isCleartextRemote, normalizeUrl } from '../server-client.ts';
import { resolveServer, SERVER_HELP, SERVER_OPTIONS } from '../target.ts';

export const login: Command = {
  name: 'login',
  summary: 'Save a server login (URL and API key) for the other commands',
  help: `Usage: tessera login --url <url> --api-key <key> [options]

Checks the API key against the server (who it belongs to, in which tenant) and saves both as a named
profile in $XDG_CONFIG_HOME/tessera/profiles.json (default ~/.config/tessera/profiles.json, mode 0600).
The other commands then work on that server's APIs, as the key's user. Nothing is saved when the
server cannot be reached or refuses the key.

Options:
  --url <url>              the server, e.g. http://localhost:4000 (default: TESSERA_URL)
  --api-key <key>          an API key of a user of the tenant (default: TESSERA_API_KEY, which keeps
                           the key out of your shell history)
  --profile <name>         the profile to save (default: TESSERA_PROFILE, else "default")
  --json                   print {"profile","file","url","user","tenant"} as one line of JSON
  -h, --help               show this help

Example:
  tessera login --url http://localhost:4000 --api-key tsk_…
  tessera login --profile prod --url https://crm.example.com --api-key tsk_…
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, {
      url: { type: 'string' },
      'api-key': { type: 'string' },
      json: { type: 'boolean' },
      ...SERVER_OPTIONS,
    }, { min: 0, max: 0, names: '' });
    const given = values.url ?? io.env.TESSERA_URL;
    const apiKey = values['api-key'] ?? io.env.TESSERA_API_KEY;
    if (!given) throw new UsageError('missing --url <url> (or TESSERA_URL)', this.name);
    if (!apiKey) throw new UsageError('missing --api-key <key> (or TESSERA_API_KEY)', this.name);
    const url = normalizeUrl(given);
    if (!url) throw new UsageError(`--url must be an http(s) URL such as http://localhost:4000 (no user or password in it), got "${given}"`, this.name);
    const name = profileName(io, values.profile);
    // A file that cannot be read back is not overwritten: it may hold other profiles.
    let loose: number | undefined;
    const saved = await readProfiles(io, { onLoose: (mode) => { loose = mode; } });
    const identity = await whoAmI({ url, apiKey, keySource: values['api-key'] ? '--api-key' : 'TESSERA_API_KEY' });
    const file = await writeProfiles(io, {
      ...saved,
      profiles: { ...saved.profiles, [name]: { url, apiKey, tenant: identity.tenant.slug, user: identity.user.email } },
    });
    if (isCleartextRemote(url)) io.stderr(`warning: ${url} is plain http: the API key crosses the network unencrypted; use https.\n`);
    if (loose !== undefined) io.stderr(`warning: ${file} could be read by other users (mode 0${loose.toString(8)}); it is 0600 now. Consider revoking the keys it held.\n`);
    if (values.json) {
      printJson(io, { profile: name, file, url, user: identity.user, tenant: identity.tenant });
      return EXIT.ok;
    }
    printLines(io, [
      `Logged in to ${url} as ${identity.user.email} (${identity.user.name}) in tenant ${identity.tenant.slug}.`,
      `Saved as profile "${name}" in ${file}.`,
    ]);
    return EXIT.ok;
  },
};

export const logout: Command = {
  name: 'logout',
  summary: 'Forget a saved server login',
  help: `Usage: tessera logout [options]

Removes a saved profile from this machine. The API key itself stays valid: revoke it in the studio
or with revokeApiKey on /metadata when it should stop working everywhere.

Options:
  --profile <name>         the profile to remove (default: TESSERA_PROFILE, else "default")
  --json                   print {"profile","removed"} as one line of JSON
  -h, --help               show this help
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { json: { type: 'boolean' }, ...SERVER_OPTIONS }, { min: 0, max: 0, names: '' });
    const name = profileName(io, values.profile);
    // Forgetting a key is always allowed; the rewritten file is 0600 again.
    const saved = await readProfiles(io, { onLoose: () => {} });
    const removed = Object.hasOwn(saved.profiles, name);
    if (removed) {
      const { [name]: _gone, ...rest } = saved.profiles;
      await writeProfiles(io, { ...saved, profiles: rest });
    }
    if (values.json) printJson(io, { profile: name, removed });
    else printLines(io, [removed ? `Logged out: removed profile "${name}" from ${profilesPath(io)}.` : `No saved profile "${name}": nothing to do.`]);
    return EXIT.ok;
  },
};

export const whoami: Command = {
  name: 'whoami',
  summary: 'Show the server, tenant and user the commands act as',
  help: `Usage: tessera whoami [options]

Asks the server whom the API key belongs to (TESSERA_URL + TESSERA_API_KEY, else the saved profile),
so it also checks that the server answers and still accepts the key.

Options:
${SERVER_HELP}
  --json                   print {"url","profile","user","tenant"} as one line of JSON
  -h, --help               show this help

Exit codes: 0 the key works, 3 the server cannot be reached, 4 not logged in or the key is refused.
`,
  async run(args, io) {
    const { values } = parseCommand(this.name, args, { json: { type: 'boolean' }, ...SERVER_OPTIONS }, { min: 0, max: 0, names: '' });
    // Only servers: the database flags are not options here, and DATABASE_URL is not a login.
    const target = await resolveServer(io, values);
    const identity = await whoAmI(target);
    if (values.json) {
      printJson(io, { url: target.url, profile: target.profile, user: identity.user, tenant: identity.tenant });
      return EXIT.ok;
    }
    printLines(io, [
      `${identity.user.email} (${identity.user.name}${identity.user.isAdmin ? ', administrator' : ''})`,
      `  tenant:  ${identity.tenant.slug} (${identity.tenant.name})`,
      `  server:  ${target.url}`,
      `  via:     ${target.profile ? `profile "${target.profile}" (${profilesPath(io)})` : 'TESSERA_URL and TESSERA_API_KEY'}`,
    ]);
    return EXIT.ok;
  },
};
