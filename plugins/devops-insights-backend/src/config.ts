import { Config, readDurationFromConfig } from '@backstage/config';
import { durationToMilliseconds } from '@backstage/types';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import {
  DEFAULT_DORA_BENCHMARKS,
  DEFAULT_PRODUCTION_ENVIRONMENTS,
  DEFAULT_TOIL_CONFIG,
  DoraBenchmarks,
  DoraConfig,
  GOAL_METRICS,
  GoalDefaults,
  GoalMetric,
  parseGoal,
  timeZoneSchema,
  ToilConfig,
} from '@devops-insights/backstage-plugin-common';
import { DEFAULT_FACTS_CACHE_MEGABYTES } from './service/EntityFactsCache';

/** Settings of the plugin, read once from `devopsInsights`. */
export type DevopsInsightsSettings = {
  productionEnvironments: string[];
  dora: DoraConfig;
  toil: ToilConfig;
  defaultTimeZone: string;
  retention: RetentionSettings;
  /** Memory budget of the derived-facts cache. */
  factsCacheBytes: number;
  goals: GoalSettings;
};

/** Goals: the org's defaults, parsed. */
export type GoalSettings = {
  defaults: GoalDefaults;
  /** When the weekly nudges are evaluated; always on one replica at a time. */
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Whether every team gets the weekly digest unless its annotation says `off`. */
  digestForAll: boolean;
};

/** Mondays 06:00 UTC: the week before has ended everywhere. */
export const DEFAULT_GOAL_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { cron: '0 6 * * 1' },
  timeout: { minutes: 30 },
};

/**
 * `devopsInsights.goals.defaults.<metric>`, each written as an annotation
 * would be (`1d`, `5%`, `2/day`, `2`). A wrong default fails the start, naming
 * the key: unlike an annotation, nobody would see it otherwise.
 */
function readGoals(config: Config | undefined): GoalSettings {
  const section = config?.getOptionalConfig('goals.defaults');
  const defaults: GoalDefaults = {};
  for (const key of section?.keys() ?? []) {
    if (!(key in GOAL_METRICS)) {
      throw new Error(
        `devopsInsights.goals.defaults.${key} is not a goal metric; known: ${Object.keys(
          GOAL_METRICS,
        ).join(', ')}`,
      );
    }
    const metric = key as GoalMetric;
    const written = section!.get(key);
    const parsed =
      typeof written === 'string' || typeof written === 'number'
        ? parseGoal(metric, written)
        : { ok: false as const, message: 'write a string or a number' };
    if (!parsed.ok) {
      throw new Error(
        `devopsInsights.goals.defaults.${key}: ${parsed.message}`,
      );
    }
    defaults[metric] = parsed.target;
  }
  const schedule = config?.has('goals.schedule')
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('goals.schedule'),
      )
    : DEFAULT_GOAL_SCHEDULE;
  // Every replica runs the scheduler; the task must run on one at a time.
  return {
    defaults,
    schedule: { ...schedule, scope: 'global' },
    digestForAll: config?.getOptionalBoolean('goals.digest.enabled') ?? false,
  };
}

/** What the retention cleaner keeps, in milliseconds of age. */
export type RetentionSettings = {
  webhookDeliveriesMs: number;
  /** null: events are kept for ever. */
  eventsMs: number | null;
};

/**
 * Delivery ids are kept to recognise a redelivery, so as long as a vendor
 * redelivers: GitHub.com lists deliveries for redelivery for 3 days, GitHub
 * Enterprise Server and GitLab's "Recent events" (resend) for 7, PagerDuty
 * retries for minutes.
 */
export const DEFAULT_WEBHOOK_DELIVERY_RETENTION_MS = 7 * 24 * 3600 * 1000;

function readRetention(config: Config | undefined): RetentionSettings {
  const duration = (key: string) => {
    if (!config?.has(key)) return null;
    const ms = durationToMilliseconds(readDurationFromConfig(config, { key }));
    if (!(ms > 0)) {
      throw new Error(`devopsInsights.${key} must be a positive duration`);
    }
    return ms;
  };
  return {
    webhookDeliveriesMs:
      duration('retention.webhookDeliveries') ??
      DEFAULT_WEBHOOK_DELIVERY_RETENTION_MS,
    eventsMs: duration('retention.events'),
  };
}

function readThresholds<K extends keyof DoraBenchmarks>(
  config: Config | undefined,
  key: K,
): DoraBenchmarks[K] {
  const defaults = DEFAULT_DORA_BENCHMARKS[key];
  const section = config?.getOptionalConfig(key);
  return {
    elite: section?.getOptionalNumber('elite') ?? defaults.elite,
    high: section?.getOptionalNumber('high') ?? defaults.high,
    medium: section?.getOptionalNumber('medium') ?? defaults.medium,
  };
}

export function readSettings(rootConfig: Config): DevopsInsightsSettings {
  const config = rootConfig.getOptionalConfig('devopsInsights');
  const benchmarks = config?.getOptionalConfig('benchmarks');
  const attributionWindowMs = config?.has('attributionWindow')
    ? durationToMilliseconds(
        readDurationFromConfig(config, { key: 'attributionWindow' }),
      )
    : 24 * 3600 * 1000;
  const toil = config?.getOptionalConfig('toil');
  const defaultTimeZone = config?.getOptionalString('defaultTimeZone') ?? 'UTC';
  if (!timeZoneSchema.safeParse(defaultTimeZone).success) {
    throw new Error(
      `devopsInsights.defaultTimeZone '${defaultTimeZone}' is not an IANA time zone`,
    );
  }
  const factsCacheMegabytes =
    config?.getOptionalNumber('factsCache.maxMegabytes') ??
    DEFAULT_FACTS_CACHE_MEGABYTES;
  if (!(factsCacheMegabytes > 0)) {
    throw new Error(
      `devopsInsights.factsCache.maxMegabytes must be a positive number`,
    );
  }
  return {
    defaultTimeZone,
    retention: readRetention(config),
    factsCacheBytes: factsCacheMegabytes * 1024 * 1024,
    goals: readGoals(config),
    toil: {
      interruptionMinutes:
        toil?.getOptionalNumber('interruptionMinutes') ??
        DEFAULT_TOIL_CONFIG.interruptionMinutes,
      rerunMinutes:
        toil?.getOptionalNumber('rerunMinutes') ??
        DEFAULT_TOIL_CONFIG.rerunMinutes,
      manualStepMinutes:
        toil?.getOptionalNumber('manualStepMinutes') ??
        DEFAULT_TOIL_CONFIG.manualStepMinutes,
      hoursPerWeek:
        toil?.getOptionalNumber('hoursPerWeek') ??
        DEFAULT_TOIL_CONFIG.hoursPerWeek,
    },
    productionEnvironments: (
      config?.getOptionalStringArray('productionEnvironments') ?? [
        ...DEFAULT_PRODUCTION_ENVIRONMENTS,
      ]
    ).map(e => e.toLocaleLowerCase('en-US')),
    dora: {
      attributionWindowSeconds: attributionWindowMs / 1000,
      benchmarks: {
        deploymentFrequencyDays: readThresholds(
          benchmarks,
          'deploymentFrequencyDays',
        ),
        leadTimeSeconds: readThresholds(benchmarks, 'leadTimeSeconds'),
        changeFailureRatio: readThresholds(benchmarks, 'changeFailureRatio'),
        timeToRestoreSeconds: readThresholds(
          benchmarks,
          'timeToRestoreSeconds',
        ),
      },
    },
  };
}
