import { createBackendModule } from '@backstage/backend-plugin-api';
import { techInsightsFactRetrieversExtensionPoint } from '@backstage-community/plugin-tech-insights-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { DEVOPS_INSIGHTS_FACT_RETRIEVER_ID } from './factSchema';
import { createDevopsInsightsFactRetriever } from './retriever';

/**
 * Adds the DevOps Insights fact retriever to Tech Insights. Like Tech
 * Insights' own retrievers it runs only when
 * `techInsights.factRetrievers.devopsInsightsFactRetriever` configures its
 * cadence.
 * @public
 */
export const techInsightsModuleDevopsInsights = createBackendModule({
  pluginId: 'tech-insights',
  moduleId: 'devops-insights',
  register(env) {
    env.registerInit({
      deps: {
        factRetrievers: techInsightsFactRetrieversExtensionPoint,
        catalog: catalogServiceRef,
      },
      async init({ factRetrievers, catalog }) {
        factRetrievers.addFactRetrievers({
          [DEVOPS_INSIGHTS_FACT_RETRIEVER_ID]:
            createDevopsInsightsFactRetriever({ catalog }),
        });
      },
    });
  },
});
