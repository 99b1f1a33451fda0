import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { ScmIntegrations } from '@backstage/integration';
import { durationToMilliseconds } from '@backstage/types';
import { DEFAULT_PRODUCTION_ENVIRONMENTS } from '@devops-insights/backstage-plugin-common';

/**
 * Polling schedule of a source without `devopsInsights.<source>.schedule`.
 * @public
 */
export const DEFAULT_SOURCE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 15 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 30 },
  scope: 'global',
};

/**
 * How far back the first sync reads without `devopsInsights.<source>.backfill`.
 * @public
 */
export const DEFAULT_BACKFILL_DAYS = 180;

/**
 * What every SCM source reads from config; see {@link readScmSourceSettings}.
 * @public
 */
export type ScmSourceSettings = {
  integrations: ScmIntegrations;
  /** The configured hosts of this integration kind, in config order. */
  hosts: string[];
  /** `publicHost` when configured, else the first host. */
  defaultHost: string;
  schedule: SchedulerServiceTaskScheduleDefinition;
  backfillMs: number;
  /** `devopsInsights.productionEnvironments`, lower-cased. */
  productionEnvironments: string[];
  /** The secrets a webhook may be signed or sent with; none: no webhook. */
  webhookSecrets: string[];
};

/**
 * Reads `integrations.<source>` and the shared keys of
 * `devopsInsights.<source>` (`schedule`, `backfill`), and the webhook
 * secrets through the source's own `webhookSecrets`. Undefined when
 * `integrations.<source>` is absent: the integrations library would
 * otherwise add an anonymous public host, which is no source. Only the
 * configured hosts are listed, not the library's default one.
 * @public
 */
export function readScmSourceSettings(
  config: Config,
  options: {
    /** The integration kind and `devopsInsights` key, e.g. `github`. */
    source: 'github' | 'gitlab';
    /** The public host preferred as default, e.g. `github.com`. */
    publicHost: string;
    /**
     * The source's webhook secrets, from its own `devopsInsights.<source>`
     * keys (`own`) or its integrations; none when omitted.
     */
    webhookSecrets?(
      own: Config | undefined,
      integrations: ScmIntegrations,
    ): string[];
  },
): ScmSourceSettings | undefined {
  const configured =
    config.getOptionalConfigArray(`integrations.${options.source}`) ?? [];
  if (!configured.length) return undefined;
  const integrations = ScmIntegrations.fromConfig(config);
  const hosts = configured.map(c => c.getString('host'));
  const own = config.getOptionalConfig(`devopsInsights.${options.source}`);
  return {
    integrations,
    hosts,
    defaultHost: hosts.includes(options.publicHost)
      ? options.publicHost
      : hosts[0],
    schedule: own?.has('schedule')
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
          own.getConfig('schedule'),
        )
      : DEFAULT_SOURCE_SCHEDULE,
    backfillMs: own?.has('backfill')
      ? durationToMilliseconds(readDurationFromConfig(own, { key: 'backfill' }))
      : DEFAULT_BACKFILL_DAYS * 86400_000,
    productionEnvironments: readProductionEnvironments(config),
    webhookSecrets: options.webhookSecrets?.(own, integrations) ?? [],
  };
}

/**
 * `devopsInsights.productionEnvironments` (default `production`, `prod`),
 * lower-cased.
 * @public
 */
export function readProductionEnvironments(config: Config): string[] {
  return (
    config.getOptionalStringArray('devopsInsights.productionEnvironments') ?? [
      ...DEFAULT_PRODUCTION_ENVIRONMENTS,
    ]
  ).map(e => e.toLocaleLowerCase('en-US'));
}
