import type { ChangeTx } from '../changes/index.ts';
import type { ErrorDetail } from '../errors/index.ts';
import { isPlatformError } from '../errors/index.ts';
import type { MetadataKind } from '../kinds/kind.ts';
import { documentItems, loadDocumentItems } from '../plugins/document-items.ts';
import { businessCalendarSchema, DEFAULT_CALENDAR, isTimeZone, resolveCalendar, type BusinessCalendar, type BusinessCalendarItem } from './calendar.ts';

/** What JSON Schema cannot check: the time zone is one this process knows, the spans of a day are in order. */
async function check(_tx: ChangeTx, items: BusinessCalendarItem[]): Promise<ErrorDetail[]> {
  return items.flatMap((item, i) => {
    if (item.timeZone !== undefined && !isTimeZone(item.timeZone)) return [{ pointer: `/${i}/timeZone`, message: `"${item.timeZone}" is not an IANA time zone` }];
    try {
      resolveCalendar(item);
      return [];
    } catch (error) {
      if (!isPlatformError(error)) throw error;
      return (error.details ?? []).map((d) => ({ pointer: `/${i}${d.pointer}`, message: d.message }));
    }
  });
}

/**
 * Business calendars, the metadata kind `businessCalendars` (documentItems, `tessera.config_items`).
 * Nothing in a tenant's API depends on them (no version bump): workflows' waits, approvals'
 * escalations and dispatch read them when they compute a due time.
 */
export function businessCalendarKind(): MetadataKind<BusinessCalendarItem> {
  return documentItems<BusinessCalendarItem>({
    name: 'businessCalendar',
    documentKey: 'businessCalendars',
    schema: businessCalendarSchema as unknown as Record<string, unknown>,
    versions: [],
    after: [],
    check,
  });
}

/**
 * A tenant's calendar by name, resolved; without a name, its `default` calendar, else the platform's
 * default (Asia/Shanghai, Monday to Friday 09:00-12:00 and 13:00-18:00, mainland China's holidays).
 * An unknown name is undefined (the caller says where it was named).
 */
export async function loadCalendar(sql: { query<R>(text: string, values?: unknown[]): Promise<R[]> }, tenantId: string, name?: string): Promise<BusinessCalendar | undefined> {
  const items = await loadDocumentItems<BusinessCalendarItem>(sql, tenantId, 'businessCalendar');
  const item = items.find((c) => c.name === (name ?? 'default')) ?? (name === undefined || name === 'default' ? DEFAULT_CALENDAR : undefined);
  return item && resolveCalendar(item);
}
