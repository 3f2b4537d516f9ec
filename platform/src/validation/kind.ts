import type { ChangeTx } from '../changes/index.ts';
import type { ErrorDetail } from '../errors/index.ts';
import { parseExpression, type Syntax } from '../expressions/index.ts';
import type { MetadataKind, Reference } from '../kinds/kind.ts';
import { loadValidationRules } from '../metadata/catalog.ts';
import { changeCatalog } from '../metadata/engine.ts';
import { normalizeValidationRule, validationRuleSchema, type ValidationRuleItem } from '../metadata/validation-rules.ts';
import { buildModel } from '../model/model.ts';
import { documentItems } from '../plugins/document-items.ts';
import { ruleProblems } from './check.ts';

/** The first names of the paths an expression reads (fields of the rule's own object), once each. */
export function fieldsNamed(source: string): string[] {
  const parsed = parseExpression(source);
  if (!parsed.ok) return [];
  const names = new Set<string>();
  const walk = (node: Syntax): void => {
    switch (node.kind) {
      case 'path': names.add(node.steps[0].name); return;
      case 'group': walk(node.inner); return;
      case 'negate': walk(node.arg); return;
      case 'binary': walk(node.left); walk(node.right); return;
      case 'call': node.args.forEach(walk); return;
      default:
    }
  };
  walk(parsed.syntax);
  return [...names];
}

/**
 * What a rule uses: its object (renames followed; a deleted object leaves the rule inert until
 * restored), the field it blames (renames followed, deletion refused) and each field of its object
 * the expression reads (renaming or deleting one is refused, naming the rule: the expression is
 * text, and is not rewritten behind its author's back). Fields read through lookups are checked
 * when the catalog changes instead (validation/check.ts `checkRecordLogic`).
 */
function uses(item: ValidationRuleItem): Reference[] {
  const field = (name: string) => ({ kind: 'field', name: `${item.object}.${name}` });
  return [
    { target: { kind: 'object', name: item.object }, pointer: '/object', onDelete: 'keep', onRename: 'follow' },
    ...(item.field ? [{ target: field(item.field), pointer: '/field', onDelete: 'refuse', onRename: 'follow' } satisfies Reference] : []),
    ...fieldsNamed(item.assert).filter((f) => f !== item.field).map((f): Reference => ({ target: field(f), pointer: '/assert', onDelete: 'refuse', onRename: 'refuse' })),
  ];
}

/** Rules JSON Schema cannot check, over the catalog as the change has left it: `ruleProblems`. */
async function check(tx: ChangeTx, items: ValidationRuleItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  return items.flatMap((item, i) => ruleProblems(model, normalizeValidationRule(item)).map((p) => ({ ...p, pointer: `/${i}${p.pointer}` })));
}

/**
 * Validation rules, the metadata kind `validationRules` (a document's top-level key; each rule names
 * its `object`), made with `documentItems` and stored in `tessera.config_items`. A change bumps the
 * metadata version: the model carries each object's active rules, which the save pipeline's
 * validation rules hook (validation/hook.ts) checks on every write path. Each change also updates
 * the change's catalog, so that the catalog checks at its end (`checkRecordLogic`) and the model
 * handed over at commit have the rules as they now are.
 */
export function validationRuleKind(): MetadataKind<ValidationRuleItem> {
  const base = documentItems<ValidationRuleItem>({
    name: 'validationRule',
    documentKey: 'validationRules',
    schema: validationRuleSchema as unknown as Record<string, unknown>,
    versions: ['metadata'],
    capability: 'manageMetadata',
    after: ['object'],
    normalize: (item) => normalizeValidationRule(item) as unknown as ValidationRuleItem,
    check,
    uses,
  });
  const settle = async (tx: ChangeTx) => {
    (await changeCatalog(tx)).validationRules = await loadValidationRules(tx.sql, tx.tenantId);
  };
  return {
    ...base,
    async apply(tx, change) {
      await base.apply(tx, change);
      await settle(tx);
      return { object: (change.after ?? change.before)!.object };
    },
    async follow(tx, ref, event) {
      const note = await base.follow!(tx, ref, event);
      if (note) await settle(tx);
      return note;
    },
  };
}
