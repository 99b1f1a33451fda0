import fc from 'fast-check';
import type { PerformanceBand } from '../api';
import { nudgeKey, slipOf } from './nudges';

const D = 86400;

describe('slipOf', () => {
  it.each([
    [
      'met, then missed',
      'leadTime',
      D,
      { value: D / 2 },
      { value: 2 * D },
      'missed-goal',
    ],
    [
      'missed both weeks: no news',
      'leadTime',
      D,
      { value: 2 * D },
      { value: 3 * D },
      null,
    ],
    [
      'missed, then met',
      'leadTime',
      D,
      { value: 2 * D },
      { value: D / 2 },
      null,
    ],
    ['met both weeks', 'leadTime', D, { value: D / 2 }, { value: D }, null],
    [
      'no data last week',
      'leadTime',
      D,
      { value: D / 2 },
      { value: null },
      null,
    ],
    [
      'no data the week before',
      'leadTime',
      D,
      { value: null },
      { value: 2 * D },
      null,
    ],
    [
      'fewer deployments than the goal',
      'deploymentFrequency',
      1,
      { value: 2 },
      { value: 0.5 },
      'missed-goal',
    ],
    [
      'dropped a band without a goal',
      'leadTime',
      undefined,
      { value: 1, band: 'elite' },
      { value: 2, band: 'high' },
      'dropped-band',
    ],
    [
      'rose a band',
      'leadTime',
      undefined,
      { value: 2, band: 'high' },
      { value: 1, band: 'elite' },
      null,
    ],
    [
      'band lost to no data',
      'leadTime',
      undefined,
      { value: 1, band: 'elite' },
      { value: null, band: null },
      null,
    ],
    [
      'missed goal and dropped band: the goal first',
      'changeFailureRate',
      0.1,
      { value: 0.04, band: 'elite' },
      { value: 0.2, band: 'medium' },
      'missed-goal',
    ],
  ] as const)('%s', (_name, metric, target, before, last, reason) => {
    expect(slipOf(metric, target, before, last)).toBe(reason);
  });

  it('never nudges about a week that is at least as good as the one before (property)', () => {
    const bands: PerformanceBand[] = ['low', 'medium', 'high', 'elite'];
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 10 * D, noNaN: true }),
        fc.double({ min: 0, max: 10 * D, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        (target, value, band) => {
          // The same or a lower lead time, and the same or a better band.
          const before = { value, band: bands[band] };
          const last = { value: value / 2, band: bands[Math.min(3, band + 1)] };
          expect(slipOf('leadTime', target, before, last)).toBeNull();
        },
      ),
      {
        examples: [
          [D, D, 0],
          [D, 0, 3],
        ],
      },
    );
  });
});

describe('nudgeKey', () => {
  it('is one key per scope, metric and week', () => {
    const key = nudgeKey('group:default/back-office', 'leadTime', '2026-11-23');
    expect(key).toBe(
      'devops-insights:goal:group:default/back-office:leadTime:2026-11-23',
    );
    expect(
      nudgeKey('group:default/back-office', 'leadTime', '2026-11-30'),
    ).not.toBe(key);
    expect(
      nudgeKey('group:default/back-office', 'toilShare', '2026-11-23'),
    ).not.toBe(key);
  });
});
