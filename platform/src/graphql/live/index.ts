/** Live subscriptions: `recordChanged(object, filter)` over graphql-ws and SSE, fed by one LISTEN per process. */
export { LiveHub, type LiveEvent } from './hub.ts';
export { openRecordChanges, DEFAULT_LIVE_LIMITS, type LiveLimits, type RecordChanged } from './subscription.ts';
export { liveSchema, isSubscription, subscribeLive, type LiveContext } from './schema.ts';
