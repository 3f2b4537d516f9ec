export { auditHooks } from './hook.ts';
export { readRecordHistory, type HistoryEntry } from './history.ts';
export { auditRetentionDays, purgeAuditHistory, DEFAULT_AUDIT_RETENTION_DAYS } from './retention.ts';
