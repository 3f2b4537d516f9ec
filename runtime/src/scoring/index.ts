/**
 * Scoring (a plugin of the runtime): kind `scoringRules`, scores by criteria and activity kept in a
 * stored number field. Installed with TESSERA_PLUGINS=…,@tessera/runtime/scoring.
 */
export { createScoringPlugin } from './plugin.ts';
export { scoringRuleSchema, type ScoringRuleItem, type CriterionRule, type ActivityRule } from './definition.ts';
export { checkScoringRule } from './kind.ts';
export { computeScores, rescore } from './compute.ts';
import { createScoringPlugin } from './plugin.ts';
export const createPlugin = createScoringPlugin;
