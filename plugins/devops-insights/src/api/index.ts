export { devopsInsightsApiRef } from './DevopsInsightsApi';
export type {
  DevopsInsightsApi,
  DevopsInsightsIncidentQuery,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
  DevopsInsightsToilReport,
  DevopsInsightsToilReportResult,
} from './DevopsInsightsApi';
export { DevopsInsightsClient } from './DevopsInsightsClient';
