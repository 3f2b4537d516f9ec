import { FUNCTIONS, USER_PROPERTIES, readTypeOfField, type modelOfObjects } from '@tessera/platform/expressions';

type SchemaModel = ReturnType<typeof modelOfObjects>;
/** Functions only a rule may call (the record before the change): not offered elsewhere. */
const RULES_ONLY = new Set(['PRIORVALUE', 'ISCHANGED']);

/** One suggestion (CodeMirror's Completion, kept plain so it can be tested without an editor). */
export interface ExpressionCompletion {
  label: string;
  type: 'function' | 'property' | 'variable' | 'keyword';
  /** The field's type (`number`, `lookup → account`) or the function's signature. */
  detail: string;
  /** The field's label or the function's help. */
  info?: string;
  /** What is inserted (a function with its opening parenthesis). */
  apply?: string;
}

export interface CompletionResult {
  /** Where the word being completed starts. */
  from: number;
  options: ExpressionCompletion[];
}

const WORD = /(\$?[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_0-9]*)*|\$)$/;

/** Inside a text literal (an odd number of unescaped quotes of one kind before the cursor): nothing to complete. */
function inString(before: string): boolean {
  let quote: string | null = null;
  for (let i = 0; i < before.length; i++) {
    const c = before[i];
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = null;
    } else if (c === '"' || c === "'") quote = c;
  }
  return quote !== null;
}

/** The fields of an object an expression can read: values of a known type, lookups (to follow) and user fields (ids). */
function fieldOptions(model: SchemaModel, object: string): ExpressionCompletion[] {
  const out: ExpressionCompletion[] = [];
  for (const [name, meaning] of model.objects.get(object)?.fields ?? []) {
    if (meaning.kind === 'lookup') out.push({ label: name, type: 'property', detail: `lookup → ${meaning.target}`, info: labelOf(meaning.field.label) });
    else if (meaning.kind === 'user') out.push({ label: name, type: 'property', detail: 'user id' });
    else if (meaning.kind === 'value' && !meaning.field.computed) {
      const type = readTypeOfField(meaning.field);
      if (type) out.push({ label: name, type: 'property', detail: type, info: labelOf(meaning.field.label) });
    }
  }
  return out;
}

const labelOf = (label: unknown): string | undefined => (label && typeof label === 'object' ? (label as Record<string, string>).en : undefined);

/**
 * What can be typed at `pos` of `source`, an expression over `object`: after a lookup and a dot, the
 * target's fields (`account.` → account's fields, any number of hops); after `$User.`, the user's
 * properties; elsewhere the object's fields and the functions (with signatures and help).
 */
export function completeExpression(model: SchemaModel, object: string, source: string, pos: number, options: { user?: boolean; rules?: boolean } = {}): CompletionResult | null {
  const before = source.slice(0, pos);
  if (inString(before)) return null;
  const word = WORD.exec(before)?.[1] ?? '';
  const parts = word.split('.');
  const last = parts[parts.length - 1];
  const from = pos - last.length;
  if (parts[0].startsWith('$')) {
    if (options.user === false) return null;
    if (parts.length === 1) return { from, options: [{ label: '$User', type: 'variable', detail: 'the current user' }] };
    if (parts.length > 2 || parts[0] !== '$User') return null;
    return { from, options: Object.entries(USER_PROPERTIES).map(([name, type]) => ({ label: name, type: 'property' as const, detail: type })) };
  }
  let current = object;
  for (const step of parts.slice(0, -1)) {
    const meaning = model.objects.get(current)?.fields.get(step);
    if (meaning?.kind !== 'lookup') return null;
    current = meaning.target;
  }
  const fields = fieldOptions(model, current);
  if (parts.length > 1) return { from, options: fields };
  const functions: ExpressionCompletion[] = [...FUNCTIONS.values()].filter((f) => options.rules || !RULES_ONLY.has(f.name)).map((f) => ({ label: f.name, type: 'function', detail: f.signature, info: f.description, apply: `${f.name}(` }));
  const keywords: ExpressionCompletion[] = ['TRUE', 'FALSE', 'NULL'].map((k) => ({ label: k, type: 'keyword', detail: 'literal' }));
  const user: ExpressionCompletion[] = options.user === false ? [] : [{ label: '$User', type: 'variable', detail: 'the current user' }];
  return { from, options: [...fields, ...functions, ...keywords, ...user] };
}
