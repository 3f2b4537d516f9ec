import { buildModel, changeCatalog, checkExpression, documentItems, parseDuration, type ChangeTx, type ErrorDetail, type MetadataKind, type ObjectModel, type Reference, type SchemaModel } from '@tessera/platform';
import { scoringRuleSchema, type ScoringRuleItem } from './definition.ts';

/** Score fields: numbers stored in a column of their own (no formula, no roll-up), so lists sort and filter on them. */
const SCORE_TYPES = new Set(['number', 'integer']);
const DATE_TYPES = new Set(['date', 'dateTime']);

/** A field of the object's own columns (system fields included), with its type; undefined when none. */
export function plainField(object: ObjectModel, name: string): { type: string; target?: string; system: boolean } | undefined {
  const m = object.fields.get(name);
  if (!m || (m.kind !== 'value' && m.kind !== 'lookup')) return undefined;
  return { type: m.field.type, target: m.kind === 'lookup' ? m.target : (m.field as { target?: string }).target, system: m.kind === 'value' && m.system };
}

/**
 * What JSON Schema cannot check: the object and the score field exist (a number the rule may write:
 * no formula, no roll-up, not read by its own criteria, which would make the score feed on itself),
 * criteria and conditions type-check as booleans, activity objects look the object up, windows parse
 * and read a date field of the activity.
 */
export function checkScoringRule(model: SchemaModel, rule: ScoringRuleItem): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const object = model.objects.get(rule.object);
  if (!object) return [{ pointer: '/object', message: `there is no object "${rule.object}"` }];
  const target = plainField(object, rule.field);
  if (!target || target.system) problems.push({ pointer: '/field', message: `${rule.object} has no field "${rule.field}"` });
  else if (!SCORE_TYPES.has(target.type)) problems.push({ pointer: '/field', message: `${rule.object}.${rule.field} is a ${target.type} field; a score is stored in a number or integer field` });
  (rule.criteria ?? []).forEach((c, i) => {
    const checked = checkExpression(c.when, { model, object: rule.object, expect: 'boolean', user: null });
    if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer: `/criteria/${i}/when`, message: p.message })));
    else if (checked.expression.reads.some((r) => r.object === rule.object && r.field === rule.field)) problems.push({ pointer: `/criteria/${i}/when`, message: `a criterion may not read the score field ${rule.field} itself` });
    else if (checked.expression.usesNow) problems.push({ pointer: `/criteria/${i}/when`, message: 'a criterion may not read the clock (TODAY(), NOW()): the score would change without a write; use an activity window' });
  });
  (rule.activities ?? []).forEach((a, i) => {
    const at = `/activities/${i}`;
    const activity = model.objects.get(a.object);
    if (!activity) { problems.push({ pointer: `${at}/object`, message: `there is no object "${a.object}"` }); return; }
    const lookup = plainField(activity, a.field);
    if (!lookup || (lookup.type !== 'lookup' && lookup.type !== 'masterDetail') || lookup.target !== rule.object) problems.push({ pointer: `${at}/field`, message: `${a.object}.${a.field} is not a lookup of ${rule.object}` });
    if (a.when !== undefined) {
      const checked = checkExpression(a.when, { model, object: a.object, expect: 'boolean', user: null });
      if (!checked.ok) problems.push(...checked.problems.map((p) => ({ pointer: `${at}/when`, message: p.message })));
      else if (checked.expression.usesNow) problems.push({ pointer: `${at}/when`, message: 'a condition may not read the clock; use `within`' });
    }
    if (a.within !== undefined) { try { parseDuration(a.within, `${at}/within`); } catch (e) { problems.push({ pointer: `${at}/within`, message: (e as Error).message }); } }
    const dateField = a.dateField ?? 'createdAt';
    const date = plainField(activity, dateField);
    if (a.dateField !== undefined && a.within === undefined) problems.push({ pointer: `${at}/dateField`, message: 'dateField is read by a window: give `within` too' });
    else if (!date || !DATE_TYPES.has(date.type)) problems.push({ pointer: `${at}/dateField`, message: `${a.object}.${dateField} is not a date or date-time field` });
  });
  return problems;
}

async function check(tx: ChangeTx, items: ScoringRuleItem[]): Promise<ErrorDetail[]> {
  const model = buildModel(await changeCatalog(tx));
  const stored = (await tx.sql.query<{ item: ScoringRuleItem }>('select item from tessera.config_items where tenant_id = $1 and kind = $2', [tx.tenantId, 'scoringRule'])).map((r) => r.item);
  const all = [...stored.filter((s) => !items.some((i) => i.name === s.name)), ...items];
  const problems = items.flatMap((r, i) => checkScoringRule(model, r).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
  items.forEach((r, i) => {
    if (r.active === false) return;
    const other = all.find((o) => o.name !== r.name && o.active !== false && o.object === r.object && o.field === r.field);
    if (other) problems.push({ pointer: `/${i}/field`, message: `${r.object}.${r.field} is already the score of the scoring rule ${other.name}` });
  });
  return problems;
}

/** The objects and fields a rule names: renames followed; deleting the score field or an activity lookup is refused (the rule would write nowhere). */
function uses(rule: ScoringRuleItem): Reference[] {
  const refs: Reference[] = [
    { target: { kind: 'object', name: rule.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' },
    { target: { kind: 'field', name: `${rule.object}.${rule.field}` }, pointer: '/field', onDelete: 'refuse', onRename: 'follow' },
  ];
  (rule.activities ?? []).forEach((a, i) => {
    refs.push({ target: { kind: 'object', name: a.object }, pointer: `/activities/${i}/object`, onDelete: 'refuse', onRename: 'follow' });
    refs.push({ target: { kind: 'field', name: `${a.object}.${a.field}` }, pointer: `/activities/${i}/field`, onDelete: 'refuse', onRename: 'follow' });
    if (a.dateField) refs.push({ target: { kind: 'field', name: `${a.object}.${a.dateField}` }, pointer: `/activities/${i}/dateField`, onDelete: 'refuse', onRename: 'follow' });
  });
  return refs;
}

/**
 * Scoring rules, the metadata kind `scoringRules` (documentItems, in `tessera.config_items`). A save
 * that changes what a rule computes enqueues the full recomputation in the change's transaction
 * (`onApply`): the change itself never touches the records.
 */
export function scoringRuleKind(onApply: (tx: ChangeTx, name: string, before: ScoringRuleItem | null, after: ScoringRuleItem | null) => Promise<void>): MetadataKind<ScoringRuleItem> {
  const base = documentItems<ScoringRuleItem>({
    name: 'scoringRule', documentKey: 'scoringRules', schema: scoringRuleSchema as unknown as Record<string, unknown>,
    after: ['object'], check, uses,
    normalize: (r) => ({ ...r, active: r.active ?? true }),
  });
  return {
    ...base,
    async apply(tx, change) {
      await base.apply(tx, change);
      await onApply(tx, change.key, change.before, change.after ? { ...change.after, active: change.after.active ?? true } : null);
    },
  };
}
