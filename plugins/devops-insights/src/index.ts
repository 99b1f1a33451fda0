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
// The API ref, its type and the client: for apps that override the API.
export * from './api';
export { rootRouteRef } from './routes';
