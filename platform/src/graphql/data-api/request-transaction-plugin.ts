import { getOperationAST, GraphQLError, type ExecutionArgs, type ExecutionResult } from 'graphql';
import { fromPostgresError, isPlatformError } from '../../errors/index.ts';
import type { DataContext } from './context.ts';
import { RequestTransaction } from './request-transaction.ts';

function commitError(error: unknown): GraphQLError {
  const mapped = isPlatformError(error) ? error : fromPostgresError(error);
  return new GraphQLError(mapped?.message ?? 'The changes could not be committed', { originalError: (mapped ?? error) as Error });
}

/**
 * A yoga plugin: a mutation operation runs in one RequestTransaction. When any of its fields
 * failed, nothing is kept and the answer is `data: null` with the failing field's error (its
 * `path` names the field): the other fields' results are not reported, since they were rolled back.
 */
export function useRequestTransaction() {
  return {
    onExecute({ args, executeFn, setExecuteFn }: { args: ExecutionArgs; executeFn: (args: ExecutionArgs) => unknown; setExecuteFn(fn: (args: ExecutionArgs) => Promise<ExecutionResult>): void }) {
      if (getOperationAST(args.document, args.operationName)?.operation !== 'mutation') return;
      setExecuteFn(async (execution) => {
        const ctx = execution.contextValue as DataContext;
        const tx = new RequestTransaction(ctx.platform.pool, ctx.limits.statementTimeoutMs, ctx.tracer);
        ctx.transaction = tx;
        let result: ExecutionResult;
        try {
          result = (await executeFn(execution)) as ExecutionResult;
        } catch (error) {
          await tx.finish(false);
          throw error;
        }
        const ok = !tx.failed && !result.errors?.length;
        const failedCommit = await tx.finish(ok);
        if (failedCommit) return { data: null, errors: [commitError(failedCommit)] };
        return ok ? result : { ...result, data: null };
      });
    },
  };
}
