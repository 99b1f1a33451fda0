import type {
  FigureGoal,
  GoalMetric,
  GoalsView,
} from '@devops-insights/backstage-plugin-common';
import { devopsInsightsFactSchema } from './factSchema';
import { EntityFigures, devopsInsightsFactsOf } from './factsOf';
import { factsWindowOf } from './retriever';

const noGoals: GoalsView = { figures: [], problems: [] };

/** A goal of a figure, from config. */
const goal = (
  metric: GoalMetric,
  target: number,
  value: number | null,
  met: boolean | null,
): FigureGoal => ({ metric, target, origin: { kind: 'config' }, value, met });

/** An entity with a figure and a goal for everything. */
const full: EntityFigures = {
  dora: {
    deploymentFrequency: { deployments: 42, perDay: 1.4, band: 'elite' },
    leadTimeForChanges: {
      changes: 40,
      medianSeconds: 5400,
      p90Seconds: 86400,
      band: 'elite',
      stages: {
        codingMedianSeconds: null,
        reviewMedianSeconds: null,
        deployMedianSeconds: null,
      },
    },
    changeFailureRate: {
      failedDeployments: 3,
      deployments: 42,
      ratio: 3 / 42,
      band: 'high',
    },
    timeToRestore: { incidents: 2, medianSeconds: 1800, band: 'elite' },
    failedDeploymentRecoveryTime: { recoveries: 3, medianSeconds: 2700 },
    reworkRate: { remediationDeployments: 2, deployments: 42, ratio: 2 / 42 },
    goals: {
      figures: [
        goal('deploymentFrequency', 1, 1.4, true),
        goal('leadTime', 3600, 5400, false),
        goal('changeFailureRate', 0.15, 3 / 42, true),
        goal('timeToRestore', 3600, 1800, true),
        goal('recoveryTime', 3600, 2700, true),
        goal('reworkRate', 0.1, 2 / 42, true),
      ],
      problems: [],
    },
  },
  toil: {
    share: 0.31,
    status: 'at-risk',
    goals: { figures: [goal('toilShare', 0.25, 0.31, false)], problems: [] },
  },
  onCall: {
    team: { pagesPer12h: 0.8 },
    goals: {
      figures: [
        goal('pagesPer12h', 2, 0.8, true),
        goal('offHoursPagesPerWeek', 1, 0.5, true),
      ],
      problems: [],
    },
  },
};

/** An entity with no data at all: counts 0, every other figure null. */
const empty: EntityFigures = {
  dora: {
    deploymentFrequency: { deployments: 0, perDay: null, band: null },
    leadTimeForChanges: {
      changes: 0,
      medianSeconds: null,
      p90Seconds: null,
      band: null,
      stages: {
        codingMedianSeconds: null,
        reviewMedianSeconds: null,
        deployMedianSeconds: null,
      },
    },
    changeFailureRate: {
      failedDeployments: 0,
      deployments: 0,
      ratio: null,
      band: null,
    },
    timeToRestore: { incidents: 0, medianSeconds: null, band: null },
    failedDeploymentRecoveryTime: { recoveries: 0, medianSeconds: null },
    reworkRate: { remediationDeployments: 0, deployments: 0, ratio: null },
    goals: noGoals,
  },
  toil: { share: null, status: null, goals: noGoals },
  onCall: { team: { pagesPer12h: null }, goals: noGoals },
};

describe('devopsInsightsFactsOf', () => {
  it('publishes every figure of an entity with data, under its schema name', () => {
    expect(devopsInsightsFactsOf(full)).toEqual({
      windowDays: 30,
      deployments: 42,
      deploymentsPerDay: 1.4,
      deploymentFrequencyBand: 'elite',
      leadTimeMedianSeconds: 5400,
      leadTimeBand: 'elite',
      changeFailureRate: 3 / 42,
      changeFailureRateBand: 'high',
      timeToRestoreMedianSeconds: 1800,
      timeToRestoreBand: 'elite',
      recoveryTimeMedianSeconds: 2700,
      reworkRate: 2 / 42,
      toilShare: 0.31,
      toilStatus: 'at-risk',
      pagesPer12h: 0.8,
      goals: 9,
      goalsMet: 7,
      goalsMissed: 2,
      deploymentFrequencyGoalStatus: 'met',
      leadTimeGoalStatus: 'missed',
      changeFailureRateGoalStatus: 'met',
      timeToRestoreGoalStatus: 'met',
      recoveryTimeGoalStatus: 'met',
      reworkRateGoalStatus: 'met',
      toilShareGoalStatus: 'missed',
      pagesPer12hGoalStatus: 'met',
      offHoursPagesPerWeekGoalStatus: 'met',
    });
    // The schema declares exactly the facts there are.
    expect(Object.keys(devopsInsightsFactsOf(full)).sort()).toEqual(
      Object.keys(devopsInsightsFactSchema).sort(),
    );
  });

  it('leaves out a null figure instead of publishing 0: only the always-present facts remain', () => {
    expect(devopsInsightsFactsOf(empty)).toEqual({
      windowDays: 30,
      deployments: 0,
      goals: 0,
      goalsMet: 0,
      goalsMissed: 0,
    });
    const alwaysPresent = Object.entries(devopsInsightsFactSchema)
      .filter(([, definition]) => definition.metadata?.alwaysPresent)
      .map(([name]) => name);
    expect(alwaysPresent.sort()).toEqual([
      'deployments',
      'goals',
      'goalsMet',
      'goalsMissed',
      'windowDays',
    ]);
  });

  it('keeps a real 0 (no failed deployment is a 0 % failure rate, not missing)', () => {
    const noFailures: EntityFigures = {
      ...full,
      dora: {
        ...full.dora,
        changeFailureRate: {
          failedDeployments: 0,
          deployments: 42,
          ratio: 0,
          band: 'elite',
        },
      },
      toil: { ...full.toil, share: 0, status: 'healthy' },
    };
    const facts = devopsInsightsFactsOf(noFailures);
    expect(facts.changeFailureRate).toBe(0);
    expect(facts.toilShare).toBe(0);
  });

  it('leaves out one missing figure and keeps the rest', () => {
    const noPages = {
      ...full,
      onCall: { ...full.onCall, team: { pagesPer12h: null } },
    };
    const facts = devopsInsightsFactsOf(noPages);
    expect(facts).not.toHaveProperty('pagesPer12h');
    expect(Object.keys(facts)).toHaveLength(
      Object.keys(devopsInsightsFactSchema).length - 1,
    );
  });

  it('counts a goal without data as neither met nor missed, and leaves its status out', () => {
    const facts = devopsInsightsFactsOf({
      ...full,
      toil: {
        share: null,
        status: null,
        goals: { figures: [goal('toilShare', 0.25, null, null)], problems: [] },
      },
    });
    expect(facts).not.toHaveProperty('toilShareGoalStatus');
    expect(facts).toMatchObject({ goals: 9, goalsMet: 7, goalsMissed: 1 });
  });

  it('leaves out the status of a figure without a goal', () => {
    const facts = devopsInsightsFactsOf({
      ...full,
      onCall: { ...full.onCall, goals: noGoals },
    });
    expect(facts).not.toHaveProperty('pagesPer12hGoalStatus');
    expect(facts).not.toHaveProperty('offHoursPagesPerWeekGoalStatus');
    expect(facts).toMatchObject({ goals: 7, goalsMet: 5, goalsMissed: 2 });
  });

  it('marks the goal facts as added in 1.1.0', () => {
    const since = Object.entries(devopsInsightsFactSchema)
      .filter(([, definition]) => definition.since === '1.1.0')
      .map(([name]) => name);
    expect(since).toEqual([
      'goals',
      'goalsMet',
      'goalsMissed',
      'deploymentFrequencyGoalStatus',
      'leadTimeGoalStatus',
      'changeFailureRateGoalStatus',
      'timeToRestoreGoalStatus',
      'recoveryTimeGoalStatus',
      'reworkRateGoalStatus',
      'toilShareGoalStatus',
      'pagesPer12hGoalStatus',
      'offHoursPagesPerWeekGoalStatus',
    ]);
  });
});

describe('factsWindowOf', () => {
  it.each([
    ['mid-day', '2026-12-01T13:45:10.123Z'],
    ['the first millisecond of the day', '2026-12-01T00:00:00.000Z'],
    ['the last millisecond of the day', '2026-12-01T23:59:59.999Z'],
  ])('covers the 30 whole UTC days before the run at %s', (_name, at) => {
    expect(factsWindowOf(Date.parse(at))).toEqual({
      from: '2026-11-01T00:00:00.000Z',
      to: '2026-12-01T00:00:00.000Z',
    });
  });
});
