import { appendTo } from './collections';
import { HourBand, OnCallResponse, OnCallShift, ResponderLoad } from '../api';
import { IncidentRow, PageRow, ShiftRow, TimeWindow } from './rows';
import { median } from './statistics';
import { ROWS_PER_STEP, runSteps, Steps } from './steps';

/**
 * On-call load, as docs/metrics.md defines it: who is on call, how often they
 * are interrupted and when, and how the load is spread over the team.
 */

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const UPCOMING = 14 * DAY;
/**
 * SRE's limit: at most 2 incidents per 12-hour on-call shift.
 * @public
 */
export const SRE_MAX_PER_12H = 2;
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

/** Local weekday and hour of an instant, e.g. "Mon 9". */
function localHour(time: number, timeZone: string): string {
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
  const hour = parts.find(p => p.type === 'hour')!.value;
  return `${parts.find(p => p.type === 'weekday')!.value} ${hour}`;
}

function bandOf(local: string): HourBand {
  const [weekday, hourText] = local.split(' ');
  const hour = Number(hourText);
  if (hour >= 22 || hour < 8) return 'sleep';
  if (weekday !== 'Sat' && weekday !== 'Sun' && hour < 18) return 'business';
  return 'off';
}

// Bands of whole quarter hours (zone offsets are multiples of 15 minutes):
// formatting a date in a zone costs microseconds, and a rollup asks for the
// band of every page of the window once per team above its service.
const QUARTER_HOUR = 15 * 60 * 1000;
const MAX_KEPT_QUARTERS = 100_000;
const quarterBands = new Map<string, HourBand | null>();

/**
 * The hour band of an instant in a time zone: sleep 22:00–08:00 any day,
 * business Mon–Fri 08:00–18:00, off otherwise. DST is the zone's own.
 * @public
 */
export function hourBand(time: number, timeZone: string): HourBand {
  const start = Math.floor(time / QUARTER_HOUR) * QUARTER_HOUR;
  const key = `${timeZone}\u0000${start}`;
  let band = quarterBands.get(key);
  if (band === undefined) {
    // Local time only moves forward within a quarter hour, or falls back to
    // an hour it showed already: when its first and last instant show the
    // same weekday and hour, every instant in between does. Otherwise (an
    // offset that is no multiple of 15 minutes, a DST jump) ask per instant.
    const first = localHour(start, timeZone);
    band =
      first === localHour(start + QUARTER_HOUR - 1, timeZone)
        ? bandOf(first)
        : null;
    if (quarterBands.size >= MAX_KEPT_QUARTERS) quarterBands.clear();
    quarterBands.set(key, band);
  }
  return band ?? bandOf(localHour(time, timeZone));
}

/** Total length of the union of intervals clipped to [from, to), in ms. */
function coveredMs(
  intervals: ReadonlyArray<[number, number]>,
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

/**
 * A count per 12 hours on call: `count ÷ (onCallHours ÷ 12)`, the unit of
 * SRE's limit; null without on-call time.
 * @public
 */
export function perTwelveHoursOnCall(
  count: number,
  onCallHours: number,
): number | null {
  return onCallHours > 0 ? count / (onCallHours / 12) : null;
}

/** Whether a rate per 12 hours on call breaks SRE's limit. @public */
export function exceedsSreLimit(perTwelveHours: number | null): boolean {
  return perTwelveHours !== null && perTwelveHours > SRE_MAX_PER_12H;
}

/**
 * The rotation a shift belongs to: its schedule within the entity it was
 * filed against (shifts without a schedule: one rotation per entity).
 */
const rotationOf = (s: ShiftRow) =>
  `${s.entityRef}\u0000${s.source}\u0000${
    s.scheduleUrl ?? s.scheduleName ?? ''
  }`;

/**
 * Level-1 on-call hours of a scope in the window: for each rotation, the
 * hours covered by at least one of its level-1 shifts, summed over the
 * rotations. Parallel rotations (two teams pooled in one group) each staff a
 * shift, so their hours add up; SRE's limit is per shift, and a pooled rate
 * over summed hours never exceeds the highest rate of the rotations pooled.
 * @public
 */
export function level1OnCallHours(
  shifts: readonly ShiftRow[],
  window: TimeWindow,
): number {
  const byRotation = new Map<string, Array<[number, number]>>();
  for (const s of shifts) {
    if (s.level === 1) appendTo(byRotation, rotationOf(s), interval(s));
  }
  let ms = 0;
  for (const intervals of byRotation.values()) {
    ms += coveredMs(intervals, window.from, window.to);
  }
  return ms / HOUR;
}

/** On-call figures of one scope and window. @public */
export function onCallOf(
  input: OnCallInput,
  window: TimeWindow,
): OnCallFigures {
  return runSteps(onCallSteps(input, window));
}

/** @public */
export type OnCallFigures = Omit<
  OnCallResponse,
  'entityRef' | 'window' | 'scope' | 'respondersWithheld' | 'goals'
>;

/**
 * Off-hours load: interrupting pages in the sleep and off bands of each
 * responder's time zone, per responder and per week of the window. Null
 * without responders (no one on call or paged).
 * @public
 */
export function offHoursPagesPerResponderWeek(
  responders: ReadonlyArray<Pick<ResponderLoad, 'pagesByBand'>>,
  window: TimeWindow,
): number | null {
  const weeks = (window.to - window.from) / (7 * 24 * HOUR);
  if (!responders.length || !(weeks > 0)) return null;
  const offHours = responders.reduce(
    (sum, r) => sum + r.pagesByBand.sleep + r.pagesByBand.off,
    0,
  );
  return offHours / responders.length / weeks;
}

/**
 * {@link onCallOf} in steps of at most {@link ROWS_PER_STEP} rows, for a
 * server to pause between. Linear in shifts and pages: rows are grouped by
 * responder once rather than filtered per responder.
 * @alpha
 */
export function* onCallSteps(
  input: OnCallInput,
  window: TimeWindow,
): Steps<OnCallFigures> {
  const { shifts, pages, incidents, now } = input;
  const windowHours = (window.to - window.from) / HOUR;
  let rows = 0;

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

  // Responders: everyone on call in the window or interrupted in it.
  const intervalsOf = new Map<string, Array<[number, number]>>();
  const users = new Set<string>();
  for (const s of shifts) {
    const own = interval(s);
    appendTo(intervalsOf, s.userRef, own);
    if (Math.min(own[1], window.to) > Math.max(own[0], window.from)) {
      users.add(s.userRef);
    }
    if (++rows % ROWS_PER_STEP === 0) yield;
  }
  const interruptionsOf = new Map<string, PageRow[]>();
  let interruptions = 0;
  for (const p of pages) {
    if (p.channel !== 'email' && inWindow(p.notifiedAt, window)) {
      appendTo(interruptionsOf, p.userRef, p);
      users.add(p.userRef);
      interruptions += 1;
    }
    if (++rows % ROWS_PER_STEP === 0) yield;
  }

  const responders: ResponderLoad[] = [];
  for (const userRef of [...users].sort()) {
    const timeZone = input.userTimeZones.get(userRef) ?? input.defaultTimeZone;
    const onCallHours =
      coveredMs(intervalsOf.get(userRef) ?? [], window.from, window.to) / HOUR;
    const own = interruptionsOf.get(userRef) ?? [];
    const pagesByBand: Record<HourBand, number> = {
      sleep: 0,
      business: 0,
      off: 0,
    };
    for (const page of own) {
      pagesByBand[hourBand(page.notifiedAt, page.timeZone ?? timeZone)] += 1;
      if (++rows % ROWS_PER_STEP === 0) yield;
    }
    const pagesPer12h = perTwelveHoursOnCall(own.length, onCallHours);
    const onCallShare = onCallHours / windowHours;
    responders.push({
      userRef,
      timeZone,
      onCallHours,
      pages: own.length,
      pagesPer12h,
      onCallShare,
      pagesByBand,
      flags: {
        overloaded: exceedsSreLimit(pagesPer12h),
        overOnCallCap: onCallShare > MAX_ONCALL_SHARE,
        sleepInterrupted: pagesByBand.sleep > 0,
      },
    });
  }

  const level1 = shifts.filter(s => s.level === 1);
  const level1CoverageHours =
    coveredMs(level1.map(interval), window.from, window.to) / HOUR;
  const level1Hours = level1OnCallHours(level1, window);
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
      level1OnCallHours: level1Hours,
      incidentsPer12h: perTwelveHoursOnCall(created.length, level1Hours),
      pagesPer12h: perTwelveHoursOnCall(interruptions, level1Hours),
      offHoursPagesPerResponderWeek: offHoursPagesPerResponderWeek(
        responders,
        window,
      ),
      fairness: medianPages ? Math.max(...pageCounts) / medianPages : null,
      postmortemCoverage: highResolved.length
        ? highResolved.filter(i => i.postmortemUrl).length / highResolved.length
        : null,
    },
  };
}
