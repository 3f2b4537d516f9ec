import type { FieldType } from '../field-type.ts';
import { nullable } from '../_shared/single-column.ts';
import { partColumn, partName } from '../_shared/part-column.ts';
import { BlindIndexOperand, MASK, SealedValue } from './sealed.ts';
import propertiesSchema from './encrypted.schema.json' with { type: 'json' };

/**
 * Text encrypted at rest with the tenant's key (AES-256-GCM, encryption/): two text columns, the
 * blind index `<name>__hash` (an HMAC of the value under a key derived from the tenant's, first so
 * that filters compare it) and the ciphertext `<name>`. Equality filters only (eq, in, isNull: the
 * operand is HMACed as the value was); no sort, group, aggregate or unique index — the order of
 * ciphertexts means nothing. Reads decrypt in the read verb (the statement returns the ciphertext
 * as `{"$sealed": …}`); history and anything else reading the columns gets a mask.
 */
export const encrypted: FieldType = {
  name: 'encrypted',
  label: { en: 'Encrypted text', 'zh-CN': '加密文本' },
  propertiesSchema,
  resolve: (field) => ({ maxLength: 1000, ...field }),
  check: (field) => (field.defaultValue !== undefined ? [{ pointer: '/defaultValue', message: 'an encrypted field has no default: it would be stored in the metadata in clear' }] : []),
  columns: (field) => [
    { ...partColumn(field, partName(field, 'hash'), 'hash', 'text'), notNull: field.required },
    { ...partColumn(field, field.name, 'ciphertext', 'text'), notNull: field.required },
  ],
  valueSchema: (field) => nullable(field, { type: 'string', minLength: 1, maxLength: Number(field.maxLength ?? 1000) }),
  graphql: 'String',
  // Its columns hold a blind index and a ciphertext, never the text: expressions cannot read it.
  expressionRead: false,
  operators: ['eq', 'in', 'isNull'],
  widget: 'encrypted',
  capabilities: { sortable: false, filterable: true, groupable: false, uniqueable: false, aggregates: [] },
  outputSql: ([, ciphertext]) => `case when ${ciphertext} is null then null else json_build_object('$sealed', ${ciphertext}) end`,
  operand: (value) => (typeof value === 'string' ? new BlindIndexOperand(value) : value),
  toColumns: (value) => {
    if (value === null || value === undefined) return [null, null];
    // Only the encryption hook's output is stored: plain text here is a write path that skipped it.
    if (!(value instanceof SealedValue)) throw new Error('An encrypted field was given a value the encryption hook did not seal');
    return [value.blindIndex, value.ciphertext];
  },
  // History and raw reads: a mask with the blind index's first characters, so a change still shows as one.
  fromColumns: ([hash, ciphertext]) => (ciphertext === null || ciphertext === undefined ? null : `${MASK}${String(hash).slice(0, 4)}`),
};
