import { tenantTimeZone } from '../clock/index.ts';
import { fieldType } from '../field-types/registry.ts';
import type { ObjectModel } from '../model/model.ts';
import type { OperationContext } from './context.ts';

/**
 * Gives a create batch's records the values the platform assigns (auto-numbers): per such field,
 * one statement reserves the batch's values in the write's transaction, consecutive in input order.
 * Run as the last thing before the INSERT, after every before-write hook, so that nothing can
 * change them and the reservation (a row lock on the counter) is held no longer than needed.
 */
export async function assignValues(ctx: OperationContext, object: ObjectModel, records: Record<string, unknown>[]): Promise<void> {
  if (records.length === 0) return;
  for (const field of object.catalog.definition.fields) {
    const assign = fieldType(field.type).assign;
    if (!assign) continue;
    const target = {
      db: ctx.db,
      schema: ctx.model.schema,
      table: object.catalog.tableName,
      fieldId: object.catalog.fields.get(field.name)!.id,
      timeZone: tenantTimeZone(ctx.principal.settings),
      now: ctx.pipeline.clock.now(),
    };
    const values = await assign.next(field, target, records.length);
    records.forEach((record, i) => { record[field.name] = values[i]; });
  }
}
