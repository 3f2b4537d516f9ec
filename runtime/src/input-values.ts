import type { SchemaModel } from '@tessera/platform';

/**
 * Values computed by a rule (a workflow step's expression, a conversion's mapping) as the records API
 * takes them: an expression's number into a currency field is its amount (in the field's currency,
 * as an input without one), which the API takes only as `{amount, currency?}`; everything else as
 * given. Shared by the plugins that write expression results (workflows, conversions).
 */
export function inputValues(model: SchemaModel, object: string, data: Record<string, unknown>): Record<string, unknown> {
  const fields = model.objects.get(object)?.fields;
  if (!fields) return data;
  return Object.fromEntries(Object.entries(data).map(([name, value]) => {
    const meaning = fields.get(name) as { field?: { type?: string } } | undefined;
    const money = meaning?.field?.type === 'currency' && (typeof value === 'number' || (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))));
    return [name, money ? { amount: Number(value) } : value];
  }));
}
