import { PerformanceBand } from '@devops-insights/backstage-plugin-common';

const MINUTE = 60;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A log-normal duration in seconds: median and log-space sigma. */
export type Duration = { median: number; sigma: number };

/** When production releases happen. */
export type Cadence =
  /** Poisson-distributed number of releases per weekday / weekend day. */
  | { kind: 'daily'; weekday: number; weekend: number }
  /**
   * A release train: one release every `days` days (a multiple of 7, so it
   * always falls on the same weekday), on UTC day indices ≡ `phase` mod `days`.
   */
  | { kind: 'train'; days: number; phase: number };

/** How a team works; every duration in seconds. */
export type TeamProfile = {
  /** The band the team is meant to land in (documentation and tests). */
  intendedBand: PerformanceBand;
  /** UTC hours [from, to) in which production releases start. */
  releaseHours: [number, number];
  changesPerRelease: [number, number];
  /** First commit → pull request opened. */
  coding: Duration;
  /** Pull request opened → merged. */
  review: Duration;
  /** Merged → production deployment started. */
  mergeToRelease: Duration | { uniformDays: [number, number] };
  /** Share of changes pushed without a pull request (only `authoredAt`). */
  directPushShare: number;
  deployDuration: Duration;
  stagingShare: number;
  /** Share of releases whose first production attempt fails (then retried). */
  pipelineFailureShare: number;
  /** Share of releases whose first production attempt is cancelled. */
  cancelledShare: number;
  retryDelay: Duration;
  manualShare: number;
  /** Probability that a successful production release causes a failure. */
  changeFailure:
    | { kind: 'random'; probability: number }
    /** Deterministic: every release fails except each `succeedEvery`-th. */
    | { kind: 'release-number'; succeedEvery: number };
  /** Relative weights of how failures are recovered. */
  recovery: { rollback: number; hotfix: number; incidentOnly: number };
  /** Share of rollbacks done before anyone opened an incident. */
  silentRollbackShare: number;
  /** Share of change-caused incidents that name the deployment (`causedBy`). */
  explicitCauseShare: number;
  detect: Duration;
  acknowledge: Duration;
  restore: Duration;
  postmortemShare: number;
  /** Probability per component and day of a high-urgency incident not caused by a change. */
  operationalIncidentsPerDay: number;
  /** Share of those that omit `changeRelated` (left to the attribution rule). */
  operationalUnknownShare: number;
  operationalRestore: Duration;
  /** Probability per component and day of a low-urgency alert. */
  alertsPerDay: number;
};

/** How each owning team works, keyed by group name. */
export const TEAM_PROFILES: Record<string, TeamProfile> = {
  // Continuous deployment, tiny changes, fast rollbacks.
  storefront: {
    intendedBand: 'elite',
    releaseHours: [7, 19],
    changesPerRelease: [1, 3],
    coding: { median: 6 * MINUTE, sigma: 0.7 },
    review: { median: 6 * MINUTE, sigma: 0.6 },
    // Includes the automatic staging run.
    mergeToRelease: { median: 12 * MINUTE, sigma: 0.4 },
    directPushShare: 0.08,
    deployDuration: { median: 7 * MINUTE, sigma: 0.25 },
    stagingShare: 0.9,
    pipelineFailureShare: 0.05,
    cancelledShare: 0.02,
    retryDelay: { median: 12 * MINUTE, sigma: 0.5 },
    manualShare: 0.05,
    changeFailure: { kind: 'random', probability: 0.015 },
    recovery: { rollback: 0.6, hotfix: 0.3, incidentOnly: 0.1 },
    silentRollbackShare: 0.2,
    explicitCauseShare: 0.5,
    detect: { median: 6 * MINUTE, sigma: 0.6 },
    acknowledge: { median: 3 * MINUTE, sigma: 0.5 },
    restore: { median: 15 * MINUTE, sigma: 0.45 },
    postmortemShare: 0.5,
    operationalIncidentsPerDay: 0.06,
    operationalUnknownShare: 0,
    operationalRestore: { median: 18 * MINUTE, sigma: 0.5 },
    alertsPerDay: 0.04,
  },
  // Daily-ish deployments after a day of review and a staging soak.
  payments: {
    intendedBand: 'high',
    releaseHours: [8, 17],
    changesPerRelease: [1, 4],
    coding: { median: 4 * HOUR, sigma: 0.8 },
    review: { median: 10 * HOUR, sigma: 0.8 },
    mergeToRelease: { median: 16 * HOUR, sigma: 0.8 },
    directPushShare: 0.05,
    deployDuration: { median: 12 * MINUTE, sigma: 0.3 },
    stagingShare: 0.9,
    pipelineFailureShare: 0.08,
    cancelledShare: 0.03,
    retryDelay: { median: 40 * MINUTE, sigma: 0.6 },
    manualShare: 0.3,
    changeFailure: { kind: 'random', probability: 0.1 },
    recovery: { rollback: 0.4, hotfix: 0.4, incidentOnly: 0.2 },
    silentRollbackShare: 0.1,
    explicitCauseShare: 0.5,
    detect: { median: 40 * MINUTE, sigma: 0.8 },
    acknowledge: { median: 10 * MINUTE, sigma: 0.6 },
    restore: { median: 3 * HOUR, sigma: 0.6 },
    postmortemShare: 0.4,
    operationalIncidentsPerDay: 0.08,
    operationalUnknownShare: 0,
    operationalRestore: { median: 4 * HOUR, sigma: 0.7 },
    alertsPerDay: 0.05,
  },
  // Sprint releases: changes wait for the end of the sprint.
  'payments-ledger': {
    intendedBand: 'medium',
    releaseHours: [13, 16],
    changesPerRelease: [4, 10],
    coding: { median: 1 * DAY, sigma: 0.8 },
    review: { median: 1.5 * DAY, sigma: 0.7 },
    mergeToRelease: { uniformDays: [1, 20] },
    directPushShare: 0.05,
    deployDuration: { median: 20 * MINUTE, sigma: 0.3 },
    stagingShare: 1,
    pipelineFailureShare: 0.15,
    cancelledShare: 0.05,
    retryDelay: { median: 1 * HOUR, sigma: 0.5 },
    manualShare: 0.8,
    changeFailure: { kind: 'random', probability: 0.22 },
    recovery: { rollback: 0.2, hotfix: 0.5, incidentOnly: 0.3 },
    silentRollbackShare: 0,
    explicitCauseShare: 0.6,
    detect: { median: 2 * HOUR, sigma: 0.8 },
    acknowledge: { median: 30 * MINUTE, sigma: 0.7 },
    restore: { median: 1.5 * DAY, sigma: 0.6 },
    postmortemShare: 0.5,
    operationalIncidentsPerDay: 0.06,
    operationalUnknownShare: 0.2,
    operationalRestore: { median: 1 * DAY, sigma: 0.7 },
    alertsPerDay: 0.04,
  },
  // Several deployments a week, reviewed within hours.
  platform: {
    intendedBand: 'high',
    releaseHours: [9, 17],
    changesPerRelease: [1, 3],
    coding: { median: 3 * HOUR, sigma: 0.8 },
    review: { median: 4 * HOUR, sigma: 0.8 },
    mergeToRelease: { median: 3 * HOUR, sigma: 0.9 },
    directPushShare: 0.1,
    deployDuration: { median: 10 * MINUTE, sigma: 0.3 },
    stagingShare: 0.8,
    pipelineFailureShare: 0.06,
    cancelledShare: 0.02,
    retryDelay: { median: 20 * MINUTE, sigma: 0.5 },
    manualShare: 0.2,
    changeFailure: { kind: 'random', probability: 0.07 },
    recovery: { rollback: 0.5, hotfix: 0.3, incidentOnly: 0.2 },
    silentRollbackShare: 0.2,
    explicitCauseShare: 0.5,
    detect: { median: 20 * MINUTE, sigma: 0.7 },
    acknowledge: { median: 5 * MINUTE, sigma: 0.5 },
    restore: { median: 1.5 * HOUR, sigma: 0.6 },
    postmortemShare: 0.3,
    operationalIncidentsPerDay: 0.07,
    operationalUnknownShare: 0,
    operationalRestore: { median: 2 * HOUR, sigma: 0.6 },
    alertsPerDay: 0.05,
  },
  // Release trains every few months, manual operations, slow recovery.
  'back-office': {
    intendedBand: 'low',
    releaseHours: [14, 16],
    changesPerRelease: [12, 30],
    coding: { median: 3 * DAY, sigma: 0.7 },
    review: { median: 6 * DAY, sigma: 0.7 },
    mergeToRelease: { uniformDays: [3, 60] },
    directPushShare: 0.15,
    deployDuration: { median: 90 * MINUTE, sigma: 0.3 },
    stagingShare: 1,
    pipelineFailureShare: 0.35,
    cancelledShare: 0.1,
    retryDelay: { median: 1.5 * HOUR, sigma: 0.4 },
    manualShare: 1,
    changeFailure: { kind: 'release-number', succeedEvery: 4 },
    recovery: { rollback: 0, hotfix: 0, incidentOnly: 1 },
    silentRollbackShare: 0,
    explicitCauseShare: 0.6,
    detect: { median: 1 * HOUR, sigma: 0.4 },
    acknowledge: { median: 6 * HOUR, sigma: 0.6 },
    restore: { median: 14 * DAY, sigma: 0.4 },
    postmortemShare: 0.2,
    operationalIncidentsPerDay: 0.15,
    operationalUnknownShare: 0.3,
    operationalRestore: { median: 14 * DAY, sigma: 0.4 },
    alertsPerDay: 0.06,
  },
};

/**
 * UTC day index (days since 1970-01-01, a Thursday) of a weekday, modulo 7:
 * Thursday 0 … Wednesday 6.
 */
const WEEKDAY_PHASE = { mon: 4, tue: 5, wed: 6, thu: 0, fri: 1 } as const;

/** A release train every `weeks` weeks on the given weekday, shifted by `offsetWeeks`. */
function train(
  weeks: number,
  weekday: keyof typeof WEEKDAY_PHASE,
  offsetWeeks: number,
): Cadence {
  return {
    kind: 'train',
    days: weeks * 7,
    phase: (WEEKDAY_PHASE[weekday] + 7 * offsetWeeks) % (weeks * 7),
  };
}

/**
 * Release cadence per component; components not listed (the design-system
 * library, the search-service no source feeds yet) get no events at all.
 */
export const COMPONENT_CADENCES: Record<string, Cadence> = {
  'web-shop': { kind: 'daily', weekday: 4.5, weekend: 0.4 },
  'checkout-service': { kind: 'daily', weekday: 4.5, weekend: 0.4 },
  'cart-service': { kind: 'daily', weekday: 4, weekend: 0.3 },
  'payments-api': { kind: 'daily', weekday: 0.45, weekend: 0 },
  'fraud-detection': { kind: 'daily', weekday: 0.45, weekend: 0 },
  'ledger-service': train(4, 'wed', 0),
  'billing-batch': train(5, 'thu', 2),
  'api-gateway': { kind: 'daily', weekday: 0.35, weekend: 0 },
  'auth-service': { kind: 'daily', weekday: 0.35, weekend: 0 },
  'devops-insights': { kind: 'daily', weekday: 0.2, weekend: 0 },
  'notifications-service': { kind: 'daily', weekday: 0.15, weekend: 0 },
  'erp-core': train(11, 'tue', 3),
  'erp-reports': train(17, 'thu', 8),
};

/**
 * Components whose deployments and CI runs are sent but whose incidents (and
 * so pages) are not: no incident source, as the coverage shows.
 */
export const WITHOUT_INCIDENT_SOURCE: ReadonlySet<string> = new Set([
  'notifications-service',
]);

/** A CI job run on pushes to a component's repository. */
export type CiJob = {
  name: string;
  /** Share of pushes that run the job (after the previous job succeeded). */
  share: number;
  duration: Duration;
  /** Share of attempts failing for no reason of the change: re-run by hand. */
  flakyShare: number;
  /** Share of attempts failing for real: fixed by a later push, not re-run. */
  failureShare: number;
};

/** On-call, CI and self-reported toil of a team. */
export type TeamOperations = {
  /** The team's main time zone: on-call handovers, working hours. */
  timeZone: string;
  /**
   * Weekly rotation, handed over Monday 09:00 in the team's zone: level 1
   * cycles through `rotation`, level 2 is the next in the rotation, or a
   * permanent shift of `permanentSecondary`.
   */
  rotation: string[];
  permanentSecondary?: string;
  /** Low-urgency alerts page by phone like high-urgency ones. */
  lowUrgencyPagesLikeHigh: boolean;
  /** Local working hours [from, to) in which pushes happen. */
  workHours: [number, number];
  pushesPerWeekday: number;
  pushesPerWeekendDay: number;
  jobs: CiJob[];
  /** Poisson mean per component and weekday of hand-started pipelines. */
  manualRunsPerWeekday: number;
  manualJobs: string[];
  /** Poisson mean of self-reported toil entries per team and week. */
  toilReportsPerWeek: number;
  toilReportHours: [number, number];
  toilCategories: string[];
};

const build = (median: number, flakyShare = 0.01): CiJob => ({
  name: 'build',
  share: 1,
  duration: { median, sigma: 0.25 },
  flakyShare,
  failureShare: 0.04,
});
const e2e = (share: number, median: number, flakyShare: number): CiJob => ({
  name: 'e2e',
  share,
  duration: { median, sigma: 0.3 },
  flakyShare,
  failureShare: 0.02,
});

/** Keyed by group name, like {@link TEAM_PROFILES}. */
export const TEAM_OPERATIONS: Record<string, TeamOperations> = {
  storefront: {
    timeZone: 'Europe/Berlin',
    rotation: ['bruno.silva', 'chen.wei', 'kai.becker'],
    // The engineering manager is the permanent escalation.
    permanentSecondary: 'amelia.hart',
    lowUrgencyPagesLikeHigh: false,
    workHours: [8, 19],
    pushesPerWeekday: 7,
    pushesPerWeekendDay: 0.5,
    jobs: [build(5 * MINUTE), e2e(0.35, 11 * MINUTE, 0.03)],
    manualRunsPerWeekday: 0.1,
    manualJobs: ['deploy', 'purge-cdn-cache'],
    toilReportsPerWeek: 0.5,
    toilReportHours: [1, 3],
    toilCategories: ['access requests', 'feature-flag cleanup'],
  },
  payments: {
    timeZone: 'America/New_York',
    rotation: ['dana.kowalski', 'emeka.obi'],
    lowUrgencyPagesLikeHigh: false,
    workHours: [8, 18],
    pushesPerWeekday: 3,
    pushesPerWeekendDay: 0,
    jobs: [build(9 * MINUTE), e2e(0.6, 18 * MINUTE, 0.05)],
    manualRunsPerWeekday: 0.15,
    manualJobs: ['deploy', 'rotate-api-keys'],
    toilReportsPerWeek: 0.8,
    toilReportHours: [1, 4],
    toilCategories: [
      'PCI evidence collection',
      'manual refunds',
      'access requests',
    ],
  },
  'payments-ledger': {
    timeZone: 'Europe/Berlin',
    rotation: ['farah.haddad', 'gustav.lind'],
    lowUrgencyPagesLikeHigh: false,
    workHours: [9, 18],
    pushesPerWeekday: 2,
    pushesPerWeekendDay: 0,
    jobs: [build(12 * MINUTE, 0.03), e2e(1, 25 * MINUTE, 0.15)],
    manualRunsPerWeekday: 0.3,
    manualJobs: ['deploy', 'rerun-settlement'],
    toilReportsPerWeek: 3,
    toilReportHours: [3, 8],
    toilCategories: [
      'month-end reconciliation',
      'manual settlement corrections',
      'access requests',
    ],
  },
  platform: {
    timeZone: 'America/Los_Angeles',
    rotation: ['ines.garcia', 'hana.sato'],
    lowUrgencyPagesLikeHigh: false,
    workHours: [9, 18],
    pushesPerWeekday: 2.5,
    pushesPerWeekendDay: 0.1,
    jobs: [build(7 * MINUTE), e2e(0.5, 14 * MINUTE, 0.04)],
    manualRunsPerWeekday: 0.1,
    manualJobs: ['deploy', 'terraform-apply'],
    toilReportsPerWeek: 1,
    toilReportHours: [1, 5],
    toilCategories: [
      'manual cert rotation',
      'access requests',
      'quota increases',
    ],
  },
  // Two people keep the legacy ERP alive: flaky hour-long test suites, hand-
  // started jobs, and a noisy pager routed like high urgency.
  'back-office': {
    timeZone: 'America/New_York',
    rotation: ['ivan.petrov', 'julia.moreau'],
    lowUrgencyPagesLikeHigh: true,
    workHours: [8, 18],
    pushesPerWeekday: 2.5,
    pushesPerWeekendDay: 0,
    jobs: [build(35 * MINUTE, 0.1), e2e(1, 80 * MINUTE, 0.35)],
    manualRunsPerWeekday: 0.8,
    manualJobs: ['deploy-uat', 'db-migrate', 'reimport-stock'],
    toilReportsPerWeek: 2.5,
    toilReportHours: [3, 8],
    toilCategories: [
      'manual cert rotation',
      'ERP user provisioning',
      'manual data fixes',
      'month-end close support',
    ],
  },
};

/** A recurring alert of one component, on top of the team profile's incidents. */
export type AlertStream = {
  kind: string;
  title: string;
  /** Poisson mean per day. */
  perDay: number;
  /** Local hours [from, to) in the team's zone in which it fires. */
  hours: [number, number];
  /** Share that clears itself within minutes, never acknowledged. */
  autoResolvedShare: number;
  autoResolveMinutes: [number, number];
  acknowledgeMinutes: [number, number];
  /** Acknowledged → resolved. */
  workMinutes: [number, number];
};

/**
 * Noisy alert streams (low urgency, so DORA's time to restore is unchanged).
 * The ERP's nightly batch exhausts the database connection pool and fails
 * itself: the back-office pager rings at night.
 */
export const COMPONENT_ALERT_STREAMS: Record<string, AlertStream[]> = {
  'erp-core': [
    {
      kind: 'nightly-batch-failed',
      title: 'Nightly ERP batch job failed on {name}',
      perDay: 0.8,
      hours: [1, 4.5],
      autoResolvedShare: 0,
      autoResolveMinutes: [0, 0],
      acknowledgeMinutes: [4, 35],
      workMinutes: [25, 120],
    },
    {
      kind: 'db-connection-pool',
      title: 'Database connection pool exhausted on {name}',
      perDay: 3.5,
      hours: [0, 6],
      autoResolvedShare: 0.7,
      autoResolveMinutes: [1, 12],
      acknowledgeMinutes: [3, 30],
      workMinutes: [15, 75],
    },
    {
      kind: 'db-connection-pool',
      title: 'Database connection pool exhausted on {name}',
      perDay: 1.5,
      hours: [8, 22],
      autoResolvedShare: 0.7,
      autoResolveMinutes: [1, 12],
      acknowledgeMinutes: [3, 30],
      workMinutes: [15, 75],
    },
  ],
  'erp-reports': [
    {
      kind: 'export-queue-stuck',
      title: 'Report export queue stuck on {name}',
      perDay: 1,
      hours: [6, 20],
      autoResolvedShare: 0.1,
      autoResolveMinutes: [2, 10],
      acknowledgeMinutes: [5, 40],
      workMinutes: [20, 90],
    },
    {
      kind: 'report-timeouts',
      title: 'Report rendering timeouts on {name}',
      perDay: 1.2,
      hours: [0, 24],
      autoResolvedShare: 0.85,
      autoResolveMinutes: [2, 10],
      acknowledgeMinutes: [5, 30],
      workMinutes: [10, 40],
    },
  ],
  'billing-batch': [
    {
      kind: 'settlement-late',
      title: 'Settlement run late on {name}',
      perDay: 0.25,
      hours: [2, 5],
      autoResolvedShare: 0.3,
      autoResolveMinutes: [5, 14],
      acknowledgeMinutes: [5, 40],
      workMinutes: [30, 90],
    },
  ],
};
