/**
 * DevOps Insights: delivery metrics (DORA, toil, on-call) as tabs of catalog
 * entity pages.
 *
 * @packageDocumentation
 */
export { devopsInsightsPlugin, EntityDoraContent } from './plugin';
export { DevopsInsightsClient, devopsInsightsApiRef } from './api';
export type {
  DevopsInsightsApi,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
} from './api';
