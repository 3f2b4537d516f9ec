import type { Completion, CompletionContext, CompletionResult } from '@codemirror/autocomplete';
import { CTX_MEMBERS, DB_MEMBERS, TRIGGER_EVENTS, type TypeHints } from './type-hints.ts';

/**
 * Completions from the tenant's types: object names inside quotes (ctx.db.get('…')), ctx and
 * ctx.db members after `ctx.` / `db.`, field names (with their types) after any other `.`, and
 * object names and trigger events as words.
 */
export function typeCompletions(hints: () => TypeHints) {
  return (context: CompletionContext): CompletionResult | null => {
    const { objects } = hints();
    const quoted = context.matchBefore(/['"][\w-]*$/);
    if (quoted) return { from: quoted.from + 1, options: objects.map((o) => ({ label: o.name, type: 'class', detail: o.typeName })), validFor: /^[\w-]*$/ };
    const member = context.matchBefore(/([\w$]+)\??\.([\w$]*)$/);
    if (member) {
      const [, owner, partial] = /([\w$]+)\??\.([\w$]*)$/.exec(member.text)!;
      const from = member.to - partial.length;
      if (owner === 'ctx') return { from, options: CTX_MEMBERS.map((m) => ({ label: m.label, type: 'property', detail: m.detail })) };
      if (owner === 'db') return { from, options: DB_MEMBERS.map((m) => ({ label: m, type: 'method' })) };
      const seen = new Map<string, Completion>();
      for (const o of objects) for (const f of o.fields) if (!seen.has(f.name)) seen.set(f.name, { label: f.name, type: 'property', detail: `${f.type} (${o.typeName})` });
      return { from, options: [...seen.values()], validFor: /^[\w$]*$/ };
    }
    const word = context.matchBefore(/[\w$]+$/);
    if (!word && !context.explicit) return null;
    const options: Completion[] = [
      ...objects.map((o) => ({ label: o.name, type: 'class', detail: o.typeName })),
      ...TRIGGER_EVENTS.map((e) => ({ label: e, type: 'function' })),
      { label: 'ctx', type: 'variable' }, { label: 'triggers', type: 'keyword' }, { label: 'actions', type: 'keyword' },
    ];
    return { from: word?.from ?? context.pos, options, validFor: /^[\w$]*$/ };
  };
}
