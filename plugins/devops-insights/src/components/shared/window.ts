/**
 * The metrics window lives in the URL so that a shared link shows the same
 * view: `?window=30d` (relative to now) or `?from=<ISO>&to=<ISO>` (fixed).
 */

const DAY_MS = 24 * 3600 * 1000;
const MAX_DAYS = 3650;

export const WINDOW_PRESETS = ['7d', '30d', '90d', '180d'] as const;
export const DEFAULT_WINDOW = '30d';

export type TimeRange = { from: string; to: string };

export type ResolvedWindow = TimeRange & {
  /** `"30d"` for a relative window, null for a fixed range. */
  relative: string | null;
  label: string;
  /** Why the URL's window was ignored in favour of the default, if it was. */
  problem?: string;
};

function relativeWindow(days: number, now: Date): ResolvedWindow {
  return {
    from: new Date(now.getTime() - days * DAY_MS).toISOString(),
    to: now.toISOString(),
    relative: `${days}d`,
    label: `Last ${days} days`,
  };
}

function parseDays(value: string): number | undefined {
  const match = /^(\d{1,4})d$/.exec(value);
  const days = match ? Number(match[1]) : NaN;
  return days >= 1 && days <= MAX_DAYS ? days : undefined;
}

function parseDateTime(value: string | null): Date | undefined {
  // Date.parse accepts too much ("1", "March"); insist on an ISO date first.
  if (!value || !/^\d{4}-\d{2}-\d{2}/.test(value)) return undefined;
  const date = new Date(value);
  return isNaN(date.getTime()) ? undefined : date;
}

export function formatRangeLabel(range: TimeRange): string {
  const fmt = (d: Date) =>
    d.toLocaleDateString(undefined, {
      year: 'numeric',
      month: 'short',
      day: 'numeric',
      timeZone: 'UTC',
    });
  // `to` is exclusive; a range ending at midnight reads as ending the day before.
  const to = new Date(range.to);
  const lastDay = to.getTime() % DAY_MS === 0 ? new Date(to.getTime() - 1) : to;
  return `${fmt(new Date(range.from))} – ${fmt(lastDay)}`;
}

export function resolveWindow(
  params: URLSearchParams,
  now: Date,
): ResolvedWindow {
  const fallback = (problem: string) => ({
    ...relativeWindow(parseDays(DEFAULT_WINDOW)!, now),
    problem,
  });
  const fromParam = params.get('from');
  const toParam = params.get('to');
  if (fromParam !== null || toParam !== null) {
    const from = parseDateTime(fromParam);
    const to = parseDateTime(toParam);
    if (!from || !to) {
      return fallback(
        'The range needs both `from` and `to` as ISO date-times.',
      );
    }
    if (from >= to) {
      return fallback('The range must start before it ends.');
    }
    const range = { from: from.toISOString(), to: to.toISOString() };
    return { ...range, relative: null, label: formatRangeLabel(range) };
  }
  const windowParam = params.get('window');
  if (windowParam === null)
    return relativeWindow(parseDays(DEFAULT_WINDOW)!, now);
  const days = parseDays(windowParam);
  if (days === undefined) {
    return fallback(`Unknown window "${windowParam}"; use e.g. 30d.`);
  }
  return relativeWindow(days, now);
}

/** The window of the same length that ends where this one starts. */
export function previousWindow(range: TimeRange): TimeRange {
  const from = Date.parse(range.from);
  const to = Date.parse(range.to);
  return {
    from: new Date(from - (to - from)).toISOString(),
    to: range.from,
  };
}

/** Search params for a relative window, keeping unrelated params. */
export function withRelativeWindow(
  params: URLSearchParams,
  window: string,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('from');
  next.delete('to');
  next.set('window', window);
  return next;
}

/** Search params for a fixed range, keeping unrelated params. */
export function withFixedRange(
  params: URLSearchParams,
  range: TimeRange,
): URLSearchParams {
  const next = new URLSearchParams(params);
  next.delete('window');
  next.set('from', range.from);
  next.set('to', range.to);
  return next;
}

/** The calendar quarter (UTC) before the one `now` is in. */
export function previousQuarter(now: Date): TimeRange {
  const year = now.getUTCFullYear();
  const quarter = Math.floor(now.getUTCMonth() / 3);
  return {
    from: new Date(Date.UTC(year, (quarter - 1) * 3, 1)).toISOString(),
    to: new Date(Date.UTC(year, quarter * 3, 1)).toISOString(),
  };
}

/**
 * A range from two calendar dates (YYYY-MM-DD, UTC) with the end date
 * included, as people mean it when they pick "1 Jan to 31 Mar".
 */
export function rangeFromDates(
  fromDate: string,
  toDateInclusive: string,
): TimeRange | undefined {
  const from = parseDateTime(`${fromDate}T00:00:00Z`);
  const lastDay = parseDateTime(`${toDateInclusive}T00:00:00Z`);
  if (!from || !lastDay || lastDay < from) return undefined;
  return {
    from: from.toISOString(),
    to: new Date(lastDay.getTime() + DAY_MS).toISOString(),
  };
}

/** The inverse of rangeFromDates, to prefill the date inputs. */
export function datesFromRange(range: TimeRange): {
  fromDate: string;
  toDate: string;
} {
  const to = Date.parse(range.to);
  const lastDay = to % DAY_MS === 0 ? to - DAY_MS : to;
  return {
    fromDate: range.from.slice(0, 10),
    toDate: new Date(lastDay).toISOString().slice(0, 10),
  };
}

const WINDOW_PARAMS = ['window', 'from', 'to'];

/** Just the window's params of a URL's search ("window=90d", "from=…&to=…"). */
export function windowParamsOf(params: URLSearchParams): URLSearchParams {
  const only = new URLSearchParams();
  for (const [key, value] of params) {
    if (WINDOW_PARAMS.includes(key)) only.append(key, value);
  }
  return only;
}

/**
 * Search params with the window of `source` instead of their own, keeping
 * unrelated params: how a link carries the window to another page.
 */
export function withWindowOf(
  params: URLSearchParams,
  source: URLSearchParams,
): URLSearchParams {
  const next = new URLSearchParams(params);
  for (const key of WINDOW_PARAMS) next.delete(key);
  for (const [key, value] of windowParamsOf(source)) next.append(key, value);
  return next;
}

/** "?window=90d" for a link that keeps the window of `params`; "" for none. */
export function windowQuery(params: URLSearchParams): string {
  const query = windowParamsOf(params).toString();
  return query ? `?${query}` : '';
}
