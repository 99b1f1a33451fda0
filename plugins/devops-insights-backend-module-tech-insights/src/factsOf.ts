import type {
  DoraMetrics,
  GoalsView,
  OnCallResponse,
  ToilResponse,
} from '@devops-insights/backstage-plugin-common';
import { FACTS_WINDOW_DAYS, goalStatusFact } from './factSchema';

/** The answers of `/v1/dora`, `/v1/toil` and `/v1/oncall` for one entity and window. */
export type EntityFigures = {
  dora: DoraMetrics & { goals: GoalsView };
  toil: Pick<ToilResponse, 'share' | 'status' | 'goals'>;
  onCall: {
    team: Pick<OnCallResponse['team'], 'pagesPer12h'>;
    goals: GoalsView;
  };
};

export type DevopsInsightsFacts = Record<string, number | string>;

/**
 * One entity's facts (see `devopsInsightsFactSchema`) from its API figures.
 * A null figure (no data) becomes an absent fact, so a check sees "unknown"
 * rather than a perfect or terrible 0.
 */
export function devopsInsightsFactsOf(
  figures: EntityFigures,
): DevopsInsightsFacts {
  const { dora, toil, onCall } = figures;
  const candidates: Record<string, number | string | null> = {
    windowDays: FACTS_WINDOW_DAYS,
    deployments: dora.deploymentFrequency.deployments,
    deploymentsPerDay: dora.deploymentFrequency.perDay,
    deploymentFrequencyBand: dora.deploymentFrequency.band,
    leadTimeMedianSeconds: dora.leadTimeForChanges.medianSeconds,
    leadTimeBand: dora.leadTimeForChanges.band,
    changeFailureRate: dora.changeFailureRate.ratio,
    changeFailureRateBand: dora.changeFailureRate.band,
    timeToRestoreMedianSeconds: dora.timeToRestore.medianSeconds,
    timeToRestoreBand: dora.timeToRestore.band,
    recoveryTimeMedianSeconds: dora.failedDeploymentRecoveryTime.medianSeconds,
    reworkRate: dora.reworkRate.ratio,
    toilShare: toil.share,
    toilStatus: toil.status,
    pagesPer12h: onCall.team.pagesPer12h,
  };
  // Each answer carries the goals of its own figures.
  const goals = [dora, toil, onCall].flatMap(answer => answer.goals.figures);
  candidates.goals = goals.length;
  candidates.goalsMet = goals.filter(g => g.met === true).length;
  candidates.goalsMissed = goals.filter(g => g.met === false).length;
  for (const goal of goals) {
    // No data (met: null) is an absent fact, as for the figures.
    if (goal.met !== null) {
      candidates[goalStatusFact(goal.metric)] = goal.met ? 'met' : 'missed';
    }
  }
  return Object.fromEntries(
    Object.entries(candidates).filter(
      (entry): entry is [string, number | string] => entry[1] !== null,
    ),
  );
}
