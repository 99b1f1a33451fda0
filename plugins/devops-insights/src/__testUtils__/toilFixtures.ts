import type {
  ToilResponse,
  ToilSignalKey,
  ToilStatus,
} from '@devops-insights/backstage-plugin-common';

const zeroBySignal = (): Record<ToilSignalKey, number> => ({
  nonActionablePages: 0,
  repeatIncidents: 0,
  interruptWork: 0,
  manualReruns: 0,
  manualSteps: 0,
  selfReported: 0,
});

/** The backend's thresholds, so fixtures are consistent with a share. */
export function statusOfShare(share: number | null): ToilStatus | null {
  if (share === null) return null;
  if (share < 0.25) return 'healthy';
  return share <= 0.5 ? 'at-risk' : 'over-cap';
}

/**
 * A 30-day toil response of a team of 4 (capacity 4 × 40 h × 30 / 7 ≈
 * 685.7 h) with 120 h of toil; `share` overrides recompute hours and status.
 */
export function toilResponse(
  overrides: Partial<ToilResponse> = {},
): ToilResponse {
  const capacityHours = (4 * 40 * 30) / 7;
  const base: ToilResponse = {
    entityRef: 'component:default/checkout',
    window: {
      from: '2026-04-15T10:00:00.000Z',
      to: '2026-05-15T10:00:00.000Z',
    },
    scope: {
      entityRefs: ['component:default/checkout'],
      owningGroups: ['group:default/payments'],
      members: 4,
    },
    signals: [
      {
        key: 'nonActionablePages',
        count: 40,
        hours: 10,
        topSources: [{ name: 'disk-space-warning', count: 30, hours: 7.5 }],
      },
      {
        key: 'repeatIncidents',
        count: 10,
        hours: 30,
        topSources: [{ name: 'checkout-5xx', count: 8, hours: 24 }],
      },
      { key: 'interruptWork', count: 5, hours: 20, topSources: [] },
      {
        key: 'manualReruns',
        count: 12,
        hours: 6,
        topSources: [{ name: 'e2e-tests', count: 12, hours: 6 }],
      },
      { key: 'manualSteps', count: 16, hours: 4, topSources: [] },
      {
        key: 'selfReported',
        count: 3,
        hours: 50,
        topSources: [{ name: 'Access requests', count: 2, hours: 40 }],
      },
    ],
    totalHours: 120,
    capacityHours,
    share: 120 / capacityHours,
    status: statusOfShare(120 / capacityHours),
    goals: { figures: [], problems: [] },
    weekly: [
      {
        weekStart: '2026-04-13T00:00:00.000Z',
        from: '2026-04-15T10:00:00.000Z',
        to: '2026-04-20T00:00:00.000Z',
        hoursBySignal: {
          ...zeroBySignal(),
          repeatIncidents: 6,
          selfReported: 10,
        },
        totalHours: 16,
      },
      {
        weekStart: '2026-04-20T00:00:00.000Z',
        from: '2026-04-20T00:00:00.000Z',
        to: '2026-04-27T00:00:00.000Z',
        hoursBySignal: { ...zeroBySignal(), nonActionablePages: 2 },
        totalHours: 2,
      },
    ],
  };
  return { ...base, ...overrides };
}

/** The same response at a given share (and the status the backend gives it). */
export function toilAtShare(share: number): ToilResponse {
  const capacityHours = (4 * 40 * 30) / 7;
  return toilResponse({
    totalHours: share * capacityHours,
    share,
    status: statusOfShare(share),
  });
}
