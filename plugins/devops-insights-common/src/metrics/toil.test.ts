import {
  toilOfRows,
  incidentDedupKey,
  toilFactsOf,
  toilFactsWithin,
  toilOf,
  toilStatus,
} from './toil';
import { CiRunRow, ToilReportRow } from './rows';
import { deploymentRow, incidentRow } from './__testUtils__/rows';

const MIN = 60 * 1000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T0 = Date.parse('2026-03-02T00:00:00Z'); // a Monday
const WINDOW = { from: T0, to: T0 + 7 * DAY };
const A = 'component:default/a';

const inc = incidentRow;

function run(
  id: string,
  finishedAt: number,
  extra: Partial<CiRunRow> = {},
): CiRunRow {
  return {
    source: 'ci',
    id,
    entityRef: A,
    name: 'build',
    attempt: 1,
    trigger: 'automatic',
    status: 'success',
    startedAt: finishedAt - 10 * MIN,
    finishedAt,
    ...extra,
  };
}

const dep = (
  id: string,
  finishedAt: number | null,
  trigger: 'manual' | 'automatic',
) => deploymentRow(id, finishedAt, { status: 'failure', trigger });

function report(
  id: string,
  week: number,
  hours: number,
  category = 'certs',
): ToilReportRow {
  return {
    source: 'backstage',
    id,
    entityRef: A,
    userRef: null,
    hours,
    category,
    weekStart: week,
  };
}

const toil = (input: Partial<Parameters<typeof toilOfRows>[0]>, members = 2) =>
  toilOfRows(
    {
      incidents: [],
      ciRuns: [],
      deployments: [],
      toilReports: [],
      members,
      ...input,
    },
    WINDOW,
  );
const signal = (r: ReturnType<typeof toil>, key: string) =>
  r.signals.find(s => s.key === key)!;

describe('incident signals, in order', () => {
  it.each([
    [
      'non-actionable: auto-resolved, never acknowledged, resolved within 15 min',
      inc('i', T0 + HOUR, {
        autoResolved: true,
        resolvedAt: T0 + HOUR + 15 * MIN,
      }),
      'nonActionablePages',
      0.25,
    ],
    [
      'resolved after 15 min 1 ms is not non-actionable: interrupt work, at no cost without ack',
      inc('i', T0 + HOUR, {
        autoResolved: true,
        resolvedAt: T0 + HOUR + 15 * MIN + 1,
      }),
      'interruptWork',
      0,
    ],
    [
      'an open incident is interrupt work at no cost',
      inc('i', T0 + HOUR),
      'interruptWork',
      0,
    ],
    [
      'acknowledged is not non-actionable: interrupt work',
      inc('i', T0 + HOUR, {
        autoResolved: true,
        acknowledgedAt: T0 + HOUR + MIN,
        resolvedAt: T0 + HOUR + 5 * MIN,
      }),
      'interruptWork',
      4 / 60,
    ],
    [
      'interrupt work is capped at 4 h',
      inc('i', T0 + HOUR, {
        acknowledgedAt: T0 + HOUR,
        resolvedAt: T0 + 9 * HOUR,
      }),
      'interruptWork',
      4,
    ],
  ])('%s', (_, incident, expectedSignal, hours) => {
    const r = toil({ incidents: [incident] });
    const hit = r.signals.filter(s => s.count > 0);
    expect(hit.map(s => s.key)).toEqual([expectedSignal]);
    expect(r.totalHours).toBeCloseTo(hours, 10);
  });

  it('finds repeats by entity and dedup key, within 7 days of the latest earlier one', () => {
    const r = toil({
      incidents: [
        inc('old', T0 - 7 * DAY + HOUR, { dedupKey: 'disk' }), // before the window
        inc('r1', T0 + HOUR, { dedupKey: 'disk', resolvedAt: T0 + 3 * HOUR }), // 7 d − 0 h later: repeat, 2 h
        inc('r2', T0 + 2 * HOUR, {
          dedupKey: 'disk',
          acknowledgedAt: T0 + 2 * HOUR + 30 * MIN,
          resolvedAt: T0 + 3 * HOUR,
        }), // repeat, ack→resolved 30 min
        inc('other-key', T0 + 3 * HOUR, {
          dedupKey: 'cpu',
          acknowledgedAt: T0 + 3 * HOUR,
          resolvedAt: T0 + 4 * HOUR,
        }),
        inc('other-entity', T0 + 3 * HOUR, {
          entityRef: 'component:default/b',
          dedupKey: 'disk',
          acknowledgedAt: T0 + 3 * HOUR,
          resolvedAt: T0 + 4 * HOUR,
        }),
        inc('open-repeat', T0 + 4 * HOUR, { dedupKey: 'disk' }), // repeat, unresolved: 0 h
      ],
    });
    expect(signal(r, 'repeatIncidents')).toMatchObject({
      count: 3,
      hours: 2.5,
    });
    expect(signal(r, 'repeatIncidents').topSources).toEqual([
      { name: 'disk', count: 3, hours: 2.5 },
    ]);
    expect(signal(r, 'interruptWork')).toMatchObject({ count: 2, hours: 2 });
  });

  it('is no repeat 7 days and 1 ms after, nor for an incident at the same instant', () => {
    const r = toil({
      incidents: [
        inc('old', T0 + HOUR - 7 * DAY - 1, { dedupKey: 'disk' }),
        inc('a', T0 + HOUR, {
          dedupKey: 'disk',
          acknowledgedAt: T0 + HOUR,
          resolvedAt: T0 + 2 * HOUR,
        }),
        inc('b', T0 + HOUR, {
          dedupKey: 'disk',
          acknowledgedAt: T0 + HOUR,
          resolvedAt: T0 + 2 * HOUR,
        }),
      ],
    });
    expect(signal(r, 'repeatIncidents').count).toBe(0);
    expect(signal(r, 'interruptWork').count).toBe(2);
  });

  it('derives the key from the title, lower-cased without digits', () => {
    expect(
      incidentDedupKey(inc('x', 0, { title: 'Disk 93% full on DB-7' })),
    ).toBe('disk % full on db-');
    expect(incidentDedupKey(inc('x', 0, { title: 'a', dedupKey: 'k' }))).toBe(
      'k',
    );
    expect(incidentDedupKey(inc('x', 0))).toBeNull();
  });
});

describe('CI, deployment and self-reported signals', () => {
  it('costs re-runs, manual steps and reports', () => {
    const r = toil({
      ciRuns: [
        run('rerun', T0 + HOUR, { attempt: 2, startedAt: T0 + 30 * MIN }), // 30 min + 10 min
        run('manual', T0 + HOUR, { trigger: 'manual' }), // 15 min
        run('manual-rerun', T0 + HOUR, {
          trigger: 'manual',
          attempt: 3,
          startedAt: T0 + 50 * MIN,
        }), // re-run: 20 min
        run('auto', T0 + HOUR),
        run('running', T0, { finishedAt: null, status: 'in_progress' }),
        run('after', WINDOW.to, { attempt: 2 }),
      ],
      deployments: [
        dep('d1', T0 + DAY, 'manual'),
        dep('d2', T0 + DAY, 'automatic'),
        dep('d3', null, 'manual'),
      ],
      toilReports: [
        report('t1', T0, 3),
        report('t2', T0 - 7 * DAY, 5),
        report('t3', WINDOW.to, 8),
      ],
    });
    expect(signal(r, 'manualReruns')).toMatchObject({ count: 2, hours: 1 });
    expect(signal(r, 'manualSteps')).toMatchObject({ count: 2, hours: 0.5 });
    expect(signal(r, 'selfReported')).toMatchObject({ count: 1, hours: 3 });
    expect(r.totalHours).toBeCloseTo(4.5, 10);
  });
});

describe('share and status', () => {
  it.each([
    [0.2499, 'healthy'],
    [0.25, 'at-risk'],
    [0.5, 'at-risk'],
    [0.5001, 'over-cap'],
    [null, null],
  ] as const)('share %p → %p', (share, status) => {
    expect(toilStatus(share)).toBe(status);
  });

  it('divides by members × 40 h × window days / 7', () => {
    const r = toil({ toilReports: [report('t', T0, 40)] }, 2);
    expect(r.capacityHours).toBe(80);
    expect(r.share).toBe(0.5);
    expect(r.status).toBe('at-risk');
  });

  it('has no share without members, and no hours without any data', () => {
    expect(toil({ toilReports: [report('t', T0, 4)] }, 0)).toMatchObject({
      totalHours: 4,
      capacityHours: null,
      share: null,
      status: null,
    });
    expect(toil({})).toMatchObject({
      totalHours: null,
      share: null,
      status: null,
    });
    expect(toil({ ciRuns: [run('auto', T0 - DAY)] })).toMatchObject({
      totalHours: 0,
      share: 0,
      status: 'healthy',
    });
  });

  it('splits hours into clipped ISO weeks', () => {
    const window = { from: T0 + 3 * DAY, to: T0 + 10 * DAY };
    const r = toilOfRows(
      {
        incidents: [],
        ciRuns: [
          run('m1', T0 + 4 * DAY, { trigger: 'manual' }),
          run('m2', T0 + 8 * DAY, { trigger: 'manual' }),
        ],
        deployments: [],
        toilReports: [
          report('mon', T0 + 7 * DAY, 2),
          report('earlier-monday', T0, 9),
        ],
        members: 1,
      },
      window,
    );
    expect(
      r.weekly.map(w => [w.from, w.totalHours, w.hoursBySignal.selfReported]),
    ).toEqual([
      ['2026-03-05T00:00:00.000Z', 0.25, 0],
      ['2026-03-09T00:00:00.000Z', 2.25, 2],
    ]);
  });
});

describe('the facts of disjoint scopes', () => {
  const B = 'component:default/b';
  it('evaluate together as the union of their rows does', () => {
    const ofA = {
      incidents: [
        inc('a1', T0 + HOUR, {
          dedupKey: 'disk',
          acknowledgedAt: T0 + 2 * HOUR,
          resolvedAt: T0 + 3 * HOUR,
        }),
        inc('a2', T0 + DAY, {
          dedupKey: 'disk',
          resolvedAt: T0 + DAY + 40 * MIN,
        }),
      ],
      ciRuns: [run('r1', T0 + 2 * DAY, { attempt: 2 })],
      deployments: [dep('d1', T0 + 3 * DAY, 'manual')],
      toilReports: [report('t1', T0, 3)],
    };
    // The same dedup key on B is no repeat of A's incidents.
    const ofB = {
      incidents: [
        inc('b1', T0 + DAY + HOUR, {
          entityRef: B,
          dedupKey: 'disk',
          acknowledgedAt: T0 + DAY + 2 * HOUR,
          resolvedAt: T0 + DAY + 5 * HOUR,
        }),
        inc('b2', T0 - DAY, {
          entityRef: B,
          autoResolved: true,
          resolvedAt: T0 - DAY + MIN,
        }),
      ],
      ciRuns: [run('r2', T0 + 4 * DAY, { entityRef: B, trigger: 'manual' })],
      deployments: [],
      toilReports: [],
    };
    const union = {
      incidents: [...ofA.incidents, ...ofB.incidents],
      ciRuns: [...ofA.ciRuns, ...ofB.ciRuns],
      deployments: ofA.deployments,
      toilReports: ofA.toilReports,
      members: 3,
    };
    for (const w of [WINDOW, { from: T0 - 3 * DAY, to: T0 + DAY + 30 * MIN }]) {
      const together = toilOf([toilFactsOf(ofA), toilFactsOf(ofB)], 3, w);
      expect(together).toEqual(toilOfRows(union, w));
      // a2 repeats a1; b1 repeats nothing.
      expect(
        together.signals.find(s => s.key === 'repeatIncidents')!.count,
      ).toBe(1);
    }
    // Facts within a span evaluate every window inside it as the whole do.
    for (const span of [WINDOW, { from: T0 + DAY, to: T0 + 3 * DAY }]) {
      const within = [ofA, ofB].map(r => toilFactsWithin(toilFactsOf(r), span));
      expect(
        within.every(f => f.items.at.every(t => t >= span.from && t < span.to)),
      ).toBe(true);
      expect(toilOf(within, 3, span)).toEqual(toilOfRows(union, span));
    }
    expect(
      toilFactsWithin(toilFactsOf(ofA), { from: T0 + DAY, to: T0 + 3 * DAY })
        .items.at.length,
    ).toBeLessThan(toilFactsOf(ofA).items.at.length);
    // Before any activity of either scope there is no data.
    const before = { from: T0 - 9 * DAY, to: T0 - 2 * DAY };
    expect(
      toilOf([toilFactsOf(ofA), toilFactsOf(ofB)], 3, before).totalHours,
    ).toBeNull();
  });
});
