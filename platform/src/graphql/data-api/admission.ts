import type { OperationDefinitionNode } from 'graphql';
import type { Principal } from '../../auth/index.ts';
import { rateLimitError, tokensFor, type RateLimiter } from '../../auth/rate-limit.ts';
import { checkVariableValues } from '../limits/variables.ts';
import type { CachedDocument } from './documents.ts';
import type { SchemaModel } from '../../model/model.ts';
import { checkCost, costOperation, type OperationCost } from './plan/cost.ts';
import type { ApiLimits } from '../../model/limits.ts';

export interface AdmissionRequest {
  model: SchemaModel;
  doc: Pick<CachedDocument, 'document' | 'costs'>;
  operation: OperationDefinitionNode;
  operationName: string | undefined;
  /** The variables as the request sent them (not yet coerced). */
  variables: Record<string, unknown> | null | undefined;
  limits: ApiLimits;
  principal: Principal;
  rateLimiter: RateLimiter;
}

/**
 * The one check every data-API operation passes before it is planned or executed, on the fast path
 * and in graphql-yoga alike: its variables' nesting, its cost against the tenant's limits (depth,
 * page size, filter size, rows written, records touched), then the rate limit charged by that cost.
 * The cost of an operation that no variable shapes is computed once per document text and metadata
 * version (the parsed-document cache). Throws the PlatformError that refuses it.
 */
export function admitOperation(request: AdmissionRequest): OperationCost {
  const { doc, operation, limits } = request;
  checkVariableValues(operation, request.variables);
  const key = `${request.operationName ?? ''}|${limits.defaultPageSize}`;
  let cost = doc.costs.get(key);
  if (!cost) {
    cost = costOperation(request.model, doc.document, operation, request.variables ?? {}, limits);
    if (!cost.variable) doc.costs.set(key, cost);
  }
  checkCost(cost, limits);
  const refusal = request.rateLimiter.charge(request.principal, tokensFor(cost.cost));
  if (refusal) throw rateLimitError(refusal);
  return cost;
}
