/**
 * Deterministic synthetic organisation and event stream for `yarn bench`.
 *
 * Everything derives from one seed: the org (teams with parent/child groups,
 * users, services) and, per service, a year of deployments with changes,
 * incidents (some naming the deployment that caused them) and remediations,
 * pages and CI runs; per team, a year of weekly on-call shifts.
 * Events are produced one service at a time, so memory stays flat at any size.
 */

export type SizeName = 'S' | 'M' | 'L';

export type SizeSpec = {
  name: SizeName;
  services: number;
  teams: number;
  deployments: number;
  /** Mean changes per deployment (M: 3 M changes over 1 M deployments). */
  changesPerDeployment: number;
  /** Incidents per deployment (M: 100 k over 1 M). */
  incidentsPerDeployment: number;
  days: number;
  /**
   * Teams per level above the leaves, from the top: [10, 100] makes the first
   * 10 teams areas, the next 100 their children, every other team a child of
   * one of those 100 (three levels). Default: one tenth areas, two levels.
   */
  upperLevels?: number[];
};

export const SIZES: Record<SizeName, SizeSpec> = {
  S: {
    name: 'S',
    services: 50,
    teams: 10,
    deployments: 20_000,
    changesPerDeployment: 3,
    incidentsPerDeployment: 0.1,
    days: 365,
  },
  M: {
    name: 'M',
    services: 1_000,
    teams: 200,
    deployments: 1_000_000,
    changesPerDeployment: 3,
    incidentsPerDeployment: 0.1,
    days: 365,
  },
  L: {
    name: 'L',
    services: 5_000,
    teams: 1_000,
    deployments: 5_000_000,
    changesPerDeployment: 3,
    incidentsPerDeployment: 0.1,
    days: 365,
    // 10 areas of 10 sub-areas of ~9 teams: an area pools 500 services.
    upperLevels: [10, 100],
  },
};

/** The parent of team i: levels of `upper` teams above the leaves. */
function parentOf(i: number, upper: number[]): number | null {
  let start = 0;
  for (let level = 0; level < upper.length; level++) {
    const end = start + upper[level];
    if (i < end) {
      if (level === 0) return null;
      const above = start - upper[level - 1];
      return above + ((i - start) % upper[level - 1]);
    }
    start = end;
  }
  const last = upper[upper.length - 1];
  return start - last + ((i - start) % last);
}

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** The generated year ends here (fixed, so the data never depends on the clock). */
export const END_MS = Date.UTC(2026, 0, 5); // a Monday
export const DEPLOY_SOURCE = 'bench-ci';
export const INCIDENT_SOURCE = 'bench-pager';
export const CI_SOURCE = 'bench-ci-runs';
const WEEK = 7 * DAY;
/** Pages per service and day that no incident explains (noisy alerts). */
const NOISE_PAGES_PER_DAY = 1;
/** Share of deployments with a CI run of their own. */
const CI_RUN_SHARE = 0.3;

/** mulberry32: small, fast, good enough for synthetic data. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const mix = (seed: number, n: number) =>
  (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(n + 1, 0xc2b2ae35)) >>>
  0;

/** Log-normal around a median; sigma ~1 gives a realistic long tail. */
function logNormal(rand: () => number, medianMs: number, sigma = 1): number {
  const u = Math.max(rand(), 1e-12);
  const v = rand();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return Math.max(MIN, Math.round(medianMs * Math.exp(sigma * z)));
}

type Profile = {
  name: 'elite' | 'high' | 'medium' | 'low';
  /** Relative deployment volume of a service of this team. */
  volume: number;
  /** Relative chance a production deployment causes an incident. */
  incidentRate: number;
  leadTimeMedianMs: number;
  restoreMedianMs: number;
  failureRate: number;
};

const PROFILES: Profile[] = [
  {
    name: 'elite',
    volume: 3,
    incidentRate: 0.04,
    leadTimeMedianMs: 3 * HOUR,
    restoreMedianMs: 40 * MIN,
    failureRate: 0.02,
  },
  {
    name: 'high',
    volume: 1.5,
    incidentRate: 0.08,
    leadTimeMedianMs: 1.5 * DAY,
    restoreMedianMs: 5 * HOUR,
    failureRate: 0.04,
  },
  {
    name: 'medium',
    volume: 0.7,
    incidentRate: 0.15,
    leadTimeMedianMs: 6 * DAY,
    restoreMedianMs: 1.5 * DAY,
    failureRate: 0.07,
  },
  {
    name: 'low',
    volume: 0.3,
    incidentRate: 0.3,
    leadTimeMedianMs: 25 * DAY,
    restoreMedianMs: 5 * DAY,
    failureRate: 0.12,
  },
];
const PROFILE_SHARE = [0.25, 0.35, 0.25, 0.15];

export type Team = {
  index: number;
  name: string;
  ref: string;
  parent: number | null;
  profile: Profile;
};

export type Service = {
  index: number;
  name: string;
  ref: string;
  team: number;
  deployments: number;
};

export type Org = {
  size: SizeSpec;
  seed: number;
  startMs: number;
  endMs: number;
  teams: Team[];
  services: Service[];
  /** Multiplier that makes incidents ≈ incidentsPerDeployment overall. */
  incidentScale: number;
};

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function buildOrg(size: SizeSpec, seed: number): Org {
  const rand = prng(mix(seed, 0));
  const upper = size.upperLevels ?? [Math.max(1, Math.ceil(size.teams / 10))];
  const teams: Team[] = [];
  for (let i = 0; i < size.teams; i++) {
    let r = rand();
    let p = 0;
    while (p < PROFILES.length - 1 && r >= PROFILE_SHARE[p])
      r -= PROFILE_SHARE[p++];
    const name = `team-${pad(i + 1, 3)}`;
    teams.push({
      index: i,
      name,
      ref: `group:default/${name}`,
      // The first teams are areas; every other team is a child of one
      // (S and M: a tenth areas, two levels; L: three levels).
      parent: parentOf(i, upper),
      profile: PROFILES[p],
    });
  }
  const weights: number[] = [];
  const services: Service[] = [];
  for (let i = 0; i < size.services; i++) {
    const team = i % size.teams;
    const name = `svc-${pad(i + 1, 4)}`;
    weights.push(teams[team].profile.volume * (0.5 + rand()));
    services.push({
      index: i,
      name,
      ref: `component:default/${name}`,
      team,
      deployments: 0,
    });
  }
  // Largest-remainder rounding so the total is exactly size.deployments.
  const total = weights.reduce((a, b) => a + b, 0);
  const exact = weights.map(w => (w / total) * size.deployments);
  services.forEach((s, i) => (s.deployments = Math.floor(exact[i])));
  const missing =
    size.deployments - services.reduce((a, s) => a + s.deployments, 0);
  [...services]
    .sort(
      (a, b) =>
        (exact[b.index] % 1) - (exact[a.index] % 1) || a.index - b.index,
    )
    .slice(0, missing)
    .forEach(s => (s.deployments += 1));

  const weightedRate =
    services.reduce(
      (a, s) => a + s.deployments * teams[s.team].profile.incidentRate,
      0,
    ) / size.deployments;
  // Production share ≈ 0.85, of which ≈ 0.94 succeed; unlinked incidents add ≈ 15 %.
  const incidentScale =
    size.incidentsPerDeployment / (weightedRate * 0.85 * 0.94 * 1.15);
  return {
    size,
    seed,
    startMs: END_MS - size.days * DAY,
    endMs: END_MS,
    teams,
    services,
    incidentScale,
  };
}

/**
 * The org as catalog YAML (JSON documents are YAML). With
 * `pagerDutyServiceId`, the first service names that PagerDuty service, so a
 * configured PagerDuty source has something to sync (the replicas check).
 */
export function catalogYaml(
  org: Org,
  options: { pagerDutyServiceId?: string } = {},
): string {
  const docs: object[] = [];
  for (const team of org.teams) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Group',
      metadata: {
        name: team.name,
        title: `Team ${team.name.slice(5)}`,
        annotations: { 'bench/profile': team.profile.name },
      },
      spec: {
        type: team.parent === null ? 'area' : 'team',
        ...(team.parent !== null && { parent: org.teams[team.parent].name }),
        children: org.teams
          .filter(t => t.parent === team.index)
          .map(t => t.name),
      },
    });
    for (let u = 1; u <= 3; u++) {
      docs.push({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'User',
        metadata: { name: `${team.name}-user-${u}` },
        spec: { memberOf: [team.name] },
      });
    }
  }
  for (const service of org.services) {
    docs.push({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: service.name,
        ...(options.pagerDutyServiceId &&
          service.index === 0 && {
            annotations: {
              'pagerduty.com/service-id': options.pagerDutyServiceId,
            },
          }),
      },
      spec: {
        type: 'service',
        lifecycle: 'production',
        owner: `group:default/${org.teams[service.team].name}`,
      },
    });
  }
  return docs.map(d => `---\n${JSON.stringify(d)}\n`).join('');
}

/** The events API input shapes the generator produces. */
export type ChangeInput = {
  id: string;
  authoredAt: string;
  pullRequestOpenedAt?: string;
  mergedAt?: string;
};
export type DeploymentInput = {
  type: 'deployment';
  source: string;
  id: string;
  entityRef: string;
  environment: string;
  status: 'success' | 'failure' | 'cancelled';
  startedAt: string;
  finishedAt: string;
  commitSha: string;
  trigger: 'automatic' | 'manual';
  changes: ChangeInput[];
  remediates?: {
    deployment?: { source: string; id: string };
    incidentId?: string;
  };
};
export type IncidentInput = {
  type: 'incident';
  source: string;
  id: string;
  entityRef: string;
  title: string;
  urgency: 'high' | 'low';
  createdAt: string;
  acknowledgedAt?: string;
  resolvedAt?: string;
  causedBy?: { source: string; id: string };
  changeRelated?: boolean;
  dedupKey: string;
};
export type PageInput = {
  type: 'page';
  source: string;
  id: string;
  entityRef: string;
  userRef: string;
  notifiedAt: string;
  channel: 'phone' | 'sms' | 'push' | 'email';
  incidentId?: string;
};
export type ShiftInput = {
  type: 'oncall-shift';
  source: string;
  id: string;
  entityRef: string;
  userRef: string;
  start: string;
  end: string;
  level: number;
  scheduleName: string;
};
export type CiRunInput = {
  type: 'ci-run';
  source: string;
  id: string;
  entityRef: string;
  name: string;
  attempt: number;
  trigger: 'automatic' | 'manual';
  status: 'success' | 'failure';
  startedAt: string;
  finishedAt: string;
};
export type BenchEvent =
  | DeploymentInput
  | IncidentInput
  | PageInput
  | ShiftInput
  | CiRunInput;

export type ServiceEvents = {
  deployments: DeploymentInput[];
  incidents: IncidentInput[];
  pages: PageInput[];
  ciRuns: CiRunInput[];
  changes: number;
};

const iso = (ms: number) => new Date(ms).toISOString();

/** Every event of one service; deterministic in (seed, service index). */
export function serviceEvents(org: Org, service: Service): ServiceEvents {
  const rand = prng(mix(org.seed, service.index + 1));
  const profile = org.teams[service.team].profile;
  const n = service.deployments;
  const span = org.endMs - org.startMs;
  const deployments: DeploymentInput[] = [];
  const incidents: IncidentInput[] = [];
  let changeCounter = 0;
  let incidentCounter = 0;
  let changesTotal = 0;
  /** Changes of a failed production deployment, shipped again by the next one. */
  let carried: ChangeInput[] = [];
  /** What the next production deployment remediates, if anything. */
  let pendingRemediation: DeploymentInput['remediates'] | undefined;

  const newIncident = (createdAt: number, extra: Partial<IncidentInput>) => {
    incidentCounter += 1;
    const acknowledged = createdAt + Math.round((1 + rand() * 30) * MIN);
    const unresolved =
      createdAt > org.endMs - 2 * DAY ? rand() < 0.5 : rand() < 0.02;
    const incident: IncidentInput = {
      type: 'incident',
      source: INCIDENT_SOURCE,
      id: `${service.name}-i${incidentCounter}`,
      entityRef: service.ref,
      title: `${service.name} alert ${incidentCounter % 7}`,
      urgency: rand() < 0.85 ? 'high' : 'low',
      createdAt: iso(createdAt),
      acknowledgedAt: iso(acknowledged),
      dedupKey: `${service.name}/alert-${incidentCounter % 7}`,
      ...extra,
    };
    if (!unresolved) {
      incident.resolvedAt = iso(
        acknowledged + logNormal(rand, profile.restoreMedianMs),
      );
    }
    incidents.push(incident);
    return incident;
  };

  for (let i = 0; i < n; i++) {
    const startedAt = org.startMs + Math.floor(((i + rand()) * span) / n);
    const finishedAt = startedAt + Math.round((2 + rand() * 18) * MIN);
    const production = rand() < 0.85;
    const r = rand();
    const status =
      r < profile.failureRate
        ? 'failure'
        : r < profile.failureRate + 0.02
        ? 'cancelled'
        : 'success';
    const changeCount =
      1 + Math.floor(rand() * (2 * org.size.changesPerDeployment - 1));
    const changes: ChangeInput[] = production ? [...carried] : [];
    for (let c = 0; c < changeCount; c++) {
      changeCounter += 1;
      const lead = Math.min(
        logNormal(rand, profile.leadTimeMedianMs),
        60 * DAY,
      );
      const authoredAt = finishedAt - lead;
      const change: ChangeInput = {
        id: `${service.name}-c${changeCounter}`,
        authoredAt: iso(authoredAt),
      };
      if (rand() < 0.9) {
        const opened = authoredAt + Math.round(lead * (0.1 + rand() * 0.3));
        change.pullRequestOpenedAt = iso(opened);
        change.mergedAt = iso(opened + Math.round(lead * (0.1 + rand() * 0.3)));
      }
      changes.push(change);
    }
    changesTotal += changeCount;
    const deployment: DeploymentInput = {
      type: 'deployment',
      source: DEPLOY_SOURCE,
      id: `${service.name}-d${i + 1}`,
      entityRef: service.ref,
      environment: production
        ? rand() < 0.9
          ? 'production'
          : 'prod'
        : 'staging',
      status,
      startedAt: iso(startedAt),
      finishedAt: iso(finishedAt),
      commitSha: (mix(service.index, i) >>> 0).toString(16).padStart(8, '0'),
      trigger: rand() < 0.8 ? 'automatic' : 'manual',
      changes,
    };
    if (production) {
      carried = status === 'failure' ? changes : [];
      if (pendingRemediation && status === 'success') {
        deployment.remediates = pendingRemediation;
        pendingRemediation = undefined;
      }
      if (
        status === 'success' &&
        rand() < profile.incidentRate * org.incidentScale
      ) {
        const createdAt = finishedAt + Math.round((2 + rand() * 30 * 60) * MIN);
        const named = rand() < 0.5;
        const incident = newIncident(createdAt, {
          ...(named && {
            causedBy: { source: DEPLOY_SOURCE, id: deployment.id },
          }),
          ...(named
            ? { changeRelated: true }
            : rand() < 0.1
            ? { changeRelated: false }
            : {}),
        });
        const fix = rand();
        if (fix < 0.4) {
          pendingRemediation = {
            deployment: { source: DEPLOY_SOURCE, id: deployment.id },
            incidentId: incident.id,
          };
        } else if (fix < 0.55) {
          pendingRemediation = { incidentId: incident.id };
        }
      }
      // Incidents unrelated to any change: noise the attribution window may catch.
      if (rand() < profile.incidentRate * org.incidentScale * 0.15) {
        newIncident(
          org.startMs + Math.floor(rand() * span),
          rand() < 0.5 ? { changeRelated: false } : {},
        );
      }
    }
    deployments.push(deployment);
  }
  return {
    deployments,
    incidents,
    ...activityEvents(org, service, deployments, incidents),
    changes: changesTotal,
  };
}

/** Who of a team is on call at level 1 (weekly rotation over its 3 users). */
function onCallUser(org: Org, team: Team, at: number, level = 1): string {
  const week = Math.floor((at - org.startMs) / WEEK);
  return `${team.name}-user-${((week + level - 1) % 3) + 1}`;
}

/**
 * Pages and CI runs of one service, from a PRNG of their own so the
 * deployments and incidents (checked against the pure functions) do not
 * depend on them: a page per incident to whoever was on call (a third also
 * escalate to level 2), noisy pages at random times, and CI runs for some
 * deployments, some retried or started by hand.
 */
function activityEvents(
  org: Org,
  service: Service,
  deployments: DeploymentInput[],
  incidents: IncidentInput[],
): Pick<ServiceEvents, 'pages' | 'ciRuns'> {
  const rand = prng(mix(org.seed ^ 0xac71, service.index + 1));
  const team = org.teams[service.team];
  const pages: PageInput[] = [];
  const page = (at: number, level: number, incidentId?: string) =>
    pages.push({
      type: 'page',
      source: INCIDENT_SOURCE,
      id: `${service.name}-p${pages.length + 1}`,
      entityRef: service.ref,
      userRef: onCallUser(org, team, at, level),
      notifiedAt: iso(at),
      channel: (['phone', 'push', 'sms', 'email'] as const)[
        Math.floor(rand() * 4)
      ],
      ...(incidentId && { incidentId }),
    });
  for (const incident of incidents) {
    const at = Date.parse(incident.createdAt) + MIN;
    page(at, 1, incident.id);
    if (rand() < 0.3) page(at + 15 * MIN, 2, incident.id);
  }
  const span = org.endMs - org.startMs;
  const noise = Math.round((NOISE_PAGES_PER_DAY * span) / DAY);
  for (let i = 0; i < noise; i++) {
    page(org.startMs + Math.floor(rand() * span), 1);
  }
  const ciRuns: CiRunInput[] = [];
  for (const d of deployments) {
    if (rand() >= CI_RUN_SHARE) continue;
    const startedAt = Date.parse(d.startedAt) - 15 * MIN;
    ciRuns.push({
      type: 'ci-run',
      source: CI_SOURCE,
      id: `${d.id}-ci`,
      entityRef: service.ref,
      name: `${service.name} build`,
      attempt: rand() < 0.1 ? 2 : 1,
      trigger: rand() < 0.1 ? 'manual' : 'automatic',
      status: d.status === 'failure' ? 'failure' : 'success',
      startedAt: iso(startedAt),
      finishedAt: iso(startedAt + Math.round((3 + rand() * 10) * MIN)),
    });
  }
  return { pages, ciRuns };
}

/** A team's weekly on-call shifts over the year: level 1 and level 2. */
export function teamShifts(org: Org, team: Team): ShiftInput[] {
  const shifts: ShiftInput[] = [];
  for (let start = org.startMs; start < org.endMs; start += WEEK) {
    for (const level of [1, 2]) {
      shifts.push({
        type: 'oncall-shift',
        source: INCIDENT_SOURCE,
        id: `${team.name}-l${level}-${start}`,
        entityRef: team.ref,
        userRef: onCallUser(org, team, start, level),
        start: iso(start),
        end: iso(Math.min(start + WEEK, org.endMs)),
        level,
        scheduleName: `${team.name} ${level === 1 ? 'primary' : 'secondary'}`,
      });
    }
  }
  return shifts;
}
