/**
 * Response shapes of the v1 metrics API. Durations are seconds, ratios 0–1,
 * timestamps UTC ISO-8601, and null means "no data" (never a disguised 0).
 */

/** @public */
export type PerformanceBand = 'elite' | 'high' | 'medium' | 'low';

/** A metric a goal can be set for. @public */
export type GoalMetric =
  | 'deploymentFrequency'
  | 'leadTime'
  | 'changeFailureRate'
  | 'timeToRestore'
  | 'recoveryTime'
  | 'reworkRate'
  | 'toilShare'
  | 'pagesPer12h'
  | 'offHoursPagesPerWeek';

/**
 * Where a goal came from: `devopsInsights.goals.defaults`, or the goal
 * annotation of a group (the owning team or one of its parents) or of the
 * entity itself. @public
 */
export type GoalOrigin =
  | { kind: 'config' }
  | { kind: 'group' | 'entity'; ref: string };

/**
 * A goal as it applies to a scope. `target` is in the figure's API unit:
 * deployments per day, seconds, a ratio 0–1, or a count. @public
 */
export type AppliedGoal = {
  metric: GoalMetric;
  target: number;
  origin: GoalOrigin;
};

/** A figure with the goal that applies to it. `met` is null when the figure is. @public */
export type FigureGoal = AppliedGoal & {
  value: number | null;
  met: boolean | null;
};

/** A goal annotation that could not be used, and why. @public */
export type GoalProblem = {
  ref: string;
  annotation: string;
  value: string;
  message: string;
};

/** The goals of a tab's figures and the invalid goal annotations met on the way. @public */
export type GoalsView = {
  figures: FigureGoal[];
  problems: GoalProblem[];
};

/** @public */
export type MetricWindow = { from: string; to: string };

/** @public */
export type DeploymentFrequency = {
  deployments: number;
  perDay: number | null;
  band: PerformanceBand | null;
};

/** @public */
export type LeadTimeForChanges = {
  changes: number;
  medianSeconds: number | null;
  p90Seconds: number | null;
  band: PerformanceBand | null;
  stages: {
    codingMedianSeconds: number | null;
    reviewMedianSeconds: number | null;
    deployMedianSeconds: number | null;
  };
};

/** @public */
export type ChangeFailureRate = {
  failedDeployments: number;
  deployments: number;
  ratio: number | null;
  band: PerformanceBand | null;
};

/** @public */
export type TimeToRestore = {
  incidents: number;
  medianSeconds: number | null;
  band: PerformanceBand | null;
};

/** @public */
export type FailedDeploymentRecoveryTime = {
  recoveries: number;
  medianSeconds: number | null;
};

/** @public */
export type ReworkRate = {
  remediationDeployments: number;
  deployments: number;
  ratio: number | null;
};

/** One ISO week (Monday 00:00 UTC), computed over the week clipped to the window. @public */
export type DoraWeek = {
  weekStart: string;
  from: string;
  to: string;
  deployments: number;
  failedDeployments: number;
  leadTimeMedianSeconds: number | null;
  changeFailureRate: number | null;
  timeToRestoreMedianSeconds: number | null;
};

/** The six DORA figures of one scope and window. @public */
export type DoraMetrics = {
  deploymentFrequency: DeploymentFrequency;
  leadTimeForChanges: LeadTimeForChanges;
  changeFailureRate: ChangeFailureRate;
  timeToRestore: TimeToRestore;
  failedDeploymentRecoveryTime: FailedDeploymentRecoveryTime;
  reworkRate: ReworkRate;
};

/** @public */
export type DoraResponse = DoraMetrics & {
  entityRef: string;
  window: MetricWindow;
  scope: { entityRefs: string[] };
  weekly: DoraWeek[];
  /** The goals of the six figures. */
  goals: GoalsView;
};

/** A deployment as listed behind the numbers. @public */
export type DeploymentListItem = {
  source: string;
  id: string;
  entityRef: string;
  environment: string;
  production: boolean;
  status: 'success' | 'failure' | 'cancelled' | 'in_progress';
  trigger: 'automatic' | 'manual' | null;
  startedAt: string | null;
  finishedAt: string | null;
  commitSha: string | null;
  url: string | null;
  changes: number;
  /** Median lead time of the changes this deployment shipped first; null if none. */
  leadTimeMedianSeconds: number | null;
  /** Whether it counts as a DORA deployment (successful, production). */
  countsForDora: boolean;
  /** Change failure by the definition; null when it does not count for DORA. */
  failed: boolean | null;
  remediates: {
    deployment?: { source: string; id: string };
    incidentId?: string;
  } | null;
};

/** An incident as listed behind the numbers. @public */
export type IncidentListItem = {
  source: string;
  id: string;
  entityRef: string;
  title: string | null;
  urgency: 'high' | 'low';
  createdAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  durationSeconds: number | null;
  /** The deployment this incident is attributed to, named or by the attribution window. */
  attributedDeployment: {
    source: string;
    id: string;
    explicit: boolean;
    /** The deployment's link, so a page of incidents links it by itself. */
    url: string | null;
  } | null;
  changeRelated: boolean | null;
  autoResolved: boolean | null;
  dedupKey: string | null;
  url: string | null;
  postmortemUrl: string | null;
};

/** @public */
export type Page<T> = {
  items: T[];
  totalCount: number;
  limit: number;
  offset: number;
};

/** A page of deployments (`GET /v1/deployments`). @public */
export type DeploymentPage = Page<DeploymentListItem>;

/** A page of incidents (`GET /v1/incidents`). @public */
export type IncidentPage = Page<IncidentListItem>;

/** A page of toil reports (`GET /v1/toil-reports`). @public */
export type ToilReportPage = Page<ToilReportListItem>;

/** @public */
export type EventsResponse = {
  created: number;
  updated: number;
  unchanged: number;
  unknownEntityRefs: string[];
};

/** The toil signals, in the order an incident is classified. @public */
export type ToilSignalKey =
  | 'nonActionablePages'
  | 'repeatIncidents'
  | 'interruptWork'
  | 'manualReruns'
  | 'manualSteps'
  | 'selfReported';

/** @public */
export type ToilSource = { name: string; count: number; hours: number };

/** @public */
export type ToilSignal = {
  key: ToilSignalKey;
  count: number;
  hours: number;
  /** Largest first: dedup key for incidents, run name for CI, category for reports. */
  topSources: ToilSource[];
};

/** @public */
export type ToilStatus = 'healthy' | 'at-risk' | 'over-cap';

/** @public */
export type ToilWeek = {
  weekStart: string;
  from: string;
  to: string;
  hoursBySignal: Record<ToilSignalKey, number>;
  totalHours: number;
};

/** @public */
export type ToilResponse = {
  entityRef: string;
  window: MetricWindow;
  scope: { entityRefs: string[]; owningGroups: string[]; members: number };
  signals: ToilSignal[];
  /** Null when the scope has no toil data at all in the window. */
  totalHours: number | null;
  /** Null when the owning groups have no members. */
  capacityHours: number | null;
  share: number | null;
  status: ToilStatus | null;
  weekly: ToilWeek[];
  /** The goal of `share` (toilShare). */
  goals: GoalsView;
};

/** A self-reported toil row, as the Toil tab lists it. @public */
export type ToilReportListItem = {
  source: string;
  id: string;
  entityRef: string;
  /** ISO week such as `2026-W06`. */
  week: string;
  hours: number;
  category: string;
  description: string | null;
  /** Whose toil it is. */
  userRef: string | null;
  /** Who filed it from the Toil tab; null for reports sent to the events API. */
  reportedBy: string | null;
  /** Whether the caller may delete it (`DELETE /v1/toil-reports/:id`). */
  canDelete: boolean;
};

/** @public */
export type OnCallShift = {
  userRef: string;
  level: number;
  start: string;
  /** Null for a permanent shift. */
  end: string | null;
  scheduleName: string | null;
  scheduleUrl: string | null;
  entityRef: string;
};

/** @public */
export type HourBand = 'sleep' | 'business' | 'off';

/** @public */
export type ResponderLoad = {
  userRef: string;
  timeZone: string;
  onCallHours: number;
  /** Interrupting pages (any channel but email) notified in the window. */
  pages: number;
  pagesPer12h: number | null;
  onCallShare: number;
  pagesByBand: Record<HourBand, number>;
  flags: {
    /** More than 2 pages per 12 h on call. */
    overloaded: boolean;
    /** On call more than 25 % of the window. */
    overOnCallCap: boolean;
    /** Paged at least once in sleep hours. */
    sleepInterrupted: boolean;
  };
};

/** @public */
export type OnCallResponse = {
  entityRef: string;
  window: MetricWindow;
  scope: { entityRefs: string[]; owningGroups: string[] };
  now: { at: string; shifts: OnCallShift[] };
  /** Shifts overlapping the next 14 days from now. */
  upcoming: OnCallShift[];
  incidents: {
    created: number;
    mttaSeconds: number | null;
    mttrSeconds: number | null;
  };
  /** Empty when `respondersWithheld`. */
  responders: ResponderLoad[];
  /**
   * True when the caller lacks `devops-insights.oncall.responders.read` on
   * the entity: the per-responder load is left out, the team's figures stay.
   */
  respondersWithheld: boolean;
  team: {
    /** Clock hours covered by at least one level-1 shift. */
    level1CoverageHours: number;
    /**
     * Level-1 on-call hours summed over the scope's rotations (parallel
     * rotations each count): the divisor of every rate per 12 h on call.
     */
    level1OnCallHours: number;
    /** Incidents created in the window per 12 h of level-1 on-call time. */
    incidentsPer12h: number | null;
    /** Interrupting pages in the window per 12 h of level-1 on-call time. */
    pagesPer12h: number | null;
    /**
     * Interrupting pages outside business hours (sleep and off bands) per
     * responder and week of the window; null without responders.
     */
    offHoursPagesPerResponderWeek: number | null;
    /** Max ÷ median pages per responder. */
    fairness: number | null;
    postmortemCoverage: number | null;
  };
  /** The goals of `team.pagesPer12h` and `team.offHoursPagesPerResponderWeek`. */
  goals: GoalsView;
};

/** @public */
export type RateLimitState = {
  remaining: number | null;
  limit: number | null;
  resetAt: string | null;
};

/** Sync health of one source and target (a repository, an account). @public */
export type SourceStatus = {
  source: string;
  target: string;
  lastSuccessAt: string | null;
  lastError: { message: string; at: string } | null;
  rowsIngested: number;
  rateLimit: RateLimitState | null;
  /**
   * Only on configured webhooks (`devopsInsights.webhooks`, source
   * `webhook:<name>`): deliveries accepted and rejected, and when the last
   * one arrived.
   */
  deliveries?: { accepted: number; rejected: number; lastAt: string | null };
};

/** @public */
export type SourcesResponse = { sources: SourceStatus[] };

/** One team's row of the leadership rollup. @public */
export type RollupTeam = {
  groupRef: string;
  title: string;
  parentRef: string | null;
  /** Components, APIs and Resources the team or its sub-teams own. */
  services: number;
  /**
   * Listed teams whose parent this team is. With any, the row is a summary
   * of them (and of what it owns itself) and is not a team of its own in
   * distributions and movers: see countedFigures.
   */
  subTeams: number;
  /**
   * For a team with sub-teams that also owns services directly: its figures
   * over those services alone, which is what it counts as in distributions
   * and movers. Null otherwise.
   */
  own: { services: number; dora: DoraMetrics; previous: DoraMetrics } | null;
  dora: DoraMetrics;
  /** The same figures over the previous window of the same length. */
  previous: DoraMetrics;
  /** Deployments and lead-time median per whole ISO week, for sparklines. */
  weekly: Array<{
    weekStart: string;
    deployments: number;
    leadTimeMedianSeconds: number | null;
  }>;
  toil: {
    hours: number | null;
    share: number | null;
    status: ToilStatus | null;
  };
  /**
   * Interrupting pages of the team's services per 12 h of level-1 on-call
   * time summed over its rotations, as the On-call tab's `team.pagesPer12h`.
   */
  pagesPer12h: number | null;
  /** The team's goals (its group's, inherited, or config's) and its figures against them. */
  goals: FigureGoal[];
};

/** @public */
export type BandCounts = Record<PerformanceBand | 'none', number>;

/** @public */
export type RollupMetricKey =
  | 'deploymentFrequency'
  | 'leadTimeForChanges'
  | 'changeFailureRate'
  | 'timeToRestore';

/** @public */
export type RollupResponse = {
  window: MetricWindow;
  previousWindow: MetricWindow;
  /** The group the rollup is filtered to (it and its descendants), or null for all teams. */
  groupRef: string | null;
  teams: RollupTeam[];
  /**
   * How many teams and how many services fall in each band, per metric.
   * Each team and each service is counted once (see countedFigures).
   */
  distribution: Record<
    RollupMetricKey,
    { teams: BandCounts; services: BandCounts }
  >;
  /** Everything of every listed team pooled into one set of figures. */
  pooled: DoraMetrics;
  /**
   * Per metric with any goal, how many listed teams meet theirs, miss it, or
   * have no figure; each team on its own row's figures.
   */
  goals: Partial<
    Record<GoalMetric, { met: number; missed: number; noData: number }>
  >;
};

/** What a figure needs a source for. @public */
export type CoverageNeed = 'deployments' | 'incidents' | 'rotation';

/** One source that feeds an entity, and the time of its latest event. @public */
export type CoverageSource = {
  source: string;
  /** Event types it sent for the entity, e.g. `deployment`, `incident`. */
  eventTypes: string[];
  /** Time of the latest of those events (the event's own time); null if unknown. */
  lastEventAt: string | null;
};

/** A missing source and how to add one. @public */
export type CoverageHint = {
  need: CoverageNeed;
  /** Catalog annotations, any one of which lets a source module feed it. */
  annotations: string[];
  /** The annotations among them the entity already has (then a source is configured but sent nothing yet). */
  present: string[];
  docsUrl: string;
};

/** Which sources feed one entity and what is missing. @public */
export type EntityCoverage = {
  entityRef: string;
  sources: CoverageSource[];
  /** Any deployment received for it. */
  deployments: boolean;
  /** Any incident received for it. */
  incidents: boolean;
  /** A shift filed against it or one of its owners, current, future or ended in the last 14 days. */
  rotation: boolean;
  missing: CoverageHint[];
};

/** How many of a scope's entities have each kind of source. @public */
export type CoverageSummary = {
  entities: number;
  deployments: number;
  incidents: number;
  rotation: number;
};

/** `GET /v1/coverage`: the sources of one entity or of every entity a Group/System/Domain pools. @public */
export type CoverageResponse = {
  entityRef: string;
  entities: EntityCoverage[];
  summary: CoverageSummary;
};

/** `GET /v1/coverage/teams`: the coverage of each team of the leadership rollup. @public */
export type TeamsCoverageResponse = {
  groupRef: string | null;
  teams: Array<{ groupRef: string; summary: CoverageSummary }>;
};

/** The tab a breakdown is for. @public */
export type BreakdownTab = 'dora' | 'toil' | 'oncall';

/** One entity's toil in a breakdown. @public */
export type BreakdownToil = {
  /** Null: no activity at all before the window's end. */
  hours: number | null;
  topSignal: { key: ToilSignalKey; hours: number } | null;
};

/** One entity's on-call figures in a breakdown. @public */
export type BreakdownOnCall = {
  /** Incidents of the entity created in the window. */
  incidents: number;
  /** Interrupting pages of the entity in the window. */
  pages: number;
  /** Pages per 12 h of level-1 on-call time of the rotations covering it (its own and its owners'). */
  pagesPer12h: number | null;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
  /** A level-1 shift of those rotations overlaps the window. */
  rotation: boolean;
};

/** One owned entity of a breakdown. @public */
export type BreakdownRow = {
  entityRef: string;
  /**
   * For a Group: the sub-team (the group itself or a descendant) that owns
   * the entity, so rows can be grouped; null for System and Domain scopes.
   */
  ownerRef: string | null;
  coverage: EntityCoverage;
  dora?: { current: DoraMetrics; previous: DoraMetrics };
  toil?: BreakdownToil;
  onCall?: BreakdownOnCall;
};

/**
 * `GET /v1/breakdown`: the figures of a Group/System/Domain tab per entity
 * it pools, from the same facts as the pooled figures. @public
 */
export type BreakdownResponse = {
  entityRef: string;
  tab: BreakdownTab;
  window: MetricWindow;
  previousWindow: MetricWindow;
  rows: BreakdownRow[];
  /**
   * What a Group's pooled figures count beyond its entities' rows: toil
   * hours and pages filed against the groups themselves. Zero otherwise.
   */
  teamLevel: { toilHours: number; pages: number };
  coverage: CoverageSummary;
};
