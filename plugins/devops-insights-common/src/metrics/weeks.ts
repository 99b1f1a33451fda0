import { TimeWindow } from './rows';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

/** Monday 00:00 UTC of the ISO week holding `time`. @public */
export function isoWeekStart(time: number): number {
  const day = Math.floor(time / DAY_MS) * DAY_MS;
  // 1970-01-01 was a Thursday; (weekday + 6) % 7 gives days since Monday.
  const weekday = new Date(day).getUTCDay();
  return day - ((weekday + 6) % 7) * DAY_MS;
}

/**
 * The ISO weeks overlapping the window, each clipped to it.
 * @public
 */
export function isoWeeksOf(
  window: TimeWindow,
): Array<{ weekStart: number; window: TimeWindow }> {
  const weeks: Array<{ weekStart: number; window: TimeWindow }> = [];
  for (
    let start = isoWeekStart(window.from);
    start < window.to;
    start += WEEK_MS
  ) {
    weeks.push({
      weekStart: start,
      window: {
        from: Math.max(start, window.from),
        to: Math.min(start + WEEK_MS, window.to),
      },
    });
  }
  return weeks;
}

/**
 * Monday 00:00 UTC (epoch ms) of an ISO week `YYYY-Www`, or null if the year
 * has no such week. @public
 */
export function isoWeekMonday(week: string): number | null {
  const match = /^(\d{4})-W(\d{2})$/.exec(week);
  if (!match) return null;
  const year = Number(match[1]);
  const number = Number(match[2]);
  const monday = isoWeek1Monday(year) + (number - 1) * WEEK_MS;
  if (number < 1 || monday >= isoWeek1Monday(year + 1)) return null;
  return monday;
}

/** Week 1 is the week holding January 4th. */
function isoWeek1Monday(year: number): number {
  const jan4 = Date.UTC(year, 0, 4);
  return isoWeekStart(jan4);
}

/**
 * Whether a week of a weekly series covers all seven days. The first and
 * last week of a window are clipped to it and usually hold a few days only:
 * drawn next to full weeks they read as a drop, so charts and sparklines
 * leave them out (the window's figures still count every day). @public
 */
export function isWholeWeek(week: { from: string; to: string }): boolean {
  return Date.parse(week.to) - Date.parse(week.from) >= WEEK_MS;
}
