/**
 * Publishes DevOps Insights figures as Tech Insights facts, so existing
 * checks and scorecards can use them.
 *
 * @packageDocumentation
 */
export { techInsightsModuleDevopsInsights as default } from './module';
export { createDevopsInsightsFactRetriever } from './retriever';
export {
  DEVOPS_INSIGHTS_FACT_RETRIEVER_ID,
  DEVOPS_INSIGHTS_FACTS_VERSION,
  devopsInsightsFactSchema,
} from './factSchema';
