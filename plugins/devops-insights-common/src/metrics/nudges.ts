import type { GoalMetric, PerformanceBand } from '../api';
import { goalMet } from './goals';

/**
 * Why a team is nudged about one metric of one week: it missed its goal after
 * meeting it the week before, or its figure fell to a lower band.
 * @public
 */
export type SlipReason = 'missed-goal' | 'dropped-band';

/** One metric's figure of one week, as nudges compare them. @public */
export type WeekFigure = {
  value: number | null;
  /** Undefined for metrics without DORA bands. */
  band?: PerformanceBand | null;
};

const BAND_RANK: Record<PerformanceBand, number> = {
  elite: 3,
  high: 2,
  medium: 1,
  low: 0,
};

/**
 * Whether the last full week slipped against the week before it: missing
 * the goal after meeting it comes first; else a lower band than before. A
 * week without a figure (null) is no slip, in either direction: no data is
 * never news.
 * @public
 */
export function slipOf(
  metric: GoalMetric,
  target: number | undefined,
  weekBefore: WeekFigure,
  lastWeek: WeekFigure,
): SlipReason | null {
  if (
    target !== undefined &&
    goalMet(metric, target, weekBefore.value) === true &&
    goalMet(metric, target, lastWeek.value) === false
  ) {
    return 'missed-goal';
  }
  const before = weekBefore.band;
  const last = lastWeek.band;
  if (before && last && BAND_RANK[last] < BAND_RANK[before]) {
    return 'dropped-band';
  }
  return null;
}

/**
 * The one key of a nudge: a scope (the team), a metric and the week it is
 * about. A scheduler re-run or a second replica computes the same key, so
 * at most one notification goes out per key.
 * @public
 */
export function nudgeKey(
  scopeRef: string,
  metric: GoalMetric,
  weekStart: string,
): string {
  return `devops-insights:goal:${scopeRef}:${metric}:${weekStart}`;
}
