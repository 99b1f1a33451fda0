import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';
import { HumanDuration } from '@backstage/types';

export interface Config {
  devopsInsights?: {
    /**
     * The GitHub source. Credentials and API URLs come from
     * `integrations.github`; without that section the module adds nothing.
     */
    github?: {
      /** When to poll. Default: every 15 minutes, 10 minute timeout, one instance at a time. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      /** How far back the first sync of a repository reads. Default: 180 days. */
      backfill?: HumanDuration;
      /**
       * Secret of the webhooks sent to `/api/devops-insights/v1/webhooks/github`.
       * GitHub App webhook secrets of `integrations.github[].apps` are accepted too.
       * Without any secret the webhook endpoint is not offered.
       * @visibility secret
       */
      webhookSecret?: string;
    };
  };
}
