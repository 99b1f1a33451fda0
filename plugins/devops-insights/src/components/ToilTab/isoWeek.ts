import {
  isoWeekMonday,
  isoWeekStart,
} from '@devops-insights/backstage-plugin-common';

const DAY_MS = 24 * 3600 * 1000;
const WEEK_MS = 7 * DAY_MS;

export type IsoWeekOption = {
  /** `2026-W06`, as the API takes it. */
  value: string;
  /** "2026-W06 (2 Feb – 8 Feb)" */
  label: string;
};

/** `YYYY-Www` of the ISO week holding a UTC instant (ms). */
export function isoWeekOf(time: number): string {
  const monday = isoWeekStart(time);
  // The week belongs to the year its Thursday is in.
  const year = new Date(monday + 3 * DAY_MS).getUTCFullYear();
  const week =
    Math.round((monday - isoWeekMonday(`${year}-W01`)!) / WEEK_MS) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
}

/**
 * The user's calendar date as a UTC day: on a Monday morning in Tokyo the
 * current week is the new one, although UTC is still on Sunday.
 */
function localDay(now: Date): number {
  return Date.UTC(now.getFullYear(), now.getMonth(), now.getDate());
}

export function currentIsoWeek(now: Date): string {
  return isoWeekOf(localDay(now));
}

function weekLabel(week: string): string {
  const monday = isoWeekMonday(week)!;
  const day = (time: number) =>
    new Date(time).toLocaleDateString(undefined, {
      day: 'numeric',
      month: 'short',
      timeZone: 'UTC',
    });
  return `${week} (${day(monday)} – ${day(monday + 6 * DAY_MS)})`;
}

/** The current ISO week and the `count - 1` before it, newest first. */
export function recentIsoWeeks(now: Date, count: number): IsoWeekOption[] {
  const start = isoWeekStart(localDay(now));
  return Array.from({ length: count }, (_, i) => {
    const value = isoWeekOf(start - i * WEEK_MS);
    return { value, label: weekLabel(value) };
  });
}
