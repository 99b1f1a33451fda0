import type { OnCallShift } from '@devops-insights/backstage-plugin-common';

const DAY_MS = 24 * 3600 * 1000;

export const TIMELINE_DAYS = 14;

export type TimelineBar = {
  shift: OnCallShift;
  /** Position and size as percentages of the timeline's width. */
  leftPercent: number;
  widthPercent: number;
};

export type TimelineRow = { userRef: string; bars: TimelineBar[] };

/**
 * The shifts clipped to `[start, start + days)`, one row per responder in
 * order of their first shift; permanent shifts run to the end.
 */
export function timelineRows(
  shifts: OnCallShift[],
  start: number,
  days = TIMELINE_DAYS,
): TimelineRow[] {
  const end = start + days * DAY_MS;
  const span = end - start;
  const rows = new Map<string, TimelineRow>();
  const sorted = [...shifts].sort(
    (a, b) => Date.parse(a.start) - Date.parse(b.start) || a.level - b.level,
  );
  for (const shift of sorted) {
    const from = Math.max(Date.parse(shift.start), start);
    const to = Math.min(shift.end ? Date.parse(shift.end) : end, end);
    if (to <= from) continue;
    const row = rows.get(shift.userRef) ?? { userRef: shift.userRef, bars: [] };
    row.bars.push({
      shift,
      leftPercent: ((from - start) / span) * 100,
      widthPercent: ((to - from) / span) * 100,
    });
    rows.set(shift.userRef, row);
  }
  return [...rows.values()];
}

/** Midnights (UTC) within the timeline, for the day ticks. */
export function dayTicks(
  start: number,
  days = TIMELINE_DAYS,
): Array<{ time: number; leftPercent: number }> {
  const span = days * DAY_MS;
  const first = Math.ceil(start / DAY_MS) * DAY_MS;
  const ticks = [];
  for (let t = first; t < start + span; t += DAY_MS) {
    ticks.push({ time: t, leftPercent: ((t - start) / span) * 100 });
  }
  return ticks;
}
