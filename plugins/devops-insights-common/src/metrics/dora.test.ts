import { buildDoraIndex, DEFAULT_DORA_CONFIG } from './dora';
import {
  doraMetricsOfIndex,
  doraWeeklyOfIndex,
  doraFactsOf,
  doraFactsWithin,
  doraMetricsOf,
  doraWeeklyOf,
} from './doraWindow';
import {
  ChangeRow,
  DeploymentRow,
  EventKey,
  eventKey,
  IncidentRow,
} from './rows';
import { prng } from './__testUtils__/prng';
import { deploymentRow, incidentRow } from './__testUtils__/rows';

const HOUR = 3600 * 1000;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-01-05T00:00:00Z'); // a Monday
const WINDOW = { from: T0, to: T0 + 28 * DAY };
const A = 'component:default/a';
const B = 'component:default/b';

const dep = deploymentRow;

function change(
  id: string,
  authoredAt: number,
  extra: Partial<ChangeRow> = {},
): ChangeRow {
  return {
    id,
    authoredAt,
    pullRequestOpenedAt: null,
    mergedAt: null,
    ...extra,
  };
}

const inc = incidentRow;

function dora(
  deployments: DeploymentRow[],
  incidents: IncidentRow[] = [],
  window = WINDOW,
  scope = [A, B],
) {
  const index = buildDoraIndex(
    { scopeEntityRefs: new Set(scope), deployments, incidents },
    DEFAULT_DORA_CONFIG,
  );
  return doraMetricsOfIndex(index, window);
}

describe('deployment frequency', () => {
  it.each([
    [
      'no deployment events at all → null',
      [],
      { deployments: 0, perDay: null, band: null },
    ],
    [
      'only deployments after the window → null',
      [dep('late', WINDOW.to + DAY)],
      { deployments: 0, perDay: null, band: null },
    ],
    [
      'events before the window but none in it → 0 and low',
      [dep('old', T0 - DAY)],
      { deployments: 0, perDay: 0, band: 'low' },
    ],
    [
      'counts successful production deployments finished in [from, to)',
      [
        dep('at-from', T0),
        dep('mid', T0 + DAY),
        dep('at-to', WINDOW.to),
        dep('failed', T0 + DAY, { status: 'failure' }),
        dep('staging', T0 + DAY, { production: false }),
        dep('running', null, { status: 'in_progress', startedAt: T0 }),
      ],
      { deployments: 2, perDay: 2 / 28, band: 'medium' },
    ],
    [
      'pools several entities',
      [dep('a', T0 + DAY), dep('b', T0 + DAY, { entityRef: B })],
      { deployments: 2, perDay: 2 / 28, band: 'medium' },
    ],
    [
      'ignores entities outside the scope',
      [dep('x', T0 + DAY, { entityRef: 'component:default/other' })],
      { deployments: 0, perDay: null, band: null },
    ],
  ] as const)('%s', (_, deployments, expected) => {
    expect(dora([...deployments]).deploymentFrequency).toEqual(expected);
  });

  it('is elite at one per day', () => {
    const deployments = Array.from({ length: 28 }, (_, i) =>
      dep(`d${i}`, T0 + i * DAY),
    );
    expect(dora(deployments).deploymentFrequency).toEqual({
      deployments: 28,
      perDay: 1,
      band: 'elite',
    });
  });
});

describe('lead time for changes', () => {
  it('gives each change to the first successful production deployment naming it', () => {
    const c = change('c1', T0 - 10 * HOUR);
    const m = dora([
      dep('staging', T0 - 9 * HOUR, { production: false, changes: [c] }),
      dep('first-but-failed', T0 - 8 * HOUR, {
        status: 'failure',
        changes: [c],
      }),
      dep('first', T0 - 2 * HOUR, { changes: [c] }), // before the window: claims c1
      dep('again', T0 + HOUR, { changes: [c, change('c2', T0)] }),
    ]);
    expect(m.leadTimeForChanges).toMatchObject({
      changes: 1,
      medianSeconds: 3600,
    });
  });

  it('keeps change ids apart per entity', () => {
    const m = dora([
      dep('a1', T0 + HOUR, { changes: [change('c1', T0)] }),
      dep('b1', T0 + 3 * HOUR, { entityRef: B, changes: [change('c1', T0)] }),
    ]);
    expect(m.leadTimeForChanges).toMatchObject({
      changes: 2,
      medianSeconds: 2 * 3600,
    });
  });

  it.each([
    ['even count: mean of the middle two', [1, 2, 3, 10], 2.5, 7.9],
    ['odd count', [5, 1, 3], 3, 4.6],
    ['ties', [2, 2, 2, 8], 2, 6.2],
    ['one change', [4], 4, 4],
  ])('%s', (_, hours, medianHours, p90Hours) => {
    const finish = T0 + 20 * DAY;
    const m = dora([
      dep('d', finish, {
        changes: hours.map((h, i) => change(`c${i}`, finish - h * HOUR)),
      }),
    ]);
    expect(m.leadTimeForChanges.medianSeconds).toBeCloseTo(
      medianHours * 3600,
      6,
    );
    expect(m.leadTimeForChanges.p90Seconds).toBeCloseTo(p90Hours * 3600, 6);
  });

  it('drops samples that are zero or negative', () => {
    const finish = T0 + DAY;
    const m = dora([
      dep('d', finish, {
        changes: [
          change('zero', finish),
          change('future', finish + HOUR),
          change('ok', finish - 2 * HOUR),
        ],
      }),
    ]);
    expect(m.leadTimeForChanges).toMatchObject({
      changes: 1,
      medianSeconds: 7200,
      band: 'high',
    });
  });

  it('computes the stages over the changes that have the timestamps', () => {
    const finish = T0 + DAY;
    const m = dora([
      dep('d', finish, {
        changes: [
          change('full', finish - 10 * HOUR, {
            pullRequestOpenedAt: finish - 8 * HOUR, // coding 2 h
            mergedAt: finish - 5 * HOUR, // review 3 h, deploy 5 h
          }),
          change('merged-only', finish - 6 * HOUR, { mergedAt: finish - HOUR }), // deploy 1 h
          change('bare', finish - 4 * HOUR),
        ],
      }),
    ]);
    expect(m.leadTimeForChanges.stages).toEqual({
      codingMedianSeconds: 2 * 3600,
      reviewMedianSeconds: 3 * 3600,
      deployMedianSeconds: 3 * 3600,
    });
    expect(m.leadTimeForChanges.changes).toBe(3);
  });

  it('is null with a null band when no change shipped in the window', () => {
    const m = dora([dep('d', T0 + DAY)]);
    expect(m.leadTimeForChanges).toEqual({
      changes: 0,
      medianSeconds: null,
      p90Seconds: null,
      band: null,
      stages: {
        codingMedianSeconds: null,
        reviewMedianSeconds: null,
        deployMedianSeconds: null,
      },
    });
  });
});

describe('change failure rate', () => {
  const d1 = dep('d1', T0 + DAY);
  const d2 = dep('d2', T0 + 3 * DAY);
  const d3 = dep('d3', T0 + 5 * DAY);
  const d4 = dep('d4', T0 + 7 * DAY);

  it.each([
    ['no incidents', [], 0],
    [
      '(a) an incident naming a deployment',
      [inc('i', T0 + 9 * DAY, { causedBy: { source: 'ci', id: 'd2' } })],
      1,
    ],
    [
      '(a) low urgency never counts',
      [
        inc('i', T0 + 9 * DAY, {
          urgency: 'low',
          causedBy: { source: 'ci', id: 'd2' },
        }),
      ],
      0,
    ],
    [
      '(b) within the window after the latest deployment',
      [inc('i', T0 + 3 * DAY + 2 * HOUR)],
      1,
    ],
    ['(b) exactly at the 24 h edge (inclusive)', [inc('i', T0 + 4 * DAY)], 1],
    ['(b) one millisecond past 24 h', [inc('i', T0 + 4 * DAY + 1)], 0],
    ['(b) at the deployment finish instant', [inc('i', T0 + 3 * DAY)], 1],
    [
      '(b) changeRelated false is never a change failure',
      [inc('i', T0 + 3 * DAY + HOUR, { changeRelated: false })],
      0,
    ],
    [
      "(b) another entity's deployment is not blamed",
      [inc('i', T0 + 3 * DAY + HOUR, { entityRef: B })],
      0,
    ],
    [
      'several incidents on one deployment count it once',
      [
        inc('i1', T0 + 3 * DAY + HOUR),
        inc('i2', T0 + 3 * DAY + 2 * HOUR),
        inc('i3', T0 + 9 * DAY, { causedBy: { source: 'ci', id: 'd2' } }),
      ],
      1,
    ],
    [
      'an incident with causedBy is not attributed by the window too',
      [inc('i', T0 + 3 * DAY + HOUR, { causedBy: { source: 'ci', id: 'd1' } })],
      1,
    ],
  ] as const)('%s', (_, incidents, failed) => {
    const m = dora([d1, d2, d3, d4], [...incidents]);
    expect(m.changeFailureRate.failedDeployments).toBe(failed);
    expect(m.changeFailureRate.ratio).toBe(failed / 4);
  });

  it('(b) blames only the latest deployment before the incident', () => {
    const early = dep('early', T0 + DAY);
    const late = dep('late', T0 + DAY + 2 * HOUR);
    const m = dora([early, late], [inc('i', T0 + DAY + 3 * HOUR)]);
    expect(m.changeFailureRate).toMatchObject({
      failedDeployments: 1,
      deployments: 2,
      ratio: 0.5,
    });
  });

  it('(b) considers a failed or staging deployment no candidate', () => {
    const good = dep('good', T0 + DAY);
    const failedLater = dep('failed-later', T0 + DAY + HOUR, {
      status: 'failure',
    });
    const staging = dep('staging', T0 + DAY + 2 * HOUR, { production: false });
    const m = dora(
      [good, failedLater, staging],
      [inc('i', T0 + DAY + 3 * HOUR)],
    );
    expect(m.changeFailureRate).toMatchObject({
      failedDeployments: 1,
      deployments: 1,
      ratio: 1,
    });
  });

  it('(c) a later deployment remediating it', () => {
    const rollback = dep('rollback', T0 + 2 * DAY, {
      remediatesDeployment: { source: 'ci', id: 'd1' },
    });
    const m = dora([d1, rollback]);
    expect(m.changeFailureRate).toMatchObject({
      failedDeployments: 1,
      deployments: 2,
      ratio: 0.5,
    });
  });

  it('counts an incident after the window against a deployment inside it', () => {
    const last = dep('last', WINDOW.to - HOUR);
    const m = dora([last], [inc('i', WINDOW.to + HOUR)]);
    expect(m.changeFailureRate.failedDeployments).toBe(1);
  });

  it('is null with no deployments in the window', () => {
    expect(dora([dep('old', T0 - DAY)]).changeFailureRate).toEqual({
      failedDeployments: 0,
      deployments: 0,
      ratio: null,
      band: null,
    });
  });
});

describe('time to restore', () => {
  it('takes the median over high-urgency incidents resolved in the window', () => {
    const m = dora(
      [],
      [
        inc('a', T0 - 2 * DAY, { resolvedAt: T0 + HOUR }), // created before, resolved in: 49 h
        inc('b', T0 + DAY, {
          resolvedAt: T0 + DAY + 2 * HOUR,
          changeRelated: false,
        }), // 2 h
        inc('c', T0 + DAY, { resolvedAt: T0 + DAY + 4 * HOUR }), // 4 h
        inc('low', T0 + DAY, { urgency: 'low', resolvedAt: T0 + DAY + HOUR }),
        inc('open', T0 + DAY),
        inc('after', WINDOW.to - HOUR, { resolvedAt: WINDOW.to }),
        inc('other', T0 + DAY, {
          entityRef: 'component:default/x',
          resolvedAt: T0 + DAY + 1,
        }),
      ],
    );
    expect(m.timeToRestore).toEqual({
      incidents: 3,
      medianSeconds: 4 * 3600,
      band: 'high',
    });
  });

  it('is null without resolved incidents', () => {
    expect(dora([], [inc('open', T0)]).timeToRestore).toEqual({
      incidents: 0,
      medianSeconds: null,
      band: null,
    });
  });
});

describe('failed deployment recovery time', () => {
  const d = dep('d', T0 + DAY);
  const caused = (id: string, resolvedAt: number | null) =>
    inc(id, T0 + DAY + HOUR, {
      causedBy: { source: 'ci', id: 'd' },
      resolvedAt,
    });

  it.each([
    [
      'latest resolution of its incidents',
      [caused('i1', T0 + DAY + 2 * HOUR), caused('i2', T0 + DAY + 5 * HOUR)],
      [],
      5 * 3600,
    ],
    [
      'unknown while one incident is open',
      [caused('i1', T0 + DAY + 2 * HOUR), caused('i2', null)],
      [],
      null,
    ],
    [
      'the earlier of remediation and resolution',
      [caused('i1', T0 + DAY + 5 * HOUR)],
      [
        dep('fix', T0 + DAY + 3 * HOUR, {
          remediatesDeployment: { source: 'ci', id: 'd' },
        }),
      ],
      3 * 3600,
    ],
    [
      'remediation when the incident is still open',
      [caused('i1', null)],
      [
        dep('fix', T0 + DAY + 3 * HOUR, {
          remediatesDeployment: { source: 'ci', id: 'd' },
        }),
      ],
      3 * 3600,
    ],
    [
      'a failed remediation recovers nothing',
      [],
      [
        dep('fix', T0 + DAY + HOUR, {
          status: 'failure',
          remediatesDeployment: { source: 'ci', id: 'd' },
        }),
      ],
      null,
    ],
  ] as const)('%s', (_, incidents, more, expected) => {
    const m = dora([d, ...more], [...incidents]);
    expect(m.failedDeploymentRecoveryTime.medianSeconds).toBe(expected);
    expect(m.failedDeploymentRecoveryTime.recoveries).toBe(
      expected === null ? 0 : 1,
    );
  });
});

describe('rework rate', () => {
  it('counts deployments in D that carry remediates', () => {
    const m = dora([
      dep('d1', T0 + DAY),
      dep('fix', T0 + 2 * DAY, {
        remediatesDeployment: { source: 'ci', id: 'd1' },
      }),
      dep('hotfix', T0 + 3 * DAY, { remediatesIncidentId: 'INC-1' }),
      dep('d4', T0 + 4 * DAY),
      dep('staging-fix', T0 + 4 * DAY, {
        production: false,
        remediatesIncidentId: 'INC-2',
      }),
    ]);
    expect(m.reworkRate).toEqual({
      remediationDeployments: 2,
      deployments: 4,
      ratio: 0.5,
    });
  });
});

describe('weekly series', () => {
  it('evaluates each ISO week clipped to the window', () => {
    const window = { from: T0 + 2 * DAY, to: T0 + 10 * DAY }; // Wed → Thu of the next week
    const index = buildDoraIndex({
      scopeEntityRefs: new Set([A]),
      deployments: [
        dep('before', T0 + DAY),
        dep('w1', T0 + 3 * DAY),
        dep('w2a', T0 + 8 * DAY),
        dep('w2b', T0 + 9 * DAY),
        dep('after', T0 + 11 * DAY),
      ],
      incidents: [
        inc('i', T0 + 8 * DAY + HOUR, { resolvedAt: T0 + 8 * DAY + 3 * HOUR }),
      ],
    });
    expect(doraWeeklyOfIndex(index, window)).toEqual([
      {
        weekStart: '2026-01-05T00:00:00.000Z',
        from: '2026-01-07T00:00:00.000Z',
        to: '2026-01-12T00:00:00.000Z',
        deployments: 1,
        failedDeployments: 0,
        leadTimeMedianSeconds: null,
        changeFailureRate: 0,
        timeToRestoreMedianSeconds: null,
      },
      {
        weekStart: '2026-01-12T00:00:00.000Z',
        from: '2026-01-12T00:00:00.000Z',
        to: '2026-01-15T00:00:00.000Z',
        deployments: 2,
        failedDeployments: 1,
        leadTimeMedianSeconds: null,
        changeFailureRate: 0.5,
        timeToRestoreMedianSeconds: 7200,
      },
    ]);
  });
});

describe('the facts of disjoint scopes', () => {
  const MEMBERS = [
    'component:default/m0',
    'component:default/m1',
    'component:default/m2',
    'component:default/m3',
  ];
  /** An entity outside every scope whose rows point into it. */
  const OUTSIDE = 'component:default/outside';

  function randomRows(seed: number, members: string[]) {
    const r = prng(seed);
    // Coarse slots so finishedAt ties (within and across entities) are common.
    const slot = () => T0 - 7 * DAY + r.int(60) * 12 * HOUR;
    const entities = [...members, OUTSIDE];
    const sharedChanges = Array.from({ length: 6 }, (_, i) => `shared-${i}`);
    const deployments: DeploymentRow[] = [];
    for (const entityRef of entities) {
      const changePool = [
        ...sharedChanges,
        ...Array.from({ length: 8 }, (_, i) => `${entityRef}-c${i}`),
      ];
      const count = entityRef === OUTSIDE ? 6 : 5 + r.int(15);
      for (let n = 0; n < count; n++) {
        const finished = r.chance(0.9);
        const finishedAt = finished ? slot() : null;
        const changes: ChangeRow[] = [];
        for (let c = r.int(4); c > 0; c--) {
          const id = r.pick(changePool);
          if (changes.some(x => x.id === id)) continue;
          const authoredAt = (finishedAt ?? T0) - (r.int(10) - 1) * 6 * HOUR;
          const opened = r.chance(0.7) ? authoredAt + r.int(5) * HOUR : null;
          const merged =
            opened !== null && r.chance(0.8) ? opened + r.int(5) * HOUR : null;
          changes.push(
            change(id, authoredAt, {
              pullRequestOpenedAt: opened,
              mergedAt: merged,
            }),
          );
        }
        deployments.push(
          dep(`${entityRef.slice(-2)}-${n}`, finishedAt, {
            source: r.pick(['ci', 'gh']),
            entityRef,
            status: finished
              ? r.pick(['success', 'success', 'success', 'failure'] as const)
              : 'in_progress',
            production: r.chance(0.85),
            startedAt: finished && r.chance(0.5) ? null : slot() - HOUR,
            changes,
          }),
        );
      }
    }
    const keyOf = (d: DeploymentRow) => ({ source: d.source, id: d.id });
    const target = () =>
      r.chance(0.1)
        ? { source: 'ci', id: 'no-such-deployment' }
        : keyOf(r.pick(deployments));
    for (const d of deployments) {
      if (d.entityRef === OUTSIDE || r.chance(0.2)) {
        // Often another entity's deployment; sometimes itself (ignored).
        d.remediatesDeployment = target();
      }
      if (r.chance(0.1)) d.remediatesIncidentId = `INC-${r.int(5)}`;
    }
    const incidents: IncidentRow[] = [];
    for (const entityRef of entities) {
      const count = entityRef === OUTSIDE ? 5 : 3 + r.int(10);
      for (let n = 0; n < count; n++) {
        const createdAt = slot() + r.int(48) * HOUR;
        incidents.push(
          inc(`${entityRef.slice(-2)}-i${n}`, createdAt, {
            entityRef,
            urgency: r.chance(0.85) ? 'high' : 'low',
            resolvedAt: r.chance(0.8) ? createdAt + r.int(8) * 6 * HOUR : null,
            causedBy: entityRef === OUTSIDE || r.chance(0.35) ? target() : null,
            changeRelated: r.pick([null, null, true, false]),
          }),
        );
      }
    }
    return { deployments, incidents };
  }

  /**
   * The input of a scope as the backend gathers it: the scope's own rows plus
   * the rows of other entities pointing at its deployments.
   */
  function inputOf(
    scope: string[],
    rows: { deployments: DeploymentRow[]; incidents: IncidentRow[] },
  ) {
    const inScope = new Set(scope);
    const own = rows.deployments.filter(d => inScope.has(d.entityRef));
    const ownKeys = new Set(own.map(eventKey));
    const pointsIn = (row: { entityRef: string }, at: EventKey | null) =>
      !inScope.has(row.entityRef) && at !== null && ownKeys.has(eventKey(at));
    return {
      scopeEntityRefs: inScope,
      deployments: [
        ...own,
        ...rows.deployments.filter(d => pointsIn(d, d.remediatesDeployment)),
      ],
      incidents: [
        ...rows.incidents.filter(i => inScope.has(i.entityRef)),
        ...rows.incidents.filter(i => pointsIn(i, i.causedBy)),
      ],
    };
  }

  const windows = [
    WINDOW,
    { from: T0 - 14 * DAY, to: T0 + 60 * DAY },
    { from: T0 + 3 * DAY + 5 * HOUR, to: T0 + 17 * DAY },
    { from: T0 + 10 * DAY, to: T0 + 10 * DAY + 12 * HOUR },
    { from: T0 + 90 * DAY, to: T0 + 120 * DAY },
  ];

  it.each([1, 2, 3, 7, 42, 1234, 99991, 31337])(
    'equals building over the union of the inputs (seed %i)',
    seed => {
      const members = MEMBERS.slice(0, 3 + (seed % 2));
      const rows = randomRows(seed, members);
      const config = {
        ...DEFAULT_DORA_CONFIG,
        attributionWindowSeconds: 86400,
      };
      const perEntity = members.map(m =>
        doraFactsOf(buildDoraIndex(inputOf([m], rows), config)),
      );
      const pooled = buildDoraIndex(inputOf(members, rows), config);

      // The rows exercise what the facts must get right.
      const crossCause = rows.incidents.some(
        i =>
          i.causedBy &&
          rows.deployments.some(
            d =>
              eventKey(d) === eventKey(i.causedBy!) &&
              d.entityRef !== i.entityRef,
          ),
      );
      expect(crossCause).toBe(true);
      expect(pooled.doraDeployments.length).toBeGreaterThan(5);
      expect(pooled.incidentsByDeployment.size).toBeGreaterThan(0);
      expect(pooled.remediated.size).toBeGreaterThan(0);

      const { benchmarks } = config;
      for (const w of windows) {
        expect(doraMetricsOf(perEntity, w, benchmarks)).toEqual(
          doraMetricsOfIndex(pooled, w),
        );
        expect(doraWeeklyOf(perEntity, w, benchmarks)).toEqual(
          doraWeeklyOfIndex(pooled, w),
        );
        // In any order of the scopes.
        expect(doraMetricsOf([...perEntity].reverse(), w, benchmarks)).toEqual(
          doraMetricsOfIndex(pooled, w),
        );
      }
    },
  );

  it.each([1, 7, 1234, 31337])(
    'within a span, hold only its facts and evaluate every window inside it alike (seed %i)',
    seed => {
      const rows = randomRows(seed, MEMBERS.slice(0, 3));
      const perEntity = MEMBERS.slice(0, 3).map(m =>
        doraFactsOf(buildDoraIndex(inputOf([m], rows))),
      );
      for (const w of windows) {
        for (const span of [w, { from: w.from - 7 * DAY, to: w.to + DAY }]) {
          const within = perEntity.map(f => doraFactsWithin(f, span));
          const times = within.flatMap(f => [
            ...f.deployments.at,
            ...f.leadTimes.at,
            ...f.restores.at,
          ]);
          expect(times.every(t => t >= span.from && t < span.to)).toBe(true);
          expect(doraMetricsOf(within, w)).toEqual(doraMetricsOf(perEntity, w));
          expect(doraWeeklyOf(within, w)).toEqual(doraWeeklyOf(perEntity, w));
        }
      }
      // Some facts fall outside the spans, so holding less is tested.
      const all = perEntity.reduce((n, f) => n + f.leadTimes.at.length, 0);
      const inFirst = perEntity.reduce(
        (n, f) => n + doraFactsWithin(f, windows[3]).leadTimes.at.length,
        0,
      );
      expect(inFirst).toBeLessThan(all);
    },
  );

  it('count once an incident both indexes attribute', () => {
    // b1 remediates a1, so A's input holds b1; A's incident names b1 as its
    // cause, so B's input holds the incident: both indexes attribute it.
    const a1 = dep('a1', T0 + DAY);
    const b1 = dep('b1', T0 + 2 * DAY, {
      entityRef: B,
      remediatesDeployment: { source: 'ci', id: 'a1' },
    });
    const i = inc('i', T0 + 2 * DAY + HOUR, {
      causedBy: { source: 'ci', id: 'b1' },
      resolvedAt: T0 + 3 * DAY,
    });
    const ofA = buildDoraIndex({
      scopeEntityRefs: new Set([A]),
      deployments: [a1, b1],
      incidents: [i],
    });
    const ofB = buildDoraIndex({
      scopeEntityRefs: new Set([B]),
      deployments: [b1],
      incidents: [i],
    });
    expect(ofA.incidentsByDeployment.get(eventKey(b1))).toEqual([i]);
    expect(ofB.incidentsByDeployment.get(eventKey(b1))).toEqual([i]);
    expect(doraMetricsOf([doraFactsOf(ofA), doraFactsOf(ofB)], WINDOW)).toEqual(
      dora([a1, b1], [i], WINDOW, [A, B]),
    );
  });

  it('are empty metrics for no scope at all', () => {
    expect(doraMetricsOf([], WINDOW)).toEqual(
      doraMetricsOfIndex(
        buildDoraIndex({
          scopeEntityRefs: new Set(),
          deployments: [],
          incidents: [],
        }),
        WINDOW,
      ),
    );
  });
});
