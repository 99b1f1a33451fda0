// The metric definitions other packages and users call, over the rows of
// rows.ts (see docs/metrics.md).
export type { DoraBenchmarks } from './bands';
export {
  DEFAULT_DORA_BENCHMARKS,
  changeFailureRateBand,
  deploymentFrequencyBand,
  leadTimeBand,
  timeToRestoreBand,
} from './bands';
export type {
  DoraConfig,
  DoraIndex,
  DoraInput,
  IncidentAttribution,
  LeadTimeSample,
} from './dora';
export {
  DEFAULT_DORA_CONFIG,
  buildDoraIndex,
  isChangeFailure,
  leadTimeMedianByDeployment,
  recoverySeconds,
} from './dora';
export type { DigestChoice } from './digestChoice';
export { GOAL_DIGEST_ANNOTATION, digestChoice } from './digestChoice';
export type { FigureChange, GoalDigest, TopToilSource } from './digest';
export {
  biggestChange,
  digestKey,
  digestOf,
  digestText,
  teamGoalFigures,
  topToilSource,
} from './digest';
export { doraMetricsOfIndex, doraWeeklyOfIndex } from './doraWindow';
export * from './eventRows';
export type { OnCallFigures, OnCallInput } from './oncall';
export {
  SRE_MAX_PER_12H,
  exceedsSreLimit,
  hourBand,
  level1OnCallHours,
  offHoursPagesPerResponderWeek,
  onCallOf,
  perTwelveHoursOnCall,
} from './oncall';
export type {
  GoalDefaults,
  GoalDefinition,
  GoalFigures,
  GoalParse,
  GoalSource,
  ResolvedGoals,
} from './goals';
export {
  GOAL_ANNOTATION_PREFIX,
  GOAL_METRICS,
  doraGoalFigures,
  figureGoalsOf,
  goalAnnotation,
  goalMet,
  isBetter,
  parseGoal,
  resolveGoals,
} from './goals';
export type { SlipReason, WeekFigure } from './nudges';
export { nudgeKey, slipOf } from './nudges';
export * from './rollupUnits';
export * from './coverage';
export * from './rows';
export { median, percentileCont } from './statistics';
export type { ToilConfig, ToilInput } from './toil';
export {
  DEFAULT_TOIL_CONFIG,
  TOIL_SIGNALS,
  incidentDedupKey,
  toilOfRows,
  toilStatus,
} from './toil';
export * from './weeks';

// @alpha: what the backend evaluates windows with, exported for it alone
// (not @internal: Backstage's build strips internal declarations from the
// published types, and the backend imports these).
// The column layouts of per-entity facts and the pausable steps change with
// the backend's needs; users call the definitions above, which give the same
// figures.
export { appendTo } from './collections';
export type { DoraFacts } from './doraWindow';
export {
  doraFactsOf,
  doraFactsWithin,
  doraMetricsOf,
  doraWeeklyOf,
} from './doraWindow';
export { onCallSteps } from './oncall';
export type { Steps } from './steps';
export { ROWS_PER_STEP, runSteps } from './steps';
export type { ToilFacts } from './toil';
export { toilFactsOf, toilFactsWithin, toilOf } from './toil';
