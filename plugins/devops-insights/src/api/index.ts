export { devopsInsightsApiRef } from './DevopsInsightsApi';
export type {
  DevopsInsightsApi,
  DevopsInsightsPageQuery,
  DevopsInsightsQuery,
  DevopsInsightsRequestOptions,
} from './DevopsInsightsApi';
export { DevopsInsightsClient } from './DevopsInsightsClient';
