import type { Principal } from '../../auth/index.ts';
import type { SavePipeline, Via } from '../../operations/index.ts';
import type { Platform } from '../../platform.ts';
import type { SchemaModel } from '../../model/model.ts';
import type { ApiLimits } from '../../model/limits.ts';
import type { SecurityContext } from '../../security/model.ts';
import type { Tracer } from '../../operations/trace.ts';
import type { RequestTransaction } from './request-transaction.ts';
import type { CachedDocument } from './documents.ts';

/** What every data-API resolver and operation gets. */
export interface DataContext {
  platform: Platform;
  principal: Principal;
  model: SchemaModel;
  limits: ApiLimits;
  pipeline: SavePipeline;
  /** How the request came in, for audit. */
  via: Via;
  /** The caller's rights at the tenant's current security version. */
  security: SecurityContext;
  /** The steps the request ran; answered in `extensions.trace` when it asked (`x-tessera-trace: 1`). */
  tracer: Tracer;
  traceRequested: boolean;
  /** The cost of the request's reads so far, shared by its root fields so that maxCost covers the whole operation. */
  readBudget?: { cost: number };
  /** The transaction all of the request's root mutations run in (set for mutation operations). */
  transaction?: RequestTransaction;
  /** Set when the fast path already admitted this request's operation (cost checked, rate limit charged). */
  admitted?: boolean;
  /** The request's parsed document, from the tenant API's document cache (set when yoga parses it). */
  cachedDocument?: CachedDocument;
}
