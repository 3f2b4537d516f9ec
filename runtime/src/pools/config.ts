import type pg from 'pg';
import { addDuration, configItemsOf, parseDuration, type SchemaModel } from '@tessera/platform';
import type { Member, PoolItem } from './definition.ts';

/** A tenant's pools, as its model has them (current at the model's metadata version). */
export function poolsOf(model: SchemaModel): PoolItem[] {
  return configItemsOf<PoolItem>(model, 'pool');
}

/** The pools of one object, the default first (else by name). */
export function objectPools(model: SchemaModel, object: string): PoolItem[] {
  const pools = poolsOf(model).filter((p) => p.object === object);
  return pools.sort((a, b) => Number(!!b.default) - Number(!!a.default) || (a.name < b.name ? -1 : 1));
}

/** Whether the user is one of the members (users, role, group: a group's users and roles). */
export { isMember } from '../people.ts';

export const after = (at: Date, duration: string) => addDuration(at, parseDuration(duration, '/duration'));

/** The instant the local day of `now` began in `zone` (the daily quota's "today"). */
export function startOfDay(now: Date, zone: string): Date {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-US', { timeZone: zone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit' })
    .formatToParts(now).map((p) => [p.type, p.value]));
  const local = Date.UTC(+parts.year, +parts.month - 1, +parts.day, +parts.hour, +parts.minute, +parts.second);
  const offset = local - Math.floor(now.getTime() / 1000) * 1000;
  return new Date(Date.UTC(+parts.year, +parts.month - 1, +parts.day) - offset);
}

/** The deadline a record in a private pool has now: the first follow-up's (until one happens) or the overdue rule's, whichever comes first. */
export function deadline(pool: PoolItem | undefined, state: { entered_at: Date | null; first_follow_up_at: Date | null; last_follow_up_at: Date | null }): { at: Date; reason: string } | null {
  if (!pool || !state.entered_at) return null;
  const options: { at: Date; reason: string }[] = [];
  if (pool.firstFollowUp && !state.first_follow_up_at) options.push({ at: after(state.entered_at, pool.firstFollowUp), reason: 'FIRST_FOLLOW_UP_OVERDUE' });
  if (pool.overdue) options.push({ at: after(state.last_follow_up_at ?? state.entered_at, pool.overdue), reason: 'NO_FOLLOW_UP' });
  options.sort((a, b) => a.at.getTime() - b.at.getTime());
  return options[0] ?? null;
}
