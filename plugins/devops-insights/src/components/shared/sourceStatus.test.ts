import type { SourceStatus } from '@devops-insights/backstage-plugin-common';
import { isFailing, summarizeSources } from './sourceStatus';

const sourceStatus = (over: Partial<SourceStatus>): SourceStatus => ({
  source: 'github',
  target: 'acme/checkout',
  lastSuccessAt: '2026-02-10T11:00:00.000Z',
  lastError: null,
  rowsIngested: 10,
  rateLimit: null,
  ...over,
});

describe('isFailing', () => {
  it('is failing when the last error is newer than the last success', () => {
    expect(
      isFailing(
        sourceStatus({
          lastError: {
            message: 'Bad credentials',
            at: '2026-02-10T11:05:00.000Z',
          },
        }),
      ),
    ).toBe(true);
  });

  it('is not failing when a success followed the error', () => {
    expect(
      isFailing(
        sourceStatus({
          lastError: { message: 'timeout', at: '2026-02-10T10:00:00.000Z' },
        }),
      ),
    ).toBe(false);
    expect(isFailing(sourceStatus({}))).toBe(false);
  });

  it('is failing when it never succeeded but erred', () => {
    expect(
      isFailing(
        sourceStatus({
          lastSuccessAt: null,
          lastError: { message: 'x', at: '2026-02-10T10:00:00.000Z' },
        }),
      ),
    ).toBe(true);
  });
});

describe('summarizeSources', () => {
  it("keeps each source's freshest target and its failing ones", () => {
    const failing = sourceStatus({
      target: 'acme/legacy',
      lastSuccessAt: '2026-02-09T00:00:00.000Z',
      lastError: { message: 'Not found', at: '2026-02-10T00:00:00.000Z' },
    });
    const summaries = summarizeSources([
      sourceStatus({
        source: 'pagerduty',
        target: 'PXYZ',
        lastSuccessAt: null,
      }),
      sourceStatus({
        target: 'acme/old',
        lastSuccessAt: '2026-02-10T08:00:00.000Z',
      }),
      sourceStatus({}),
      failing,
    ]);
    expect(summaries).toEqual([
      {
        source: 'github',
        lastSuccessAt: '2026-02-10T11:00:00.000Z',
        failing: [failing],
      },
      { source: 'pagerduty', lastSuccessAt: null, failing: [] },
    ]);
  });

  it('has nothing to say without sources', () => {
    expect(summarizeSources([])).toEqual([]);
  });
});
