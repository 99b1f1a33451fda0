import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { devopsInsightsSourcesExtensionPoint } from '@devops-insights/backstage-plugin-node';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';

/**
 * Adds the `gitlab` source when `integrations.gitlab` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGitlab = createBackendModule({
  pluginId: 'devops-insights',
  moduleId: 'gitlab',
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
        const settings = readGitlabSettings(config);
        if (!settings) {
          logger.info(
            'DevOps Insights GitLab source not enabled: no integrations.gitlab configured',
          );
          return;
        }
        const source = createGitlabSource({ settings, catalog, auth, logger });
        sources.addSource(source);
        logger.info(
          `DevOps Insights GitLab source enabled for ${settings.hosts.join(
            ', ',
          )}${source.webhook ? ' with webhooks' : ''}`,
        );
      },
    });
  },
});
