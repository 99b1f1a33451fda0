import { Config } from '@backstage/config';
import {
  readScmSourceSettings,
  ScmSourceSettings,
} from '@devops-insights/backstage-plugin-node';

/** The GitHub source's settings; its webhook secrets are `webhookSecrets`. */
export type GithubSettings = ScmSourceSettings;

/**
 * Reads `devopsInsights.github` and `integrations.github`. Undefined when
 * `integrations.github` is absent: the integrations library would otherwise
 * add anonymous github.com, whose 60 requests an hour are no source. The
 * webhook secrets are `devopsInsights.github.webhookSecret`, then those of
 * the GitHub Apps of `integrations.github[].apps`.
 */
export function readGithubSettings(config: Config): GithubSettings | undefined {
  return readScmSourceSettings(config, {
    source: 'github',
    publicHost: 'github.com',
    webhookSecrets: (own, integrations) => {
      const secret = own?.getOptionalString('webhookSecret');
      const appSecrets = integrations.github
        .list()
        .flatMap(i => i.config.apps ?? [])
        .map(app => app.webhookSecret)
        .filter((s): s is string => Boolean(s));
      return [...(secret ? [secret] : []), ...appSecrets];
    },
  });
}
