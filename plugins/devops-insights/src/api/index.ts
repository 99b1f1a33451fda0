export * from './DevopsInsightsApi';
export { DevopsInsightsClient } from './DevopsInsightsClient';
