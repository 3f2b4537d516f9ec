import { BlindIndexOperand } from '../field-types/encrypted/sealed.ts';
import { tenantKeys, type KeyStore } from './keys.ts';

/** A read's parameters with each encrypted-field operand replaced by its blind index (null when none is). */
export async function indexOperands(db: KeyStore, tenantId: string, params: readonly unknown[]): Promise<unknown[] | null> {
  const has = (p: unknown): boolean => p instanceof BlindIndexOperand || (Array.isArray(p) && p.some(has));
  if (!params.some(has)) return null;
  const keys = await tenantKeys(db, tenantId);
  const swap = (p: unknown): unknown => (p instanceof BlindIndexOperand ? keys.blindIndex(p.value) : Array.isArray(p) ? p.map(swap) : p);
  return params.map(swap);
}

/**
 * A read's JSON text with every `{"$sealed": ciphertext}` (an encrypted field's value, as the
 * statement returns it) decrypted under the tenant's key. Reads without one are returned as they
 * are, unparsed; a value that does not open under this tenant's key reads as null.
 */
export async function unsealText(db: KeyStore, tenantId: string, text: string): Promise<string> {
  if (!text.includes('"$sealed"')) return text;
  const keys = await tenantKeys(db, tenantId);
  return JSON.stringify(JSON.parse(text), (_key, value) => {
    if (value && typeof value === 'object' && !Array.isArray(value) && typeof value.$sealed === 'string' && Object.keys(value).length === 1) {
      try {
        return keys.decrypt(value.$sealed);
      } catch {
        return null;
      }
    }
    return value;
  });
}
