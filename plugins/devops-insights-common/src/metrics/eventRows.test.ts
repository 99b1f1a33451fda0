import { DevopsInsightsEvent, parseEvents } from '../events';
import { isProductionDeployment, rowsOfEvents } from './eventRows';
import { lowerBound, partitionPoint } from './collections';

const parsed = (events: unknown[]): DevopsInsightsEvent[] => {
  const result = parseEvents(events);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.events;
};

const base = { source: 's', entityRef: 'component:default/a' };

describe('isProductionDeployment', () => {
  it.each([
    [
      'the flag wins over a production environment',
      'production',
      false,
      undefined,
      false,
    ],
    [
      'the flag wins over another environment',
      'staging',
      true,
      undefined,
      true,
    ],
    [
      'without a flag, production counts',
      'production',
      undefined,
      undefined,
      true,
    ],
    ['without a flag, prod counts', 'prod', undefined, undefined, true],
    [
      'environments match in any letter case',
      'PROD',
      undefined,
      undefined,
      true,
    ],
    ['other environments do not count', 'staging', undefined, undefined, false],
    [
      'a configured list replaces the default',
      'prod',
      undefined,
      ['live'],
      false,
    ],
    ['a configured environment counts', 'Live', undefined, ['live'], true],
  ])('%s', (_rule, environment, production, environments, expected) => {
    expect(
      isProductionDeployment(
        { environment, ...(production !== undefined && { production }) },
        environments,
      ),
    ).toBe(expected);
  });
});

describe('rowsOfEvents', () => {
  it('maps each event to the row of its kind, times as epoch milliseconds', () => {
    const rows = rowsOfEvents(
      parsed([
        {
          ...base,
          type: 'deployment',
          id: 'd1',
          environment: 'Production',
          status: 'success',
          finishedAt: '2026-01-05T10:00:00Z',
          changes: [{ id: 'c1', authoredAt: '2026-01-05T08:00:00Z' }],
          remediates: { incidentId: 'i0' },
        },
        {
          ...base,
          type: 'incident',
          id: 'i1',
          urgency: 'high',
          createdAt: '2026-01-05T11:00:00Z',
          causedBy: { source: 's', id: 'd1' },
        },
        {
          ...base,
          type: 'toil-report',
          id: 'r1',
          hours: 3,
          category: 'manual-deploy',
          week: '2026-W02',
        },
      ]),
    );
    expect(rows.deployments).toEqual([
      {
        ...base,
        id: 'd1',
        production: true,
        status: 'success',
        trigger: null,
        startedAt: null,
        finishedAt: Date.parse('2026-01-05T10:00:00Z'),
        changes: [
          {
            id: 'c1',
            authoredAt: Date.parse('2026-01-05T08:00:00Z'),
            pullRequestOpenedAt: null,
            mergedAt: null,
          },
        ],
        remediatesDeployment: null,
        remediatesIncidentId: 'i0',
      },
    ]);
    expect(rows.incidents).toMatchObject([
      {
        id: 'i1',
        createdAt: Date.parse('2026-01-05T11:00:00Z'),
        resolvedAt: null,
        causedBy: { source: 's', id: 'd1' },
        changeRelated: null,
      },
    ]);
    expect(rows.toilReports).toMatchObject([
      {
        id: 'r1',
        userRef: null,
        weekStart: Date.parse('2026-01-05T00:00:00Z'),
      },
    ]);
    expect([rows.pages, rows.shifts, rows.ciRuns]).toEqual([[], [], []]);
  });
});

describe('lowerBound', () => {
  const column = Float64Array.of(1, 3, 3, 5);
  it.each([
    ['before every value', 0, 0],
    ['the first of equal values', 3, 1],
    ['between values', 4, 3],
    ['after every value', 9, 4],
  ])('%s', (_rule, t, expected) => {
    expect(lowerBound(column, t)).toBe(expected);
  });

  it('is the partition point of "less than t"', () => {
    for (let t = 0; t <= 6; t++) {
      expect(lowerBound(column, t)).toBe(
        partitionPoint(column.length, i => column[i] < t),
      );
      expect(lowerBound(column, t)).toBe(
        [...column, Infinity].findIndex(v => v >= t),
      );
    }
  });
});
