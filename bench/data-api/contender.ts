import type { ChildServer } from './child.ts';
import type { Target } from './targets.ts';

/** A running server and how to ask it; `skip` says, per workload, why it is n/a. */
export interface Contender {
  target: Target;
  server: ChildServer;
  skip: Partial<Record<'list' | 'byId' | 'bulk', string>>;
}

export const ratio = (value: number, base: number) => (Number.isFinite(value / base) ? `${(value / base).toFixed(2)}×` : '–');
export const ms = (v: number) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)} ms` : '–');
export const count = (v: number) => Math.round(v).toLocaleString('en');
/** A table cell for a skipped workload: the reason up to its first error's text (printed in full above). */
export const na = (why: string) => `n/a: ${why.split(', first error')[0]}`;
