/**
 * The relative date operators of the filter language (`{createdAt: {thisMonth: true}}`), every
 * transport's: [unit, first offset, offset after the last] from the current unit (UTC).
 */
export const RELATIVE_RANGES = {
  today: ['day', 0, 1], yesterday: ['day', -1, 0], tomorrow: ['day', 1, 2],
  thisWeek: ['week', 0, 1], lastWeek: ['week', -1, 0], nextWeek: ['week', 1, 2],
  thisMonth: ['month', 0, 1], lastMonth: ['month', -1, 0], nextMonth: ['month', 1, 2],
  thisQuarter: ['quarter', 0, 1], lastQuarter: ['quarter', -1, 0], nextQuarter: ['quarter', 1, 2],
  thisYear: ['year', 0, 1], lastYear: ['year', -1, 0], nextYear: ['year', 1, 2],
} as const;
