/** A TypeScript type for a (value) JSON Schema: the subset field value schemas use. */
export function schemaToTs(schema: unknown): string {
  if (schema === true || schema === undefined || schema === null || typeof schema !== 'object') return 'any';
  const s = schema as Record<string, unknown>;
  if ('const' in s) return JSON.stringify(s.const);
  if (Array.isArray(s.enum)) return s.enum.length ? s.enum.map((v) => JSON.stringify(v)).join(' | ') : 'never';
  const union = (s.anyOf ?? s.oneOf) as unknown[] | undefined;
  if (Array.isArray(union)) return [...new Set(union.map((u) => schemaToTs(u)))].join(' | ');
  const type = s.type;
  if (Array.isArray(type)) return type.map((t) => schemaToTs({ ...s, type: t })).join(' | ');
  switch (type) {
    case 'string': return 'string';
    case 'number': case 'integer': return 'number';
    case 'boolean': return 'boolean';
    case 'null': return 'null';
    case 'array': return `${wrap(schemaToTs(s.items))}[]`;
    case 'object': {
      const props = (s.properties ?? {}) as Record<string, unknown>;
      const required = new Set((s.required ?? []) as string[]);
      const entries = Object.entries(props).map(([k, v]) => `${JSON.stringify(k)}${required.has(k) ? '' : '?'}: ${schemaToTs(v)}`);
      return entries.length ? `{ ${entries.join('; ')} }` : 'Record<string, any>';
    }
    default: return 'any';
  }
}

/** Parenthesizes unions and function types where an array suffix would bind wrongly. */
function wrap(type: string): string {
  return /[|&]/.test(type) && !/^\{.*\}$/.test(type) ? `(${type})` : type;
}
