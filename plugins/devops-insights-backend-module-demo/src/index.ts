/**
 * Deterministic demo data for DevOps Insights: a backend module that, when
 * `devopsInsights.demo.enabled` is true, adds a `demo` source ingesting 180
 * days of deployments and incidents for the demo catalog.
 *
 * @packageDocumentation
 */
export { devopsInsightsModuleDemo as default } from './module';
export { createDemoSource } from './module';
export {
  DEMO_HISTORY_DAYS,
  DEMO_SOURCE_ID,
  generateDemoEvents,
  startOfUtcDay,
} from './generate';
export type {
  DemoDeploymentEvent,
  DemoIncidentEvent,
  GenerateDemoEventsOptions,
} from './generate';
export * from './org';
export { demoCatalogEntities } from './catalogEntities';
