/** Something placed in an order by names: it runs before the items it names in `before`, after those in `after`. */
export interface Ordered {
  name: string;
  before?: readonly string[];
  after?: readonly string[];
}

export class OrderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrderError';
  }
}

/**
 * Orders items by their declared constraints (graphile-config's habit: order is declared, never
 * implied by registration). Items no constraint relates keep their registration order; a name
 * that is not there is ignored (an optional neighbour); a cycle fails, naming the items in it.
 */
export function orderByConstraints<T extends Ordered>(items: readonly T[]): T[] {
  const index = new Map<string, number>();
  items.forEach((item, i) => {
    if (index.has(item.name)) throw new OrderError(`Two items are named "${item.name}"`);
    index.set(item.name, i);
  });
  // Edges a → b: a runs before b.
  const next = items.map(() => new Set<number>());
  const incoming = items.map(() => 0);
  const edge = (a: number, b: number) => {
    if (a === b || next[a].has(b)) return;
    next[a].add(b);
    incoming[b]++;
  };
  items.forEach((item, i) => {
    for (const name of item.before ?? []) { const j = index.get(name); if (j !== undefined) edge(i, j); }
    for (const name of item.after ?? []) { const j = index.get(name); if (j !== undefined) edge(j, i); }
  });
  // Kahn's algorithm, always taking the earliest-registered ready item: stable.
  const ready: number[] = [];
  incoming.forEach((n, i) => { if (n === 0) ready.push(i); });
  const out: T[] = [];
  while (ready.length) {
    ready.sort((a, b) => a - b);
    const i = ready.shift()!;
    out.push(items[i]);
    for (const j of next[i]) if (--incoming[j] === 0) ready.push(j);
  }
  if (out.length < items.length) {
    const stuck = items.filter((_, i) => incoming[i] > 0).map((item) => item.name);
    throw new OrderError(`The order of ${stuck.join(', ')} is circular (their before/after constraints form a cycle)`);
  }
  return out;
}
