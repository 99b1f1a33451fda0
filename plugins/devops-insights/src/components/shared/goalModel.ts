import {
  goalBound,
  type FigureGoal,
  type GoalMetric,
  type GoalOrigin,
} from '@devops-insights/backstage-plugin-common';

/** The metric names the leadership page shows its goal counts under. */
export const GOAL_TITLES: Record<GoalMetric, string> = {
  deploymentFrequency: 'Deployment frequency',
  leadTime: 'Lead time',
  changeFailureRate: 'Change failure rate',
  timeToRestore: 'Time to restore',
  recoveryTime: 'Recovery time',
  reworkRate: 'Rework rate',
  toilShare: 'Toil share',
  pagesPer12h: 'Pages per 12 h',
  offHoursPagesPerWeek: 'Off-hours pages a week',
};

/** "Goal ≤ 2 h" or "Goal ≥ 1 / day": which side of the line meets it. */
export function goalText(goal: Pick<FigureGoal, 'metric' | 'target'>): string {
  return `Goal ${goalBound(goal)}`;
}

/** Where a goal came from, in words. */
export function originText(origin: GoalOrigin): string {
  if (origin.kind === 'config') return 'the organisation default (config)';
  return origin.kind === 'group'
    ? `set by ${origin.ref}`
    : `set on ${origin.ref}`;
}

export type GoalState = 'met' | 'missed' | 'no data';

export function goalState(goal: FigureGoal): GoalState {
  if (goal.met === null) return 'no data';
  return goal.met ? 'met' : 'missed';
}

/** The goal of one metric among a response's, if any. */
export const goalOf = (
  goals: readonly FigureGoal[] | undefined,
  metric: GoalMetric,
) => goals?.find(g => g.metric === metric);
