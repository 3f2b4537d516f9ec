import type { Target } from './targets.ts';

export type Workload = 'list' | 'byId' | 'bulk';

export interface Answer {
  ok: boolean;
  /** The parsed body when ok; otherwise why not (status, first GraphQL error). */
  json?: any;
  problem?: string;
}

/** One request, read whole: a non-2xx status, a body that is not JSON or one with `errors` is not ok. */
export async function ask(baseUrl: string, target: Target, workload: Workload, body: string, timeoutMs = 600_000): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${baseUrl}${target.path(workload)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...target.headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { ok: false, problem: `request failed: ${(error as Error).message}` };
  }
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, problem: `${target.path(workload)} answered ${res.status} with ${text.slice(0, 200) || 'an empty body'}` };
  }
  const first = json?.errors?.[0];
  if (first) return { ok: false, problem: `${target.path(workload)} answered ${res.status}, first error: ${first.message}${first.extensions?.code ? ` (${first.extensions.code})` : ''}` };
  if (!res.ok) return { ok: false, problem: `${target.path(workload)} answered ${res.status}` };
  if (json?.data == null) return { ok: false, problem: `${target.path(workload)} answered ${res.status} without data` };
  return { ok: true, json };
}

/** Reads one answer with the target's reader; a shape it does not expect is a problem, not a crash. */
export function read<T>(answer: Answer, reader: (json: any) => T): { value?: T; problem?: string } {
  if (!answer.ok) return { problem: answer.problem };
  try {
    return { value: reader(answer.json) };
  } catch (error) {
    return { problem: `unexpected answer (${(error as Error).message}): ${JSON.stringify(answer.json).slice(0, 200)}` };
  }
}
