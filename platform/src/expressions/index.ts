/**
 * The expression language (formulas, validation rules, defaults): one parser, one type checker over
 * the tenant's model, two back ends with one semantics — SQL (sql.ts) and JavaScript (evaluate.ts).
 * It sits at the bottom of the layers (model, field types, errors, util only), so that query/,
 * operations/ and the kinds above can all compile and evaluate expressions.
 */
export type { Span, Syntax } from './ast.ts';
export { parseExpression, MAX_NESTING, MAX_SOURCE_LENGTH, type ParseResult } from './parser.ts';
export { checkExpression, MAX_DEPTH, USER_PROPERTIES, type CheckOptions, type CheckResult } from './check.ts';
export { FUNCTIONS, DATE_UNITS } from './functions.ts';
export type { FunctionSpec } from './function-spec.ts';
export { expressionError, lineColumn, type ExpressionProblem, type ProblemCode } from './problems.ts';
export { exprTypeOfField, MAX_LOOKUP_HOPS, readTypeOfField } from './paths.ts';
export type { CheckedExpression, ExprType, FieldRef, Fn, Typed } from './typed.ts';
export { evaluate, evaluateRaw, canonicalText, toApiValue, UnloadedLookupError, type EvaluationContext, type Value } from './evaluate.ts';
export { compileSql, SQL_TYPES, type CompiledExpressionSql, type SqlOptions, type SqlParams } from './sql.ts';
export { DIVISION_SCALE, NUMBER_TEXT } from './numbers.ts';
export { isTimeZone } from './temporal.ts';
export { checkFormulas, FORMULA_TYPES, storedFormula } from './formulas.ts';
export { modelOfObjects } from './model-of.ts';
