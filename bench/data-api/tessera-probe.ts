import { ask, type Answer } from './probe.ts';
import { tessera, type Target } from './targets.ts';

/**
 * Tessera's target, shaped by its schema: the type of `lead(id:)`'s argument is read by
 * introspection. `problem` is set when /graphql is missing or answers errors.
 */
export async function tesseraTarget(url: string, apiKey: string): Promise<{ target: Target; problem?: string }> {
  const base = tessera(apiKey);
  const answer: Answer = await ask(url, base, 'list', JSON.stringify({ query: '{ __type(name: "Query") { fields { name args { name type { kind name ofType { kind name ofType { kind name } } } } } } }' }));
  if (!answer.ok) return { target: base, problem: answer.problem };
  const lead = answer.json.data.__type?.fields?.find((f: any) => f.name === 'lead');
  const arg = lead?.args?.find((a: any) => a.name === 'id')?.type;
  const render = (t: any): string => (t.kind === 'NON_NULL' ? `${render(t.ofType)}!` : t.kind === 'LIST' ? `[${render(t.ofType)}]` : t.name);
  return { target: arg ? tessera(apiKey, render(arg)) : base };
}
