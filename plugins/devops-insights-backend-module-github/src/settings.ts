import { Config } from '@backstage/config';
import {
  readScmSourceSettings,
  ScmSourceSettings,
} from '@devops-insights/backstage-plugin-node';

export type GithubSettings = Omit<ScmSourceSettings, 'own'> & {
  webhookSecrets: string[];
};

/**
 * Reads `devopsInsights.github` and `integrations.github`. Undefined when
 * `integrations.github` is absent: the integrations library would otherwise
 * add anonymous github.com, whose 60 requests an hour are no source.
 */
export function readGithubSettings(config: Config): GithubSettings | undefined {
  const shared = readScmSourceSettings(config, {
    source: 'github',
    publicHost: 'github.com',
  });
  if (!shared) return undefined;
  const { own, ...settings } = shared;
  const appSecrets = settings.integrations.github
    .list()
    .flatMap(i => i.config.apps ?? [])
    .map(app => app.webhookSecret)
    .filter((s): s is string => Boolean(s));
  const secret = own?.getOptionalString('webhookSecret');
  return {
    ...settings,
    webhookSecrets: [...(secret ? [secret] : []), ...appSecrets],
  };
}
