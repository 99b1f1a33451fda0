/**
 * DevOps Insights: delivery metrics (DORA, toil, on-call) as tabs of catalog
 * entity pages, and a leadership page with every team side by side.
 *
 * @packageDocumentation
 */
export {
  devopsInsightsPlugin,
  DevopsInsightsPage,
  EntityDoraContent,
  EntityOnCallContent,
  EntityToilContent,
} from './plugin';
export { DevopsInsightsClient, devopsInsightsApiRef } from './api';
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
} from './api';
export { rootRouteRef } from './routes';
