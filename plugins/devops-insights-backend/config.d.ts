import { HumanDuration } from '@backstage/types';
import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  devopsInsights?: {
    /**
     * Environments that count as production when a deployment event does not
     * say `production` itself. Compared case-insensitively.
     * Default: [production, prod].
     */
    productionEnvironments?: string[];
    /**
     * How long after a production deployment an incident of the same entity
     * without `causedBy` is attributed to it (inclusive). Default: 24 hours.
     */
    attributionWindow?: HumanDuration;
    /**
     * IANA time zone for the hour bands of pages whose event and user carry
     * none. Default: UTC.
     */
    defaultTimeZone?: string;
    /** Costs of the toil signals, see docs/metrics.md. */
    toil?: {
      /** Cost of a non-actionable page, minutes. Default 15. */
      interruptionMinutes?: number;
      /** Added to a CI re-run's duration, minutes. Default 10. */
      rerunMinutes?: number;
      /** Cost of a manual CI run or deployment, minutes. Default 15. */
      manualStepMinutes?: number;
      /**
       * Working hours per member and week: the capacity, and the most toil
       * reports about one person may add up to in one ISO week. Default 40.
       */
      hoursPerWeek?: number;
    };
    /**
     * What a scheduled cleaner (once an hour, on one replica at a time)
     * deletes. See docs/architecture.md.
     */
    retention?: {
      /**
       * How long webhook delivery ids are kept to recognise a redelivery.
       * Longer than any vendor redelivers: GitHub.com offers deliveries of
       * the past 3 days for redelivery, GitHub Enterprise Server and GitLab
       * of the past 7, PagerDuty retries for minutes. Default: 7 days.
       */
      webhookDeliveries?: HumanDuration | string;
      /**
       * When set, events older than this are deleted, each by its last time:
       * deployments by finish (else start), incidents by resolution (else
       * creation), pages by notification, on-call shifts by end (permanent
       * ones are kept), CI runs by finish (else start), toil reports by the
       * end of their week. Default: kept for ever.
       */
      events?: HumanDuration | string;
    };
    /** The derived-facts cache behind every DORA and toil figure. */
    factsCache?: {
      /**
       * Memory the cached facts may take, in megabytes (measured per entity,
       * see docs/architecture.md); past it the least recently used entities
       * are dropped and read from the database or derived again when asked
       * for, with the same answers. Default 200: the facts of size M (1 000
       * services, 1 M deployments a year) measure ~130 MB.
       */
      maxMegabytes?: number;
    };
    /**
     * Webhooks of tools without a module (Argo CD, Jenkins, Opsgenie,
     * incident.io, anything else): each key is a webhook at
     * `POST /api/devops-insights/v1/webhooks/custom/<key>` (key:
     * [a-z0-9][a-z0-9-]{0,31}) whose payloads a JSONata mapping turns into
     * events. See docs/webhooks.md.
     */
    webhooks?: {
      [name: string]: {
        /** A shipped mapping: argocd, jenkins, opsgenie or incident-io. */
        preset?: string;
        /**
         * JSONata from the payload to one event or an array of events (none:
         * the delivery is ignored). `$options`, `$headers` and `$webhook` are
         * bound. Exactly one of preset and mapping.
         */
        mapping?: string;
        /** JSONata on the payload giving every event's entityRef. */
        entityRef?: string;
        /** Values the mapping reads as `$options` (see each preset). */
        options?: { [key: string]: any };
        /** Exactly one of hmac, token and standardWebhooks. */
        auth: {
          /** HMAC of the raw body, in a header. */
          hmac?: {
            /** @visibility secret */
            secret: string;
            header: string;
            /** sha1, sha256 (default) or sha512. */
            algorithm?: string;
            /** Before the signature in the header, e.g. `sha256=`. */
            prefix?: string;
            /** hex (default) or base64. */
            encoding?: string;
          };
          /** A shared token in a header or a query parameter. */
          token?: {
            /** @visibility secret */
            secret: string;
            header?: string;
            /** Only for senders that cannot set headers: URLs get logged. */
            queryParameter?: string;
            /** Before the token, e.g. `Bearer `. */
            prefix?: string;
          };
          /** Standard Webhooks signatures (Svix; incident.io). */
          standardWebhooks?: {
            /**
             * The signing secret, `whsec_…`.
             * @visibility secret
             */
            secret: string;
            /** Largest age of webhook-timestamp, seconds. Default 300. */
            toleranceSeconds?: number;
          };
        };
        /** Header naming the delivery, to recognise a redelivery. */
        deliveryIdHeader?: string;
        /** Largest body, bytes. Default 1 MiB, at most 5 MiB. */
        maxBodyBytes?: number;
        /** Longest evaluation of the mapping, ms. Default 500, at most 5000. */
        timeoutMs?: number;
      };
    };
    /** Goals (working agreements), see docs/goals.md. */
    goals?: {
      /**
       * When the weekly goal nudges are evaluated (Backstage notifications to
       * the teams whose last full week slipped) and the digests sent. Always
       * runs on one replica at a time. Default: Mondays 06:00 UTC.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /**
       * The weekly digest per team (figures against goals, biggest change,
       * top toil source), sent by the same weekly evaluation.
       */
      digest?: {
        /**
         * Send it to every team. A Group opts in on its own with the
         * annotation `devops-insights.io/goal-digest: weekly`, or out with
         * `off` (or `none`). Default: false.
         */
        enabled?: boolean;
      };
      /**
       * The org's default goal per metric, written as the
       * `devops-insights.io/goal-<metric>` annotations are: deployments per
       * day or week (`1/day`, `5/week`), Backstage durations (`1d`, `2h`,
       * `P1D`), percentages (`5%`) or counts (`2`). Groups and entities
       * override them by annotation. Default: no goals.
       */
      defaults?: {
        deploymentFrequency?: string | number;
        leadTime?: string;
        changeFailureRate?: string | number;
        timeToRestore?: string;
        recoveryTime?: string;
        reworkRate?: string | number;
        toilShare?: string | number;
        pagesPer12h?: string | number;
        offHoursPagesPerWeek?: string | number;
      };
    };
    /** Performance band thresholds; defaults are documented in docs/metrics.md. */
    benchmarks?: {
      /** At least one deployment per this many days. Defaults 1, 7, 30. */
      deploymentFrequencyDays?: {
        elite?: number;
        high?: number;
        medium?: number;
      };
      /** Median lead time below these seconds. Defaults 3600, 604800, 15552000. */
      leadTimeSeconds?: { elite?: number; high?: number; medium?: number };
      /** Elite below, high/medium up to and including. Defaults 0.05, 0.15, 0.30. */
      changeFailureRatio?: { elite?: number; high?: number; medium?: number };
      /** Median time to restore below these seconds. Defaults 3600, 86400, 604800. */
      timeToRestoreSeconds?: { elite?: number; high?: number; medium?: number };
    };
  };
}
