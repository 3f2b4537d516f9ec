import { configItemsOf, type SchemaModel } from '@tessera/platform';
import type { AssignmentRuleItem, DispatchRuleItem } from './definition.ts';

const ordered = <T extends { order?: number; name: string; active?: boolean; object: string }>(items: T[], object?: string) =>
  items.filter((r) => r.active !== false && (!object || r.object === object)).sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || (a.name < b.name ? -1 : 1));

/** The object's active assignment rules, in the order they are tried. */
export const assignmentRulesOf = (model: SchemaModel, object?: string) => ordered(configItemsOf<AssignmentRuleItem>(model, 'assignmentRule'), object);
/** The object's active dispatch rules, in order. */
export const dispatchRulesOf = (model: SchemaModel, object?: string) => ordered(configItemsOf<DispatchRuleItem>(model, 'dispatchRule'), object);
/** Every rule of either kind (active or not), as documents carry them: what the studio lists and edits. */
export const allRules = (model: SchemaModel) => ({
  assignmentRules: configItemsOf<AssignmentRuleItem>(model, 'assignmentRule'),
  dispatchRules: configItemsOf<DispatchRuleItem>(model, 'dispatchRule'),
});
