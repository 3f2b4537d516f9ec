/**
 * Record timestamps come from the platform clock (ctx.pipeline.clock: the test clock in tests), never
 * the database's now(), so that every deadline, timer and filter on them runs on one time.
 */

/**
 * `"updatedAt" = <the clock's now>`, yet always later than the record's last one: `expectedUpdatedAt`
 * then sees every change, even of two writes within the clock's millisecond (or on a stopped test clock).
 * `now` is the placeholder of the clock's now as a timestamptz.
 */
export function touchedAt(now: string): string {
  return `"updatedAt" = greatest(${now}::timestamptz, "updatedAt" + interval '1 microsecond')`;
}
