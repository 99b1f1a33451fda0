import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** OAuth client credentials of a PagerDuty app (same shape as PagerDuty's own plugin). */
interface PagerDutyOAuthConfig {
  /** @visibility secret */
  clientId: string;
  /** @visibility secret */
  clientSecret: string;
  /** The account sub-domain, e.g. `acme` for acme.pagerduty.com. */
  subDomain: string;
  /** `us` (default) or `eu`. */
  region?: string;
}

export interface Config {
  /**
   * Read with the same keys as PagerDuty's own Backstage plugin so existing
   * installations work unchanged.
   */
  pagerDuty?: {
    /** Default https://api.pagerduty.com (https://api.eu.pagerduty.com for oauth region eu). */
    apiBaseUrl?: string;
    /**
     * REST API token (account or user token), sent as `Token token=...`.
     * @visibility secret
     */
    apiToken?: string;
    oauth?: PagerDutyOAuthConfig;
    /** Several PagerDuty accounts; entities choose one with `pagerduty.com/account`. */
    accounts?: Array<{
      id: string;
      isDefault?: boolean;
      /** @visibility secret */
      apiToken?: string;
      oauth?: PagerDutyOAuthConfig;
      apiBaseUrl?: string;
    }>;
  };

  devopsInsights?: {
    pagerDuty?: {
      /** Sync schedule; default every 10 minutes, global scope. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How far back the first sync reaches, in days; default 180. */
      backfillDays?: number;
      /** How far ahead on-call shifts are read, in days; default 14. */
      oncallLookaheadDays?: number;
      /**
       * Signing secrets of the v3 webhook subscription(s). Several are
       * accepted at once so a secret can be rotated without downtime. Without
       * any, the webhook endpoint is not offered.
       * @visibility secret
       */
      webhookSecrets?: string[];
    };
  };
}
