import { DEMO_COMPONENTS, demoEntityRef } from './org';
import {
  COMPONENT_ALERT_STREAMS,
  COMPONENT_CADENCES,
  TEAM_OPERATIONS,
  TeamProfile,
} from './profiles';
import { Random } from './random';
import {
  DAY_MS,
  dayStamp,
  HOUR_MS,
  isWeekend,
  MINUTE_MS,
  sample,
} from './time';
import { localTime } from './timeZones';

/**
 * What one component does on one UTC day (releases with their staging runs,
 * retries, failures and recoveries; operational incidents; alerts), as plain
 * records in epoch milliseconds. Seeded by component and day alone, so a day
 * is the same whatever the anchor; generate.ts turns the days into events.
 */

export type Change = {
  id: string;
  authoredAt: number;
  pullRequestOpenedAt?: number;
  mergedAt?: number;
  url?: string;
};

export type Deployment = {
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

export type Incident = {
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

export type Bundle = { deployments: Deployment[]; incidents: Incident[] };

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

/** A release being made: its ids and changes, and the rows it has added. */
type ReleaseDraft = {
  ctx: ComponentContext;
  rng: Random;
  ordinal: number;
  base: string;
  changes: Change[];
  deployments: Deployment[];
  incidents: Incident[];
  /** Adds a deployment of the release's changes (unless `extra` says otherwise). */
  deploy: (
    id: string,
    environment: Deployment['environment'],
    status: Deployment['status'],
    startedAt: number,
    finishedAt: number,
    extra?: Partial<Deployment>,
  ) => Deployment;
};

function startRelease(
  ctx: ComponentContext,
  rng: Random,
  ordinal: number,
  releaseAt: number,
): ReleaseDraft {
  const { profile, name, entityRef } = ctx;
  const deployments: Deployment[] = [];
  const changes = makeChanges(ctx, rng, ordinal, releaseAt);
  const commitSha = changes.length
    ? changes[changes.length - 1].id
    : rng.hex(40);
  const trigger = rng.chance(profile.manualShare) ? 'manual' : 'automatic';
  return {
    ctx,
    rng,
    ordinal,
    base: `${name}-${ctx.dayStamp}-${ordinal + 1}`,
    changes,
    deployments,
    incidents: [],
    deploy: (id, environment, status, startedAt, finishedAt, extra = {}) => {
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
    },
  };
}

/** Sometimes a staging run between the last merge and the release. */
function deployToStaging(r: ReleaseDraft, releaseAt: number): void {
  const { profile } = r.ctx;
  if (!r.rng.chance(profile.stagingShare) || !r.changes.length) return;
  const lastMerge = Math.max(...r.changes.map(c => c.mergedAt ?? c.authoredAt));
  const gap = releaseAt - lastMerge;
  if (gap < 6 * MINUTE_MS) return;
  const start = lastMerge + gap * r.rng.between(0.1, 0.3);
  const finish = Math.min(
    start + sample(r.rng, profile.deployDuration),
    start + gap * 0.5,
  );
  r.deploy(`${r.base}-staging`, 'staging', 'success', start, finish);
}

/** The production deployment, sometimes after a failed or cancelled attempt. */
function deployToProduction(r: ReleaseDraft, releaseAt: number): Deployment {
  const { rng } = r;
  const { profile } = r.ctx;
  let start = releaseAt;
  const firstAttemptFails = rng.chance(profile.pipelineFailureShare);
  const firstAttemptCancelled =
    !firstAttemptFails && rng.chance(profile.cancelledShare);
  if (firstAttemptFails || firstAttemptCancelled) {
    const aborted =
      start + sample(rng, profile.deployDuration) * rng.between(0.2, 0.8);
    r.deploy(
      `${r.base}-attempt-1`,
      'production',
      firstAttemptFails ? 'failure' : 'cancelled',
      start,
      aborted,
    );
    start = aborted + sample(rng, profile.retryDelay);
  }
  return r.deploy(
    `${r.base}-production`,
    'production',
    'success',
    start,
    start + sample(rng, profile.deployDuration),
  );
}

function releaseFails(
  r: ReleaseDraft,
  releaseNumber: number | undefined,
): boolean {
  const { changeFailure } = r.ctx.profile;
  return changeFailure.kind === 'random'
    ? r.rng.chance(changeFailure.probability)
    : (releaseNumber ?? 0) % changeFailure.succeedEvery !== 0;
}

/** The rollback or hotfix of a failed release; returns when it finished. */
function deployFix(
  r: ReleaseDraft,
  release: Deployment,
  recovery: 'rollback' | 'hotfix',
  silent: boolean,
  detectedAt: number,
  restoreMs: number,
): number {
  const { rng, ctx } = r;
  const duration = sample(rng, ctx.profile.deployDuration);
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
  const fixChanges: Change[] = [];
  if (recovery === 'hotfix') {
    const mergedAt = fixStarted - MINUTE_MS;
    const openedAt = detectedAt + (mergedAt - detectedAt) * 0.6;
    fixChanges.push({
      id: rng.hex(40),
      authoredAt: detectedAt + (mergedAt - detectedAt) * 0.2,
      pullRequestOpenedAt: openedAt,
      mergedAt,
      url: pullRequestUrl(ctx.name, (ctx.day % 10000) * 100 + 90 + r.ordinal),
    });
  }
  r.deploy(
    `${r.base}-${recovery}`,
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
  return fixFinished;
}

/** The incident opened for a failed release. */
function failureIncident(
  r: ReleaseDraft,
  release: Deployment,
  detectedAt: number,
  restoreMs: number,
  resolvedAt: number,
): Incident {
  const { rng } = r;
  const { profile, name, entityRef } = r.ctx;
  const explicit = rng.chance(profile.explicitCauseShare);
  const ack = Math.min(sample(rng, profile.acknowledge), restoreMs * 0.5);
  return {
    id: `INC-${r.base}`,
    entityRef,
    title: fill(rng.pick(CHANGE_FAILURE_TITLES), name),
    urgency: 'high',
    createdAt: detectedAt,
    acknowledgedAt: detectedAt + ack,
    resolvedAt,
    causedBy: explicit ? release.id : undefined,
    changeRelated: explicit ? true : undefined,
    dedupKey: `${name}/${rng.pick(['error-rate', 'latency', 'availability'])}`,
    postmortem: rng.chance(profile.postmortemShare),
    requires: release.id,
  };
}

/** A failed release's detection, recovery and (unless silent) incident. */
function recoverFromFailure(r: ReleaseDraft, release: Deployment): void {
  const { rng } = r;
  const { profile } = r.ctx;
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
    const fixFinished = deployFix(
      r,
      release,
      recovery,
      silent,
      detectedAt,
      restoreMs,
    );
    resolvedAt = Math.max(resolvedAt, fixFinished + MINUTE_MS);
  }
  if (!silent) {
    r.incidents.push(
      failureIncident(r, release, detectedAt, restoreMs, resolvedAt),
    );
  }
}

/** One production release with its staging run, retries and any failure. */
function makeRelease(
  ctx: ComponentContext,
  rng: Random,
  ordinal: number,
  releaseAt: number,
  releaseNumber: number | undefined,
): Bundle {
  const r = startRelease(ctx, rng, ordinal, releaseAt);
  deployToStaging(r, releaseAt);
  const release = deployToProduction(r, releaseAt);
  if (releaseFails(r, releaseNumber)) recoverFromFailure(r, release);
  return { deployments: r.deployments, incidents: r.incidents };
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
export function generateComponentDay(
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
