/**
 * Business calendars: working hours per weekday in a time zone, holidays and make-up working days
 * (调休; mainland China's from a data package by default), and business-time arithmetic. A platform
 * capability, not a workflow one: approvals' escalations and pools' dispatch count business time too.
 */
export { businessCalendarSchema, resolveCalendar, DEFAULT_CALENDAR, WEEKDAY_KEYS, type BusinessCalendar, type BusinessCalendarItem, type WeekdayKey } from './calendar.ts';
export { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingStart, spansOn } from './arithmetic.ts';
export { businessCalendarKind, loadCalendar } from './kind.ts';
export { cnHoliday, cnMakeUpDay, cnYears } from './cn-holidays.ts';
export { localTime, zonedInstant } from './zone.ts';
