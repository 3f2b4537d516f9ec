import { createRequire } from 'node:module';

/**
 * Mainland China's public holidays and make-up working days (调休), from the `chinese-days` data
 * package (pinned; the State Council's notices, kept up to date by its maintainers each year): not
 * a hand-typed list. Read once, lazily (the file holds every year since 2004).
 */
interface ChineseDays { holidays: Record<string, string>; workdays: Record<string, string> }

let data: { holidays: Map<string, string>; workdays: Map<string, string> } | undefined;

function load() {
  if (!data) {
    const raw = createRequire(import.meta.url)('chinese-days/dist/chinese-days.json') as ChineseDays;
    // Values read "English name,中文名,days": the Chinese name is what the studio shows.
    const name = (v: string) => v.split(',')[1] ?? v;
    data = {
      holidays: new Map(Object.entries(raw.holidays).map(([d, v]) => [d, name(v)])),
      workdays: new Map(Object.entries(raw.workdays).map(([d, v]) => [d, name(v)])),
    };
  }
  return data;
}

/** The holiday a date (`YYYY-MM-DD`) is in mainland China, or undefined. */
export function cnHoliday(date: string): string | undefined {
  return load().holidays.get(date);
}

/** Whether a date (`YYYY-MM-DD`, a weekend day) is a make-up working day (调休) in mainland China. */
export function cnMakeUpDay(date: string): string | undefined {
  return load().workdays.get(date);
}

/** The years the data covers (for the studio and for a warning when a calendar reaches past them). */
export function cnYears(): number[] {
  return [...new Set([...load().holidays.keys()].map((d) => Number(d.slice(0, 4))))].sort();
}
