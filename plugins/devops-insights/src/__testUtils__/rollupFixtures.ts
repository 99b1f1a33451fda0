import type {
  BandCounts,
  DoraMetrics,
  RollupResponse,
  RollupTeam,
} from '@devops-insights/backstage-plugin-common';
import { doraResponse, emptyDoraResponse } from './fixtures';

const HOUR = 3600;

function metricsOf(dora: ReturnType<typeof doraResponse>): DoraMetrics {
  const {
    deploymentFrequency,
    leadTimeForChanges,
    changeFailureRate,
    timeToRestore,
    failedDeploymentRecoveryTime,
    reworkRate,
  } = dora;
  return {
    deploymentFrequency,
    leadTimeForChanges,
    changeFailureRate,
    timeToRestore,
    failedDeploymentRecoveryTime,
    reworkRate,
  };
}

/** Full DORA figures (see doraResponse) with the given ones replaced. */
export function doraMetrics(
  overrides: Partial<{
    perDay: number;
    deployBand: DoraMetrics['deploymentFrequency']['band'];
    leadSeconds: number;
    leadBand: DoraMetrics['leadTimeForChanges']['band'];
  }> = {},
): DoraMetrics {
  const base = metricsOf(doraResponse());
  return {
    ...base,
    deploymentFrequency: {
      ...base.deploymentFrequency,
      perDay: overrides.perDay ?? base.deploymentFrequency.perDay,
      band: overrides.deployBand ?? base.deploymentFrequency.band,
    },
    leadTimeForChanges: {
      ...base.leadTimeForChanges,
      medianSeconds:
        overrides.leadSeconds ?? base.leadTimeForChanges.medianSeconds,
      band: overrides.leadBand ?? base.leadTimeForChanges.band,
    },
  };
}

export const emptyDoraMetrics = (): DoraMetrics =>
  metricsOf(emptyDoraResponse());

export function rollupTeam(overrides: Partial<RollupTeam> = {}): RollupTeam {
  return {
    groupRef: 'group:default/payments',
    title: 'Payments',
    parentRef: 'group:default/engineering',
    services: 4,
    subTeams: 0,
    own: null,
    dora: doraMetrics(),
    previous: doraMetrics(),
    weekly: [
      {
        weekStart: '2026-04-13T00:00:00.000Z',
        deployments: 10,
        leadTimeMedianSeconds: HOUR,
      },
      {
        weekStart: '2026-04-20T00:00:00.000Z',
        deployments: 22,
        leadTimeMedianSeconds: HOUR,
      },
      {
        weekStart: '2026-04-27T00:00:00.000Z',
        deployments: 0,
        leadTimeMedianSeconds: null,
      },
    ],
    toil: { hours: 30, share: 0.3, status: 'at-risk' },
    pagesPer12h: 1.5,
    goals: [],
    ...overrides,
  };
}

/** A team whose services never sent anything. */
export function emptyTeam(overrides: Partial<RollupTeam> = {}): RollupTeam {
  return rollupTeam({
    groupRef: 'group:default/newbies',
    title: 'Newbies',
    services: 0,
    dora: emptyDoraMetrics(),
    previous: emptyDoraMetrics(),
    weekly: [],
    toil: { hours: null, share: null, status: null },
    pagesPer12h: null,
    ...overrides,
  });
}

const counts = (c: Partial<BandCounts>): BandCounts => ({
  elite: 0,
  high: 0,
  medium: 0,
  low: 0,
  none: 0,
  ...c,
});

/**
 * Engineering with three teams under it, one of which (Payments) has a
 * sub-team (Payments API), and an empty one; plus Platform at the top.
 */
export function rollupTeams(): RollupTeam[] {
  return [
    rollupTeam({
      groupRef: 'group:default/engineering',
      title: 'Engineering',
      parentRef: null,
      services: 12,
      subTeams: 3,
      // A summary of its sub-teams: counted neither in distributions nor
      // in movers, however it moved.
      previous: doraMetrics({ perDay: 0.05, deployBand: 'medium' }),
    }),
    rollupTeam({
      subTeams: 1,
      // Owns services itself besides Payments API's; counts as those.
      own: {
        services: 3,
        dora: doraMetrics(),
        previous: doraMetrics({ perDay: 0.5, deployBand: 'high' }),
      },
      // Went from high to elite in deployment frequency.
      previous: doraMetrics({ perDay: 0.5, deployBand: 'high' }),
    }),
    rollupTeam({
      groupRef: 'group:default/payments-api',
      title: 'Payments API',
      parentRef: 'group:default/payments',
      services: 1,
      dora: doraMetrics({
        perDay: 1.5,
        leadSeconds: 3 * 86400,
        leadBand: 'high',
      }),
      // Lead time rose within the band: a regression, no band change.
      previous: doraMetrics({
        perDay: 1.5,
        leadSeconds: 1 * 86400,
        leadBand: 'high',
      }),
      toil: { hours: 5, share: 0.1, status: 'healthy' },
      pagesPer12h: 0.4,
    }),
    rollupTeam({
      groupRef: 'group:default/checkout',
      title: 'Checkout',
      services: 3,
      // Fell from elite to medium.
      dora: doraMetrics({ perDay: 0.2, deployBand: 'medium' }),
      previous: doraMetrics({ perDay: 2, deployBand: 'elite' }),
      toil: { hours: 80, share: 0.6, status: 'over-cap' },
      pagesPer12h: 3.2,
    }),
    emptyTeam(),
    rollupTeam({
      groupRef: 'group:default/platform',
      title: 'Platform',
      parentRef: null,
      services: 5,
      dora: doraMetrics({ perDay: 5 }),
      // A small rise within the elite band.
      previous: doraMetrics({ perDay: 4 }),
      pagesPer12h: 0.8,
    }),
  ];
}

export function rollupResponse(
  overrides: Partial<RollupResponse> = {},
): RollupResponse {
  const perMetric = {
    teams: counts({ elite: 3, high: 1, medium: 1, none: 1 }),
    services: counts({ elite: 10, high: 1, medium: 3, none: 0 }),
  };
  return {
    window: {
      from: '2026-04-15T10:00:00.000Z',
      to: '2026-05-15T10:00:00.000Z',
    },
    previousWindow: {
      from: '2026-03-16T10:00:00.000Z',
      to: '2026-04-15T10:00:00.000Z',
    },
    groupRef: null,
    teams: rollupTeams(),
    distribution: {
      deploymentFrequency: perMetric,
      leadTimeForChanges: perMetric,
      changeFailureRate: perMetric,
      timeToRestore: perMetric,
    },
    pooled: doraMetrics({ perDay: 12.5 }),
    goals: {},
    ...overrides,
  };
}
