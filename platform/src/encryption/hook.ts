import { fieldType } from '../field-types/registry.ts';
import { SealedValue } from '../field-types/encrypted/sealed.ts';
import type { SaveBatch, SaveHook } from '../operations/index.ts';
import { tenantKeys } from './keys.ts';

/** The plain values a batch's seal replaced, by record index and field: put back right after the write. */
const plain = new WeakMap<SaveBatch, [number, string, string][]>();

/**
 * Seals encrypted fields' values right before the write, on every write path (GraphQL single and
 * bulk, upserts, scripts' ctx.db, commands, imports): each value becomes its ciphertext and blind
 * index under the tenant's keys, in the batch's records, so the write and the record history see
 * only that (history shows a mask). It is the last hook before the write (plugins.ts orders it after
 * every other before-write hook, before-triggers included), so that triggers, validation rules and
 * duplicate rules read and write plain text; `unseal` puts the plain text back as soon as the record
 * history has collected the write, so after-triggers read it too. The value schema checked the text before.
 */
export function encryptionHooks(): SaveHook[] {
  return [
    {
      name: 'seal',
      step: 'beforeWrite',
      events: ['create', 'update'],
      after: ['scripts:before'],
      async run(ctx, batch) {
        const fields = batch.object.catalog.definition.fields.filter((f) => fieldType(f.type).name === 'encrypted');
        if (fields.length === 0) return;
        if (!batch.records.some((r) => r && fields.some((f) => typeof r[f.name] === 'string'))) return;
        const keys = await tenantKeys(ctx.db, ctx.model.tenantId);
        const replaced: [number, string, string][] = [];
        batch.records.forEach((record, i) => {
          for (const field of fields) {
            const value = record?.[field.name];
            if (typeof value !== 'string') continue;
            record[field.name] = new SealedValue(keys.encrypt(value), keys.blindIndex(value));
            replaced.push([i, field.name, value]);
          }
        });
        plain.set(batch, replaced);
      },
    },
    {
      name: 'unseal',
      step: 'afterWrite',
      events: ['create', 'update'],
      // After the record history read the sealed values (it keeps a mask), before after-triggers.
      after: ['audit:audit.collect'],
      before: ['scripts:after'],
      async run(_ctx, batch) {
        for (const [i, field, value] of plain.get(batch) ?? []) batch.records[i][field] = value;
        plain.delete(batch);
      },
    },
  ];
}
