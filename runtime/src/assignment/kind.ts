import { buildModel, changeCatalog, checkExpression, documentItems, parseDuration, type ChangeTx, type ErrorDetail, type MetadataKind, type Reference, type SchemaModel } from '@tessera/platform';
import { assignmentRuleSchema, dispatchRuleSchema, type AssignmentRuleItem, type DispatchRuleItem } from './definition.ts';

type Fields = { has(name: string): boolean; type(name: string): string | undefined };

function fieldsOf(model: SchemaModel, object: string): Fields | undefined {
  const o = model.objects.get(object);
  if (!o) return undefined;
  const defs = o.catalog.definition.fields;
  return { has: (n) => defs.some((d) => d.name === n), type: (n) => defs.find((d) => d.name === n)?.type };
}

const NUMERIC = new Set(['number', 'currency', 'percent', 'integer', 'rating', 'formula', 'rollup']);

function expression(model: SchemaModel, object: string, source: string | undefined, pointer: string): ErrorDetail[] {
  if (source === undefined) return [];
  const checked = checkExpression(source, { model, object });
  return checked.ok ? [] : checked.problems.map((p) => ({ pointer, message: p.message }));
}

/** What JSON Schema cannot check in an assignment rule: the object and fields exist, the condition type-checks, each strategy has what it needs. */
export function checkAssignmentRule(model: SchemaModel, rule: AssignmentRuleItem): ErrorDetail[] {
  const fields = fieldsOf(model, rule.object);
  if (!fields) return [{ pointer: '/object', message: `there is no object "${rule.object}"` }];
  const problems = expression(model, rule.object, rule.when, '/when');
  if (rule.strategy !== 'named' && !rule.team?.length) problems.push({ pointer: '/team', message: `the strategy ${rule.strategy} chooses among a team: name one` });
  if (rule.strategy === 'named') {
    if (!rule.userField) problems.push({ pointer: '/userField', message: 'the strategy named reads the rep from a field: name it' });
    else if (!fields.has(rule.userField)) problems.push({ pointer: '/userField', message: `${rule.object} has no field "${rule.userField}"` });
    else if (!['user', 'email', 'text'].includes(fields.type(rule.userField)!)) problems.push({ pointer: '/userField', message: `${rule.object}.${rule.userField} is neither a user field nor an e-mail` });
  }
  if (rule.strategy === 'bestToBest') {
    if (!rule.scoreField) problems.push({ pointer: '/scoreField', message: 'the strategy bestToBest reads the record\'s score: name the field' });
    else if (!fields.has(rule.scoreField)) problems.push({ pointer: '/scoreField', message: `${rule.object} has no field "${rule.scoreField}"` });
    else if (!NUMERIC.has(fields.type(rule.scoreField)!)) problems.push({ pointer: '/scoreField', message: `${rule.object}.${rule.scoreField} is not numeric` });
    if (!rule.performance) problems.push({ pointer: '/performance', message: 'the strategy bestToBest ranks reps by a measure: configure performance' });
  }
  if (rule.scoreRange && rule.scoreRange.max <= rule.scoreRange.min) problems.push({ pointer: '/scoreRange/max', message: 'max is above min' });
  const p = rule.performance;
  if (p) {
    const pf = fieldsOf(model, p.object);
    if (!pf) problems.push({ pointer: '/performance/object', message: `there is no object "${p.object}"` });
    else {
      if (!pf.has(p.field)) problems.push({ pointer: '/performance/field', message: `${p.object} has no field "${p.field}"` });
      if (p.measure === 'amount' && !p.amountField) problems.push({ pointer: '/performance/amountField', message: 'the measure amount sums a field: name it' });
      if (p.amountField && !pf.has(p.amountField)) problems.push({ pointer: '/performance/amountField', message: `${p.object} has no field "${p.amountField}"` });
    }
    if (p.window) { try { parseDuration(p.window, '/performance/window'); } catch (e) { problems.push({ pointer: '/performance/window', message: (e as Error).message }); } }
  }
  return problems;
}

/** What JSON Schema cannot check in a dispatch rule: fields, the condition, the pool (of the object) and the calendar exist. */
export function checkDispatchRule(model: SchemaModel, rule: DispatchRuleItem, pools: { name: string; object: string }[], calendars: string[]): ErrorDetail[] {
  const fields = fieldsOf(model, rule.object);
  if (!fields) return [{ pointer: '/object', message: `there is no object "${rule.object}"` }];
  const problems = expression(model, rule.object, rule.when, '/when');
  (rule.requiredFields ?? []).forEach((f, i) => { if (!fields.has(f)) problems.push({ pointer: `/requiredFields/${i}`, message: `${rule.object} has no field "${f}"` }); });
  if (rule.score) {
    if (!fields.has(rule.score.field)) problems.push({ pointer: '/score/field', message: `${rule.object} has no field "${rule.score.field}"` });
    else if (!NUMERIC.has(fields.type(rule.score.field)!)) problems.push({ pointer: '/score/field', message: `${rule.object}.${rule.score.field} is not numeric` });
  }
  for (const f of Object.keys(rule.set ?? {})) if (!fields.has(f)) problems.push({ pointer: `/set/${f}`, message: `${rule.object} has no field "${f}"` });
  if (rule.pool && !pools.some((p) => p.name === rule.pool && p.object === rule.object)) problems.push({ pointer: '/pool', message: `"${rule.pool}" is not a pool of ${rule.object}` });
  if (!rule.pool && !rule.set && !rule.assign) problems.push({ pointer: '', message: 'a dispatch moves the record: name a pool, values to set, or assign' });
  if (rule.calendar && rule.calendar !== 'default' && !calendars.includes(rule.calendar)) problems.push({ pointer: '/calendar', message: `there is no business calendar "${rule.calendar}"` });
  return problems;
}

const items = async <T>(tx: ChangeTx, kind: string) => (await tx.sql.query<{ item: T }>('select item from tessera.config_items where tenant_id = $1 and kind = $2', [tx.tenantId, kind])).map((r) => r.item);

function objectUses(rule: { object: string; when?: string }): Reference[] {
  return [{ target: { kind: 'object', name: rule.object }, pointer: '/object', onDelete: 'refuse', onRename: 'follow' }];
}

/** Assignment rules, the metadata kind `assignmentRules` (documentItems, kept in `tessera.config_items`). */
export function assignmentRuleKind(): MetadataKind<AssignmentRuleItem> {
  return documentItems<AssignmentRuleItem>({
    name: 'assignmentRule', documentKey: 'assignmentRules', schema: assignmentRuleSchema as unknown as Record<string, unknown>,
    after: ['object', 'pool'],
    async check(tx, list) {
      const model = buildModel(await changeCatalog(tx));
      return list.flatMap((r, i) => checkAssignmentRule(model, r).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
    },
    uses(rule) {
      const refs = objectUses(rule);
      for (const key of ['userField', 'scoreField'] as const) if (rule[key]) refs.push({ target: { kind: 'field', name: `${rule.object}.${rule[key]}` }, pointer: `/${key}`, onDelete: 'refuse', onRename: 'follow' });
      return refs;
    },
  });
}

/** Dispatch rules, the metadata kind `dispatchRules` (documentItems, kept in `tessera.config_items`). */
export function dispatchRuleKind(): MetadataKind<DispatchRuleItem> {
  return documentItems<DispatchRuleItem>({
    name: 'dispatchRule', documentKey: 'dispatchRules', schema: dispatchRuleSchema as unknown as Record<string, unknown>,
    after: ['object', 'pool', 'businessCalendar'],
    async check(tx, list) {
      const model = buildModel(await changeCatalog(tx));
      const pools = await items<{ name: string; object: string }>(tx, 'pool');
      const calendars = (await items<{ name: string }>(tx, 'businessCalendar')).map((c) => c.name);
      return list.flatMap((r, i) => checkDispatchRule(model, r, pools, calendars).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message })));
    },
    uses(rule) {
      const refs = objectUses(rule);
      (rule.requiredFields ?? []).forEach((f, i) => refs.push({ target: { kind: 'field', name: `${rule.object}.${f}` }, pointer: `/requiredFields/${i}`, onDelete: 'refuse', onRename: 'follow' }));
      if (rule.score) refs.push({ target: { kind: 'field', name: `${rule.object}.${rule.score.field}` }, pointer: '/score/field', onDelete: 'refuse', onRename: 'follow' });
      return refs;
    },
  });
}
