import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { durationToMilliseconds } from '@backstage/types';

export type GitlabSettings = {
  integrations: ScmIntegrations;
  hosts: string[];
  defaultHost: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillMs: number;
  webhookTokens: string[];
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
 * Reads `devopsInsights.gitlab` and `integrations.gitlab`. Undefined when
 * `integrations.gitlab` is absent: the integrations library would otherwise
 * add anonymous gitlab.com without a token, which sees public projects only.
 */
export function readGitlabSettings(config: Config): GitlabSettings | undefined {
  const configured = config.getOptionalConfigArray('integrations.gitlab') ?? [];
  if (!configured.length) return undefined;
  const integrations = ScmIntegrations.fromConfig(config);
  // Only the configured hosts: the library also adds a default gitlab.com.
  const hosts = configured.map(c => c.getString('host'));
  const own = config.getOptionalConfig('devopsInsights.gitlab');
  const token = own?.getOptionalString('webhookToken');
  return {
    integrations,
    hosts,
    defaultHost: hosts.includes('gitlab.com') ? 'gitlab.com' : hosts[0],
    schedule: own?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          own.getConfig('schedule'),
        )
      : DEFAULT_SCHEDULE,
    backfillMs: own?.has('backfill')
      ? durationToMilliseconds(readDurationFromConfig(own, { key: 'backfill' }))
      : DEFAULT_BACKFILL_DAYS * 86400_000,
    webhookTokens: token ? [token] : [],
    productionEnvironments: (
      config.getOptionalStringArray(
        'devopsInsights.productionEnvironments',
      ) ?? ['production', 'prod']
    ).map(e => e.toLocaleLowerCase('en-US')),
  };
}
