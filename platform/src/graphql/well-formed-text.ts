import { GraphQLError, type ASTVisitor, type ValidationContext } from 'graphql';
import { findBadText, textProblem } from '../util/text.ts';

/**
 * A validation rule: string literals of a document (`"a\u0000b"` is legal GraphQL) must be text
 * the platform can store. Runs on both paths: the fast path's cached validation and graphql-yoga's.
 */
export function WellFormedStringsRule(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      const problem = textProblem(node.value);
      if (problem) context.reportError(new GraphQLError(`A string literal ${problem}`, { nodes: [node], extensions: { code: 'BAD_USER_INPUT' } }));
    },
  };
}

/**
 * A graphql-yoga plugin: the request's parameters (query text, operation name, variables, whether
 * from a JSON body or a GET query) are refused with BAD_USER_INPUT and the pointer of the first
 * string that cannot be stored, before any parsing; and string literals are checked by the rule above.
 */
export function useWellFormedText() {
  return {
    onParams({ params, context, setResult }: { params: Record<string, unknown>; context?: { req?: { wellFormed?: boolean; body?: Record<string, unknown> } }; setResult(result: unknown): void }) {
      // Parameters that are the JSON body http/well-formed-body.ts checked already need no second walk.
      const req = context?.req;
      const body = req?.wellFormed ? req.body : undefined;
      if (body && params.query === body.query && params.variables === body.variables && params.operationName === body.operationName && params.extensions === body.extensions) return;
      const found = findBadText({ query: params.query, operationName: params.operationName, variables: params.variables, extensions: params.extensions });
      if (!found) return;
      setResult({ errors: [new GraphQLError(`The request at ${found.pointer} ${found.message}`, { extensions: { code: 'BAD_USER_INPUT', errors: [found], http: { status: 400 } } })] });
    },
    onValidate({ addValidationRule }: { addValidationRule(rule: unknown): void }) {
      addValidationRule(WellFormedStringsRule);
    },
  };
}
