import type {
  FigureGoal,
  GoalMetric,
  RollupTeam,
  ToilSignal,
  ToilSignalKey,
} from '../api';
import {
  formatHours,
  GOAL_FORMAT,
  GOAL_METRIC_NAMES,
  goalBound,
  TOIL_SIGNAL_NAMES,
} from '../format';
import { doraGoalFigures, GOAL_METRICS, GoalFigures, isBetter } from './goals';
import type { TimeWindow } from './rows';

/**
 * The optional weekly digest of a team (docs/goals.md): the week's figures
 * against its goals, the biggest change from the week before and the top
 * toil source.
 */

/**
 * The one key of a team's digest of a week: a re-run or a second replica
 * computes the same key, so at most one digest goes out per team and week.
 * @public
 */
export function digestKey(groupRef: string, weekStart: string): string {
  return `devops-insights:digest:${groupRef}:${weekStart}`;
}

/** A figure that moved from one week to the next. @public */
export type FigureChange = {
  metric: GoalMetric;
  before: number;
  after: number;
  /** |after − before| ÷ |before|; Infinity when before is 0. */
  relative: number;
  direction: 'up' | 'down';
  /** Whether the figure moved the way that is better for the metric. */
  better: boolean;
};

/**
 * The figure that moved most relative to its value the week before. Only
 * figures of both weeks count: a week without data (null) is no change.
 * Moving away from 0 outranks any other move; equal moves go to the metric
 * first in GOAL_METRICS order. Null when nothing moved.
 * @public
 */
export function biggestChange(
  before: GoalFigures,
  after: GoalFigures,
): FigureChange | null {
  let biggest: FigureChange | null = null;
  for (const metric of Object.keys(GOAL_METRICS) as GoalMetric[]) {
    const b = before[metric];
    const a = after[metric];
    if (b === null || b === undefined || a === null || a === undefined) {
      continue;
    }
    if (a === b) continue;
    const relative = b === 0 ? Infinity : Math.abs(a - b) / Math.abs(b);
    if (biggest && relative <= biggest.relative) continue;
    biggest = {
      metric,
      before: b,
      after: a,
      relative,
      direction: a > b ? 'up' : 'down',
      better: isBetter(metric, a, b),
    };
  }
  return biggest;
}

/** The toil source that cost most hours, and its signal. @public */
export type TopToilSource = {
  signal: ToilSignalKey;
  name: string;
  hours: number;
};

/**
 * The toil source (alert, CI run, deployment kind or report category) that
 * cost most hours in the window, over every signal's top sources; equal
 * hours go to the source counted more often, then to the signal listed
 * first. Null when no source cost any hours.
 * @public
 */
export function topToilSource(
  signals: readonly ToilSignal[],
): TopToilSource | null {
  let top: (TopToilSource & { count: number }) | null = null;
  for (const signal of signals) {
    for (const source of signal.topSources) {
      if (!(source.hours > 0)) continue;
      if (
        !top ||
        source.hours > top.hours ||
        (source.hours === top.hours && source.count > top.count)
      ) {
        top = { signal: signal.key, ...source };
      }
    }
  }
  return top && { signal: top.signal, name: top.name, hours: top.hours };
}

/** What a team's weekly digest says. @public */
export type GoalDigest = {
  key: string;
  groupRef: string;
  title: string;
  week: TimeWindow;
  /** The week's figures against the team's goals, in GOAL_METRICS order. */
  goals: FigureGoal[];
  change: FigureChange | null;
  topToil: TopToilSource | null;
};

/**
 * Every figure of a rollup team that a goal can be set for: the six DORA
 * figures, toil share, pages per 12 h, and the off-hours pages when the team
 * has a goal for them (the rollup carries them only there).
 * @public
 */
export function teamGoalFigures(team: RollupTeam): GoalFigures {
  const figures: GoalFigures = {
    ...doraGoalFigures(team.dora),
    toilShare: team.toil.share,
    pagesPer12h: team.pagesPer12h,
  };
  for (const goal of team.goals) figures[goal.metric] = goal.value;
  return figures;
}

/**
 * A team's digest of the last full week: its goals as the rollup of that
 * week has them, the biggest change against the rollup of the week before
 * (none when the team was not in it), and the top toil source of its toil
 * signals of the week.
 * @public
 */
export function digestOf(
  week: TimeWindow,
  lastWeek: RollupTeam,
  weekBefore: RollupTeam | undefined,
  toilSignals: readonly ToilSignal[],
): GoalDigest {
  return {
    key: digestKey(
      lastWeek.groupRef,
      new Date(week.from).toISOString().slice(0, 10),
    ),
    groupRef: lastWeek.groupRef,
    title: lastWeek.title,
    week,
    goals: lastWeek.goals,
    change: weekBefore
      ? biggestChange(teamGoalFigures(weekBefore), teamGoalFigures(lastWeek))
      : null,
    topToil: topToilSource(toilSignals),
  };
}

const lowerFirst = (text: string) =>
  text.charAt(0).toLocaleLowerCase('en-US') + text.slice(1);

/**
 * The digest in words: a title counting the goals met, and one sentence
 * per goal, then the biggest change and the top toil source.
 * @public
 */
export function digestText(digest: GoalDigest): {
  title: string;
  lines: string[];
} {
  const week = new Date(digest.week.from).toISOString().slice(0, 10);
  const met = digest.goals.filter(g => g.met === true).length;
  const title = `${digest.title}, week of ${week}: ${
    digest.goals.length
      ? `${met} of ${digest.goals.length} goals met`
      : 'no goals set'
  }`;
  const lines = digest.goals.map(goal => {
    const name = GOAL_METRIC_NAMES[goal.metric];
    if (goal.value === null || goal.met === null) {
      return `${name}: no data (goal ${goalBound(goal)}).`;
    }
    const value = GOAL_FORMAT[goal.metric](goal.value);
    return `${name}: ${value} (goal ${goalBound(goal)}), ${
      goal.met ? 'met' : 'missed'
    }.`;
  });
  const { change, topToil } = digest;
  if (change) {
    const format = GOAL_FORMAT[change.metric];
    lines.push(
      `Biggest change: ${lowerFirst(GOAL_METRIC_NAMES[change.metric])} ${
        change.direction
      } from ${format(change.before)} to ${format(change.after)} (${
        change.better ? 'better' : 'worse'
      }).`,
    );
  } else {
    lines.push('Biggest change: no figure moved from the week before.');
  }
  lines.push(
    topToil
      ? `Top toil source: ${topToil.name} (${lowerFirst(
          TOIL_SIGNAL_NAMES[topToil.signal],
        )}), ${formatHours(topToil.hours)}.`
      : 'Top toil source: no toil this week.',
  );
  return { title, lines };
}
