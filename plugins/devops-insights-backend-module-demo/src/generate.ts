import { DevopsInsightsEventInput } from '@devops-insights/backstage-plugin-common';
import { DEMO_COMPONENTS, demoEntityRef } from './org';
import {
  CiRun,
  makeCiRuns,
  makePages,
  makeShifts,
  makeToilReports,
  mondayOf,
  Page,
} from './operations';
import {
  COMPONENT_CADENCES,
  TEAM_OPERATIONS,
  TEAM_PROFILES,
  WITHOUT_INCIDENT_SOURCE,
} from './profiles';
import { Deployment, generateComponentDay, Incident } from './componentDay';
import { DAY_MS, SECOND_MS } from './time';
import { withRecentSlip } from './recentSlip';

/** The `source` of every demo event and the id of the demo source. @public */
export const DEMO_SOURCE_ID = 'demo';

/** Length of the generated history. @public */
export const DEMO_HISTORY_DAYS = 180;

/** @public */
export type DemoDeploymentEvent = Extract<
  DevopsInsightsEventInput,
  { type: 'deployment' }
>;
/** @public */
export type DemoIncidentEvent = Extract<
  DevopsInsightsEventInput,
  { type: 'incident' }
>;

/** @public */
export type DemoPageEvent = Extract<DevopsInsightsEventInput, { type: 'page' }>;
/** @public */
export type DemoOncallShiftEvent = Extract<
  DevopsInsightsEventInput,
  { type: 'oncall-shift' }
>;
/** @public */
export type DemoCiRunEvent = Extract<
  DevopsInsightsEventInput,
  { type: 'ci-run' }
>;
/** @public */
export type DemoToilReportEvent = Extract<
  DevopsInsightsEventInput,
  { type: 'toil-report' }
>;

/** How far past the anchor the on-call schedule is published. @public */
export const DEMO_SCHEDULE_AHEAD_DAYS = 14;

/** @public */
export type GenerateDemoEventsOptions = {
  /** End of the history (inclusive): no generated time is later. */
  anchor: Date | number;
  /** Days of history before the anchor; default 180. */
  days?: number;
};
const iso = (ms: number) => new Date(ms).toISOString();

function compare(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] === b[1]) return 0;
  return a[1] < b[1] ? -1 : 1;
}

/** The generated history [from, anchor] and how its times are emitted. */
type History = {
  from: number;
  anchor: number;
  /** Whole seconds, rounded down: monotone, so no ordering is broken, and
   * nothing moves past the anchor. */
  t: (ms: number) => number;
  inHistory: (ms: number) => boolean;
};

function historyOf(anchor: number, days: number): History {
  const from = anchor - days * DAY_MS;
  const t = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;
  return { from, anchor, t, inHistory: ms => t(ms) >= from && t(ms) <= anchor };
}

/** Every component-day of the history, and its CI runs, with the recent slip. */
function simulate(h: History) {
  // A day starts a little early: local evenings west of UTC (alerts, CI)
  // fall on the next UTC day, so the day before the history contributes too.
  const firstDay = Math.floor(h.from / DAY_MS) - 1;
  const lastDay = Math.floor(h.anchor / DAY_MS);
  const deployments: Deployment[] = [];
  const incidents: Incident[] = [];
  const ciRuns: CiRun[] = [];
  for (const component of DEMO_COMPONENTS) {
    const profile = TEAM_PROFILES[component.owner];
    if (!profile || !COMPONENT_CADENCES[component.name]) continue;
    for (let day = firstDay; day <= lastDay; day++) {
      const bundle = generateComponentDay(component.name, profile, day);
      deployments.push(...bundle.deployments);
      if (!WITHOUT_INCIDENT_SOURCE.has(component.name)) {
        incidents.push(...bundle.incidents);
      }
      ciRuns.push(...makeCiRuns(component.name, day));
    }
  }
  return {
    deployments: withRecentSlip(deployments, h.anchor),
    incidents,
    ciRuns,
  };
}

/** Deployments started in the history; `emitted` collects their ids. */
function deploymentEventsOf(
  deployments: Deployment[],
  { t, anchor, inHistory }: History,
  emitted: Set<string>,
): Array<[number, DemoDeploymentEvent]> {
  const events: Array<[number, DemoDeploymentEvent]> = [];
  for (const d of deployments) {
    if (!inHistory(d.startedAt)) continue;
    if (d.requires && !emitted.has(d.requires)) continue;
    emitted.add(d.id);
    const running = t(d.finishedAt) > anchor;
    const event: DemoDeploymentEvent = {
      type: 'deployment',
      source: DEMO_SOURCE_ID,
      id: d.id,
      entityRef: d.entityRef,
      environment: d.environment,
      status: running ? 'in_progress' : d.status,
      startedAt: iso(t(d.startedAt)),
      ...(running ? {} : { finishedAt: iso(t(d.finishedAt)) }),
      commitSha: d.commitSha,
      url: `https://ci.example.com/acme/${
        d.entityRef.split('/')[1]
      }/deployments/${d.id}`,
      trigger: d.trigger,
      changes: d.changes.map(c => ({
        id: c.id,
        authoredAt: iso(t(c.authoredAt)),
        ...(c.pullRequestOpenedAt !== undefined && {
          pullRequestOpenedAt: iso(t(c.pullRequestOpenedAt)),
        }),
        ...(c.mergedAt !== undefined && { mergedAt: iso(t(c.mergedAt)) }),
        ...(c.url !== undefined && { url: c.url }),
      })),
      ...(d.remediates && {
        remediates: {
          deployment: { source: DEMO_SOURCE_ID, id: d.remediates },
        },
      }),
    };
    events.push([t(d.startedAt), event]);
  }
  return events;
}

/**
 * Incidents created in the history (none of a deployment left out), with
 * their pages.
 */
function incidentEventsOf(
  incidents: Incident[],
  { t, anchor, inHistory }: History,
  emitted: Set<string>,
) {
  const incidentEvents: Array<[number, DemoIncidentEvent]> = [];
  const pages: Page[] = [];
  for (const i of incidents) {
    if (!inHistory(i.createdAt)) continue;
    if (i.requires && !emitted.has(i.requires)) continue;
    pages.push(...makePages(i).filter(p => inHistory(p.notifiedAt)));
    const upToAnchor = (ms: number | undefined) =>
      ms !== undefined && t(ms) <= anchor ? iso(t(ms)) : undefined;
    const resolvedAt = upToAnchor(i.resolvedAt);
    const acknowledgedAt = upToAnchor(i.acknowledgedAt);
    const event: DemoIncidentEvent = {
      type: 'incident',
      source: DEMO_SOURCE_ID,
      id: i.id,
      entityRef: i.entityRef,
      title: i.title,
      urgency: i.urgency,
      createdAt: iso(t(i.createdAt)),
      ...(acknowledgedAt && { acknowledgedAt }),
      ...(resolvedAt && { resolvedAt }),
      ...(i.causedBy && {
        causedBy: { source: DEMO_SOURCE_ID, id: i.causedBy },
      }),
      ...(i.changeRelated !== undefined && { changeRelated: i.changeRelated }),
      ...(i.autoResolved !== undefined &&
        resolvedAt && { autoResolved: i.autoResolved }),
      dedupKey: i.dedupKey,
      url: `https://acme.pagerduty.example.com/incidents/${i.id}`,
      ...(i.postmortem &&
        resolvedAt && {
          postmortemUrl: `https://wiki.example.com/postmortems/${i.id}`,
        }),
    };
    incidentEvents.push([t(i.createdAt), event]);
  }
  return { incidentEvents, pages };
}

function pageEventsOf(
  pages: Page[],
  { t }: History,
): Array<[number, DemoPageEvent]> {
  return pages.map(p => [
    t(p.notifiedAt),
    {
      type: 'page',
      source: DEMO_SOURCE_ID,
      id: p.id,
      entityRef: p.entityRef,
      userRef: p.userRef,
      notifiedAt: iso(t(p.notifiedAt)),
      channel: p.channel,
      incidentId: p.incidentId,
    },
  ]);
}

/** CI runs started in the history; those still running are `in_progress`. */
function ciRunEventsOf(
  ciRuns: CiRun[],
  { t, anchor, inHistory }: History,
): Array<[number, DemoCiRunEvent]> {
  const ciRunEvents: Array<[number, DemoCiRunEvent]> = [];
  for (const r of ciRuns) {
    if (!inHistory(r.startedAt)) continue;
    const running = t(r.finishedAt) > anchor;
    const component = r.entityRef.split('/')[1];
    ciRunEvents.push([
      t(r.startedAt),
      {
        type: 'ci-run',
        source: DEMO_SOURCE_ID,
        id: r.id,
        entityRef: r.entityRef,
        name: r.name,
        attempt: r.attempt,
        trigger: r.trigger,
        status: running ? 'in_progress' : r.status,
        startedAt: iso(t(r.startedAt)),
        ...(running ? {} : { finishedAt: iso(t(r.finishedAt)) }),
        url: `https://ci.example.com/acme/${component}/runs/${r.runNumber}/attempts/${r.attempt}`,
      },
    ]);
  }
  return ciRunEvents;
}

/** The teams' shifts, clipped to [history start, anchor + the published days]. */
function shiftEventsOf({
  from,
  anchor,
  t,
}: History): Array<[number, DemoOncallShiftEvent]> {
  const until = anchor + DEMO_SCHEDULE_AHEAD_DAYS * DAY_MS;
  return makeShifts(from, until).map(s => [
    t(s.start),
    {
      type: 'oncall-shift',
      source: DEMO_SOURCE_ID,
      id: s.id,
      entityRef: demoEntityRef('group', s.team),
      userRef: s.userRef,
      start: iso(t(s.start)),
      end: s.end === null ? null : iso(t(s.end)),
      level: s.level,
      scheduleName: s.scheduleName,
      scheduleUrl: s.scheduleUrl,
    },
  ]);
}

/** Self-reported toil of the ISO weeks whose Monday lies in the history. */
function toilEventsOf({
  from,
  anchor,
}: History): Array<[number, DemoToilReportEvent]> {
  const toilEvents: Array<[number, DemoToilReportEvent]> = [];
  for (const team of Object.keys(TEAM_OPERATIONS)) {
    // ISO weeks whose Monday lies in the history.
    for (
      let monday = mondayOf(from - 1) + 7 * DAY_MS;
      monday < anchor;
      monday += 7 * DAY_MS
    ) {
      for (const r of makeToilReports(team, monday)) {
        toilEvents.push([
          r.weekStart,
          {
            type: 'toil-report',
            source: DEMO_SOURCE_ID,
            id: r.id,
            entityRef: r.entityRef,
            userRef: r.userRef,
            hours: r.hours,
            category: r.category,
            description: r.description,
            week: r.week,
          },
        ]);
      }
    }
  }
  return toilEvents;
}

/** Events by time, then id. */
function ordered<E extends { id: string }>(events: Array<[number, E]>): E[] {
  return events
    .sort((a, b) => compare([a[0], a[1].id], [b[0], b[1].id]))
    .map(([, e]) => e);
}

/**
 * Generates the demo data set: {@link DEMO_HISTORY_DAYS} days of deployments,
 * incidents, pages, CI runs and self-reported toil ending at the anchor, for
 * the components and teams of the demo catalog, and the teams' on-call
 * shifts up to `DEMO_SCHEDULE_AHEAD_DAYS` (14) days after it.
 *
 * Pure and deterministic: every component-day is generated from its own seed
 * (component name and UTC date), so the same anchor gives byte-identical
 * output, and moving the anchor forward keeps the events of the days both
 * histories share, with the same ids, but for Back Office's recent slip,
 * which follows the anchor's ISO week (recentSlip.ts). Events that would end after the anchor
 * are cut there: deployments and CI runs still running are `in_progress`,
 * incidents not yet resolved are open, later remediations and pages are left
 * out. Shifts are clipped to [history start, anchor + 14 days], as on-call
 * APIs clip to the queried range.
 *
 * Deployments come first (ordered by start), then incidents (by creation),
 * pages (by notification), CI runs (by start), shifts (by start) and toil
 * reports (by week).
 * @public
 */
export function generateDemoEvents(
  options: GenerateDemoEventsOptions,
): DevopsInsightsEventInput[] {
  const anchor = Math.floor(Number(options.anchor) / SECOND_MS) * SECOND_MS;
  if (!Number.isFinite(anchor)) {
    throw new TypeError('generateDemoEvents: anchor is not a valid time');
  }
  const h = historyOf(anchor, options.days ?? DEMO_HISTORY_DAYS);
  const { deployments, incidents, ciRuns } = simulate(h);
  const emitted = new Set<string>();
  const deploymentEvents = deploymentEventsOf(deployments, h, emitted);
  const { incidentEvents, pages } = incidentEventsOf(incidents, h, emitted);
  return [
    ...ordered(deploymentEvents),
    ...ordered(incidentEvents),
    ...ordered(pageEventsOf(pages, h)),
    ...ordered(ciRunEventsOf(ciRuns, h)),
    ...ordered(shiftEventsOf(h)),
    ...ordered(toilEventsOf(h)),
  ];
}

/** Start of the UTC day holding `time`. @public */
export function startOfUtcDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}
