import { describe, expect, it } from 'vitest';
import { addBusinessTime, businessTimeBetween, isWorkingTime, nextWorkingStart, resolveCalendar, DEFAULT_CALENDAR, cnHoliday, cnMakeUpDay } from '../../src/calendars/index.ts';

// Shanghai is UTC+8 all year: 09:00 local is 01:00Z.
const sh = (local: string) => new Date(`${local}+08:00`);
const H = 3_600_000;
const cal = resolveCalendar(DEFAULT_CALENDAR);

describe('business calendars', () => {
  it('reads mainland China\'s holidays and make-up days from the data package', () => {
    expect(cnHoliday('2026-10-01')).toBe('国庆节');
    expect(cnMakeUpDay('2026-10-10')).toBe('国庆节'); // a Saturday worked for National Day
    expect(cnMakeUpDay('2026-10-17')).toBeUndefined();
  });

  it('tells working time: hours, lunch, weekends, holidays and a 调休 Saturday', () => {
    expect(isWorkingTime(cal, sh('2026-03-10T10:00:00'))).toBe(true); // a Tuesday
    expect(isWorkingTime(cal, sh('2026-03-10T12:30:00'))).toBe(false); // lunch
    expect(isWorkingTime(cal, sh('2026-03-10T18:00:00'))).toBe(false); // spans end exclusive
    expect(isWorkingTime(cal, sh('2026-03-14T10:00:00'))).toBe(false); // a Saturday
    expect(isWorkingTime(cal, sh('2026-10-01T10:00:00'))).toBe(false); // National Day (a Thursday)
    expect(isWorkingTime(cal, sh('2026-10-10T10:00:00'))).toBe(true); // the make-up Saturday
  });

  it('finds the next working start across a weekend', () => {
    expect(nextWorkingStart(cal, sh('2026-03-13T18:30:00')).toISOString()).toBe(sh('2026-03-16T09:00:00').toISOString());
    expect(nextWorkingStart(cal, sh('2026-03-16T10:15:00')).toISOString()).toBe(sh('2026-03-16T10:15:00').toISOString());
    expect(nextWorkingStart(cal, sh('2026-03-16T12:10:00')).toISOString()).toBe(sh('2026-03-16T13:00:00').toISOString());
  });

  it('adds business time across lunch, a weekend, a holiday week and a 调休 Saturday', () => {
    // Friday 16:00 + 4 h: 2 h on Friday, 2 h on Monday morning.
    expect(addBusinessTime(cal, sh('2026-03-13T16:00:00'), 4 * H).toISOString()).toBe(sh('2026-03-16T11:00:00').toISOString());
    // Tuesday 11:00 + 2 h: 1 h before lunch, 1 h after.
    expect(addBusinessTime(cal, sh('2026-03-10T11:00:00'), 2 * H).toISOString()).toBe(sh('2026-03-10T14:00:00').toISOString());
    // Ending exactly at the end of a span stays there.
    expect(addBusinessTime(cal, sh('2026-03-10T17:00:00'), 1 * H).toISOString()).toBe(sh('2026-03-10T18:00:00').toISOString());
    // Wednesday 2026-09-30 17:00 + 9 h: 1 h that day, National Day (Oct 1-7) off, 8 h on Thursday Oct 8.
    expect(addBusinessTime(cal, sh('2026-09-30T17:00:00'), 9 * H).toISOString()).toBe(sh('2026-10-08T18:00:00').toISOString());
    // Friday Oct 9 17:00 + 3 h: 1 h Friday, 2 h on Saturday Oct 10, a make-up working day.
    expect(addBusinessTime(cal, sh('2026-10-09T17:00:00'), 3 * H).toISOString()).toBe(sh('2026-10-10T11:00:00').toISOString());
    // The Saturday after (Oct 17) is an ordinary weekend.
    expect(addBusinessTime(cal, sh('2026-10-16T17:00:00'), 3 * H).toISOString()).toBe(sh('2026-10-19T11:00:00').toISOString());
  });

  it('measures business time between two instants', () => {
    expect(businessTimeBetween(cal, sh('2026-03-13T16:00:00'), sh('2026-03-16T11:00:00'))).toBe(4 * H);
    expect(businessTimeBetween(cal, sh('2026-03-14T00:00:00'), sh('2026-03-15T23:00:00'))).toBe(0);
  });

  it('honours its own time zone, holidays and make-up days over the public ones', () => {
    const ny = resolveCalendar({ name: 'ny', timeZone: 'America/New_York', publicHolidays: 'none', hours: { mon: ['09:00-17:00'], tue: ['09:00-17:00'] }, holidays: [{ date: '2026-03-10' }], workdays: [{ date: '2026-03-14' }], makeUpHours: 'mon' });
    // Monday 2026-03-09 16:00 New York (EDT, UTC-4 since Mar 8) + 2 h: 1 h Monday, Tuesday is a holiday, Wed-Fri no hours, Saturday a make-up day.
    expect(addBusinessTime(ny, new Date('2026-03-09T20:00:00Z'), 2 * H).toISOString()).toBe('2026-03-14T14:00:00.000Z');
  });

  it('refuses overlapping spans and unknown time zones', () => {
    expect(() => resolveCalendar({ name: 'x', hours: { mon: ['09:00-12:00', '11:00-13:00'] } })).toThrow(/overlap/);
    expect(() => resolveCalendar({ name: 'x', timeZone: 'Mars/Olympus' })).toThrow(/time zone/);
  });
});
