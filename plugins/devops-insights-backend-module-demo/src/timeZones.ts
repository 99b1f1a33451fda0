/**
 * Local wall-clock time ↔ UTC for IANA zones, with Intl only (no clock, no
 * time-zone library).
 */

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, format);
  }
  return format;
}

/** The zone's offset from UTC at `time`, in ms (local = UTC + offset). */
export function zoneOffsetMs(timeZone: string, time: number): number {
  const parts: Record<string, number> = {};
  for (const part of formatter(timeZone).formatToParts(new Date(time))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value);
  }
  const local = Date.UTC(
    parts.year,
    parts.month - 1,
    parts.day,
    parts.hour,
    parts.minute,
    parts.second,
  );
  return local - Math.floor(time / 1000) * 1000;
}

/**
 * The instant at which the wall clock in `timeZone` shows `hours` (fractional)
 * on the calendar day of UTC day index `day`.
 */
export function localTime(
  timeZone: string,
  day: number,
  hours: number,
): number {
  const wall = day * 24 * 3600 * 1000 + hours * 3600 * 1000;
  let utc = wall - zoneOffsetMs(timeZone, wall);
  // A second pass settles times near a DST change.
  utc = wall - zoneOffsetMs(timeZone, utc);
  return utc;
}

/** The local hour of day (0–23) of `time` in `timeZone`. */
export function localHour(timeZone: string, time: number): number {
  const local = time + zoneOffsetMs(timeZone, time);
  return new Date(local).getUTCHours();
}
