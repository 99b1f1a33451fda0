/**
 * DevOps Insights backend plugin.
 *
 * @packageDocumentation
 */
export { devopsInsightsPlugin as default } from './plugin';
