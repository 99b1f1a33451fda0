import { ConfigReader, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import type {
  AppliedGoal,
  DoraMetrics,
  FigureGoal,
  GoalMetric,
  GoalOrigin,
  GoalProblem,
} from '../api';
import { digestChoice, GOAL_DIGEST_ANNOTATION } from './digestChoice';

/**
 * Goals ("working agreements"): a target per metric, from the org's defaults
 * in config or an annotation of an entity or group, inherited down the
 * ownership tree. See docs/goals.md.
 */

/** How a goal's value is written and which way is better. @public */
export type GoalDefinition = {
  /** The annotation is `devops-insights.io/goal-<key>`. */
  key: string;
  /**
   * `perDay`: deployments per day (`2`, `2/day`, `5/week`); `seconds`: a
   * Backstage duration (`1d`, `2h`, `30 minutes`, `P1D`); `ratio`: `5%` or
   * `0.05`; `count`: a plain number.
   */
  unit: 'perDay' | 'seconds' | 'ratio' | 'count';
  better: 'higher' | 'lower';
};

/**
 * Every metric a goal can be set for, in display order, with its
 * annotation key, unit and which way is better.
 * @public
 */
export const GOAL_METRICS: Readonly<Record<GoalMetric, GoalDefinition>> = {
  deploymentFrequency: {
    key: 'deployment-frequency',
    unit: 'perDay',
    better: 'higher',
  },
  leadTime: { key: 'lead-time', unit: 'seconds', better: 'lower' },
  changeFailureRate: {
    key: 'change-failure-rate',
    unit: 'ratio',
    better: 'lower',
  },
  timeToRestore: { key: 'time-to-restore', unit: 'seconds', better: 'lower' },
  recoveryTime: { key: 'recovery-time', unit: 'seconds', better: 'lower' },
  reworkRate: { key: 'rework-rate', unit: 'ratio', better: 'lower' },
  toilShare: { key: 'toil-share', unit: 'ratio', better: 'lower' },
  pagesPer12h: { key: 'pages-per-12h', unit: 'count', better: 'lower' },
  offHoursPagesPerWeek: {
    key: 'off-hours-pages-per-week',
    unit: 'count',
    better: 'lower',
  },
};

/** @public */
export const GOAL_ANNOTATION_PREFIX = 'devops-insights.io/goal-';

const metricsInOrder = Object.keys(GOAL_METRICS) as GoalMetric[];
const metricByKey = new Map(
  metricsInOrder.map(metric => [GOAL_METRICS[metric].key, metric]),
);

/** The annotation that sets a goal for the metric. @public */
export function goalAnnotation(metric: GoalMetric): string {
  return `${GOAL_ANNOTATION_PREFIX}${GOAL_METRICS[metric].key}`;
}

/** The outcome of parsing a goal: its value in the API's units, or why not. @public */
export type GoalParse =
  | { ok: true; target: number }
  | { ok: false; message: string };

const NUMBER = String.raw`(\d+(?:\.\d+)?|\.\d+)`;
const PER_DAY = new RegExp(`^${NUMBER}\\s*(?:/\\s*(d|day|w|week))?$`, 'i');
const RATIO = new RegExp(`^${NUMBER}\\s*(%)?$`);
const COUNT = new RegExp(`^${NUMBER}$`);

/**
 * Parses a goal as written in config or an annotation into the API's units:
 * deployments per day, seconds, a ratio 0–1, or a count. Durations are read
 * by Backstage's own config duration reader, so `1d`, `2h`, `90 minutes` and
 * ISO `P1D` mean what they mean elsewhere in Backstage.
 * @public
 */
export function parseGoal(
  metric: GoalMetric,
  written: string | number,
): GoalParse {
  const value = String(written).trim();
  const fail = (hint: string): GoalParse => ({
    ok: false,
    message: `'${value}' is not a goal for ${metric}: ${hint}`,
  });
  switch (GOAL_METRICS[metric].unit) {
    case 'perDay': {
      const match = PER_DAY.exec(value);
      const n = match ? Number(match[1]) : NaN;
      if (!(n > 0)) {
        return fail(
          "write deployments per day or week, e.g. '1/day', '5/week'",
        );
      }
      const perWeek = /^w/i.test(match![2] ?? '');
      return { ok: true, target: perWeek ? n / 7 : n };
    }
    case 'seconds': {
      try {
        const ms = durationToMilliseconds(
          readDurationFromConfig(new ConfigReader({ goal: value }), {
            key: 'goal',
          }),
        );
        if (ms > 0) return { ok: true, target: ms / 1000 };
      } catch {
        // Backstage's reader names a config key the author never wrote.
      }
      return fail("write a duration such as '1d', '2h', '30m' or 'P1D'");
    }
    case 'ratio': {
      const match = RATIO.exec(value);
      if (match) {
        const ratio = match[2] ? Number(match[1]) / 100 : Number(match[1]);
        if (ratio <= 1) return { ok: true, target: ratio };
      }
      return fail("write a percentage such as '5%' (0–100 %)");
    }
    default: {
      const match = COUNT.exec(value);
      if (match) return { ok: true, target: Number(match[1]) };
      return fail("write a number such as '2'");
    }
  }
}

/**
 * Whether `a` is strictly better than `b` for the metric (more deployments;
 * less of everything else).
 * @public
 */
export function isBetter(metric: GoalMetric, a: number, b: number): boolean {
  return GOAL_METRICS[metric].better === 'higher' ? a > b : a < b;
}

/**
 * Whether a figure meets its goal: at least the target for deployment
 * frequency, at most the target for the others (a goal is a line one may
 * stand on). Null when there is no figure: no data is neither met nor missed.
 * @public
 */
export function goalMet(
  metric: GoalMetric,
  target: number,
  value: number | null,
): boolean | null {
  if (value === null) return null;
  return !isBetter(metric, target, value);
}

/**
 * Where goals may come from, nearest first: the entity itself, then its
 * owning group and that group's parents, upwards.
 * @public
 */
export type GoalSource = {
  ref: string;
  kind: 'entity' | 'group';
  annotations: Record<string, string>;
};

/** Org defaults as read from config: each already parsed. @public */
export type GoalDefaults = Partial<Record<GoalMetric, number>>;

/** The goals that apply to one scope, and what was written wrong on the way. @public */
export type ResolvedGoals = {
  goals: Partial<Record<GoalMetric, AppliedGoal>>;
  problems: GoalProblem[];
};

/**
 * The goal of each metric for a scope: the nearest source's valid
 * annotation, else the config default. An invalid or unknown goal
 * annotation is reported as a problem and the next source applies, so it
 * is never silently ignored and never fails the tab.
 * @public
 */
export function resolveGoals(
  sources: readonly GoalSource[],
  defaults: GoalDefaults,
): ResolvedGoals {
  const goals: ResolvedGoals['goals'] = {};
  const problems: GoalProblem[] = [];
  for (const source of sources) {
    const origin: GoalOrigin = { kind: source.kind, ref: source.ref };
    for (const [annotation, value] of Object.entries(source.annotations)) {
      if (!annotation.startsWith(GOAL_ANNOTATION_PREFIX)) continue;
      // Not a goal, but a choice of the group's, reported here when written
      // wrong so the team sees it on its tab.
      if (annotation === GOAL_DIGEST_ANNOTATION) {
        const { problem } = digestChoice(false, value);
        if (problem) {
          problems.push({
            ref: source.ref,
            annotation,
            value,
            message: problem,
          });
        }
        continue;
      }
      const metric = metricByKey.get(
        annotation.slice(GOAL_ANNOTATION_PREFIX.length),
      );
      if (!metric) {
        const known = metricsInOrder.map(goalAnnotation).join(', ');
        problems.push({
          ref: source.ref,
          annotation,
          value,
          message: `Unknown goal annotation ${annotation}; known: ${known}`,
        });
        continue;
      }
      const parsed = parseGoal(metric, value);
      if (!parsed.ok) {
        problems.push({
          ref: source.ref,
          annotation,
          value,
          message: parsed.message,
        });
      } else if (!goals[metric]) {
        goals[metric] = { metric, target: parsed.target, origin };
      }
    }
  }
  for (const metric of metricsInOrder) {
    const target = defaults[metric];
    if (!goals[metric] && target !== undefined) {
      goals[metric] = { metric, target, origin: { kind: 'config' } };
    }
  }
  return { goals, problems };
}

/** Figures of a scope that goals are set for. @public */
export type GoalFigures = Partial<Record<GoalMetric, number | null>>;

/** The six DORA figures as goals read them. @public */
export function doraGoalFigures(dora: DoraMetrics): GoalFigures {
  return {
    deploymentFrequency: dora.deploymentFrequency.perDay,
    leadTime: dora.leadTimeForChanges.medianSeconds,
    changeFailureRate: dora.changeFailureRate.ratio,
    timeToRestore: dora.timeToRestore.medianSeconds,
    recoveryTime: dora.failedDeploymentRecoveryTime.medianSeconds,
    reworkRate: dora.reworkRate.ratio,
  };
}

/**
 * Each figure given with the goal that applies to it and whether it is met,
 * in {@link GOAL_METRICS} order; figures without a goal are left out.
 * @public
 */
export function figureGoalsOf(
  resolved: ResolvedGoals,
  figures: GoalFigures,
): FigureGoal[] {
  return metricsInOrder.flatMap(metric => {
    const goal = resolved.goals[metric];
    if (!goal || !(metric in figures)) return [];
    const value = figures[metric] ?? null;
    return [{ ...goal, value, met: goalMet(metric, goal.target, value) }];
  });
}
