/**
 * DevOps Insights: delivery metrics (DORA, toil, on-call) as tabs of catalog
 * entity pages.
 *
 * @packageDocumentation
 */
export {
  devopsInsightsPlugin,
  EntityDoraContent,
  EntityOnCallContent,
  EntityToilContent,
} from './plugin';
export { DevopsInsightsClient, devopsInsightsApiRef } from './api';
export type {
  DevopsInsightsApi,
  DevopsInsightsIncidentQuery,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
  DevopsInsightsToilReport,
  DevopsInsightsToilReportResult,
} from './api';
