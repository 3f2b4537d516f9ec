import type { Principal } from '../../auth/index.ts';
import type { SavePipeline, Via } from '../../operations/index.ts';
import type { Platform } from '../../platform.ts';
import type { SchemaModel } from './model.ts';
import type { ApiLimits } from './plan/limits.ts';

/** What every data-API resolver and operation gets. */
export interface DataContext {
  platform: Platform;
  principal: Principal;
  model: SchemaModel;
  limits: ApiLimits;
  pipeline: SavePipeline;
  /** How the request came in, for audit. */
  via: Via;
}
