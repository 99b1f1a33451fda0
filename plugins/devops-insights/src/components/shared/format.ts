/**
 * Human formatting of metric values. Inputs follow the API: durations in
 * seconds, ratios 0–1. Callers deal with null ("No data") before calling.
 */

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const NO_DATA = 'No data';

/** One decimal, without a trailing ".0" so "3 / day" reads naturally. */
function oneDecimal(value: number): string {
  const rounded = Math.round(value * 10) / 10;
  return Number.isInteger(rounded) ? String(rounded) : rounded.toFixed(1);
}

/**
 * One decimal, except that a value that is not zero never reads "0": two
 * pages over a month of shifts are "0.03 / 12 h", not "0 / 12 h".
 */
function visibleDecimal(value: number): string {
  if (value !== 0 && Math.round(value * 10) === 0) {
    return String(Number(value.toPrecision(1)));
  }
  return oneDecimal(value);
}

/** "42 s", "12 m", "4 h 12 m", "3 d 4 h": two units at most, largest first. */
export function formatDuration(seconds: number): string {
  const total = Math.round(Math.abs(seconds));
  const sign = seconds < 0 && total > 0 ? '−' : '';
  if (total < MINUTE) return `${sign}${total} s`;
  const units: Array<[number, string]> = [
    [DAY, 'd'],
    [HOUR, 'h'],
    [MINUTE, 'm'],
  ];
  const first = units.findIndex(([size]) => total >= size);
  const [bigSize, bigLabel] = units[first];
  const [smallSize, smallLabel] = units[first + 1] ?? [1, 's'];
  // Round on the smaller unit so 59.6 minutes reads "1 h", not "60 m".
  const inSmall = Math.round(total / smallSize);
  // ...and when that rounds up to the next larger unit, use that unit instead.
  if (first > 0 && inSmall * smallSize >= units[first - 1][0]) {
    return `${sign}${formatDuration(inSmall * smallSize)}`;
  }
  const perBig = bigSize / smallSize;
  const big = Math.floor(inSmall / perBig);
  const small = inSmall % perBig;
  return small
    ? `${sign}${big} ${bigLabel} ${small} ${smallLabel}`
    : `${sign}${big} ${bigLabel}`;
}

/**
 * Deployment frequency: per day when at least daily, otherwise per week or
 * per month so that rare deployers don't read "0 / day".
 */
export function formatPerDay(perDay: number): string {
  const unit = perDayUnit(perDay);
  return `${visibleDecimal(perDay * unit.days)} / ${unit.label}`;
}

/** The unit formatPerDay shows a rate in: day, week or month (30 days). */
function perDayUnit(perDay: number): { days: number; label: string } {
  if (perDay === 0 || perDay >= 1) return { days: 1, label: 'day' };
  if (perDay * 7 >= 1) return { days: 7, label: 'week' };
  return { days: 30, label: 'month' };
}

/** "4.8 %" */
export function formatPercent(ratio: number): string {
  return `${visibleDecimal(ratio * 100)} %`;
}

/** A rounded-to-zero magnitude gets no sign: "0 s", not "+0 s". */
function withSign(delta: number, magnitude: string): string {
  if (delta === 0 || /^0 /.test(magnitude)) return magnitude;
  return `${delta > 0 ? '+' : '−'}${magnitude}`;
}

/**
 * Deltas keep the current value's unit: "+0.4 / day" next to "2.1 / day",
 * "−0.7 / week" next to "2.1 / week" (never a per-day change under a
 * per-week headline), "−1 h 5 m", "+1.2 % points".
 */
export function formatPerDayDelta(delta: number, current: number): string {
  const unit = perDayUnit(current);
  return withSign(
    delta,
    `${oneDecimal(Math.abs(delta) * unit.days)} / ${unit.label}`,
  );
}

export function formatDurationDelta(delta: number): string {
  return withSign(delta, formatDuration(Math.abs(delta)));
}

/**
 * Ratio deltas are in percentage points, not relative percent: 4 % → 5 %
 * is "+1 % points", not "+25 %".
 */
export function formatPercentPointsDelta(delta: number): string {
  return withSign(delta, `${oneDecimal(Math.abs(delta) * 100)} % points`);
}

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

/** Hours of work, e.g. toil: "12.5 h". */
export function formatHours(hours: number): string {
  return `${oneDecimal(hours)} h`;
}

/** A count per 12 hours, the SRE workbook's unit for paging load: "1.5 / 12 h". */
export function formatPer12h(value: number): string {
  return `${visibleDecimal(value)} / 12 h`;
}

/** A ratio of two counts, e.g. max ÷ median: "1.5 ×". */
export function formatFactor(value: number): string {
  return `${oneDecimal(value)} ×`;
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
