export { Timers, type TimersOptions, type TimerTarget } from './sweeper.ts';
export { timerTablesSql, timerIndexSql, SYSTEM_TIMERS } from './tables.ts';
export type { TimerSpec, SweepResult } from './types.ts';
