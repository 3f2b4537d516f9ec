import type { ChangeTx } from '../changes/index.ts';
import type { ErrorDetail } from '../errors/index.ts';
import type { MetadataKind, Reference } from '../kinds/kind.ts';
import { loadDuplicateRules } from '../metadata/catalog.ts';
import { duplicateRuleSchema, fieldMatches, matchableProblem, normalizeDuplicateRule, type DuplicateRuleItem } from '../metadata/duplicate-rules.ts';
import { changeCatalog, type MetadataEngine } from '../metadata/engine.ts';
import { syncDuplicateIndexes } from '../metadata/apply/index.ts';
import { documentItems } from '../plugins/document-items.ts';

/** What a rule uses: its object (renames followed; a deleted object leaves the rule inert until restored) and each matched field (renames followed, deletion refused). */
function uses(rule: DuplicateRuleItem): Reference[] {
  return [
    { target: { kind: 'object', name: rule.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' },
    ...fieldMatches(rule.match).map(({ leaf, pointer }): Reference => ({ target: { kind: 'field', name: `${rule.object}.${leaf.field}` }, pointer: `/match${pointer}/field`, onDelete: 'refuse', onRename: 'follow' })),
  ];
}

/** Rules JSON Schema cannot check: the object exists, and each matched field exists and suits its match. */
async function check(tx: ChangeTx, items: DuplicateRuleItem[]): Promise<ErrorDetail[]> {
  const catalog = await changeCatalog(tx);
  return items.flatMap((rule, i) => {
    const object = catalog.objects.get(rule.object);
    if (!object) return [{ pointer: `/${i}/object`, message: `there is no object "${rule.object}"` }];
    return fieldMatches(rule.match).flatMap(({ leaf, pointer }) => {
      const problem = matchableProblem(leaf, object.fields.get(leaf.field)?.definition, rule.object);
      return problem ? [{ pointer: `/${i}/match${pointer}/field`, message: problem }] : [];
    });
  });
}

/**
 * Duplicate rules, the metadata kind `duplicateRules` (a document's top-level key; each rule names
 * its `object`), made with `documentItems` and stored in `tessera.config_items`. A change bumps the
 * metadata version: the model carries each object's active rules, which the save pipeline's
 * duplicates hook enforces on every write path. Each change also keeps the rule's object's indexes
 * (`syncDuplicateIndexes`, DDL in the change's transaction, never on the request path) and the
 * change's catalog (so the model handed over at commit has the rules as they now are).
 * Renames of the object or a matched field are followed; deleting a matched field is refused
 * (CONFLICT naming the rule); a deleted object leaves its rules inert until it is restored.
 */
export function duplicateRuleKind(engine: MetadataEngine): MetadataKind<DuplicateRuleItem> {
  const base = documentItems<DuplicateRuleItem>({
    name: 'duplicateRule',
    documentKey: 'duplicateRules',
    schema: duplicateRuleSchema as unknown as Record<string, unknown>,
    versions: ['metadata'],
    capability: 'manageMetadata',
    after: ['object'],
    normalize: (item) => normalizeDuplicateRule(item) as unknown as DuplicateRuleItem,
    check,
    uses,
  });
  /** The catalog's rules reloaded, the object's indexes synced; the DDL it ran and its notes, for the plan. */
  const settle = async (tx: ChangeTx, object: string) => {
    const ctx = await engine.context(tx);
    ctx.catalog.duplicateRules = await loadDuplicateRules(tx.sql, tx.tenantId);
    const first = ctx.applied.length;
    await syncDuplicateIndexes(ctx, object);
    const steps = ctx.applied.slice(first);
    return { object, statements: steps.flatMap((s) => s.statements), notes: steps.flatMap((s) => s.notes) };
  };
  return {
    ...base,
    async apply(tx, change) {
      await base.apply(tx, change);
      return settle(tx, (change.after ?? change.before)!.object);
    },
    async follow(tx, ref, event) {
      const note = await base.follow!(tx, ref, event);
      const [row] = await tx.sql.query<{ item: DuplicateRuleItem }>(`select item from tessera.config_items where tenant_id = $1 and kind = 'duplicateRule' and name = $2`, [tx.tenantId, ref.handle]);
      if (note && row) await settle(tx, row.item.object);
      return note;
    },
  };
}
