import { Config } from '@backstage/config';
import {
  readScmSourceSettings,
  ScmSourceSettings,
} from '@devops-insights/backstage-plugin-node';

/** The GitLab source's settings; its webhook tokens are `webhookSecrets`. */
export type GitlabSettings = ScmSourceSettings;

/**
 * Reads `devopsInsights.gitlab` and `integrations.gitlab`. Undefined when
 * `integrations.gitlab` is absent: the integrations library would otherwise
 * add anonymous gitlab.com without a token, which sees public projects only.
 * The webhook token is `devopsInsights.gitlab.webhookToken`.
 */
export function readGitlabSettings(config: Config): GitlabSettings | undefined {
  return readScmSourceSettings(config, {
    source: 'gitlab',
    publicHost: 'gitlab.com',
    webhookSecrets: own => {
      const token = own?.getOptionalString('webhookToken');
      return token ? [token] : [];
    },
  });
}
