import { Duration } from './profiles';
import { Random } from './random';

/** Time units, UTC days and sampled durations shared by the generators. */

export const SECOND_MS = 1000;
export const MINUTE_MS = 60 * SECOND_MS;
export const HOUR_MS = 60 * MINUTE_MS;
export const DAY_MS = 24 * HOUR_MS;

/** A log-normal duration of a profile, in milliseconds. */
export function sample(rng: Random, duration: Duration): number {
  return rng.logNormal(duration.median, duration.sigma) * SECOND_MS;
}

/** `YYYYMMDD` of a UTC day index, for ids. */
export function dayStamp(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

export function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}
