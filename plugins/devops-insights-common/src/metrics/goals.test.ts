import fc from 'fast-check';
import type { GoalMetric } from '../api';
import {
  GOAL_METRICS,
  figureGoalsOf,
  goalAnnotation,
  goalMet,
  isBetter,
  parseGoal,
  resolveGoals,
} from './goals';
import { offHoursPagesPerResponderWeek } from './oncall';

const H = 3600;
const D = 24 * H;
const METRICS = Object.keys(GOAL_METRICS) as GoalMetric[];

describe('parseGoal', () => {
  it.each([
    ['deployments per day, plain', 'deploymentFrequency', '2', 2],
    ['deployments per day, written out', 'deploymentFrequency', '1/day', 1],
    ['deployments per week', 'deploymentFrequency', '5/week', 5 / 7],
    ['deployments per week, short', 'deploymentFrequency', '7 / w', 1],
    ['a day in Backstage form', 'leadTime', '1d', D],
    ['hours in Backstage form', 'timeToRestore', '2h', 2 * H],
    ['words in Backstage form', 'recoveryTime', '90 minutes', 90 * 60],
    ['an ISO duration', 'leadTime', 'P1DT12H', 1.5 * D],
    ['a percentage', 'changeFailureRate', '5%', 0.05],
    ['a percentage with decimals', 'reworkRate', '12.5%', 0.125],
    ['a ratio 0–1', 'toilShare', '0.3', 0.3],
    ['a count', 'pagesPer12h', '2', 2],
    ['a count with decimals', 'offHoursPagesPerWeek', '0.5', 0.5],
    ['surrounding spaces', 'leadTime', ' 2h ', 2 * H],
  ] as const)('reads %s', (_name, metric, written, target) => {
    const parsed = parseGoal(metric, written);
    expect(parsed.ok).toBe(true);
    expect(parsed.ok && parsed.target).toBeCloseTo(target, 9);
  });

  it.each([
    ['a duration without unit', 'leadTime', '5', /duration such as '1d'/],
    ['a misspelt unit', 'leadTime', '1 fortnight', /duration/],
    ['a negative duration', 'timeToRestore', '-2h', /duration/],
    ['a zero duration', 'timeToRestore', '0h', /duration/],
    ['over 100 %', 'changeFailureRate', '150%', /percentage/],
    ['a ratio above 1', 'reworkRate', '1.5', /percentage/],
    ['a duration for a ratio', 'toilShare', '2h', /percentage/],
    ['no deployments', 'deploymentFrequency', '0/day', /per day or week/],
    ['a month rate', 'deploymentFrequency', '3/month', /per day or week/],
    ['words for a count', 'pagesPer12h', 'two', /number/],
    ['a negative count', 'offHoursPagesPerWeek', '-1', /number/],
    ['nothing', 'pagesPer12h', '', /number/],
  ] as const)(
    'refuses %s with a message naming it',
    (_n, metric, written, hint) => {
      const parsed = parseGoal(metric, written);
      expect(parsed.ok).toBe(false);
      expect(!parsed.ok && parsed.message).toMatch(hint);
      expect(!parsed.ok && parsed.message).toContain(`'${written.trim()}'`);
    },
  );
});

describe('goalMet', () => {
  it.each([
    ['more deployments than the goal', 'deploymentFrequency', 1, 2, true],
    ['exactly the deployment goal', 'deploymentFrequency', 1, 1, true],
    ['fewer deployments than the goal', 'deploymentFrequency', 1, 0.5, false],
    ['lead time under the goal', 'leadTime', D, D - 1, true],
    ['lead time on the goal', 'leadTime', D, D, true],
    ['lead time over the goal', 'leadTime', D, D + 1, false],
    ['a failure rate over the ceiling', 'changeFailureRate', 0.05, 0.1, false],
    ['no toil at all', 'toilShare', 0.2, 0, true],
    ['no figure: neither met nor missed', 'leadTime', D, null, null],
    ['no deployments figure', 'deploymentFrequency', 1, null, null],
  ] as const)('%s', (_name, metric, target, value, met) => {
    expect(goalMet(metric, target, value)).toBe(met);
  });

  it('agrees with isBetter: met exactly when the target is not better than the figure', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...METRICS),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        (metric, target, value) => {
          const met = goalMet(metric, target, value);
          expect(met).toBe(!isBetter(metric, target, value));
          // A figure at least as good as one that meets the goal meets it.
          const better =
            GOAL_METRICS[metric].better === 'higher' ? value + 1 : value / 2;
          expect(!met || goalMet(metric, target, better)).toBe(true);
        },
      ),
      {
        numRuns: 300,
        examples: [
          ['deploymentFrequency', 1, 1],
          ['leadTime', D, D],
          ['leadTime', D, D + 1],
          ['deploymentFrequency', 1, 0.5],
        ],
      },
    );
  });
});

describe('resolveGoals', () => {
  const team = (annotations: Record<string, string>) => ({
    ref: 'group:default/team',
    kind: 'group' as const,
    annotations,
  });
  const parent = (annotations: Record<string, string>) => ({
    ref: 'group:default/org',
    kind: 'group' as const,
    annotations,
  });
  const service = (annotations: Record<string, string>) => ({
    ref: 'component:default/svc',
    kind: 'entity' as const,
    annotations,
  });
  const lead = goalAnnotation('leadTime');

  it.each([
    [
      'config alone',
      [service({}), team({})],
      { leadTime: D },
      { target: D, origin: { kind: 'config' } },
    ],
    [
      'the team overrides config',
      [service({}), team({ [lead]: '2h' })],
      { leadTime: D },
      { target: 2 * H, origin: { kind: 'group', ref: 'group:default/team' } },
    ],
    [
      'the service overrides its team',
      [service({ [lead]: '30m' }), team({ [lead]: '2h' })],
      { leadTime: D },
      {
        target: 30 * 60,
        origin: { kind: 'entity', ref: 'component:default/svc' },
      },
    ],
    [
      'a child group inherits its parent',
      [team({}), parent({ [lead]: '3d' })],
      {},
      { target: 3 * D, origin: { kind: 'group', ref: 'group:default/org' } },
    ],
    [
      'an invalid override falls through to the next source',
      [service({ [lead]: 'soon' }), team({ [lead]: '2h' })],
      {},
      { target: 2 * H, origin: { kind: 'group', ref: 'group:default/team' } },
    ],
    ['no goal anywhere', [service({}), team({})], {}, undefined],
  ] as const)('%s', (_name, sources, defaults, expected) => {
    const { goals } = resolveGoals(sources, defaults);
    expect(goals.leadTime && { ...goals.leadTime }).toEqual(
      expected && { metric: 'leadTime', ...expected },
    );
  });

  it('reports an invalid value and an unknown metric, naming entity and annotation', () => {
    const { problems } = resolveGoals(
      [
        service({ [lead]: 'soon', 'devops-insights.io/goal-uptime': '99%' }),
        team({}),
      ],
      {},
    );
    expect(problems).toEqual([
      {
        ref: 'component:default/svc',
        annotation: lead,
        value: 'soon',
        message: expect.stringMatching(/'soon' is not a goal for leadTime/),
      },
      {
        ref: 'component:default/svc',
        annotation: 'devops-insights.io/goal-uptime',
        value: '99%',
        message: expect.stringMatching(
          /Unknown goal annotation.*goal-lead-time/,
        ),
      },
    ]);
  });

  it('ignores annotations that are not goals', () => {
    const resolved = resolveGoals(
      [service({ 'backstage.io/source-location': 'url:x' })],
      {},
    );
    expect(resolved).toEqual({ goals: {}, problems: [] });
  });

  it('reads the digest annotation as no goal, and reports only a wrong value of it', () => {
    expect(
      resolveGoals([team({ 'devops-insights.io/goal-digest': 'weekly' })], {}),
    ).toEqual({ goals: {}, problems: [] });
    expect(
      resolveGoals([team({ 'devops-insights.io/goal-digest': 'daily' })], {})
        .problems,
    ).toEqual([
      {
        ref: 'group:default/team',
        annotation: 'devops-insights.io/goal-digest',
        value: 'daily',
        message: expect.stringMatching(
          /'daily' is not a value of devops-insights.io\/goal-digest/,
        ),
      },
    ]);
  });

  it('applies the nearest valid source of each metric, whatever the chain (property)', () => {
    const written = fc.option(fc.constantFrom('1h', '2d', 'never'), {
      nil: undefined,
    });
    fc.assert(
      fc.property(fc.array(written, { minLength: 1, maxLength: 5 }), chain => {
        const sources = chain.map((value, i) => ({
          ref: `group:default/g${i}`,
          kind: 'group' as const,
          annotations: value === undefined ? {} : { [lead]: value },
        }));
        const { goals, problems } = resolveGoals(sources, { leadTime: 7 * D });
        const nearest = chain.findIndex(v => v !== undefined && v !== 'never');
        expect(goals.leadTime?.origin).toEqual(
          nearest < 0
            ? { kind: 'config' }
            : { kind: 'group', ref: `group:default/g${nearest}` },
        );
        expect(problems).toHaveLength(chain.filter(v => v === 'never').length);
      }),
      {
        examples: [[['never', undefined, '1h']], [[undefined]], [['2d', '1h']]],
      },
    );
  });
});

describe('figureGoalsOf', () => {
  it('gives each figure with a goal its value and whether it is met, null for no data', () => {
    const resolved = resolveGoals([], {
      leadTime: D,
      changeFailureRate: 0.1,
      toilShare: 0.2,
    });
    expect(
      figureGoalsOf(resolved, { leadTime: 2 * D, changeFailureRate: null }),
    ).toEqual([
      {
        metric: 'leadTime',
        target: D,
        origin: { kind: 'config' },
        value: 2 * D,
        met: false,
      },
      {
        metric: 'changeFailureRate',
        target: 0.1,
        origin: { kind: 'config' },
        value: null,
        met: null,
      },
    ]);
  });
});

describe('offHoursPagesPerResponderWeek', () => {
  const week = { from: 0, to: 7 * D * 1000 };
  const load = (sleep: number, off: number, business: number) => ({
    pagesByBand: { sleep, off, business },
  });

  it.each([
    ['no responders: no figure', [], week, null],
    ['business hours do not count', [load(0, 0, 9)], week, 0],
    ['sleep and off hours count', [load(1, 2, 9)], week, 3],
    ['per responder', [load(1, 2, 0), load(0, 1, 0)], week, 2],
    [
      'per week of the window',
      [load(2, 2, 0)],
      { from: 0, to: 14 * D * 1000 },
      2,
    ],
  ] as const)('%s', (_name, responders, window, expected) => {
    expect(offHoursPagesPerResponderWeek(responders, window)).toBe(expected);
  });
});
