import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PlatformError, type ErrorDetail } from '@tessera/platform/errors';
import type { CliIo } from './output.ts';

/**
 * Saved server logins (`tessera login`), by name, in one file of the user's config directory:
 * `$XDG_CONFIG_HOME/tessera/profiles.json` (default `~/.config`). It holds API keys, so it is written
 * with mode 0600 in a 0700 directory, and a file others may read is refused, as ssh refuses a
 * readable private key: the key in it may already have leaked, and the user should know.
 */

export interface Profile {
  /** The server's base URL, e.g. http://localhost:4000 (no trailing slash). */
  url: string;
  apiKey: string;
  /** What the server said at login, to show without asking it again. */
  tenant?: string;
  user?: string;
}

export interface ProfileFile {
  profiles: Record<string, Profile>;
}

export const DEFAULT_PROFILE = 'default';

export function profilesPath(io: CliIo): string {
  const base = io.env.XDG_CONFIG_HOME || path.join(io.env.HOME || os.homedir(), '.config');
  return path.join(path.resolve(io.cwd, base), 'tessera', 'profiles.json');
}

/** The profile a command uses when none is named: TESSERA_PROFILE, else "default". */
export function profileName(io: CliIo, flag: string | undefined): string {
  return flag || io.env.TESSERA_PROFILE || DEFAULT_PROFILE;
}

function invalid(file: string, why: string, details: ErrorDetail[] = []): PlatformError {
  return new PlatformError('BAD_USER_INPUT', `${file} ${why}: fix it, or delete it and run "tessera login" again`, { details });
}

/** The file's problems as pointers; an empty list is a valid file. */
function problems(value: unknown): ErrorDetail[] {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return [{ pointer: '', message: 'must be an object {"profiles": {…}}' }];
  const profiles = (value as { profiles?: unknown }).profiles;
  if (!profiles || typeof profiles !== 'object' || Array.isArray(profiles)) return [{ pointer: '/profiles', message: 'must be an object of named profiles' }];
  const found: ErrorDetail[] = [];
  for (const [name, profile] of Object.entries(profiles)) {
    const at = `/profiles/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    if (!profile || typeof profile !== 'object') {
      found.push({ pointer: at, message: 'must be an object {url, apiKey}' });
      continue;
    }
    const { url, apiKey } = profile as Record<string, unknown>;
    if (typeof url !== 'string' || !/^https?:\/\//.test(url)) found.push({ pointer: `${at}/url`, message: 'must be an http(s) URL' });
    if (typeof apiKey !== 'string' || !apiKey) found.push({ pointer: `${at}/apiKey`, message: 'must be a non-empty string' });
  }
  return found;
}

export interface ReadOptions {
  /** login rewrites the file with mode 0600: a file others could read is then read anyway (and reported through `onLoose`). */
  onLoose?: (mode: number) => void;
}

/** Reads the profiles; a missing file is no profiles. Unreadable, loose, corrupt or malformed files are refused. */
export async function readProfiles(io: CliIo, options: ReadOptions = {}): Promise<ProfileFile> {
  const file = profilesPath(io);
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, 'r');
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ENOENT') return { profiles: {} };
    throw new PlatformError('BAD_USER_INPUT', `Cannot read ${file}: ${code === 'EACCES' ? 'permission denied' : (error as Error).message}`);
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) throw invalid(file, 'is not a file');
    const mode = stat.mode & 0o777;
    if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
      if (!options.onLoose) {
        throw new PlatformError('BAD_USER_INPUT', `${file} can be read or changed by other users (mode 0${mode.toString(8)}), and it holds API keys: run "chmod 600 ${file}" (and consider revoking its keys), or log in again`);
      }
      options.onLoose(mode);
    }
    const uid = process.getuid?.();
    if (uid !== undefined && stat.uid !== uid) {
      throw new PlatformError('BAD_USER_INPUT', `${file} belongs to another user (uid ${stat.uid}): it holds API keys, so only its owner's profiles are used`);
    }
    const text = await handle.readFile('utf8');
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw invalid(file, `is not valid JSON (${(error as Error).message})`);
    }
    const found = problems(value);
    if (found.length) throw invalid(file, 'is not a valid profiles file', found);
    return value as ProfileFile;
  } finally {
    await handle.close();
  }
}

/** Writes the profiles atomically (a temporary file renamed over the old one), mode 0600 in a 0700 directory. */
export async function writeProfiles(io: CliIo, content: ProfileFile): Promise<string> {
  const file = profilesPath(io);
  const dir = path.dirname(file);
  try {
    await fs.mkdir(dir, { recursive: true, mode: 0o700 });
    const temporary = path.join(dir, `.profiles.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
    await fs.writeFile(temporary, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    try {
      await fs.rename(temporary, file);
    } catch (error) {
      await fs.rm(temporary, { force: true });
      throw error;
    }
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `Cannot write ${file}: ${(error as Error).message}`);
  }
  return file;
}
