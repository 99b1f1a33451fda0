import { Config } from '@backstage/config';
import {
  readScmSourceSettings,
  ScmSourceSettings,
} from '@devops-insights/backstage-plugin-node';

export type GitlabSettings = Omit<ScmSourceSettings, 'own'> & {
  webhookTokens: string[];
};

/**
 * Reads `devopsInsights.gitlab` and `integrations.gitlab`. Undefined when
 * `integrations.gitlab` is absent: the integrations library would otherwise
 * add anonymous gitlab.com without a token, which sees public projects only.
 */
export function readGitlabSettings(config: Config): GitlabSettings | undefined {
  const shared = readScmSourceSettings(config, {
    source: 'gitlab',
    publicHost: 'gitlab.com',
  });
  if (!shared) return undefined;
  const { own, ...settings } = shared;
  const token = own?.getOptionalString('webhookToken');
  return { ...settings, webhookTokens: token ? [token] : [] };
}
