import type {
  DoraMetrics,
  FigureGoal,
  RollupTeam,
  ToilSignal,
  ToilSignalKey,
} from '../api';
import {
  biggestChange,
  digestKey,
  digestOf,
  digestText,
  FigureChange,
  GoalDigest,
  teamGoalFigures,
  topToilSource,
} from './digest';
import { digestChoice } from './digestChoice';
import { GoalFigures } from './goals';

const H = 3600;
const WEEK = {
  from: Date.parse('2026-11-23T00:00:00Z'),
  to: Date.parse('2026-11-30T00:00:00Z'),
};

describe('digestChoice', () => {
  it.each([
    ['no annotation: config decides (on)', true, undefined, true],
    ['no annotation: config decides (off)', false, undefined, false],
    ['weekly opts a team in without config', false, 'weekly', true],
    ['weekly in any case and spacing', false, ' Weekly ', true],
    ['off opts a team out of a config-wide digest', true, 'off', false],
    ['none opts out too', true, 'NONE', false],
  ])('%s', (_rule, enabled, annotation, digest) => {
    expect(digestChoice(enabled, annotation)).toEqual({
      digest,
      problem: null,
    });
  });

  it.each([
    ['an unknown value leaves config to decide (on)', true],
    ['an unknown value leaves config to decide (off)', false],
  ])('%s, and names the problem', (_rule, enabled) => {
    expect(digestChoice(enabled, 'daily')).toEqual({
      digest: enabled,
      problem:
        "'daily' is not a value of devops-insights.io/goal-digest: write 'weekly', 'off' or 'none'",
    });
  });
});

describe('biggestChange', () => {
  const change = (
    metric: FigureChange['metric'],
    before: number,
    after: number,
    direction: 'up' | 'down',
    better: boolean,
  ): FigureChange => ({
    metric,
    before,
    after,
    relative: before === 0 ? Infinity : Math.abs(after - before) / before,
    direction,
    better,
  });

  it.each<[string, GoalFigures, GoalFigures, FigureChange | null]>([
    ['no figures: no change', {}, {}, null],
    [
      'equal figures are no change',
      { leadTime: H, changeFailureRate: 0.1 },
      { leadTime: H, changeFailureRate: 0.1 },
      null,
    ],
    [
      'a figure without data in either week is no change',
      { leadTime: null, toilShare: 0.2, timeToRestore: H },
      { leadTime: H, toilShare: null },
      null,
    ],
    [
      'the largest move relative to the week before wins, not the largest absolute one',
      { leadTime: 10 * H, changeFailureRate: 0.1 },
      { leadTime: 14 * H, changeFailureRate: 0.2 },
      change('changeFailureRate', 0.1, 0.2, 'up', false),
    ],
    [
      'a fall in lead time is better',
      { leadTime: 10 * H },
      { leadTime: 5 * H },
      change('leadTime', 10 * H, 5 * H, 'down', true),
    ],
    [
      'a rise in deployment frequency is better',
      { deploymentFrequency: 1, leadTime: H },
      { deploymentFrequency: 3, leadTime: H },
      change('deploymentFrequency', 1, 3, 'up', true),
    ],
    [
      'moving away from 0 outranks any other move',
      { changeFailureRate: 0, leadTime: H },
      { changeFailureRate: 0.05, leadTime: 100 * H },
      change('changeFailureRate', 0, 0.05, 'up', false),
    ],
    [
      'equal moves go to the metric first in GOAL_METRICS order',
      { toilShare: 0.2, leadTime: 2 * H },
      { toilShare: 0.1, leadTime: H },
      change('leadTime', 2 * H, H, 'down', true),
    ],
  ])('%s', (_rule, before, after, expected) => {
    expect(biggestChange(before, after)).toEqual(expected);
  });
});

describe('topToilSource', () => {
  const signal = (
    key: ToilSignalKey,
    ...sources: Array<[string, number, number]>
  ): ToilSignal => ({
    key,
    count: sources.reduce((sum, [, count]) => sum + count, 0),
    hours: sources.reduce((sum, [, , hours]) => sum + hours, 0),
    topSources: sources.map(([name, count, hours]) => ({
      name,
      count,
      hours,
    })),
  });

  it.each<[string, ToilSignal[], ReturnType<typeof topToilSource>]>([
    ['no signals: none', [], null],
    [
      'sources without hours are no toil',
      [signal('nonActionablePages', ['disk-full', 2, 0])],
      null,
    ],
    [
      'the source with most hours across all signals wins, not the largest signal',
      [
        signal('nonActionablePages', ['disk-full', 8, 2], ['cpu', 8, 2]),
        signal('selfReported', ['release notes', 1, 3]),
      ],
      { signal: 'selfReported', name: 'release notes', hours: 3 },
    ],
    [
      'equal hours go to the source counted more often',
      [
        signal('manualReruns', ['e2e', 1, 2]),
        signal('interruptWork', ['db-failover', 3, 2]),
      ],
      { signal: 'interruptWork', name: 'db-failover', hours: 2 },
    ],
    [
      'equal hours and counts go to the signal listed first',
      [
        signal('repeatIncidents', ['cpu', 2, 1]),
        signal('manualSteps', ['deployment (production)', 2, 1]),
      ],
      { signal: 'repeatIncidents', name: 'cpu', hours: 1 },
    ],
  ])('%s', (_rule, signals, expected) => {
    expect(topToilSource(signals)).toEqual(expected);
  });
});

const dora = (leadTime: number | null, cfr: number | null): DoraMetrics => ({
  deploymentFrequency: { deployments: 7, perDay: 1, band: 'elite' },
  leadTimeForChanges: {
    changes: 1,
    medianSeconds: leadTime,
    p90Seconds: leadTime,
    band: null,
    stages: {
      codingMedianSeconds: null,
      reviewMedianSeconds: null,
      deployMedianSeconds: null,
    },
  },
  changeFailureRate: {
    failedDeployments: 1,
    deployments: 7,
    ratio: cfr,
    band: null,
  },
  timeToRestore: { incidents: 0, medianSeconds: null, band: null },
  failedDeploymentRecoveryTime: { recoveries: 0, medianSeconds: null },
  reworkRate: { remediationDeployments: 0, deployments: 7, ratio: 0 },
});

const goal = (
  metric: FigureGoal['metric'],
  target: number,
  value: number | null,
  met: boolean | null,
): FigureGoal => ({ metric, target, origin: { kind: 'config' }, value, met });

const team = (
  leadTime: number | null,
  cfr: number | null,
  goals: FigureGoal[],
): RollupTeam => ({
  groupRef: 'group:default/back-office',
  title: 'Back Office',
  parentRef: null,
  services: 2,
  subTeams: 0,
  own: null,
  dora: dora(leadTime, cfr),
  previous: dora(null, null),
  weekly: [],
  toil: { hours: 4, share: 0.1, status: 'healthy' },
  pagesPer12h: 0.5,
  goals,
});

describe('teamGoalFigures', () => {
  it('gives the DORA figures, toil share and pages of the row, and the other figures of its goals', () => {
    expect(
      teamGoalFigures(
        team(H, 0.1, [goal('offHoursPagesPerWeek', 1, 2, false)]),
      ),
    ).toEqual({
      deploymentFrequency: 1,
      leadTime: H,
      changeFailureRate: 0.1,
      timeToRestore: null,
      recoveryTime: null,
      reworkRate: 0,
      toilShare: 0.1,
      pagesPer12h: 0.5,
      offHoursPagesPerWeek: 2,
    });
  });
});

describe('digestOf', () => {
  const signals: ToilSignal[] = [
    {
      key: 'selfReported',
      count: 1,
      hours: 3,
      topSources: [{ name: 'release notes', count: 1, hours: 3 }],
    },
  ];

  it('gives the week goals of the last week, the change against the week before and the top toil source', () => {
    const goals = [goal('leadTime', 24 * H, 30 * H, false)];
    expect(
      digestOf(WEEK, team(30 * H, 0.1, goals), team(20 * H, 0.1, []), signals),
    ).toEqual({
      key: 'devops-insights:digest:group:default/back-office:2026-11-23',
      groupRef: 'group:default/back-office',
      title: 'Back Office',
      week: WEEK,
      goals,
      change: {
        metric: 'leadTime',
        before: 20 * H,
        after: 30 * H,
        relative: 0.5,
        direction: 'up',
        better: false,
      },
      topToil: { signal: 'selfReported', name: 'release notes', hours: 3 },
    });
  });

  it('has no change when the team was not in the week before', () => {
    expect(digestOf(WEEK, team(H, 0.1, []), undefined, []).change).toBeNull();
  });
});

describe('digestKey', () => {
  it('is one per team and week', () => {
    expect(digestKey('group:default/a', '2026-11-23')).toBe(
      'devops-insights:digest:group:default/a:2026-11-23',
    );
  });
});

describe('digestText', () => {
  const digest = (over: Partial<GoalDigest>): GoalDigest => ({
    key: 'k',
    groupRef: 'group:default/back-office',
    title: 'Back Office',
    week: WEEK,
    goals: [],
    change: null,
    topToil: null,
    ...over,
  });

  it('counts the goals met in the title and gives each figure against its goal in its unit', () => {
    expect(
      digestText(
        digest({
          goals: [
            goal('deploymentFrequency', 1, 2, true),
            goal('leadTime', 24 * H, 30 * H, false),
            goal('changeFailureRate', 0.15, null, null),
            goal('toilShare', 0.25, 0.125, true),
          ],
          change: {
            metric: 'leadTime',
            before: 20 * H,
            after: 30 * H,
            relative: 0.5,
            direction: 'up',
            better: false,
          },
          topToil: {
            signal: 'nonActionablePages',
            name: 'disk-full',
            hours: 2.25,
          },
        }),
      ),
    ).toEqual({
      title: 'Back Office, week of 2026-11-23: 2 of 4 goals met',
      lines: [
        'Deployment frequency: 2 / day (goal ≥ 1 / day), met.',
        'Lead time for changes: 1 d 6 h (goal ≤ 1 d), missed.',
        'Change failure rate: no data (goal ≤ 15 %).',
        'Toil share: 12.5 % (goal ≤ 25 %), met.',
        'Biggest change: lead time for changes up from 20 h to 1 d 6 h (worse).',
        'Top toil source: disk-full (non-actionable pages), 2.3 h.',
      ],
    });
  });

  it('says so when the team has no goals, nothing moved and there was no toil', () => {
    expect(digestText(digest({}))).toEqual({
      title: 'Back Office, week of 2026-11-23: no goals set',
      lines: [
        'Biggest change: no figure moved from the week before.',
        'Top toil source: no toil this week.',
      ],
    });
  });

  it('says a better move is better', () => {
    expect(
      digestText(
        digest({
          change: {
            metric: 'deploymentFrequency',
            before: 1 / 7,
            after: 3,
            relative: 20,
            direction: 'up',
            better: true,
          },
        }),
      ).lines[0],
    ).toBe(
      'Biggest change: deployment frequency up from 1 / week to 3 / day (better).',
    );
  });
});
