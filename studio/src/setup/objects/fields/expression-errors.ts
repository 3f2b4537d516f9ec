import { ApiError } from '../../../api/graphql.ts';
import type { PlacedProblem } from '../../../expressions/ExpressionEditor.tsx';

const placed = (d: { expression?: unknown }) => d.expression !== undefined && d.expression !== null;

/** The refusal's problems inside an expression (details carrying `expression: {offset, length}`), bare of the position the message repeats. */
export function expressionProblems(error: unknown): PlacedProblem[] {
  if (!(error instanceof ApiError)) return [];
  return error.details.filter(placed).map((d) => ({ offset: d.expression!.offset, length: d.expression!.length, message: d.message }));
}

/** The refusal without its placed problems (the editor shows those); undefined when nothing is left. */
export function withoutPlacedProblems(error: unknown): unknown {
  if (!(error instanceof ApiError) || !error.details.some(placed)) return error;
  if (error.details.every(placed)) return undefined;
  return new ApiError(error.status, error.errors.map((e) => ({ ...e, extensions: { ...e.extensions, errors: e.extensions?.errors?.filter((d) => !placed(d)) } })));
}
