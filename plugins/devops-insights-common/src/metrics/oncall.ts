import { HourBand, OnCallResponse, OnCallShift, ResponderLoad } from '../api';
import { IncidentRow, PageRow, ShiftRow, TimeWindow } from './rows';
import { median } from './statistics';

/**
 * On-call load, as docs/metrics.md defines it: who is on call, how often they
 * are interrupted and when, and how the load is spread over the team.
 */

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const UPCOMING = 14 * DAY;
/** SRE's limit: at most 2 incidents per 12-hour shift. */
const MAX_PAGES_PER_12H = 2;
/** SRE's cap on time on call. */
const MAX_ONCALL_SHARE = 0.25;

/** @public */
export type OnCallInput = {
  /** Shifts of the scope's entities and owning groups. */
  shifts: readonly ShiftRow[];
  /** Pages of the scope's entities. */
  pages: readonly PageRow[];
  /** Incidents of the scope's entities. */
  incidents: readonly IncidentRow[];
  /** Time zone per user ref from the catalog annotation. */
  userTimeZones: ReadonlyMap<string, string>;
  defaultTimeZone: string;
  /** Request time, for "now" and the next 14 days. */
  now: number;
};

const formatters = new Map<string, Intl.DateTimeFormat>();

/**
 * The hour band of an instant in a time zone: sleep 22:00–08:00 any day,
 * business Mon–Fri 08:00–18:00, off otherwise. DST is the zone's own.
 * @public
 */
export function hourBand(time: number, timeZone: string): HourBand {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      hour: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, format);
  }
  const parts = format.formatToParts(new Date(time));
  const hour = Number(parts.find(p => p.type === 'hour')!.value);
  const weekday = parts.find(p => p.type === 'weekday')!.value;
  if (hour >= 22 || hour < 8) return 'sleep';
  if (weekday !== 'Sat' && weekday !== 'Sun' && hour < 18) return 'business';
  return 'off';
}

/** Total length of the union of intervals clipped to [from, to), in ms. */
function coveredMs(
  intervals: Array<[number, number]>,
  from: number,
  to: number,
): number {
  const clipped = intervals
    .map(([s, e]) => [Math.max(s, from), Math.min(e, to)] as [number, number])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let [start, end] = [-Infinity, -Infinity];
  for (const [s, e] of clipped) {
    if (s > end) {
      if (end > start) total += end - start;
      [start, end] = [s, e];
    } else {
      end = Math.max(end, e);
    }
  }
  if (end > start) total += end - start;
  return total;
}

const interval = (s: ShiftRow): [number, number] => [
  s.start,
  s.end ?? Infinity,
];
const inWindow = (t: number | null, w: TimeWindow) =>
  t !== null && t >= w.from && t < w.to;
const iso = (t: number) => new Date(t).toISOString();

function toShift(s: ShiftRow): OnCallShift {
  return {
    userRef: s.userRef,
    level: s.level,
    start: iso(s.start),
    end: s.end === null ? null : iso(s.end),
    scheduleName: s.scheduleName,
    scheduleUrl: s.scheduleUrl,
    entityRef: s.entityRef,
  };
}

/** On-call figures of one scope and window. @public */
export function computeOnCall(
  input: OnCallInput,
  window: TimeWindow,
): Omit<OnCallResponse, 'entityRef' | 'window' | 'scope'> {
  const { shifts, pages, incidents, now } = input;
  const windowHours = (window.to - window.from) / HOUR;

  const current = shifts
    .filter(s => s.start <= now && (s.end === null || now < s.end))
    .sort(
      (a, b) => a.level - b.level || a.userRef.localeCompare(b.userRef, 'en'),
    );
  const upcoming = shifts
    .filter(s => s.start < now + UPCOMING && (s.end === null || s.end > now))
    .sort((a, b) => a.start - b.start || a.level - b.level);

  const created = incidents.filter(i => inWindow(i.createdAt, window));
  const ackSeconds = created
    .filter(i => i.acknowledgedAt !== null)
    .map(i => (i.acknowledgedAt! - i.createdAt) / 1000);
  const resolved = incidents.filter(i => inWindow(i.resolvedAt, window));

  const interruptions = pages.filter(
    p => p.channel !== 'email' && inWindow(p.notifiedAt, window),
  );
  const users = new Set<string>([
    ...shifts
      .filter(s => coveredMs([interval(s)], window.from, window.to) > 0)
      .map(s => s.userRef),
    ...interruptions.map(p => p.userRef),
  ]);

  const responders: ResponderLoad[] = [...users].sort().map(userRef => {
    const timeZone = input.userTimeZones.get(userRef) ?? input.defaultTimeZone;
    const onCallHours =
      coveredMs(
        shifts.filter(s => s.userRef === userRef).map(interval),
        window.from,
        window.to,
      ) / HOUR;
    const own = interruptions.filter(p => p.userRef === userRef);
    const pagesByBand: Record<HourBand, number> = {
      sleep: 0,
      business: 0,
      off: 0,
    };
    for (const page of own)
      pagesByBand[hourBand(page.notifiedAt, page.timeZone ?? timeZone)] += 1;
    const pagesPer12h =
      onCallHours > 0 ? own.length / (onCallHours / 12) : null;
    const onCallShare = onCallHours / windowHours;
    return {
      userRef,
      timeZone,
      onCallHours,
      pages: own.length,
      pagesPer12h,
      onCallShare,
      pagesByBand,
      flags: {
        overloaded: pagesPer12h !== null && pagesPer12h > MAX_PAGES_PER_12H,
        overOnCallCap: onCallShare > MAX_ONCALL_SHARE,
        sleepInterrupted: pagesByBand.sleep > 0,
      },
    };
  });

  const level1CoverageHours =
    coveredMs(
      shifts.filter(s => s.level === 1).map(interval),
      window.from,
      window.to,
    ) / HOUR;
  const pageCounts = responders.map(r => r.pages);
  const medianPages = median(pageCounts);
  const highResolved = resolved.filter(i => i.urgency === 'high');

  return {
    now: { at: iso(now), shifts: current.map(toShift) },
    upcoming: upcoming.map(toShift),
    incidents: {
      created: created.length,
      mttaSeconds: median(ackSeconds),
      mttrSeconds: median(
        resolved.map(i => (i.resolvedAt! - i.createdAt) / 1000),
      ),
    },
    responders,
    team: {
      level1CoverageHours,
      incidentsPer12h:
        level1CoverageHours > 0
          ? created.length / (level1CoverageHours / 12)
          : null,
      fairness: medianPages ? Math.max(...pageCounts) / medianPages : null,
      postmortemCoverage: highResolved.length
        ? highResolved.filter(i => i.postmortemUrl).length / highResolved.length
        : null,
    },
  };
}
