import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { durationToMilliseconds } from '@backstage/types';

export type GithubSettings = {
  integrations: ScmIntegrations;
  hosts: string[];
  defaultHost: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillMs: number;
  webhookSecrets: string[];
  productionEnvironments: string[];
};

export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 30 },
  scope: 'global',
};
export const DEFAULT_BACKFILL_DAYS = 180;

/**
 * Reads `devopsInsights.github` and `integrations.github`. Undefined when
 * `integrations.github` is absent: the integrations library would otherwise
 * add anonymous github.com, whose 60 requests an hour are no source.
 */
export function readGithubSettings(config: Config): GithubSettings | undefined {
  const configured = config.getOptionalConfigArray('integrations.github') ?? [];
  if (!configured.length) return undefined;
  const integrations = ScmIntegrations.fromConfig(config);
  // Only the configured hosts: the library also adds a default github.com.
  const hosts = configured.map(c => c.getString('host'));
  const own = config.getOptionalConfig('devopsInsights.github');
  const appSecrets = integrations.github
    .list()
    .flatMap(i => i.config.apps ?? [])
    .map(app => app.webhookSecret)
    .filter((s): s is string => Boolean(s));
  const secret = own?.getOptionalString('webhookSecret');
  return {
    integrations,
    hosts,
    defaultHost: hosts.includes('github.com') ? 'github.com' : hosts[0],
    schedule: own?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          own.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    backfillMs: own?.has('backfill')
      ? durationToMilliseconds(readDurationFromConfig(own, { key: 'backfill' }))
      : DEFAULT_BACKFILL_DAYS * 86400_000,
    webhookSecrets: [...(secret ? [secret] : []), ...appSecrets],
    productionEnvironments: (
      config.getOptionalStringArray(
        'devopsInsights.productionEnvironments',
      ) ?? ['production', 'prod']
    ).map(e => e.toLocaleLowerCase('en-US')),
  };
}
