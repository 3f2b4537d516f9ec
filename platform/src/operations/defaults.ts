import { PlatformError, type ErrorDetail } from '../errors/index.ts';
import { evaluate } from '../expressions/index.ts';
import type { ObjectModel } from '../model/model.ts';
import { defaultInputForm } from '../validation/check.ts';
import { compiledDefaults } from '../validation/compiled.ts';
import { evaluationContext, nestLookups } from '../validation/records.ts';
import type { OperationContext } from './context.ts';
import { validateCells, withConstantDefaults } from './record-values.ts';


/**
 * Create inputs with the defaults of the fields they leave out: constant ones (`defaultValue`), then
 * default expressions (`defaultExpression`), each evaluated by the JavaScript back end over the
 * record as it stands — the input, its constant defaults, and the defaults of the fields before it
 * (in field order) — with the pipeline's clock (TODAY() moves with a test clock), the tenant's time
 * zone, `$User`, and the records its lookups point to. A value so made is checked like input
 * (validateCells: its field's schema); a required field whose expression gives NULL is refused.
 */
export async function withDefaults(ctx: OperationContext, object: ObjectModel, inputs: Record<string, unknown>[], pointer: (i: number) => string = (i) => `/data/${i}`): Promise<Record<string, unknown>[]> {
  const records = inputs.map((r) => withConstantDefaults(object, r));
  const defaults = compiledDefaults(ctx.model, object);
  const wanted = defaults.filter((d) => records.some((r) => !(d.field in r)));
  if (wanted.length === 0) return records;
  const expressions = wanted.map((d) => d.expression);
  const context = await evaluationContext(ctx, expressions);
  // The expressions read copies (their lookups replaced by records); the values go into the records.
  const views: Record<string, unknown>[] = records.map((r) => ({ owner: ctx.principal.userId, ...r }));
  await nestLookups(ctx, views, expressions);
  const missing: ErrorDetail[] = [];
  for (const { field, expression } of wanted) {
    const indices: number[] = [];
    const values: unknown[] = [];
    records.forEach((record, i) => {
      if (field in record) return;
      const value = defaultInputForm(object.catalog.fields.get(field)?.definition.type ?? '', evaluate(expression, views[i], context));
      if (value === null) {
        if (object.catalog.fields.get(field)?.definition.required) missing.push({ pointer: `${pointer(i)}/${field}`, message: 'is required (its default expression gave no value)', field });
        return;
      }
      record[field] = value;
      if (!object.fields.has(field) || object.fields.get(field)!.kind !== 'lookup') views[i][field] = value;
      indices.push(i);
      values.push(value);
    });
    if (indices.length) validateCells(object, 'create', [{ field, indices, values }], pointer);
  }
  if (missing.length) throw new PlatformError('VALIDATION_FAILED', `Invalid ${object.name}: ${missing[0].pointer} ${missing[0].message}`, { details: missing });
  return records;
}
