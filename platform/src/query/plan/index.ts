/** The planner: transport-neutral read requests (query/request.ts) into the query tree. */
export { PlanScope, type PlanAliases, type ReadRights } from './scope.ts';
export { planIds, planRead, planRequest } from './read.ts';
export { andOf, castOf, filterConditions } from './filters.ts';
export { decodeCursor, orderTerms, pageOf, type PageArgs } from './order.ts';
export { storedFormulaColumns } from './formulas.ts';
