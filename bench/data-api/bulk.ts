import { median, table, time } from '../harness.ts';
import { count, ms, na, ratio, type Contender } from './contender.ts';
import { ask, read } from './probe.ts';
import type { NewLead } from './targets.ts';

let batchNo = 0;

/** `size` new leads (MQL, sem, like the brief's example), each on a random sampled account. */
export function newLeads(size: number, accountIds: string[]): NewLead[] {
  const batch = ++batchNo;
  return Array.from({ length: size }, (_, i) => ({
    name: `Bulk ${batch}-${i}`,
    phone: `+86 139 ${String(i).padStart(8, '0')}`,
    status: 'MQL',
    source: 'sem',
    score: i % 100,
    account: accountIds[(batch * 7919 + i) % accountIds.length],
  }));
}

/**
 * One request creating `size` leads, timed wall-clock (the body is built before the clock starts),
 * `runs` times per contender, alternating A, B, C…; median ms and records/s. A contender whose
 * answer fails or lacks ids is n/a from then on.
 */
export async function compareBulk(contenders: Contender[], accountIds: string[], size: number, runs: number): Promise<void> {
  console.log(`\n### Bulk create: ${size.toLocaleString('en')} leads in one request (median of ${runs})\n`);
  const times = new Map<Contender, number[]>(contenders.map((c) => [c, []]));
  for (let run = 0; run < runs; run++) {
    for (const c of contenders) {
      if (c.skip.bulk) continue;
      const body = c.target.bulk(newLeads(size, accountIds));
      const { ms: took, result } = await time(() => ask(c.server.url, c.target, 'bulk', body));
      const ids = read(result, c.target.bulkIds);
      if (ids.problem || ids.value!.length !== size) {
        c.skip.bulk = ids.problem ?? `answered ${ids.value!.length} ids for ${size} leads`;
        console.log(`${c.target.name}: bulk n/a: ${c.skip.bulk}`);
        continue;
      }
      times.get(c)!.push(took);
    }
  }
  const base = median(times.get(contenders[0])!);
  table(contenders.map((c) => {
    const t = times.get(c)!;
    if (c.skip.bulk || !t.length) return { server: c.target.name, 'per batch': na(c.skip.bulk ?? 'no run'), 'records/s': '', 'time ratio': '' };
    const m = median(t);
    return { server: c.target.name, 'per batch': ms(m), 'records/s': count(size / (m / 1000)), 'time ratio': ratio(m, base) };
  }));
}
