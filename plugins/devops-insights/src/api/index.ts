export { devopsInsightsApiRef } from './DevopsInsightsApi';
export type {
  DevopsInsightsApi,
  DevopsInsightsBreakdownQuery,
  DevopsInsightsDeploymentQuery,
  DevopsInsightsIncidentQuery,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
  DevopsInsightsRollupQuery,
  DevopsInsightsToilReport,
  DevopsInsightsToilReportResult,
} from './DevopsInsightsApi';
export { DevopsInsightsClient } from './DevopsInsightsClient';
