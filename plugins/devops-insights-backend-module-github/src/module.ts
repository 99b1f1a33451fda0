import { createSourceModule } from '@devops-insights/backstage-plugin-node';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';

/**
 * Adds the `github` source when `integrations.github` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGithub = createSourceModule({
  moduleId: 'github',
  readSettings: readGithubSettings,
  createSource: createGithubSource,
  notEnabledMessage:
    'DevOps Insights GitHub source not enabled: no integrations.github configured',
  enabledMessage: (settings, source) =>
    `DevOps Insights GitHub source enabled for ${settings.hosts.join(', ')}${
      source.webhook ? ' with webhooks' : ''
    }`,
});
