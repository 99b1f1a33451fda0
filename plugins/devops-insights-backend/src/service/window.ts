import { InputError } from '@backstage/errors';
import { TimeWindow } from '@devops-insights/backstage-plugin-common';

const DAY_MS = 24 * 3600 * 1000;
export const DEFAULT_WINDOW_DAYS = 30;
/** Longest window a metrics request may ask for: two years. */
export const MAX_WINDOW_MS = 2 * 366 * DAY_MS;
/**
 * Earliest and latest instants a window may touch. Metrics step back a whole
 * window (the previous period) and round to weeks; within these bounds every
 * such date stays a valid Date with a four-digit year, so no RangeError.
 */
export const EARLIEST_WINDOW_MS = Date.UTC(1970, 0, 1);
export const LATEST_WINDOW_MS = Date.UTC(9999, 0, 1);
const RANGE_TEXT = 'between 1970-01-01 and 9999-01-01';

function parseTime(
  name: string,
  value: string | undefined,
): number | undefined {
  if (value === undefined) return undefined;
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) {
    throw new InputError(
      `'${name}' must be an ISO-8601 date-time, got '${value}'`,
    );
  }
  if (ms < EARLIEST_WINDOW_MS || ms > LATEST_WINDOW_MS) {
    throw new InputError(`'${name}' must be ${RANGE_TEXT}, got '${value}'`);
  }
  return ms;
}

/**
 * The half-open window [from, to) of a metrics request; by default the last
 * 30 days up to now.
 */
export function parseWindow(
  query: { from?: string; to?: string },
  now: number = Date.now(),
): TimeWindow {
  const to = parseTime('to', query.to) ?? now;
  const from =
    parseTime('from', query.from) ?? to - DEFAULT_WINDOW_DAYS * DAY_MS;
  if (from < EARLIEST_WINDOW_MS) {
    throw new InputError(`The window must start ${RANGE_TEXT}`);
  }
  if (from >= to) throw new InputError(`'from' must be before 'to'`);
  if (to - from > MAX_WINDOW_MS) {
    throw new InputError('The window may span at most 2 years');
  }
  return { from, to };
}

/** The window of the same length just before (the figures' "previous"). */
export function previousWindow(window: TimeWindow): TimeWindow {
  return { from: 2 * window.from - window.to, to: window.from };
}
