import { devopsInsightsFactSchema } from './factSchema';
import { EntityFigures, devopsInsightsFactsOf } from './factsOf';
import { factsWindowOf } from './retriever';

/** An entity with a figure for everything. */
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
  },
  toil: { share: 0.31, status: 'at-risk' },
  onCall: { team: { pagesPer12h: 0.8 } },
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
  },
  toil: { share: null, status: null },
  onCall: { team: { pagesPer12h: null } },
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
    });
    const alwaysPresent = Object.entries(devopsInsightsFactSchema)
      .filter(([, definition]) => definition.metadata?.alwaysPresent)
      .map(([name]) => name);
    expect(alwaysPresent.sort()).toEqual(['deployments', 'windowDays']);
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
      toil: { share: 0, status: 'healthy' },
    };
    const facts = devopsInsightsFactsOf(noFailures);
    expect(facts.changeFailureRate).toBe(0);
    expect(facts.toilShare).toBe(0);
  });

  it('leaves out one missing figure and keeps the rest', () => {
    const noPages = { ...full, onCall: { team: { pagesPer12h: null } } };
    const facts = devopsInsightsFactsOf(noPages);
    expect(facts).not.toHaveProperty('pagesPer12h');
    expect(Object.keys(facts)).toHaveLength(
      Object.keys(devopsInsightsFactSchema).length - 1,
    );
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
