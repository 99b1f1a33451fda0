import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { devopsInsightsSourcesExtensionPoint } from '@devops-insights/backstage-plugin-node';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';

/**
 * Adds the `github` source when `integrations.github` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGithub = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'github',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        auth: coreServices.auth,
        catalog: catalogServiceRef,
        sources: devopsInsightsSourcesExtensionPoint,
      },
      async init({ config, logger, auth, catalog, sources }) {
        const settings = readGithubSettings(config);
        if (!settings) {
          logger.info(
            'DevOps Insights GitHub source not enabled: no integrations.github configured',
          );
          return;
        }
        const source = createGithubSource({ settings, catalog, auth, logger });
        sources.addSource(source);
        logger.info(
          `DevOps Insights GitHub source enabled for ${settings.hosts.join(
            ', ',
          )}${source.webhook ? ' with webhooks' : ''}`,
        );
      },
    });
  },
});
