import type pg from 'pg';
import { auditTable } from './store.ts';

export const DEFAULT_AUDIT_RETENTION_DAYS = 365;

/** Days record history is kept: tenant setting `auditRetentionDays` (a positive number), else 365. */
export function auditRetentionDays(settings: Record<string, unknown> | null | undefined): number {
  const days = settings?.auditRetentionDays;
  return typeof days === 'number' && Number.isFinite(days) && days > 0 ? days : DEFAULT_AUDIT_RETENTION_DAYS;
}

/** The smallest UUIDv7 of an instant: every entry written before it has a smaller id. */
export function firstIdAt(at: Date): string {
  const hex = Math.max(0, Math.floor(at.getTime())).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
}

/**
 * Deletes history entries older than each tenant's retention period, as a range of the (UUIDv7,
 * time-ordered) primary key; returns the count per tenant slug. Tenants without the table are skipped.
 */
export async function purgeAuditHistory(pool: pg.Pool, now = new Date()): Promise<Map<string, number>> {
  const purged = new Map<string, number>();
  const { rows } = await pool.query(`select slug, schema_name, settings from tessera.tenants where to_regclass(quote_ident(schema_name) || '."_audit"') is not null`);
  for (const tenant of rows) {
    const cutoff = new Date(now.getTime() - auditRetentionDays(tenant.settings) * 86_400_000);
    const { rowCount } = await pool.query(`delete from ${auditTable(tenant.schema_name)} where id < $1::uuid`, [firstIdAt(cutoff)]);
    if (rowCount) purged.set(tenant.slug, rowCount);
  }
  return purged;
}
