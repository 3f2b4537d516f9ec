import type pg from 'pg';
import type { Principal } from '../auth/index.ts';
import type { SchemaModel } from '../model/model.ts';
import type { ApiLimits } from '../model/limits.ts';
import type { SavePipeline } from './pipeline.ts';
import type { SecurityContext } from '../security/model.ts';
import type { Tracer } from './trace.ts';
import type { LocalApiUsage } from './local-api.ts';

/** Where a write came from, recorded by audit. */
export type Via = 'api' | 'studio' | 'cli' | 'script' | 'workflow' | 'import' | 'system';

/**
 * What every operation runs with: the caller, the tenant's model at one metadata version, and the
 * transaction (a pg client inside BEGIN … COMMIT) that the whole operation shares.
 */
export interface OperationContext {
  principal: Principal;
  model: SchemaModel;
  limits: ApiLimits;
  db: pg.PoolClient;
  via: Via;
  pipeline: SavePipeline;
  /** Nesting of operations started by hooks (a trigger writing its own object), bounded by the pipeline. */
  depth: number;
  /** The caller's rights; absent for system writes (migrations, templates), which bypass them. */
  security?: SecurityContext;
  /** Set when the request asked for a trace of the steps it ran (`x-tessera-trace: 1`). */
  tracer?: Tracer;
  /** What the local API (scripts' ctx.db) used in this transaction; shared by nested contexts. */
  usage?: LocalApiUsage;
}
