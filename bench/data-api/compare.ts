import { median, table } from '../harness.ts';
import { count, ms, na, ratio, type Contender } from './contender.ts';
import { load, type LoadResult } from './load.ts';

export interface LoadOptions {
  seconds: number;
  rounds: number;
  warmupSeconds: number;
}

/** Cycles through prepared bodies, so each request asks something else (e.g. another id). */
export function cycle(bodies: string[]): () => string {
  let i = 0;
  return () => bodies[i++ % bodies.length];
}

/**
 * Each contender warmed up, then rounds of A, B, C, A, B, C…: the medians of req/s, p50 and p99,
 * with the ratios to the first contender (the hand-written endpoint).
 */
export interface LoadSummary { rps: number; p50: number; p99: number; failures: number }

export async function compareLoad(title: string, workload: 'list' | 'byId', contenders: Contender[], bodies: (c: Contender) => () => string, options: LoadOptions): Promise<Map<Contender, LoadSummary>> {
  console.log(`\n### ${title}\n`);
  const running = contenders.filter((c) => !c.skip[workload]);
  const spec = (c: Contender) => ({ url: `${c.server.url}${c.target.path(workload)}`, headers: c.target.headers, body: bodies(c) });
  for (const c of running) await load(spec(c), options.warmupSeconds);
  const results = new Map<Contender, LoadResult[]>(running.map((c) => [c, []]));
  for (let round = 0; round < options.rounds; round++) {
    for (const c of running) results.get(c)!.push(await load(spec(c), options.seconds));
  }
  const summary = (c: Contender): LoadSummary => {
    const rs = results.get(c) ?? [];
    return { rps: median(rs.map((r) => r.rps)), p50: median(rs.map((r) => r.p50)), p99: median(rs.map((r) => r.p99)), failures: rs.reduce((n, r) => n + r.failures, 0) };
  };
  const base = summary(contenders[0]);
  table(contenders.map((c) => {
    if (c.skip[workload]) return { server: c.target.name, 'req/s': na(c.skip[workload]), p50: '', p99: '', 'req/s ratio': '', 'p50 ratio': '', 'p99 ratio': '', failed: '' };
    const s = summary(c);
    return { server: c.target.name, 'req/s': count(s.rps), p50: ms(s.p50), p99: ms(s.p99), 'req/s ratio': ratio(s.rps, base.rps), 'p50 ratio': ratio(s.p50, base.p50), 'p99 ratio': ratio(s.p99, base.p99), failed: s.failures };
  }));
  return new Map(running.map((c) => [c, summary(c)]));
}
