import fs from 'node:fs/promises';
import { PlatformError } from '@tessera/platform/errors';

/**
 * A JSON file of a package or template folder, read for a person: a missing or unreadable file and
 * bad JSON are BAD_USER_INPUT naming the file as `shown` (its path inside the folder), never a stack.
 */
export async function readJsonFile(file: string, shown: string): Promise<unknown> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: string }).code;
    throw new PlatformError('BAD_USER_INPUT', `Cannot read ${shown}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new PlatformError('BAD_USER_INPUT', `${shown} is not valid JSON: ${(error as Error).message}`);
  }
}
