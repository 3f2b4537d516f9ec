export { systemClock, ManualClock, isManualClock, CLOCK_CHANNEL, type Clock } from './clock.ts';
export { parseDuration, addDuration, type Duration } from './duration.ts';
export { tenantTimeZone } from './time-zone.ts';
