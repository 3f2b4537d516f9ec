import type { Source } from '../../../query/index.ts';
import type { SchemaModel } from '../model.ts';
import type { ApiLimits } from './limits.ts';

/** What planning one operation carries along: the model, fresh aliases, limits, and the cost so far. */
export class PlanScope {
  readonly model: SchemaModel;
  readonly limits: ApiLimits;
  private aliases = 0;
  cost = 0;

  constructor(model: SchemaModel, limits: ApiLimits) {
    this.model = model;
    this.limits = limits;
  }

  source(object: string): Source {
    const o = this.model.objects.get(object)!;
    return { object, schema: this.model.schema, table: o.catalog.tableName, alias: `t${this.aliases++}` };
  }

  usersSource(): Source {
    return { object: '__users', schema: 'tessera', table: 'users', alias: `u${this.aliases++}` };
  }
}
