import type { DoraResponse } from '@devops-insights/backstage-plugin-common';

/** A DoraResponse with data in every figure; override what a test is about. */
export function doraResponse(
  overrides: Partial<DoraResponse> = {},
): DoraResponse {
  return {
    entityRef: 'component:default/checkout',
    window: {
      from: '2026-04-15T10:00:00.000Z',
      to: '2026-05-15T10:00:00.000Z',
    },
    scope: { entityRefs: ['component:default/checkout'] },
    deploymentFrequency: { deployments: 96, perDay: 3.2, band: 'elite' },
    leadTimeForChanges: {
      changes: 120,
      medianSeconds: 4 * 3600 + 12 * 60,
      p90Seconds: 2 * 86400,
      band: 'high',
      stages: {
        codingMedianSeconds: 3600,
        reviewMedianSeconds: 3 * 3600,
        deployMedianSeconds: 1800,
      },
    },
    changeFailureRate: {
      failedDeployments: 5,
      deployments: 96,
      ratio: 0.048,
      band: 'elite',
    },
    timeToRestore: { incidents: 4, medianSeconds: 5 * 3600, band: 'high' },
    failedDeploymentRecoveryTime: { recoveries: 5, medianSeconds: 2 * 3600 },
    reworkRate: { remediationDeployments: 3, deployments: 96, ratio: 0.03125 },
    weekly: [
      {
        weekStart: '2026-04-13T00:00:00.000Z',
        from: '2026-04-15T10:00:00.000Z',
        to: '2026-04-20T00:00:00.000Z',
        deployments: 10,
        failedDeployments: 1,
        leadTimeMedianSeconds: 3600,
        changeFailureRate: 0.1,
        timeToRestoreMedianSeconds: null,
      },
    ],
    goals: { figures: [], problems: [] },
    ...overrides,
  };
}

/** The figures of a scope nothing was ever sent for. */
export function emptyDoraResponse(): DoraResponse {
  return doraResponse({
    scope: { entityRefs: [] },
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
    weekly: [],
  });
}

/** What fetch returns for a Backstage JSON error. */
export function errorResponse(
  status: number,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  const body = JSON.stringify({
    error: { name: status === 403 ? 'NotAllowedError' : 'InputError', message },
    request: { method: 'GET', url: '/v1/dora' },
    response: { statusCode: status },
    ...extra,
  });
  return {
    ok: false,
    status,
    statusText: 'Bad Request',
    headers: { get: () => 'application/json; charset=utf-8' },
    text: async () => body,
    json: async () => JSON.parse(body),
  } as unknown as Response;
}

/** A 400 with per-field errors, as the backend answers invalid events. */
export function validationErrorResponse(
  message: string,
  errors: Array<{ index: number; path: string; message: string }>,
): Response {
  return errorResponse(400, message, { errors });
}
