import { PerformanceBand } from '../api';

/**
 * Band thresholds. Defaults follow the widely cited DORA elite line (deploy on
 * demand, several a day; lead time under 1 h; restore under 1 h; CFR under 5 %) and the
 * 2021 State of DevOps report's clusters below it. All configurable under
 * `devopsInsights.benchmarks`.
 * @public
 */
export type DoraBenchmarks = {
  /** Band when at least one deployment per this many days. */
  deploymentFrequencyDays: { elite: number; high: number; medium: number };
  /** Band when the median lead time is below these seconds. */
  leadTimeSeconds: { elite: number; high: number; medium: number };
  /** Elite below `elite`; high and medium up to and including their value. */
  changeFailureRatio: { elite: number; high: number; medium: number };
  /** Band when the median time to restore is below these seconds. */
  timeToRestoreSeconds: { elite: number; high: number; medium: number };
};

const HOUR = 3600;
const DAY = 24 * HOUR;

/** @public */
export const DEFAULT_DORA_BENCHMARKS: DoraBenchmarks = {
  deploymentFrequencyDays: { elite: 1, high: 7, medium: 30 },
  leadTimeSeconds: { elite: HOUR, high: 7 * DAY, medium: 180 * DAY },
  changeFailureRatio: { elite: 0.05, high: 0.15, medium: 0.3 },
  timeToRestoreSeconds: { elite: HOUR, high: DAY, medium: 7 * DAY },
};

/**
 * Deployment frequency band: elite when at least one deployment per
 * `elite` days, and so on. Compared as deployments × days ≥ window days so a
 * "1 per 7 days" boundary is not lost to floating point.
 * @public
 */
export function deploymentFrequencyBand(
  deployments: number,
  windowDays: number,
  b: DoraBenchmarks,
): PerformanceBand {
  const atLeastOnePer = (days: number) =>
    deployments * days >= windowDays * (1 - 1e-12);
  if (atLeastOnePer(b.deploymentFrequencyDays.elite)) return 'elite';
  if (atLeastOnePer(b.deploymentFrequencyDays.high)) return 'high';
  if (atLeastOnePer(b.deploymentFrequencyDays.medium)) return 'medium';
  return 'low';
}

function durationBand(
  seconds: number | null,
  t: { elite: number; high: number; medium: number },
): PerformanceBand | null {
  if (seconds === null) return null;
  if (seconds < t.elite) return 'elite';
  if (seconds < t.high) return 'high';
  if (seconds < t.medium) return 'medium';
  return 'low';
}

/** @public */
export function leadTimeBand(
  medianSeconds: number | null,
  b: DoraBenchmarks,
): PerformanceBand | null {
  return durationBand(medianSeconds, b.leadTimeSeconds);
}

/** @public */
export function timeToRestoreBand(
  medianSeconds: number | null,
  b: DoraBenchmarks,
): PerformanceBand | null {
  return durationBand(medianSeconds, b.timeToRestoreSeconds);
}

/** @public */
export function changeFailureRateBand(
  ratio: number | null,
  b: DoraBenchmarks,
): PerformanceBand | null {
  if (ratio === null) return null;
  if (ratio < b.changeFailureRatio.elite) return 'elite';
  if (ratio <= b.changeFailureRatio.high) return 'high';
  if (ratio <= b.changeFailureRatio.medium) return 'medium';
  return 'low';
}
