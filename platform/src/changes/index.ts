export type { Actor } from './actor.ts';
export { systemActor } from './actor.ts';
export { CHANGES_CHANNEL, METADATA_CHANNEL, SECURITY_CHANNEL } from './channels.ts';
export { ChangeRunner, readSnapshot, type ConfigReader, type ChangeSpec, type ChangeOutcome, type ChangeTx, type ChangeDone, type HistoryEntry, type VersionName, type Versions } from './run-change.ts';
export { readHistory, historyCursor, type HistoryPage, type HistoryRecord, type HistoryQuery } from './history.ts';
export { redact } from './redact.ts';
