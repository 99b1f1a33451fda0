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
  COMPONENT_ALERT_STREAMS,
  COMPONENT_CADENCES,
  Duration,
  TEAM_OPERATIONS,
  TEAM_PROFILES,
  TeamProfile,
} from './profiles';
import { Random } from './random';
import { localTime } from './timeZones';

/** The `source` of every demo event and the id of the demo source. @public */
export const DEMO_SOURCE_ID = 'demo';

/** Length of the generated history. @public */
export const DEMO_HISTORY_DAYS = 180;

const SECOND_MS = 1000;
const MINUTE_MS = 60 * SECOND_MS;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

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

type Change = {
  id: string;
  authoredAt: number;
  pullRequestOpenedAt?: number;
  mergedAt?: number;
  url?: string;
};

type Deployment = {
  id: string;
  entityRef: string;
  environment: 'production' | 'staging';
  status: 'success' | 'failure' | 'cancelled';
  startedAt: number;
  finishedAt: number;
  commitSha: string;
  trigger: 'automatic' | 'manual';
  changes: Change[];
  remediates?: string;
  /** Only emitted when this deployment is emitted too. */
  requires?: string;
};

type Incident = {
  id: string;
  entityRef: string;
  title: string;
  urgency: 'high' | 'low';
  createdAt: number;
  acknowledgedAt?: number;
  resolvedAt: number;
  causedBy?: string;
  changeRelated?: boolean;
  autoResolved?: boolean;
  dedupKey: string;
  postmortem: boolean;
  /** Only emitted when this deployment is emitted too. */
  requires?: string;
};

type Bundle = { deployments: Deployment[]; incidents: Incident[] };

type ComponentContext = {
  name: string;
  entityRef: string;
  profile: TeamProfile;
  day: number;
  dayStamp: string;
};

const CHANGE_FAILURE_TITLES = [
  'Error rate above SLO on {name}',
  'p99 latency regression on {name}',
  'Health checks failing on {name}',
  '{name} returns 500 for a share of requests',
  'Memory leak on {name} pods after release',
];

const OPERATIONAL_TITLES: Array<[string, string]> = [
  ['upstream-dependency', 'Upstream dependency degraded for {name}'],
  ['node-failure', 'Node failure in the {name} cluster'],
  ['certificate-expiry', 'TLS certificate of {name} expired'],
  ['database-failover', 'Database failover affecting {name}'],
];

const ALERT_KINDS: Array<[string, string]> = [
  ['disk-usage', 'Disk usage above 85 % on {name}'],
  ['cpu-saturation', 'CPU saturation on {name}'],
  ['queue-backlog', 'Queue backlog growing for {name}'],
  ['slow-queries', 'Slow queries reported by {name}'],
];

function sample(rng: Random, duration: Duration): number {
  return rng.logNormal(duration.median, duration.sigma) * SECOND_MS;
}

function dayStamp(day: number): string {
  return new Date(day * DAY_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

function isWeekend(day: number): boolean {
  const weekday = new Date(day * DAY_MS).getUTCDay();
  return weekday === 0 || weekday === 6;
}

function fill(template: string, name: string): string {
  return template.replace('{name}', name);
}

function pullRequestUrl(name: string, number: number): string {
  return `https://git.example.com/acme/${name}/pull/${number}`;
}

function makeChanges(
  ctx: ComponentContext,
  rng: Random,
  releaseOrdinal: number,
  releaseAt: number,
): Change[] {
  const { profile } = ctx;
  const count = rng.int(...profile.changesPerRelease);
  const changes: Change[] = [];
  for (let i = 0; i < count; i++) {
    const wait =
      'uniformDays' in profile.mergeToRelease
        ? rng.between(...profile.mergeToRelease.uniformDays) * DAY_MS
        : sample(rng, profile.mergeToRelease);
    const mergedAt = releaseAt - Math.max(MINUTE_MS, wait);
    const id = rng.hex(40);
    if (rng.chance(profile.directPushShare)) {
      changes.push({
        id,
        authoredAt: mergedAt - Math.max(MINUTE_MS, sample(rng, profile.coding)),
      });
      continue;
    }
    const openedAt =
      mergedAt - Math.max(MINUTE_MS, sample(rng, profile.review));
    const authoredAt =
      openedAt - Math.max(MINUTE_MS, sample(rng, profile.coding));
    const number = (ctx.day % 10000) * 100 + releaseOrdinal * 10 + i;
    changes.push({
      id,
      authoredAt,
      pullRequestOpenedAt: openedAt,
      mergedAt,
      url: pullRequestUrl(ctx.name, number),
    });
  }
  return changes;
}

function pickRecovery(
  rng: Random,
  weights: TeamProfile['recovery'],
): keyof TeamProfile['recovery'] {
  const total = weights.rollback + weights.hotfix + weights.incidentOnly;
  let r = rng.float() * total;
  for (const key of ['rollback', 'hotfix', 'incidentOnly'] as const) {
    r -= weights[key];
    if (r < 0) return key;
  }
  return 'incidentOnly';
}

/** One production release with its staging run, retries and any failure. */
function makeRelease(
  ctx: ComponentContext,
  rng: Random,
  ordinal: number,
  releaseAt: number,
  releaseNumber: number | undefined,
): Bundle {
  const { profile, name, entityRef } = ctx;
  const base = `${name}-${ctx.dayStamp}-${ordinal + 1}`;
  const deployments: Deployment[] = [];
  const incidents: Incident[] = [];
  const changes = makeChanges(ctx, rng, ordinal, releaseAt);
  const commitSha = changes.length
    ? changes[changes.length - 1].id
    : rng.hex(40);
  const trigger = rng.chance(profile.manualShare) ? 'manual' : 'automatic';
  const deploy = (
    id: string,
    environment: Deployment['environment'],
    status: Deployment['status'],
    startedAt: number,
    finishedAt: number,
    extra: Partial<Deployment> = {},
  ): Deployment => {
    const d: Deployment = {
      id,
      entityRef,
      environment,
      status,
      startedAt,
      finishedAt,
      commitSha,
      trigger,
      changes,
      ...extra,
    };
    deployments.push(d);
    return d;
  };

  if (rng.chance(profile.stagingShare) && changes.length) {
    const lastMerge = Math.max(...changes.map(c => c.mergedAt ?? c.authoredAt));
    const gap = releaseAt - lastMerge;
    if (gap >= 6 * MINUTE_MS) {
      const start = lastMerge + gap * rng.between(0.1, 0.3);
      const finish = Math.min(
        start + sample(rng, profile.deployDuration),
        start + gap * 0.5,
      );
      deploy(`${base}-staging`, 'staging', 'success', start, finish);
    }
  }

  let start = releaseAt;
  const firstAttemptFails = rng.chance(profile.pipelineFailureShare);
  const firstAttemptCancelled =
    !firstAttemptFails && rng.chance(profile.cancelledShare);
  if (firstAttemptFails || firstAttemptCancelled) {
    const aborted =
      start + sample(rng, profile.deployDuration) * rng.between(0.2, 0.8);
    deploy(
      `${base}-attempt-1`,
      'production',
      firstAttemptFails ? 'failure' : 'cancelled',
      start,
      aborted,
    );
    start = aborted + sample(rng, profile.retryDelay);
  }
  const release = deploy(
    `${base}-production`,
    'production',
    'success',
    start,
    start + sample(rng, profile.deployDuration),
  );

  const fails =
    profile.changeFailure.kind === 'random'
      ? rng.chance(profile.changeFailure.probability)
      : (releaseNumber ?? 0) % profile.changeFailure.succeedEvery !== 0;
  if (!fails) return { deployments, incidents };

  const recovery = pickRecovery(rng, profile.recovery);
  const silent =
    recovery === 'rollback' && rng.chance(profile.silentRollbackShare);
  // Detected within 20 h, so incidents left to the attribution rule still
  // fall inside its 24 h window.
  const detectedAt =
    release.finishedAt +
    Math.min(20 * HOUR_MS, Math.max(MINUTE_MS, sample(rng, profile.detect)));
  const restoreMs = Math.max(5 * MINUTE_MS, sample(rng, profile.restore));
  let resolvedAt = detectedAt + restoreMs;

  if (recovery !== 'incidentOnly') {
    const duration = sample(rng, profile.deployDuration);
    let fixFinished = silent
      ? detectedAt + duration
      : detectedAt + restoreMs * rng.between(0.6, 0.9);
    let fixStarted = fixFinished - duration;
    // A rollback may start before anyone opened an incident; a hotfix is
    // written after the failure was detected.
    const earliest =
      recovery === 'hotfix'
        ? detectedAt + 5 * MINUTE_MS
        : release.finishedAt + MINUTE_MS;
    if (fixStarted < earliest) {
      fixStarted = earliest;
      fixFinished = fixStarted + duration;
    }
    resolvedAt = Math.max(resolvedAt, fixFinished + MINUTE_MS);
    const fixChanges: Change[] = [];
    if (recovery === 'hotfix') {
      const mergedAt = fixStarted - MINUTE_MS;
      const openedAt = detectedAt + (mergedAt - detectedAt) * 0.6;
      fixChanges.push({
        id: rng.hex(40),
        authoredAt: detectedAt + (mergedAt - detectedAt) * 0.2,
        pullRequestOpenedAt: openedAt,
        mergedAt,
        url: pullRequestUrl(ctx.name, (ctx.day % 10000) * 100 + 90 + ordinal),
      });
    }
    deploy(
      `${base}-${recovery}`,
      'production',
      'success',
      fixStarted,
      fixFinished,
      {
        trigger: 'manual',
        commitSha: fixChanges.length ? fixChanges[0].id : rng.hex(40),
        changes: fixChanges,
        remediates: release.id,
        requires: release.id,
      },
    );
  }

  if (!silent) {
    const explicit = rng.chance(profile.explicitCauseShare);
    const ack = Math.min(sample(rng, profile.acknowledge), restoreMs * 0.5);
    incidents.push({
      id: `INC-${base}`,
      entityRef,
      title: fill(rng.pick(CHANGE_FAILURE_TITLES), name),
      urgency: 'high',
      createdAt: detectedAt,
      acknowledgedAt: detectedAt + ack,
      resolvedAt,
      causedBy: explicit ? release.id : undefined,
      changeRelated: explicit ? true : undefined,
      dedupKey: `${name}/${rng.pick([
        'error-rate',
        'latency',
        'availability',
      ])}`,
      postmortem: rng.chance(profile.postmortemShare),
      requires: release.id,
    });
  }
  return { deployments, incidents };
}

/** Incidents and alerts of one component and day that no change caused. */
function makeOperationalEvents(ctx: ComponentContext, rng: Random): Incident[] {
  const { profile, name, entityRef } = ctx;
  const dayStart = ctx.day * DAY_MS;
  const incidents: Incident[] = [];
  if (rng.chance(profile.operationalIncidentsPerDay)) {
    const [kind, title] = rng.pick(OPERATIONAL_TITLES);
    const createdAt = dayStart + rng.between(0, DAY_MS);
    const restoreMs = Math.max(
      5 * MINUTE_MS,
      sample(rng, profile.operationalRestore),
    );
    incidents.push({
      id: `INC-${name}-${ctx.dayStamp}-ops`,
      entityRef,
      title: fill(title, name),
      urgency: 'high',
      createdAt,
      acknowledgedAt:
        createdAt + Math.min(sample(rng, profile.acknowledge), restoreMs * 0.5),
      resolvedAt: createdAt + restoreMs,
      changeRelated: rng.chance(profile.operationalUnknownShare)
        ? undefined
        : false,
      dedupKey: `${name}/${kind}`,
      postmortem: rng.chance(profile.postmortemShare / 2),
    });
  }
  if (rng.chance(profile.alertsPerDay)) {
    const [kind, title] = rng.pick(ALERT_KINDS);
    const createdAt = dayStart + rng.between(0, DAY_MS);
    const autoResolved = rng.chance(0.6);
    const duration = autoResolved
      ? rng.between(3, 40) * MINUTE_MS
      : rng.between(1, 10) * HOUR_MS;
    incidents.push({
      id: `ALERT-${name}-${ctx.dayStamp}`,
      entityRef,
      title: fill(title, name),
      urgency: 'low',
      createdAt,
      acknowledgedAt: autoResolved
        ? undefined
        : createdAt + rng.between(5, 60) * MINUTE_MS,
      resolvedAt: createdAt + duration,
      changeRelated: false,
      autoResolved,
      dedupKey: `${name}/${kind}`,
      postmortem: false,
    });
  }
  return incidents;
}

/** The component's noisy recurring alerts of one day (see COMPONENT_ALERT_STREAMS). */
function makeAlertStreamEvents(ctx: ComponentContext, rng: Random): Incident[] {
  const streams = COMPONENT_ALERT_STREAMS[ctx.name] ?? [];
  if (!streams.length) return [];
  const owner = DEMO_COMPONENTS.find(c => c.name === ctx.name)!.owner;
  const zone = TEAM_OPERATIONS[owner].timeZone;
  const incidents: Incident[] = [];
  const perKind = new Map<string, number>();
  for (const stream of streams) {
    const count = rng.poisson(stream.perDay);
    for (let i = 0; i < count; i++) {
      const n = (perKind.get(stream.kind) ?? 0) + 1;
      perKind.set(stream.kind, n);
      const createdAt = localTime(zone, ctx.day, rng.between(...stream.hours));
      const autoResolved = rng.chance(stream.autoResolvedShare);
      const acknowledgedAt = autoResolved
        ? undefined
        : createdAt + rng.between(...stream.acknowledgeMinutes) * MINUTE_MS;
      const resolvedAt = autoResolved
        ? createdAt + rng.between(...stream.autoResolveMinutes) * MINUTE_MS
        : acknowledgedAt! + rng.between(...stream.workMinutes) * MINUTE_MS;
      incidents.push({
        id: `ALERT-${ctx.name}-${ctx.dayStamp}-${stream.kind}-${n}`,
        entityRef: ctx.entityRef,
        title: fill(stream.title, ctx.name),
        urgency: 'low',
        createdAt,
        acknowledgedAt,
        resolvedAt,
        changeRelated: false,
        autoResolved,
        dedupKey: `${ctx.name}/${stream.kind}`,
        postmortem: false,
      });
    }
  }
  return incidents;
}

/** Everything one component does on one UTC day, independent of the anchor. */
function generateComponentDay(
  name: string,
  profile: TeamProfile,
  day: number,
): Bundle {
  const cadence = COMPONENT_CADENCES[name];
  const ctx: ComponentContext = {
    name,
    entityRef: demoEntityRef('component', name),
    profile,
    day,
    dayStamp: dayStamp(day),
  };
  const rng = new Random(`${name}:${day}`);
  const releaseTimes: number[] = [];
  let releaseNumber: number | undefined;
  if (cadence.kind === 'daily') {
    const count = rng.poisson(
      isWeekend(day) ? cadence.weekend : cadence.weekday,
    );
    for (let i = 0; i < count; i++) {
      releaseTimes.push(
        day * DAY_MS + rng.between(...profile.releaseHours) * HOUR_MS,
      );
    }
  } else if (
    (((day - cadence.phase) % cadence.days) + cadence.days) % cadence.days ===
    0
  ) {
    releaseNumber = Math.floor((day - cadence.phase) / cadence.days);
    releaseTimes.push(
      day * DAY_MS + rng.between(...profile.releaseHours) * HOUR_MS,
    );
  }
  releaseTimes.sort((a, b) => a - b);

  const bundle: Bundle = { deployments: [], incidents: [] };
  releaseTimes.forEach((at, ordinal) => {
    const release = makeRelease(ctx, rng, ordinal, at, releaseNumber);
    bundle.deployments.push(...release.deployments);
    bundle.incidents.push(...release.incidents);
  });
  bundle.incidents.push(
    ...makeOperationalEvents(ctx, new Random(`${name}:${day}:operations`)),
    ...makeAlertStreamEvents(ctx, new Random(`${name}:${day}:alerts`)),
  );
  return bundle;
}

const iso = (ms: number) => new Date(ms).toISOString();

function compare(a: [number, string], b: [number, string]): number {
  if (a[0] !== b[0]) return a[0] - b[0];
  if (a[1] === b[1]) return 0;
  return a[1] < b[1] ? -1 : 1;
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
 * histories share, with the same ids. Events that would end after the anchor
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
  const days = options.days ?? DEMO_HISTORY_DAYS;
  const from = anchor - days * DAY_MS;
  // A day starts a little early: local evenings west of UTC (alerts, CI)
  // fall on the next UTC day, so the day before the history contributes too.
  const firstDay = Math.floor(from / DAY_MS) - 1;
  const lastDay = Math.floor(anchor / DAY_MS);

  const deployments: Deployment[] = [];
  const incidents: Incident[] = [];
  const ciRuns: CiRun[] = [];
  for (const component of DEMO_COMPONENTS) {
    const profile = TEAM_PROFILES[component.owner];
    if (!profile || !COMPONENT_CADENCES[component.name]) continue;
    for (let day = firstDay; day <= lastDay; day++) {
      const bundle = generateComponentDay(component.name, profile, day);
      deployments.push(...bundle.deployments);
      incidents.push(...bundle.incidents);
      ciRuns.push(...makeCiRuns(component.name, day));
    }
  }

  // Whole seconds, rounded down: monotone, so no ordering is broken, and
  // nothing moves past the anchor.
  const t = (ms: number) => Math.floor(ms / SECOND_MS) * SECOND_MS;
  const inHistory = (ms: number) => t(ms) >= from && t(ms) <= anchor;

  const emitted = new Set<string>();
  const deploymentEvents: Array<[number, DemoDeploymentEvent]> = [];
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
    deploymentEvents.push([t(d.startedAt), event]);
  }

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

  const pageEvents: Array<[number, DemoPageEvent]> = pages.map(p => [
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

  const until = anchor + DEMO_SCHEDULE_AHEAD_DAYS * DAY_MS;
  const shiftEvents: Array<[number, DemoOncallShiftEvent]> = makeShifts(
    from,
    until,
  ).map(s => [
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

  const ordered = <E extends { id: string }>(events: Array<[number, E]>) =>
    events
      .sort((a, b) => compare([a[0], a[1].id], [b[0], b[1].id]))
      .map(([, e]) => e);
  return [
    ...ordered(deploymentEvents),
    ...ordered(incidentEvents),
    ...ordered(pageEvents),
    ...ordered(ciRunEvents),
    ...ordered(shiftEvents),
    ...ordered(toilEvents),
  ];
}

/** Start of the UTC day holding `time`. @public */
export function startOfUtcDay(time: number): number {
  return Math.floor(time / DAY_MS) * DAY_MS;
}
