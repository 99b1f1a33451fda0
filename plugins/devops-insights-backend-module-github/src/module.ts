import { createScmSourceModule } from '@devops-insights/backstage-plugin-node';
import { createGithubSource } from './GithubSource';
import { readGithubSettings } from './settings';

/**
 * Adds the `github` source when `integrations.github` is configured; without
 * it, logs one line and adds nothing.
 * @public
 */
export const devopsInsightsModuleGithub = createScmSourceModule({
  moduleId: 'github',
  name: 'GitHub',
  readSettings: readGithubSettings,
  createSource: createGithubSource,
});
