import { createScmSourceModule } from '@devops-insights/backstage-plugin-node';
import { createGitlabSource } from './GitlabSource';
import { readGitlabSettings } from './settings';

/**
 * Adds the `gitlab` source when `integrations.gitlab` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGitlab = createScmSourceModule({
  moduleId: 'gitlab',
  name: 'GitLab',
  readSettings: readGitlabSettings,
  createSource: createGitlabSource,
});
