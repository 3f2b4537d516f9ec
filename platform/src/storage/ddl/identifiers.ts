import { createHash } from 'node:crypto';
import { shortId } from '../../util/ids.ts';

/** Every DDL-level name derives from stable ids, so renaming a field or object never orphans its indexes. */
export const ddlNames = {
  tenantSchema: (tenantId: string) => `t_${tenantId.replace(/-/g, '')}`,
  uniqueIndex: (fieldId: string) => `uq_${shortId(fieldId)}`,
  lookupIndex: (fieldId: string) => `lk_${shortId(fieldId)}`,
  foreignKey: (fieldId: string) => `fk_${shortId(fieldId)}`,
  /** A searched field's trigram index (metadata/apply/search-indexes.ts). */
  searchIndex: (fieldId: string) => `sr_${shortId(fieldId)}`,
  /** An index a duplicate rule's match reads (metadata/apply/duplicate-indexes.ts): per field and key. */
  duplicateIndex: (fieldId: string, suffix: string) => `dp_${shortId(fieldId)}_${suffix}`,
  compositeIndex: (objectId: string, indexName: string) => `ix_${shortId(objectId)}_${indexName}`.slice(0, 63),
  ownerIndex: (objectId: string) => `ow_${shortId(objectId)}`,
  createdIndex: (objectId: string) => `cr_${shortId(objectId)}`,
  /**
   * A formula kept as a STORED generated column (metadata/apply/formula-columns.ts): per field and
   * expression, so that a changed expression is a new column and a reader never meets a stale one.
   */
  formulaColumn: (fieldId: string, sql: string) => `fx_${shortId(fieldId)}_${createHash('sha256').update(sql).digest('hex').slice(0, 10)}`,
  /** A many-to-many field's junction table (one row per link; the model names it too: field-types/manyToMany), and its reverse index. */
  junctionTable: (fieldId: string) => `mm_${shortId(fieldId)}`,
  junctionIndex: (fieldId: string) => `mr_${shortId(fieldId)}`,
  /** Where a deleted field's column waits for restore or purge. */
  parkedColumn: (fieldId: string, part?: string) => `_del_${shortId(fieldId)}${part ? `_${part}` : ''}`,
  parkedTable: (objectId: string) => `_del_${shortId(objectId)}`,
};
