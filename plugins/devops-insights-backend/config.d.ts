import { HumanDuration } from '@backstage/types';

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
    /** Performance band thresholds; defaults are documented in docs/metrics.md. */
    benchmarks?: {
      /** At least one deployment per this many days. Defaults 1, 7, 30. */
      deploymentFrequencyDays?: { elite?: number; high?: number; medium?: number };
      /** Median lead time below these seconds. Defaults 3600, 604800, 15552000. */
      leadTimeSeconds?: { elite?: number; high?: number; medium?: number };
      /** Elite below, high/medium up to and including. Defaults 0.05, 0.15, 0.30. */
      changeFailureRatio?: { elite?: number; high?: number; medium?: number };
      /** Median time to restore below these seconds. Defaults 3600, 86400, 604800. */
      timeToRestoreSeconds?: { elite?: number; high?: number; medium?: number };
    };
  };
}
