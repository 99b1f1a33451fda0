import type { DevopsInsightsApi } from '../api';

/**
 * Every method of the API as a jest mock: lists are empty and there are no
 * sources unless a test says otherwise, so that a tab renders its own parts.
 */
export function mockDevopsInsightsApi(
  overrides: Partial<jest.Mocked<DevopsInsightsApi>> = {},
): jest.Mocked<DevopsInsightsApi> {
  const emptyPage = { items: [], totalCount: 0, limit: 500, offset: 0 };
  return {
    getDora: jest.fn().mockRejectedValue(new Error('getDora not mocked')),
    getToil: jest.fn().mockRejectedValue(new Error('getToil not mocked')),
    getOnCall: jest.fn().mockRejectedValue(new Error('getOnCall not mocked')),
    listDeployments: jest.fn().mockResolvedValue(emptyPage),
    listIncidents: jest.fn().mockResolvedValue(emptyPage),
    createToilReport: jest.fn().mockResolvedValue({ created: 1 }),
    listToilReports: jest.fn().mockResolvedValue(emptyPage),
    deleteToilReport: jest.fn().mockResolvedValue(undefined),
    getRollup: jest.fn().mockRejectedValue(new Error('getRollup not mocked')),
    getSources: jest.fn().mockResolvedValue({ sources: [] }),
    getBreakdown: jest.fn().mockImplementation(async query => ({
      entityRef: query.entityRef,
      tab: query.tab,
      window: { from: query.from, to: query.to },
      previousWindow: { from: query.from, to: query.from },
      rows: [],
      teamLevel: { toilHours: 0, pages: 0 },
      coverage: { entities: 0, deployments: 0, incidents: 0, rotation: 0 },
    })),
    getCoverage: jest
      .fn()
      .mockRejectedValue(new Error('getCoverage not mocked')),
    getTeamsCoverage: jest
      .fn()
      .mockRejectedValue(new Error('getTeamsCoverage not mocked')),
    ...overrides,
  };
}
