import {
  ToilResponse,
  ToilSignal,
  ToilSignalKey,
  ToilSource,
  ToilStatus,
  ToilWeek,
} from '../api';
import {
  CiRunRow,
  DeploymentRow,
  IncidentRow,
  TimeWindow,
  ToilReportRow,
} from './rows';
import { appendTo, columnsWithin, lowerBound } from './collections';
import { isoWeeksOf } from './weeks';

/**
 * Toil, as docs/metrics.md defines it: six signals of manual, repetitive
 * operational work, their hours, and their share of the owning team's time.
 */

/** @public */
export type ToilConfig = {
  /** Cost of a non-actionable page. */
  interruptionMinutes: number;
  /** Added to a re-run's duration. */
  rerunMinutes: number;
  /** Cost of a manual CI run or deployment. */
  manualStepMinutes: number;
  /** Working hours per member and week, for capacity. */
  hoursPerWeek: number;
};

/** @public */
export const DEFAULT_TOIL_CONFIG: ToilConfig = {
  interruptionMinutes: 15,
  rerunMinutes: 10,
  manualStepMinutes: 15,
  hoursPerWeek: 40,
};

/** @public */
export const TOIL_SIGNALS: ToilSignalKey[] = [
  'nonActionablePages',
  'repeatIncidents',
  'interruptWork',
  'manualReruns',
  'manualSteps',
  'selfReported',
];

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const NON_ACTIONABLE_WITHIN = 15 * MINUTE;
const REPEAT_WITHIN = 7 * DAY;
const COST_CAP = 4 * HOUR;
const TOP_SOURCES = 5;

/** @public */
export type ToilInput = {
  /** Incidents of the scope's entities, any time (earlier ones define repeats). */
  incidents: readonly IncidentRow[];
  ciRuns: readonly CiRunRow[];
  deployments: readonly DeploymentRow[];
  toilReports: readonly ToilReportRow[];
  /** Distinct members of the owning group(s). */
  members: number;
};

/** One costed piece of toil, dated for the window. */
type ToilItem = {
  signal: ToilSignalKey;
  at: number;
  hours: number;
  source: string;
};

/**
 * The alert key repeats are matched on: `dedupKey`, else the title
 * lower-cased with digits removed; null when the incident has neither.
 * @public
 */
export function incidentDedupKey(incident: IncidentRow): string | null {
  if (incident.dedupKey) return incident.dedupKey;
  if (incident.title)
    return incident.title.toLocaleLowerCase('en-US').replace(/[0-9]/g, '');
  return null;
}

const cappedHours = (ms: number) => Math.min(Math.max(ms, 0), COST_CAP) / HOUR;

/** Classifies every incident into at most one of the first three signals. */
function incidentItems(
  incidents: readonly IncidentRow[],
  config: ToilConfig,
): ToilItem[] {
  const byKey = new Map<string, IncidentRow[]>();
  for (const incident of incidents) {
    const key = incidentDedupKey(incident);
    if (key === null) continue;
    const group = `${incident.entityRef}\u0000${key}`;
    appendTo(byKey, group, incident);
  }
  const previousCreatedAt = new Map<IncidentRow, number>();
  for (const group of byKey.values()) {
    group.sort((a, b) => a.createdAt - b.createdAt);
    let lastEarlier: number | undefined;
    for (let i = 0; i < group.length; i++) {
      // Incidents created at the same instant are not earlier than each other.
      if (i > 0 && group[i - 1].createdAt < group[i].createdAt) {
        lastEarlier = group[i - 1].createdAt;
      }
      if (lastEarlier !== undefined)
        previousCreatedAt.set(group[i], lastEarlier);
    }
  }

  const items: ToilItem[] = [];
  for (const incident of incidents) {
    const source = incidentDedupKey(incident) ?? incident.title ?? incident.id;
    const { createdAt, acknowledgedAt, resolvedAt } = incident;
    if (
      incident.autoResolved === true &&
      acknowledgedAt === null &&
      resolvedAt !== null &&
      resolvedAt - createdAt <= NON_ACTIONABLE_WITHIN
    ) {
      items.push({
        signal: 'nonActionablePages',
        at: createdAt,
        hours: config.interruptionMinutes / 60,
        source,
      });
      continue;
    }
    const previous = previousCreatedAt.get(incident);
    if (previous !== undefined && createdAt - previous <= REPEAT_WITHIN) {
      items.push({
        signal: 'repeatIncidents',
        at: createdAt,
        hours:
          resolvedAt !== null
            ? cappedHours(resolvedAt - (acknowledgedAt ?? createdAt))
            : 0,
        source,
      });
      continue;
    }
    // Every other incident is interrupt work; only with both times is its
    // cost known, so one never acknowledged or still open costs nothing.
    items.push({
      signal: 'interruptWork',
      at: createdAt,
      hours:
        acknowledgedAt !== null && resolvedAt !== null
          ? cappedHours(resolvedAt - acknowledgedAt)
          : 0,
      source,
    });
  }
  return items;
}

function workItems(
  input: Omit<ToilInput, 'members'>,
  config: ToilConfig,
): ToilItem[] {
  const items: ToilItem[] = [];
  for (const run of input.ciRuns) {
    if (run.finishedAt === null) continue;
    if (run.attempt > 1) {
      items.push({
        signal: 'manualReruns',
        at: run.finishedAt,
        hours:
          (run.finishedAt - run.startedAt) / HOUR + config.rerunMinutes / 60,
        source: run.name,
      });
    } else if (run.trigger === 'manual') {
      items.push({
        signal: 'manualSteps',
        at: run.finishedAt,
        hours: config.manualStepMinutes / 60,
        source: run.name,
      });
    }
  }
  for (const deployment of input.deployments) {
    if (deployment.trigger !== 'manual' || deployment.finishedAt === null)
      continue;
    items.push({
      signal: 'manualSteps',
      at: deployment.finishedAt,
      hours: config.manualStepMinutes / 60,
      source: `deployment (${deployment.production ? 'production' : 'other'})`,
    });
  }
  for (const report of input.toilReports) {
    items.push({
      signal: 'selfReported',
      at: report.weekStart,
      hours: report.hours,
      source: report.category,
    });
  }
  return items;
}

function topSources(items: ToilItem[]): ToilSource[] {
  const bySource = new Map<string, ToilSource>();
  for (const item of items) {
    const entry = bySource.get(item.source) ?? {
      name: item.source,
      count: 0,
      hours: 0,
    };
    entry.count += 1;
    entry.hours += item.hours;
    bySource.set(item.source, entry);
  }
  return [...bySource.values()]
    .sort(
      (a, b) =>
        b.hours - a.hours ||
        b.count - a.count ||
        a.name.localeCompare(b.name, 'en'),
    )
    .slice(0, TOP_SOURCES);
}

/** @public */
export function toilStatus(share: number | null): ToilStatus | null {
  if (share === null) return null;
  if (share < 0.25) return 'healthy';
  if (share <= 0.5) return 'at-risk';
  return 'over-cap';
}

/**
 * The costed toil items of a scope, sorted by time, and when its activity
 * began: independent of any window, so a scope's facts can be kept and the
 * facts of disjoint scopes evaluated together. Repeats are matched within an
 * entity, so an entity's items never depend on another entity's rows.
 * @alpha
 */
export type ToilFacts = {
  /** Earliest incident, CI run, deployment or toil report; null if none. */
  firstActivityAt: number | null;
  items: {
    at: Float64Array;
    /** Index into TOIL_SIGNALS. */
    signal: Uint8Array;
    hours: Float64Array;
    source: string[];
  };
};

/** The toil facts of a scope's rows. @alpha */
export function toilFactsOf(
  input: Omit<ToilInput, 'members'>,
  config: ToilConfig = DEFAULT_TOIL_CONFIG,
): ToilFacts {
  const all = [
    ...incidentItems(input.incidents, config),
    ...workItems(input, config),
  ].sort((a, b) => a.at - b.at);
  let firstActivityAt: number | null = null;
  const seen = (t: number | null) => {
    if (t !== null && (firstActivityAt === null || t < firstActivityAt)) {
      firstActivityAt = t;
    }
  };
  for (const i of input.incidents) seen(i.createdAt);
  for (const r of input.ciRuns) seen(r.startedAt);
  for (const d of input.deployments) seen(d.finishedAt ?? d.startedAt);
  for (const r of input.toilReports) seen(r.weekStart);
  return {
    firstActivityAt,
    items: {
      at: Float64Array.from(all, i => i.at),
      signal: Uint8Array.from(all, i => TOIL_SIGNALS.indexOf(i.signal)),
      hours: Float64Array.from(all, i => i.hours),
      source: all.map(i => i.source),
    },
  };
}

/**
 * The facts of the items in [from, to) of `span` only, in arrays of their
 * own: every window inside the span evaluates over them as over the whole
 * facts (when activity began is kept). @alpha
 */
export function toilFactsWithin(facts: ToilFacts, span: TimeWindow): ToilFacts {
  return {
    firstActivityAt: facts.firstActivityAt,
    items: columnsWithin(facts.items, span),
  };
}

/** Calls `visit` for each item of the facts inside [from, to). */
function eachItemIn(
  facts: readonly ToilFacts[],
  w: TimeWindow,
  visit: (items: ToilFacts['items'], i: number) => void,
) {
  for (const { items } of facts) {
    const end = lowerBound(items.at, w.to);
    for (let i = lowerBound(items.at, w.from); i < end; i++) visit(items, i);
  }
}

/**
 * Toil of one window over the facts of disjoint scopes, with its weekly
 * series; `members` are the distinct members of the owning group(s).
 * @alpha
 */
export function toilOf(
  facts: readonly ToilFacts[],
  members: number,
  window: TimeWindow,
  config: ToilConfig = DEFAULT_TOIL_CONFIG,
): Omit<ToilResponse, 'entityRef' | 'window' | 'scope' | 'goals'> {
  const ofSignal: ToilItem[][] = TOIL_SIGNALS.map(() => []);
  eachItemIn(facts, window, (items, i) => {
    const signal = TOIL_SIGNALS[items.signal[i]];
    ofSignal[items.signal[i]].push({
      signal,
      at: items.at[i],
      hours: items.hours[i],
      source: items.source[i],
    });
  });
  const signals: ToilSignal[] = TOIL_SIGNALS.map((key, s) => ({
    key,
    count: ofSignal[s].length,
    hours: ofSignal[s].reduce((sum, i) => sum + i.hours, 0),
    topSources: topSources(ofSignal[s]),
  }));

  // "No data" means the scope has no activity at all before `to`, not merely
  // none that costs toil in the window (which is a real zero).
  const hasData = facts.some(
    f => f.firstActivityAt !== null && f.firstActivityAt < window.to,
  );
  const totalHours = hasData
    ? signals.reduce((sum, s) => sum + s.hours, 0)
    : null;
  const windowDays = (window.to - window.from) / DAY;
  const capacityHours =
    members > 0 ? (members * config.hoursPerWeek * windowDays) / 7 : null;
  const share =
    totalHours !== null && capacityHours !== null
      ? totalHours / capacityHours
      : null;

  const weekly: ToilWeek[] = isoWeeksOf(window).map(week => {
    const hours = Object.fromEntries(TOIL_SIGNALS.map(s => [s, 0])) as Record<
      ToilSignalKey,
      number
    >;
    eachItemIn(facts, week.window, (items, i) => {
      hours[TOIL_SIGNALS[items.signal[i]]] += items.hours[i];
    });
    return {
      weekStart: new Date(week.weekStart).toISOString(),
      from: new Date(week.window.from).toISOString(),
      to: new Date(week.window.to).toISOString(),
      hoursBySignal: hours,
      totalHours: Object.values(hours).reduce((a, b) => a + b, 0),
    };
  });

  return {
    signals,
    totalHours,
    capacityHours,
    share,
    status: toilStatus(share),
    weekly,
  };
}

/** Toil of one scope and window, with its weekly series. @public */
export function toilOfRows(
  input: ToilInput,
  window: TimeWindow,
  config: ToilConfig = DEFAULT_TOIL_CONFIG,
): Omit<ToilResponse, 'entityRef' | 'window' | 'scope' | 'goals'> {
  return toilOf([toilFactsOf(input, config)], input.members, window, config);
}
