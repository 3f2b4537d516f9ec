import { fieldType } from '../field-types/registry.ts';
import { SealedValue } from '../field-types/encrypted/sealed.ts';
import type { SaveHook } from '../operations/index.ts';
import { tenantKeys } from './keys.ts';

/**
 * Seals encrypted fields' values before any is written, on every write path (GraphQL single and
 * bulk, upserts, scripts' ctx.db, commands, imports): each value becomes its ciphertext and blind
 * index under the tenant's keys, in the batch's records, so the write, the audit and the change
 * events see only that (history shows a mask). The value schema checked the text before.
 */
export function encryptionHook(): SaveHook {
  return {
    name: 'seal',
    step: 'beforeWrite',
    events: ['create', 'update'],
    async run(ctx, batch) {
      const fields = batch.object.catalog.definition.fields.filter((f) => fieldType(f.type).name === 'encrypted');
      if (fields.length === 0) return;
      if (!batch.records.some((r) => r && fields.some((f) => typeof r[f.name] === 'string'))) return;
      const keys = await tenantKeys(ctx.db, ctx.model.tenantId);
      for (const record of batch.records) {
        for (const field of fields) {
          const value = record?.[field.name];
          if (typeof value === 'string') record[field.name] = new SealedValue(keys.encrypt(value), keys.blindIndex(value));
        }
      }
    },
  };
}
