import { createSourceModule } from '@devops-insights/backstage-plugin-node';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';

/**
 * Adds the `gitlab` source when `integrations.gitlab` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGitlab = createSourceModule({
  moduleId: 'gitlab',
  readSettings: readGitlabSettings,
  createSource: createGitlabSource,
  notEnabledMessage:
    'DevOps Insights GitLab source not enabled: no integrations.gitlab configured',
  enabledMessage: (settings, source) =>
    `DevOps Insights GitLab source enabled for ${settings.hosts.join(', ')}${
      source.webhook ? ' with webhooks' : ''
    }`,
});
