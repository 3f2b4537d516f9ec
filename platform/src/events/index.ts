export { EventBus, type EventBusOptions } from './bus.ts';
export { outboxHook } from './outbox.ts';
export { listen } from './listener.ts';
export { EVENTS_CHANNEL, type ChangeEvent, type Subscriber } from './types.ts';
