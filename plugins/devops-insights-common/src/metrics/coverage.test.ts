import {
  COVERAGE_ANNOTATIONS,
  coverageSummaryOf,
  entityCoverageOf,
  LastEvent,
  ROTATION_GRACE_MS,
} from './coverage';

const NOW = Date.parse('2026-11-30T00:00:00Z');
const at = (iso: string) => Date.parse(iso);
const of = (
  lastEvents: LastEvent[],
  extra: { annotations?: Record<string, string>; shiftEnds?: number[] } = {},
) =>
  entityCoverageOf({
    entityRef: 'component:default/a',
    lastEvents,
    annotations: extra.annotations ?? {},
    shiftEnds: extra.shiftEnds ?? [],
    now: NOW,
  });

describe('entityCoverageOf', () => {
  it.each([
    ['no rows: every need is missing', [], [], false, false, false],
    [
      'a deployment source covers deployments only',
      [{ source: 'github', eventType: 'deployment', at: NOW }],
      [],
      true,
      false,
      false,
    ],
    [
      'an incident source covers incidents only',
      [{ source: 'pagerduty', eventType: 'incident', at: NOW }],
      [],
      false,
      true,
      false,
    ],
    [
      'CI runs alone are no deployment source',
      [{ source: 'github', eventType: 'ci-run', at: NOW }],
      [],
      false,
      false,
      false,
    ],
    [
      'a permanent shift covers',
      [],
      [Infinity],
      false,
      false,
      true,
    ],
    [
      'a shift ended within the grace period covers',
      [],
      [NOW - ROTATION_GRACE_MS + 1],
      false,
      false,
      true,
    ],
    [
      'a shift ended before the grace period does not',
      [],
      [NOW - ROTATION_GRACE_MS],
      false,
      false,
      false,
    ],
  ] as Array<[string, LastEvent[], number[], boolean, boolean, boolean]>)(
    '%s',
    (_rule, lastEvents, shiftEnds, deployments, incidents, rotation) => {
      const coverage = of(lastEvents, { shiftEnds });
      expect(coverage).toMatchObject({ deployments, incidents, rotation });
      expect(coverage.missing.map(m => m.need)).toEqual(
        [
          !deployments && 'deployments',
          !incidents && 'incidents',
          !rotation && 'rotation',
        ].filter(Boolean),
      );
    },
  );

  it('lists each source once with its event types and latest time', () => {
    const coverage = of([
      { source: 'pagerduty', eventType: 'page', at: at('2026-11-02T00:00:00Z') },
      { source: 'github', eventType: 'deployment', at: at('2026-11-03T00:00:00Z') },
      { source: 'pagerduty', eventType: 'incident', at: at('2026-11-01T00:00:00Z') },
      { source: 'github', eventType: 'ci-run', at: null },
    ]);
    expect(coverage.sources).toEqual([
      {
        source: 'github',
        eventTypes: ['ci-run', 'deployment'],
        lastEventAt: '2026-11-03T00:00:00.000Z',
      },
      {
        source: 'pagerduty',
        eventTypes: ['incident', 'page'],
        lastEventAt: '2026-11-02T00:00:00.000Z',
      },
    ]);
  });

  it('names the annotations to add, and those present that sent nothing yet', () => {
    const coverage = of([], {
      annotations: { 'github.com/project-slug': 'acme/a', other: 'x' },
    });
    expect(coverage.missing[0]).toEqual({
      need: 'deployments',
      annotations: COVERAGE_ANNOTATIONS.deployments.annotations,
      present: ['github.com/project-slug'],
      docsUrl: COVERAGE_ANNOTATIONS.deployments.docsUrl,
    });
    expect(coverage.missing[1].present).toEqual([]);
  });
});

describe('coverageSummaryOf', () => {
  it('counts the entities having each source', () => {
    expect(
      coverageSummaryOf([
        of([{ source: 'x', eventType: 'deployment', at: 1 }]),
        of([{ source: 'x', eventType: 'incident', at: 1 }], {
          shiftEnds: [Infinity],
        }),
        of([]),
      ]),
    ).toEqual({ entities: 3, deployments: 1, incidents: 1, rotation: 1 });
  });

  it('is all zero for no entities', () => {
    expect(coverageSummaryOf([])).toEqual({
      entities: 0,
      deployments: 0,
      incidents: 0,
      rotation: 0,
    });
  });
});
