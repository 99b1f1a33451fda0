/**
 * Human formatting of metric values (the figures' own, shared with the
 * backend's notifications, come from -common), dates and chart axes.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export {
  formatDuration,
  formatDurationDelta,
  formatFactor,
  formatHours,
  formatPer12h,
  formatPerDay,
  formatPerDayDelta,
  formatPercent,
  formatPercentPointsDelta,
} from '@devops-insights/backstage-plugin-common';

export const NO_DATA = 'No data';

/** "4 Mar 2026, 14:05" in the viewer's locale and zone; "—" for null. */
export function formatDateTime(iso: string | null): string {
  if (!iso) return '—';
  return new Date(iso).toLocaleString(undefined, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
  });
}

/** "4 Mar" for chart axes, in UTC because the weeks are UTC weeks. */
export function formatWeek(iso: string): string {
  return new Date(iso).toLocaleDateString(undefined, {
    month: 'short',
    day: 'numeric',
    timeZone: 'UTC',
  });
}

/**
 * How long ago, coarsely ("just now", "4 min ago", "3 h ago", "2 d ago"):
 * enough to judge a sync's freshness at a glance.
 */
export function formatAgo(iso: string, now: Date): string {
  const minutes = Math.floor((now.getTime() - Date.parse(iso)) / 60000);
  if (minutes < 1) return 'just now';
  if (minutes < 60) return `${minutes} min ago`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h ago`;
  return `${Math.floor(hours / 24)} d ago`;
}

/**
 * A unit for a chart axis of durations, scaled to the largest value so the
 * ticks read "20 m" or "3 d" rather than "0.15 h" or "1000 h".
 */
export function durationAxisUnit(maxSeconds: number): {
  seconds: number;
  label: string;
} {
  if (maxSeconds < 2 * HOUR) return { seconds: MINUTE, label: 'm' };
  if (maxSeconds < 3 * DAY) return { seconds: HOUR, label: 'h' };
  return { seconds: DAY, label: 'd' };
}
